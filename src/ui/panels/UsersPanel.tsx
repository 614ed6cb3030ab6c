// 4 Sessions, grouped by user (`g` in the Cost or Tokens panel): one row per person, with their
// cost, share, tokens and sessions, instead of one row per session. For a team's Prometheus this is
// the table a lead reads first.
import { fit } from '../../report/cells.js';
import { formatCount, formatUsd } from '../../report/format.js';
import { costRole } from '../../report/paint.js';
import type { GroupRow } from '../../report/groupSpend.js';
import { bar } from '../components/bar.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line } from '../components/Lines.js';
import type { PanelProps } from './panelProps.js';

export function userTableLines(rows: readonly GroupRow[], totalUsd: number, width: number, height: number, thresholds: PanelProps['view']['thresholds']): Line[] {
  const name = Math.max(12, Math.min(36, width - 44));
  const barWidth = Math.max(4, Math.min(16, width - name - 36));
  const lines: Line[] = [line(seg(`${fit('user', name)}${fit('cost', 11, 'right')}  ${fit('share', barWidth)}${fit('tokens', 9, 'right')}${fit('sessions', 10, 'right')}`, 'muted'))];
  if (rows.length === 0) return [...lines, line(seg('no spend in this window', 'muted'))];
  for (const r of rows.slice(0, Math.max(1, height - 1))) {
    lines.push(
      line(
        fit(r.key, name),
        seg(fit(formatUsd(r.costUsd), 11, 'right'), costRole(r.costUsd, thresholds)),
        '  ',
        bar(totalUsd ? r.costUsd / totalUsd : 0, barWidth),
        fit(formatCount(r.tokens.total), 9, 'right'),
        fit(r.sessions === null ? '–' : formatCount(r.sessions), 10, 'right'),
      ),
    );
  }
  return lines.slice(0, height);
}

export function UsersPanel(props: PanelProps) {
  const rows = props.view.summary.groups?.rows ?? [];
  const total = rows.reduce((n, r) => n + r.costUsd, 0);
  return (
    <FramedLines
      title="Users"
      hotkey="4"
      focused={props.focused}
      width={props.width}
      height={props.height}
      theme={props.theme}
      note={`${rows.length} · g in Cost or Tokens: back to sessions`}
      lines={(inner) => userTableLines(rows, total, inner.width, inner.height, props.view.thresholds)}
    />
  );
}
