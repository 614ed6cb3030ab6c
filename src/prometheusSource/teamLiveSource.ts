// The live view's source when the figures are a team's, in Prometheus: read every `refreshMs`, one
// burst of queries at a time (a burst still running when the next is due is not doubled), and at
// once when the view asks for something else (window, grouping, sort, filter). A read that fails
// keeps the last figures on screen, marked stale with what went wrong, and is tried again.
import { emptyState, type StateOrigin } from '../store/state.js';
import { StateBoard } from '../store/stateBoard.js';
import type { PlanWindow } from './bucketPlan.js';
import { PrometheusError, type PromClient } from './promClient.js';
import { readTeamState, type TeamMemory, type TeamRequest } from './readTeam.js';
import type { TeamFilter } from './teamKeys.js';
import type { TeamSort } from './teamSessions.js';

/** What the screen shows, as far as the figures to read depend on it. */
export interface TeamView {
  window: PlanWindow['name'];
  groupBy?: string | undefined;
  sort: TeamSort;
  filter?: TeamFilter | undefined;
}

export interface TeamSourceOptions {
  client: PromClient;
  refreshMs: number;
  clock: () => number;
  /** The window's bounds at a time (report/window.ts, passed in: this layer does not read reports). */
  resolveWindow: (name: PlanWindow['name'], nowMs: number) => PlanWindow;
  view: TeamView;
  /** Day buckets for budgets (today, this month). */
  budgets: { day: boolean; month: boolean };
}

/** Settled answers kept at most (the oldest views' go first). */
const CACHE_CAP = 2_000;

const sameView = (a: TeamView, b: TeamView) => JSON.stringify(a) === JSON.stringify(b);

export class TeamLiveSource extends StateBoard {
  private readonly memory: TeamMemory = { cache: new Map() };
  private view: TeamView;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private closed = false;

  constructor(private readonly options: TeamSourceOptions) {
    super(emptyState(options.clock()));
    this.view = options.view;
    this.current.origin = { kind: 'prometheus', url: options.client.shownUrl, asOf: 0, noEvents: true, metricNames: [], notes: [] };
  }

  /** Start reading (at once, then every refreshMs). */
  start(): void {
    void this.refresh();
  }

  /** The view changed: read what it needs now (after the burst in flight, if one is). */
  want(view: TeamView): void {
    if (sameView(view, this.view)) return;
    this.view = view;
    void this.refresh();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** One burst; resolves when it is done (tests wait on it). */
  async refresh(): Promise<void> {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.again = false;
    clearTimeout(this.timer);
    const started = this.options.clock();
    const view = this.view;
    let next;
    try {
      next = await readTeamState(this.options.client, this.request(view, started), this.memory);
    } catch (err) {
      const error = err instanceof PrometheusError ? err.message : `reading Prometheus failed: ${(err as Error).message}`;
      const origin = this.current.origin as StateOrigin;
      // The last good figures stay; the state is a new object so the screen redraws.
      next = { ...this.current, origin: { ...origin, stale: { since: origin.stale?.since ?? started, error } } };
    } finally {
      this.running = false;
    }
    if (this.memory.cache.size > CACHE_CAP) this.memory.cache.clear();
    this.publish(next);
    if (this.closed) return;
    if (this.again || !sameView(view, this.view)) {
      void this.refresh();
      return;
    }
    const wait = Math.max(0, this.options.refreshMs - (this.options.clock() - started));
    this.timer = setTimeout(() => void this.refresh(), wait);
    this.timer.unref?.();
  }

  private request(view: TeamView, now: number): TeamRequest {
    return {
      window: this.options.resolveWindow(view.window, now),
      chart: true,
      days: this.options.budgets.day ? 'today' : 'none',
      month: this.options.budgets.month,
      filter: view.filter,
      groupBy: view.groupBy,
      sort: view.sort,
    };
  }
}
