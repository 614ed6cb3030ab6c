// What every panel receives: the figures for the chosen window (computed once per frame by the
// App), the state for panel-specific selectors, and its box.
import type { CostThresholds } from '../../report/paint.js';
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
