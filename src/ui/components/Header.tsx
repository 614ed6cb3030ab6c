// The top two lines. First: cc-top and its markers (paused, viewer, the pressing budget), then
// optional parts dropped from the right as the terminal narrows: the window, how fresh the data is
// per signal (or, for a team's Prometheus, when it was read), what others add, plan usage, where
// the data is received and /metrics served. Forwarding's trouble goes first. Second: the
// panel tabs, and a notice beside them; a new notice takes the whole line for a few seconds.
import { Box } from 'ink';
import { cellWidth } from '../../report/cells.js';
import { formatAgo, formatCountdown } from '../../report/format.js';
import { usageRole, type PlanUsage, type PlanWindow } from '../../report/planUsage.js';
import { budgetText } from '../../insights/budgetText.js';
import type { BudgetStatus } from '../../insights/budgets.js';
import type { StateOrigin } from '../../store/state.js';
import type { Theme } from '../theme.js';
import { PANELS, PANEL_TITLES, type PanelId } from '../uiState.js';
import { Lines, line, seg, type Line, type Segment } from './Lines.js';

/** What forwarding to an upstream (a Collector) is doing, as the header shows it. */
export interface ForwardBadge {
  /** host:port of the upstream. */
  host: string;
  state: 'idle' | 'ok' | 'retrying' | 'refused' | 'stopped';
  /** Requests not delivered yet. */
  queued: number;
  dropped: number;
}

export interface HeaderProps {
  width: number;
  theme: Theme;
  /** Where the data is received: by this process, or (viewer) by the cc-top that holds the store. */
  addresses: { grpc: string; http: string; metrics?: string };
  mode: 'live' | 'viewer';
  /** Viewer: the process that receives the data (its pid). */
  receiverPid?: number | undefined;
  window: string;
  lastMetrics: number | undefined;
  lastEvents: number | undefined;
  now: number;
  paused: boolean;
  focused: PanelId;
  /** Panels shown side by side mark both tabs. */
  shown: PanelId[];
  /** A message for the user; `fresh` while it was posted moments ago (it then takes the tab line). */
  notice?: { text: string; fresh: boolean } | undefined;
  /** Claude Code's plan usage, when the status line has reported it. */
  plan?: PlanUsage | null;
  /** The budget nearest its limit: warn at 80 %, error past 100 %. */
  budget?: BudgetStatus | undefined;
  /** Forwarding, when cc-top forwards what it receives. */
  forward?: ForwardBadge | null | undefined;
  /** Where the figures come from when not this machine's receiver (a team's Prometheus). */
  origin?: StateOrigin | undefined;
  /** More optional parts for the first line, placed after the freshness. */
  extra?: readonly Segment[][];
}

const cells = (segs: readonly Segment[]) => segs.reduce((n, s) => n + cellWidth(s.text), 0);

/** Drop optional parts from the right until the line fits, in terminal cells. */
function fitParts(required: Segment[], optional: Segment[][], width: number): Line {
  const parts = [...optional];
  while (parts.length && cells(required) + cells(parts.flat()) > width) parts.pop();
  return [...required, ...parts.flat()];
}

function planWindow(label: string, w: PlanWindow | null): Segment[] {
  if (!w) return [];
  return [seg(`  ${label} `, 'muted'), seg(`${Math.round(w.usedPercentage)}%`, usageRole(w.usedPercentage) ?? undefined, true), ...(w.resetsInSec === null ? [] : [seg(` ↻${formatCountdown(w.resetsInSec)}`, 'muted')])];
}

function planSegments(plan: PlanUsage | null): Segment[] {
  return plan ? [...planWindow('5h', plan.fiveHour), ...planWindow('7d', plan.sevenDay)] : [];
}

/** `→ collector:4318 ok`, `→ … retrying 12`, `→ … dropped 3`. */
export function forwardSegments(f: ForwardBadge | null | undefined): Segment[] {
  if (!f) return [];
  const state: Segment[] =
    f.state === 'ok'
      ? [seg(' ok', 'ok')]
      : f.state === 'retrying'
        ? [seg(` retrying ${f.queued}`, 'warn', true)]
        : f.state === 'refused'
          ? [seg(' refused', 'error', true)]
          : f.state === 'stopped'
            ? [seg(' stopped', 'muted')]
            : [];
  return [seg(`  → ${f.host}`, 'muted'), ...state, ...(f.dropped > 0 ? [seg(` dropped ${f.dropped}`, 'error', true)] : [])];
}

/** Where the data comes in: this process's ports, or the ports of the cc-top a viewer reads. */
export function receiverSegments(p: Pick<HeaderProps, 'addresses' | 'mode' | 'receiverPid'>): Segment[] {
  const ports = `grpc ${p.addresses.grpc} · http ${p.addresses.http}`;
  if (p.mode === 'viewer') return [seg(`  viewing the store of cc-top${p.receiverPid === undefined ? '' : ` pid ${p.receiverPid}`} (${ports})`, 'muted')];
  return [seg(`  ${ports}`, 'muted')];
}

export function headerLines(p: HeaderProps): Line[] {
  const fresh = (t: number | undefined): Segment => {
    const role = t === undefined ? 'muted' : p.now - t < 120_000 ? 'ok' : 'warn';
    return seg(formatAgo(t ?? null, p.now), role);
  };
  const first = fitParts(
    [
      seg('cc-top', 'accent', true),
      ...(p.paused ? [seg(' ⏸ PAUSED', 'warn', true)] : []),
      ...(p.mode === 'viewer' ? [seg(' viewer', 'warn', true)] : []),
      ...(p.origin?.stale ? [seg(` STALE ${formatAgo(p.origin.asOf || null, p.now)}`, 'error', true)] : []),
      ...(p.budget ? [seg(`  ${budgetText(p.budget)}`, p.budget.level === 'ok' ? 'muted' : p.budget.level, p.budget.level !== 'ok')] : []),
    ],
    [
      // Forwarding's trouble (data waiting or lost) is worth more room than the window's name.
      forwardSegments(p.forward),
      [seg(`  ${p.window}`, undefined, true)],
      ...(p.origin
        ? [[seg('  read ', 'muted'), fresh(p.origin.asOf || undefined)], ...(p.extra ?? []), [seg(`  prometheus ${p.origin.url}`, 'muted')]]
        : [
            [seg('  metrics ', 'muted'), fresh(p.lastMetrics), seg(' · events ', 'muted'), fresh(p.lastEvents)],
            ...(p.extra ?? []),
            planSegments(p.plan ?? null),
            receiverSegments(p),
            ...(p.addresses.metrics ? [[seg(` · ${p.addresses.metrics.replace(/^http:\/\//, '')}`, 'muted')]] : []),
          ]),
    ],
    p.width,
  );
  const tabs = PANELS.flatMap((id, i): Segment[] => {
    const on = p.shown.includes(id);
    const focused = id === p.focused;
    return [seg(' '), { text: `${focused ? '▸' : ''}${i + 1} ${PANEL_TITLES[id]}`, ...(on ? { role: 'accent' as const } : { role: 'muted' as const }), bold: focused, inverse: focused && p.theme.enabled }];
  });
  const notice = p.notice;
  if (notice?.fresh) return [first, line(seg(`! ${notice.text}`, 'warn', true))];
  // After its first moments a notice stays beside the tabs where there is room (Lines cuts it to the width).
  const second: Line = notice && p.width - cells(tabs) >= 12 ? [...tabs, seg(`  ! ${notice.text}`, 'warn')] : tabs;
  return [first, second];
}

export function Header(p: HeaderProps) {
  return (
    <Box flexDirection="column" width={p.width} height={2}>
      <Lines lines={headerLines(p)} width={p.width} theme={p.theme} />
    </Box>
  );
}
