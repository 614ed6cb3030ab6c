// What every panel receives: the figures for the chosen window (computed once per frame by the
// App), the state for panel-specific selectors, and its box.
import type { CostThresholds } from '../../report/paint.js';
import type { Summary } from '../../report/summary.js';
import type { TimeWindow } from '../../report/window.js';
import type { StoreState } from '../../store/state.js';
import type { SideFile } from '../../store/sideFile.js';
import type { Theme } from '../theme.js';
import type { UiState } from '../uiState.js';

export interface View {
  state: StoreState;
  summary: Summary;
  window: TimeWindow;
  now: number;
  thresholds: CostThresholds;
  /** The status line's side file (plan usage, session projects), when there is one. */
  sideFile: SideFile | null;
}

export interface PanelProps {
  view: View;
  ui: UiState;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
  chartRows: number;
}

/** A session counts as active when it sent anything this recently. */
export const ACTIVE_MS = 5 * 60_000;
