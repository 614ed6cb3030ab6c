// Stalled sessions: Claude Code sends nothing while it is idle (empty metric intervals produce no
// request, there is no heartbeat), so silence alone means nothing. A session is judged stalled only
// when it was in the middle of a turn, working steadily, and then fell silent. Precisely, at `now`
// a session is stalled when all of these hold:
//
// 1. Active in the last hour: cc-top received telemetry from it (any signal) within the last
//    STALL_LOOKBACK_MINUTES. Older sessions are over, or cc-top was not running.
// 2. Silent: nothing has been received from it for at least `stalledSessionMinutes`.
// 3. Steady: during the `stalledSessionMinutes` before its last event, its events fell in at least
//    STEADY_MINUTES_MIN different minutes: it was working, not a lone prompt.
// 4. Mid-turn: its last event (by event time, then event.sequence) is one after which Claude Code
//    calls the API again without waiting for anyone: a `user_prompt` or a `tool_result`. A session
//    whose last event is an API response is waiting for its user, which is normal idle.
//
// The events come from the event log ring (EVENT_LOG_CAP entries shared by all sessions); a session
// whose events have left the ring is not judged. The cause can be a hung request, a tool that never
// returns, or telemetry that stopped reaching cc-top (exporter or network): the alert names both.
import type { SessionRecord, StoreState } from '../store/state.js';
import { minuteStart } from '../store/rollups.js';

export const STALL_LOOKBACK_MINUTES = 60;
/** Distinct minutes with events, before the silence, that make a session's sending "steady". */
export const STEADY_MINUTES_MIN = 3;
/** Events after which Claude Code owes an API request of its own accord. */
export const MID_TURN_EVENTS: readonly string[] = ['user_prompt', 'tool_result'];

const MINUTE_MS = 60_000;

export interface StalledSession {
  id: string;
  /** Receive time of the session's last telemetry, epoch ms. */
  lastTelemetryAt: number;
  silentMs: number;
  /** Name of the session's last event (one of MID_TURN_EVENTS). */
  lastEvent: string;
}

/** When cc-top last heard from the session, on any signal (receive time; data time for old stores). */
export function lastTelemetryAt(s: SessionRecord): number {
  const received = Math.max(s.lastEventAt ?? 0, s.lastMetricAt ?? 0);
  return received > 0 ? received : s.lastSeen;
}

interface Activity {
  last: { t: number; q: number; name: string };
  /** Event times, for the steadiness test. */
  times: number[];
}

/** Per session among `ids`: its last event and its event times, from the event log. */
function activityOf(state: StoreState, ids: ReadonlySet<string>): Map<string, Activity> {
  const out = new Map<string, Activity>();
  for (const e of state.events) {
    if (e.kind === 'notice' || !ids.has(e.session)) continue;
    const q = e.sequence ?? -1;
    let a = out.get(e.session);
    if (!a) {
      a = { last: { t: e.time, q, name: e.name }, times: [] };
      out.set(e.session, a);
    } else if (e.time > a.last.t || (e.time === a.last.t && q > a.last.q)) a.last = { t: e.time, q, name: e.name };
    a.times.push(e.time);
  }
  return out;
}

function steady(a: Activity, windowMs: number): boolean {
  const minutes = new Set<number>();
  for (const t of a.times) if (t > a.last.t - windowMs) minutes.add(minuteStart(t));
  return minutes.size >= STEADY_MINUTES_MIN;
}

/** Sessions still in the lookback whose last event leaves a turn open and that sent steadily. */
function candidates(state: StoreState, stalledMinutes: number, nowMs: number): { s: SessionRecord; last: string; at: number }[] {
  const recent = [...state.sessions.values()].filter((s) => nowMs - lastTelemetryAt(s) <= STALL_LOOKBACK_MINUTES * MINUTE_MS);
  if (recent.length === 0) return [];
  const activity = activityOf(state, new Set(recent.map((s) => s.id)));
  const out: { s: SessionRecord; last: string; at: number }[] = [];
  for (const s of recent) {
    const a = activity.get(s.id);
    if (!a || !MID_TURN_EVENTS.includes(a.last.name) || !steady(a, stalledMinutes * MINUTE_MS)) continue;
    out.push({ s, last: a.last.name, at: lastTelemetryAt(s) });
  }
  return out;
}

/** The sessions stalled at `nowMs` (see the definition above), longest silent first. */
export function stalledSessions(state: StoreState, stalledMinutes: number, nowMs: number): StalledSession[] {
  return candidates(state, stalledMinutes, nowMs)
    .filter((c) => nowMs - c.at >= stalledMinutes * MINUTE_MS)
    .map((c) => ({ id: c.s.id, lastTelemetryAt: c.at, silentMs: nowMs - c.at, lastEvent: c.last }))
    .sort((a, b) => b.silentMs - a.silentMs || a.id.localeCompare(b.id));
}

/**
 * Milliseconds until a session that is mid-turn now would count as stalled if nothing more
 * arrives, or undefined when none could. A stall is the one alert that time alone raises (new
 * data is what moves every other rule), so this drives the only timer the alerts need.
 */
export function nextStallCheckIn(state: StoreState, stalledMinutes: number, nowMs: number): number | undefined {
  let next: number | undefined;
  for (const c of candidates(state, stalledMinutes, nowMs)) {
    const wait = c.at + stalledMinutes * MINUTE_MS - nowMs;
    if (wait > 0 && (next === undefined || wait < next)) next = wait;
  }
  return next;
}
