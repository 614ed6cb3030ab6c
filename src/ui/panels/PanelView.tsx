// The panel for an id. A filter whose key does not exist narrows nothing: every panel but the event
// log (where it was typed) says so instead of showing figures the filter did not narrow.
import { FramedLines } from '../components/FramedLines.js';
import { line, seg } from '../components/Lines.js';
import { PANEL_TITLES, PANELS, type PanelId } from '../uiState.js';
import { CostPanel } from './CostPanel.js';
import { wrapCells } from './eventLines.js';
import { EventsPanel } from './EventsPanel.js';
import { OverviewPanel } from './OverviewPanel.js';
import type { PanelProps } from './panelProps.js';
import { SessionsPanel } from './SessionsPanel.js';
import { TokensPanel } from './TokensPanel.js';
import { ToolsPanel } from './ToolsPanel.js';

export function PanelView({ id, ...props }: PanelProps & { id: PanelId }) {
  const note = props.view.filterNote;
  if (note?.unknownKey && id !== 'events') {
    const hotkey = String(PANELS.indexOf(id) + 1);
    const lines = (inner: { width: number }) => [
      ...wrapCells(`filter ${note.text}`, inner.width, 6).map((t) => line(seg(t, 'error'))),
      line(),
      line(seg(props.ui.filter.text ? 'Esc in the event log (6) clears the filter.' : 'Start cc-top with a --filter key from this list.', 'muted')),
    ];
    return <FramedLines title={PANEL_TITLES[id]} hotkey={hotkey} focused={props.focused} width={props.width} height={props.height} theme={props.theme} lines={lines} />;
  }
  switch (id) {
    case 'overview':
      return <OverviewPanel {...props} />;
    case 'tokens':
      return <TokensPanel {...props} />;
    case 'cost':
      return <CostPanel {...props} />;
    case 'sessions':
      return <SessionsPanel {...props} />;
    case 'tools':
      return <ToolsPanel {...props} />;
    case 'events':
      return <EventsPanel {...props} />;
  }
}
