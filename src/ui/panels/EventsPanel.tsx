// 6 Events: the latest events, following new ones like `tail -f`; moving up stops following, `G`
// resumes; the marked row (›) opens with Enter; `/` filters; `s` unfolds Claude Code's start-up
// events. When the log does not fill the panel, the marked event's attributes fill the rest.
import type { EventRow } from '../../report/eventLog.js';
import { Frame, innerSize } from '../components/Frame.js';
import { Lines, line, seg, type Line } from '../components/Lines.js';
import type { UiState } from '../uiState.js';
import { eventDetailLines, logLines } from './eventLines.js';
import type { PanelProps } from './panelProps.js';

/** Index of the marked row: the newest while following, else `offset` rows up from it. */
export function markedIndex(rows: readonly EventRow[], events: UiState['events']): number {
  return rows.length - 1 - (events.follow ? 0 : Math.min(events.offset, Math.max(0, rows.length - 1)));
}

function filterLine(ui: UiState, problem: string | undefined): Line | undefined {
  if (ui.filter.editing) return line(seg('/', 'accent', true), ui.filter.draft, seg('▏', 'accent'));
  if (!ui.filter.text) return undefined;
  if (problem) return line(seg(`filter ${ui.filter.text}: ${problem} (Esc clears)`, 'error'));
  return line(seg(`filter: ${ui.filter.text}  (Esc clears)`, 'warn'));
}

/** An opened event: all its attributes, scrolled. */
function openEventLines(props: PanelProps, width: number, height: number): { lines: Line[]; hidden: number } {
  const e = props.ui.events.open!;
  const all = eventDetailLines(e, width, props.view.now, props.rows.find((r) => r.entry === e)?.label ?? e.name);
  const first = Math.min(props.ui.events.detailOffset, Math.max(0, all.length - height));
  return { lines: all.slice(first, first + height), hidden: Math.max(0, all.length - first - height) };
}

/** Lines of an open event hidden below a panel of this size (how far j scrolls). */
export function openEventOverflow(props: PanelProps): number {
  if (!props.ui.events.open) return 0;
  const inner = innerSize(props.width, props.height);
  const all = eventDetailLines(props.ui.events.open, inner.width, props.view.now, props.ui.events.open.name);
  return Math.max(0, all.length - inner.height);
}

export function eventsLines(props: PanelProps, width: number, height: number): Line[] {
  const { ui, rows, view } = props;
  const problem = view.filterNote?.unknownKey ? view.filterNote.text : undefined;
  const filter = filterLine(ui, problem);
  const page = Math.max(1, height - (filter ? 1 : 0));
  const mark = markedIndex(rows, ui.events);
  const lines = logLines(rows, mark, page, { width, now: view.now, startupHint: !ui.events.showStartup });
  if (view.state.origin?.noEvents) lines.push(line(seg('Events are not in Prometheus.', 'muted')));
  else if (rows.length === 0) lines.push(line(seg(ui.filter.text ? (view.filterNote?.text ?? 'no events match the filter') : 'no events yet', 'muted')));
  // Room to spare: the marked event's attributes, so a short log still fills the panel.
  const spare = page - lines.length;
  if (spare >= 4 && rows[mark]) {
    const detail = eventDetailLines(rows[mark].entry, width - 2, view.now, rows[mark].label);
    lines.push(line(seg('› marked event (Enter opens it)', 'muted')), ...detail.slice(0, spare - 1).map((l) => [seg('  '), ...l]));
  }
  while (lines.length < page && filter) lines.push(line());
  if (filter) lines.push(filter);
  return lines;
}

export function EventsPanel(props: PanelProps) {
  const { ui, rows } = props;
  const inner = innerSize(props.width, props.height);
  if (ui.events.open) {
    const { lines, hidden } = openEventLines(props, inner.width, inner.height);
    return (
      <Frame title={`Event ${ui.events.open.name}`} hotkey="6" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={`${hidden ? 'j/k more · ' : ''}Esc: back to the log`}>
        <Lines lines={lines} width={inner.width} theme={props.theme} />
      </Frame>
    );
  }
  const startup = ui.events.showStartup ? ' · start-up shown' : '';
  const note = ui.paused ? 'paused' : ui.events.follow ? `${rows.length} · following${startup}` : `${rows.length} · scrolled (G follows)${startup}`;
  return (
    <Frame title="Events" hotkey="6" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={note}>
      <Lines lines={eventsLines(props, inner.width, inner.height)} width={inner.width} theme={props.theme} />
    </Frame>
  );
}
