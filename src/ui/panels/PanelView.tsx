// The panel for an id.
import type { EventRow } from '../../report/eventLog.js';
import type { PanelId } from '../uiState.js';
import { CostPanel } from './CostPanel.js';
import { EventsPanel } from './EventsPanel.js';
import { OverviewPanel } from './OverviewPanel.js';
import type { PanelProps } from './panelProps.js';
import { SessionsPanel } from './SessionsPanel.js';
import { TokensPanel } from './TokensPanel.js';
import { ToolsPanel } from './ToolsPanel.js';

export function PanelView({ id, rows, ...props }: PanelProps & { id: PanelId; rows: EventRow[] }) {
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
      return <EventsPanel {...props} rows={rows} />;
  }
}
