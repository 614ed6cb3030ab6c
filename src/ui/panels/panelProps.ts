// What every panel receives: the figures for the chosen window (computed once per frame by the
// App), the state for panel-specific selectors, and its box.
import type { CostThresholds } from '../../report/paint.js';
import type { EventRow } from '../../report/eventLog.js';
import type { Slice } from '../../report/figures.js';
import type { PlanUsage } from '../../report/planUsage.js';
import type { Burn } from '../../report/burn.js';
import type { Summary } from '../../report/summary.js';
import type { TimeWindow } from '../../report/window.js';
import type { StoreState } from '../../store/state.js';
import type { Theme } from '../theme.js';
import type { UiState } from '../uiState.js';

export interface View {
  state: StoreState;
  summary: Summary;
  /** The window, narrowed by the filter, that every figure of the frame is read from. */
  slice: Slice;
  window: TimeWindow;
  now: number;
  thresholds: CostThresholds;
  /** Plan usage from the status line, when it has reported it. */
  plan: PlanUsage | null;
  /** The burn rate of the slice (worked out once per change, not per frame). */
  burn: Burn;
  /**
   * Why the figures are empty when a filter is on: no session matches it, or its key does not
   * exist (then the filter is not applied and the panels say only this).
   */
  filterNote: { text: string; unknownKey: boolean } | null;
}

export interface PanelProps {
  view: View;
  ui: UiState;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
  /** The event log's rows (after the filter): the Events panel shows them. */
  rows: EventRow[];
  /** The open session's own event rows. */
  sessionRows?: EventRow[];
}

/** At this inner width a panel puts its tables (or facts) side by side, leaving the height to its chart. */
export const TWO_COLUMNS = 100;

/** A session counts as active when it sent any telemetry this recently. */
export const ACTIVE_MS = 5 * 60_000;
/** What "active" means, said where it is counted. */
export const ACTIVE_MEANING = 'telemetry in the last 5 min';

export function isActive(lastSeen: string, now: number): boolean {
  return now - Date.parse(lastSeen) < ACTIVE_MS;
}
