// The figures a frame shows (the View), worked out once per store change and kept while it lasts.
// What does not depend on the window (the live choice, the burn rate, the budgets) is shared by
// every window; each window's figures are summed once whatever the grouping, and its view is kept
// for the current "now", so going back to a window, another grouping, or a key that only moves a
// selection redraws without going over the cells again. The App makes a
// new FrameViews whenever the data (or the filter, the side file, the thresholds) changes, and
// this one is then dropped: nothing outlives the state it was computed from.
import { selectBurn, type Burn } from '../report/burn.js';
import { figuresKey, makeSlice, sliceFigures, type Slice, type SliceFigures } from '../report/figures.js';
import type { Filter, ProjectDirs } from '../report/grouping.js';
import { LiveRule } from '../report/live.js';
import type { CostThresholds } from '../report/paint.js';
import { selectPlanUsage, type PlanUsage } from '../report/planUsage.js';
import { selectSummary } from '../report/summary.js';
import { resolveWindow, type WindowName } from '../report/window.js';
import { budgetStatus, type BudgetStatus } from '../insights/budgets.js';
import type { BudgetSettings } from '../insights/config.js';
import type { StoreState } from '../store/state.js';
import type { SideFile } from '../store/sideFile.js';
import type { View } from './panels/panelProps.js';

export interface FrameBasis {
  state: StoreState;
  thresholds: CostThresholds;
  sideFile: SideFile | null;
  /** Narrows every figure (undefined: none, or a key the store does not have). */
  filter: Filter | undefined;
  dirs: ProjectDirs | undefined;
  /** Why the filter is not applied: its key does not exist. */
  problem: string | undefined;
}

export class FrameViews {
  /** One live choice for every window of this state. */
  readonly rule: LiveRule;
  private now: number | undefined;
  private readonly views = new Map<string, View>();
  private readonly slices = new Map<WindowName, { slice: Slice; figures: SliceFigures }>();
  /** Each window's figures, kept across "now"s while the window holds the same buckets. */
  private readonly figures = new Map<WindowName, { key: string; figures: SliceFigures }>();
  private shared: { plan: PlanUsage | null; burn: Burn } | undefined;
  private budgets: { settings: BudgetSettings; statuses: BudgetStatus[] } | undefined;

  constructor(private readonly basis: FrameBasis) {
    this.rule = new LiveRule(basis.state);
  }

  /** Drop what was worked out for another "now" (an ago label moved on): it is never shown again (the figures are checked, see slice). */
  private at(now: number): void {
    if (now === this.now) return;
    this.now = now;
    this.views.clear();
    this.slices.clear();
    this.shared = undefined;
    this.budgets = undefined;
  }

  /**
   * A window's slice and its figures, summed once whatever the grouping, and again at another
   * "now" only when a bucket entered or left the window (an ago label stepping on changes none).
   */
  private slice(windowName: WindowName, now: number): { slice: Slice; figures: SliceFigures } {
    let kept = this.slices.get(windowName);
    if (!kept) {
      const slice = makeSlice(this.basis.state, resolveWindow(windowName, now), this.basis.filter, this.basis.dirs, this.rule);
      const key = figuresKey(slice);
      let summed = this.figures.get(windowName);
      if (summed?.key !== key) {
        summed = { key, figures: sliceFigures(slice) };
        this.figures.set(windowName, summed);
      }
      kept = { slice, figures: summed.figures };
      this.slices.set(windowName, kept);
    }
    return kept;
  }

  /** Plan usage and the burn rate: the same whatever the window. */
  private planAndBurn(slice: Slice, now: number): { plan: PlanUsage | null; burn: Burn } {
    if (!this.shared) {
      const plan = selectPlanUsage(this.basis.sideFile?.rateLimits, now);
      // Plan usage is the whole account's: its projection reads the unfiltered spend.
      this.shared = { plan, burn: selectBurn(slice, now, this.basis.filter ? null : (plan?.fiveHour ?? null)) };
    }
    return this.shared;
  }

  /** The view of a window grouped by `groupBy` at `now` (the same object while nothing changed). */
  view(windowName: WindowName, groupBy: string, now: number): View {
    this.at(now);
    const key = `${windowName}\u0000${groupBy}`;
    const kept = this.views.get(key);
    if (kept) return kept;
    const { state, filter, dirs, problem, thresholds } = this.basis;
    // One slice, and so one live choice, for everything the frame shows.
    const { slice, figures } = this.slice(windowName, now);
    const { plan, burn } = this.planAndBurn(slice, now);
    const summary = selectSummary(state, windowName, now, { groupBy, slice, figures, ...(dirs ? { dirs } : {}), ...(filter ? { filter } : {}) });
    const matchesNone = filter && summary.sessions.length === 0 && summary.live.costUsd === 0 && summary.totals.apiRequests === 0;
    const filterNote = problem
      ? { text: problem, unknownKey: true }
      : matchesNone
        ? { text: `no session matches ${filter.key}=${filter.value} (${windowName})`, unknownKey: false }
        : null;
    const view: View = { state, summary, slice, window: slice.window, now, thresholds, plan, burn, filterNote };
    this.views.set(key, view);
    return view;
  }

  /** The budgets' standing at `now` (today's and this month's spend: no window). */
  budgetStatuses(settings: BudgetSettings | undefined, now: number): BudgetStatus[] {
    this.at(now);
    if (!settings) return [];
    if (this.budgets?.settings !== settings) this.budgets = { settings, statuses: budgetStatus(this.basis.state, settings, now, { filter: this.basis.filter, dirs: this.basis.dirs, rule: this.rule }) };
    return this.budgets.statuses;
  }
}
