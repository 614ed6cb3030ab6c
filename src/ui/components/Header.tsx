// The top two lines: cc-top, where it listens (and serves /metrics), the window, how fresh the
// data is per signal, and markers (paused, viewer, warnings); then the panel tabs.
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
  /** Where cc-top listens; `metrics` is the /metrics URL when Prometheus can scrape it. */
  addresses: { grpc: string; http: string; metrics?: string };
  mode: 'live' | 'viewer';
  window: string;
  lastMetrics: number | undefined;
  lastEvents: number | undefined;
  now: number;
  paused: boolean;
  focused: PanelId;
  /** Panels shown side by side mark both tabs. */
  shown: PanelId[];
  warning: string | undefined;
  /** Claude Code's plan usage, when the status line has reported it. */
  plan?: PlanUsage | null;
  /** The budget nearest its limit: warn at 80 %, error past 100 %. */
  budget?: BudgetStatus | undefined;
  /** Forwarding, when cc-top forwards what it receives. */
  forward?: ForwardBadge | null | undefined;
  /** Where the figures come from when not this machine's receiver (a team's Prometheus). */
  origin?: StateOrigin | undefined;
}

/** Drop optional parts from the right until the line fits, in terminal cells. */
function fitParts(required: Segment[], optional: Segment[][], width: number): Line {
  const len = (segs: Segment[]) => segs.reduce((n, s) => n + cellWidth(s.text), 0);
  const parts = [...optional];
  while (parts.length && len(required) + len(parts.flat()) > width) parts.pop();
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
      // A team's figures that could not be read again: the last good ones, marked.
      ...(p.origin?.stale ? [seg(` STALE ${formatAgo(p.origin.asOf || null, p.now)}`, 'error', true)] : []),
      ...(p.budget ? [seg(`  ${budgetText(p.budget)}`, p.budget.level === 'ok' ? 'muted' : p.budget.level, p.budget.level !== 'ok')] : []),
    ],
    [
      // Forwarding's trouble (data waiting or lost) is worth more room than the window's name.
      forwardSegments(p.forward),
      [seg(`  ${p.window}`, undefined, true)],
      ...(p.origin
        ? [[seg('  read ', 'muted'), fresh(p.origin.asOf || undefined)], [seg(`  prometheus ${p.origin.url}`, 'muted')]]
        : [
            [seg('  metrics ', 'muted'), fresh(p.lastMetrics), seg(' · events ', 'muted'), fresh(p.lastEvents)],
            planSegments(p.plan ?? null),
            [seg(`  grpc ${p.addresses.grpc} · http ${p.addresses.http}`, 'muted')],
            ...(p.addresses.metrics ? [[seg(` · ${p.addresses.metrics.replace(/^http:\/\//, '')}`, 'muted')]] : []),
          ]),
    ],
    p.width,
  );
  const tabs = PANELS.map((id, i): Segment[] => {
    const on = p.shown.includes(id);
    const focused = id === p.focused;
    return [seg(' '), { text: `${focused ? '▸' : ''}${i + 1} ${PANEL_TITLES[id]}`, ...(on ? { role: 'accent' as const } : { role: 'muted' as const }), bold: focused, inverse: focused && p.theme.enabled }];
  });
  const second: Line = p.warning ? line(seg(`! ${p.warning}`, 'warn', true)) : tabs.flat();
  return [first, second];
}

export function Header(p: HeaderProps) {
  return (
    <Box flexDirection="column" width={p.width} height={2}>
      <Lines lines={headerLines(p)} width={p.width} theme={p.theme} />
    </Box>
  );
}
