// Live cost: metrics arrive once per export interval (60 s by default), `api_request` events within
// seconds. Both describe the same spend, so they are never added: per session and model the live
// figure is the larger of the two, and the part events show beyond the metrics is "provisional"
// until the metrics catch up. When both have arrived and still disagree, that is shown too.
import type { SessionRecord } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { tokensOf, type TokenFigures } from './tokens.js';

/** Differences below this are rounding (each event's cost is rounded to the nano-dollar). */
export const RECONCILE_TOLERANCE_NANOS = 1_000;
/**
 * How long after a session's last event its metrics may still be on their way: the default
 * metric export interval (60 s) plus slack for a final flush.
 */
export const METRICS_GRACE_MS = 120_000;

const TOKEN_PAIRS = [
  ['tokIn', 'evTokIn'],
  ['tokOut', 'evTokOut'],
  ['tokCacheRead', 'evTokCacheRead'],
  ['tokCacheCreation', 'evTokCacheCreation'],
] as const;

/** What events show beyond the metrics, per counter (never negative). */
function provisionalOf(c: Counters): Counters {
  const out: Counters = {};
  const extra = (c.evCostNanos ?? 0) - (c.costNanos ?? 0);
  if (extra > 0) out.costNanos = extra;
  for (const [metric, ev] of TOKEN_PAIRS) {
    const d = (c[ev] ?? 0) - (c[metric] ?? 0);
    if (d > 0) out[metric] = d;
  }
  return out;
}

function add(into: Counters, c: Counters): void {
  for (const k of Object.keys(c) as (keyof Counters)[]) into[k] = (into[k] ?? 0) + (c[k] ?? 0);
}

/** Provisional spend of one session: per model, so two models never offset each other. */
export function sessionProvisional(s: SessionRecord): Counters {
  const out: Counters = {};
  for (const c of Object.values(s.m)) add(out, provisionalOf(c));
  return out;
}

export interface LiveFigures {
  costUsd: number;
  provisionalUsd: number;
  tokens: TokenFigures;
  provisionalTokens: number;
}

/**
 * The window's metric figures plus the provisional spend of the sessions seen in it (provisional
 * spend is always recent: it is what the next metric export will carry).
 */
export function liveFigures(metricCounters: Counters, sessions: SessionRecord[]): LiveFigures {
  const provisional: Counters = {};
  for (const s of sessions) add(provisional, sessionProvisional(s));
  const tokens = tokensOf(metricCounters);
  const extra = tokensOf(provisional);
  return {
    costUsd: ((metricCounters.costNanos ?? 0) + (provisional.costNanos ?? 0)) / 1e9,
    provisionalUsd: (provisional.costNanos ?? 0) / 1e9,
    tokens: {
      input: tokens.input + extra.input,
      output: tokens.output + extra.output,
      cacheRead: tokens.cacheRead + extra.cacheRead,
      cacheCreation: tokens.cacheCreation + extra.cacheCreation,
      total: tokens.total + extra.total,
    },
    provisionalTokens: extra.total,
  };
}

export type ReconcileStatus = 'ok' | 'provisional' | 'mismatch' | 'metrics-only' | 'events-only' | 'none';

export interface SessionReconciliation {
  id: string;
  status: ReconcileStatus;
  metricsCostUsd: number;
  eventsCostUsd: number;
  differenceUsd: number;
}

export function reconcileSession(s: SessionRecord, nowMs: number): SessionReconciliation {
  const metrics = s.c.costNanos ?? 0;
  const events = s.c.evCostNanos ?? 0;
  const settled = s.lastEventAt === undefined || nowMs - s.lastEventAt > METRICS_GRACE_MS;
  let status: ReconcileStatus;
  if (metrics === 0 && events === 0) status = 'none';
  else if (events === 0) status = 'metrics-only';
  else if (metrics === 0) status = settled ? 'events-only' : 'provisional';
  else if (Math.abs(metrics - events) <= RECONCILE_TOLERANCE_NANOS) status = 'ok';
  else status = settled ? 'mismatch' : 'provisional';
  return { id: s.id, status, metricsCostUsd: metrics / 1e9, eventsCostUsd: events / 1e9, differenceUsd: (metrics - events) / 1e9 };
}

export interface Reconciliation {
  /** Worst status across the window's sessions (mismatch > provisional > ok). */
  status: 'ok' | 'provisional' | 'mismatch';
  provisionalUsd: number;
  /** Sessions whose two sources do not (yet) agree. */
  sessions: SessionReconciliation[];
}

export function reconcile(sessions: SessionRecord[], nowMs: number): Reconciliation {
  const notOk = sessions.map((s) => reconcileSession(s, nowMs)).filter((r) => r.status !== 'ok' && r.status !== 'none');
  const provisionalNanos = sessions.reduce((n, s) => n + (sessionProvisional(s).costNanos ?? 0), 0);
  const status = notOk.some((r) => r.status === 'mismatch') ? 'mismatch' : notOk.some((r) => r.status === 'provisional') ? 'provisional' : 'ok';
  return { status, provisionalUsd: provisionalNanos / 1e9, sessions: notOk };
}
