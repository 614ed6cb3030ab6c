// One live figure for one thing, everywhere. Claude Code reports each API request twice: as an
// `api_request` event within seconds, and in the cost and token metrics once per export interval
// (60 s by default). The two are never added. Per session and model, the metrics are the figure
// once they have caught up with the events; until then the events' figures stand in (marked
// provisional, `~`). A session whose metrics never come (its Claude Code exited while cc-top was
// down) keeps its events' figures once METRICS_GRACE_MS has passed, marked as events only.
//
// The choice is made per session and model over the session's whole life, then applied to every
// bucket: a window, a chart bucket, a burn rate and a budget all read the same figure.
import type { Cell, SessionRecord, StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { zeroCounters } from '../store/counters.js';

/** Differences below this are rounding (each event's cost is rounded to the nano-dollar). */
export const RECONCILE_TOLERANCE_NANOS = 1_000;
/**
 * How long after a session's last event its metrics may still be on their way: the default
 * metric export interval (60 s) plus slack for a final flush, doubled.
 */
export const METRICS_GRACE_MS = 240_000;

export type PairSource = 'metrics' | 'events';

const metricTokens = (c: Counters) => (c.tokIn ?? 0) + (c.tokOut ?? 0) + (c.tokCacheRead ?? 0) + (c.tokCacheCreation ?? 0);
const eventTokens = (c: Counters) => (c.evTokIn ?? 0) + (c.evTokOut ?? 0) + (c.evTokCacheRead ?? 0) + (c.evTokCacheCreation ?? 0);

/** Whether the metrics have caught up with the events of one session and model. */
export function sourceFor(c: Counters): PairSource {
  const behind = (c.evCostNanos ?? 0) - (c.costNanos ?? 0) > RECONCILE_TOLERANCE_NANOS || eventTokens(c) > metricTokens(c);
  return behind ? 'events' : 'metrics';
}

/** A cell's counters with cost and tokens from the events, for a pair whose metrics are behind. */
export function fromEvents(c: Counters): Counters {
  const out: Counters = { ...c };
  const set = (k: keyof Counters, v: number | undefined) => {
    if (v) out[k] = v;
    else delete out[k];
  };
  set('costNanos', c.evCostNanos);
  set('tokIn', c.evTokIn);
  set('tokOut', c.evTokOut);
  set('tokCacheRead', c.evTokCacheRead);
  set('tokCacheCreation', c.evTokCacheCreation);
  return out;
}

/**
 * The live choice of every session and model, worked out once per report, or once per store
 * version of the live view: a rule stands for the state as it was when made (what is derived
 * through it, e.g. a summary's session facts, is kept with it), so a changed state needs a new one.
 */
export class LiveRule {
  /** The models of each session whose metrics are behind (the rare case; every other pair reads its metrics). */
  private readonly behindModels = new Map<string, Set<string>>();

  private decide(session: string, model: string, c: Counters): void {
    if (sourceFor(c) !== 'events') return;
    let models = this.behindModels.get(session);
    if (!models) {
      models = new Set();
      this.behindModels.set(session, models);
    }
    models.add(model);
  }

  constructor(state: StoreState) {
    const perModel = new Map<string, Counters>();
    for (const s of state.sessions.values()) {
      // Most sessions use one model from one query source: decide straight from its counters.
      if (s.usage.size <= 2) {
        for (const u of s.usage.values()) if (u.model !== undefined) this.decide(s.id, u.model, u.counters);
        continue;
      }
      perModel.clear();
      for (const u of s.usage.values()) {
        if (u.model === undefined) continue;
        const into = perModel.get(u.model);
        if (into) addLiveCounters(into, u.counters);
        else perModel.set(u.model, addedTo(zeroCounters(), u.counters));
      }
      for (const [model, c] of perModel) this.decide(s.id, model, c);
    }
    // Figures of no session (Claude Code sent no session ids), and of sessions past the cap:
    // judged over every day bucket.
    const rest = new Map<string, Map<string, Counters>>();
    for (const b of state.days) {
      for (const cell of b.cells.values()) {
        if (cell.model === undefined || state.sessions.has(cell.session)) continue;
        let models = rest.get(cell.session);
        if (!models) {
          models = new Map();
          rest.set(cell.session, models);
        }
        const into = models.get(cell.model);
        if (into) addLiveCounters(into, cell.counters);
        else models.set(cell.model, addedTo(zeroCounters(), cell.counters));
      }
    }
    for (const [session, models] of rest) for (const [model, c] of models) this.decide(session, model, c);
  }

  sourceOf(session: string, model: string | undefined): PairSource {
    return model !== undefined && this.behindModels.get(session)?.has(model) ? 'events' : 'metrics';
  }

  /** Whether any model of the session still reads from its events. */
  behind(s: SessionRecord): boolean {
    return this.behindModels.has(s.id);
  }

  /** A cell's live counters. */
  live(cell: Cell): Counters {
    return cell.model !== undefined && this.sourceOf(cell.session, cell.model) === 'events' ? fromEvents(cell.counters) : cell.counters;
  }
}

const LIVE_KEYS = ['costNanos', 'evCostNanos', 'tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation', 'evTokIn', 'evTokOut', 'evTokCacheRead', 'evTokCacheCreation'] as const;

/** Add the counters the live choice reads. */
function addLiveCounters(into: Counters, c: Counters): void {
  for (const k of LIVE_KEYS) if (c[k]) into[k] = (into[k] ?? 0) + c[k]!;
}

function addedTo(into: Counters, c: Counters): Counters {
  addLiveCounters(into, c);
  return into;
}

export type LiveStatus = 'ok' | 'provisional' | 'events-only' | 'mismatch' | 'metrics-only' | 'none';

/**
 * A session's state of reconciliation: `provisional` while its metrics are expected, then
 * `events-only` if they never came, `mismatch` if both came and still disagree, `ok` when they
 * agree, `metrics-only` without events (Claude Code's logs exporter off).
 */
export function liveStatus(s: SessionRecord, nowMs: number, rule: LiveRule): LiveStatus {
  const metrics = s.counters.costNanos ?? 0;
  const events = s.counters.evCostNanos ?? 0;
  const settled = s.lastEventAt === undefined || nowMs - s.lastEventAt > METRICS_GRACE_MS;
  const behind = rule.behind(s);
  if (metrics === 0 && events === 0 && !behind) return 'none';
  if (events === 0 && !behind) return 'metrics-only';
  if (!behind) return Math.abs(metrics - events) <= RECONCILE_TOLERANCE_NANOS || events === 0 ? 'ok' : settled ? 'mismatch' : 'ok';
  if (!settled) return 'provisional';
  return metrics === 0 ? 'events-only' : 'mismatch';
}
