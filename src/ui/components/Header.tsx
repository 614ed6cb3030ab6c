// The top two lines: cc-top, where it listens, the window, how fresh the data is per signal, and
// markers (paused, viewer, warnings); then the panel tabs.
import { Box } from 'ink';
import { formatAgo } from '../../report/format.js';
import type { Theme } from '../theme.js';
import { PANELS, PANEL_TITLES, type PanelId } from '../uiState.js';
import { Lines, line, seg, type Line, type Segment } from './Lines.js';

export interface HeaderProps {
  width: number;
  theme: Theme;
  addresses: { grpc: string; http: string };
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
}

/** Drop optional parts from the right until the line fits. */
function fitParts(required: Segment[], optional: Segment[][], width: number): Line {
  const len = (segs: Segment[]) => segs.reduce((n, s) => n + [...s.text].length, 0);
  const parts = [...optional];
  while (parts.length && len(required) + len(parts.flat()) > width) parts.pop();
  return [...required, ...parts.flat()];
}

export function headerLines(p: HeaderProps): Line[] {
  const fresh = (t: number | undefined): Segment => {
    const role = t === undefined ? 'muted' : p.now - t < 120_000 ? 'ok' : 'warn';
    return seg(formatAgo(t ?? null, p.now), role);
  };
  const first = fitParts(
    [seg('cc-top', 'accent', true), ...(p.paused ? [seg(' ⏸ PAUSED', 'warn', true)] : []), ...(p.mode === 'viewer' ? [seg(' viewer', 'warn', true)] : [])],
    [
      [seg(`  ${p.window}`, undefined, true)],
      [seg('  metrics ', 'muted'), fresh(p.lastMetrics), seg(' · events ', 'muted'), fresh(p.lastEvents)],
      [seg(`  grpc ${p.addresses.grpc} · http ${p.addresses.http}`, 'muted')],
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
