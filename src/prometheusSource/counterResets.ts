// Counter resets, counted exactly. A counter that drops (its process, or the Collector in front of
// it, restarted) breaks sum(D) - sum(P): the part counted before the drop would be lost. Sessions
// whose cost dropped in the span are found first (on the cost counter alone: every process that
// did anything has one, so its restart shows there); the server's sums leave them out, and their
// increments are worked out here from their raw samples: each step up is added, and after a drop
// the new value counts from zero. Resets are rare, so this reads few samples; past a bound it is
// not attempted, and a note says so.
import type { Counters } from '../telemetry/model.js';
import { counterOf, scaleOf, type FoundName } from './metricNames.js';
import type { Interval } from './bucketPlan.js';
import type { PromClient } from './promClient.js';
import { ms, selector } from './promql.js';
import { regexEscape, type Matcher } from './teamKeys.js';

/** The most raw samples read to count resets exactly (about 30 bytes each on the wire). */
export const RAW_SAMPLES_CAP = 2_000_000;

/** Sessions ('' for series without a session id) whose cost dropped between `fromMs` and `toMs`. */
export async function sessionsWithResets(client: PromClient, costNames: readonly string[], matchers: readonly Matcher[], fromMs: number, toMs: number): Promise<string[]> {
  if (costNames.length === 0) return [];
  const span = ms(toMs - fromMs);
  const expr = costNames.map((n, i) => `label_replace(count by (session_id) (resets(${selector(n, matchers)}[${span}]) > 0), "cc_n", "${i}", "", "")`).join(' or ');
  const rows = await client.instant(expr, toMs / 1000);
  return [...new Set(rows.map((r) => r.metric.session_id ?? ''))];
}

/** A matcher for a set of session ids (`op` =~ keeps them, !~ leaves them out). */
export function sessionSet(ids: readonly string[], op: '=~' | '!~'): Matcher {
  return { label: 'session_id', op, value: ids.map(regexEscape).join('|') };
}

/** One session's figures in one interval, with the labels of its series. */
export interface SessionFigures {
  session: string;
  model: string | undefined;
  source: string | undefined;
  labels: Record<string, string>;
  counters: Counters;
}

interface Sample {
  t: number;
  units: number;
}

/** The increments of one series in each interval: samples in (a, c], from the last one in [a - L, a]. */
export function seriesIncrements(samples: readonly Sample[], intervals: readonly Interval[], lookbackMs: number): number[] {
  return intervals.map(({ start, end }) => {
    let prev: number | undefined;
    let sum = 0;
    for (const s of samples) {
      if (s.t < start - lookbackMs) continue;
      if (s.t <= start) {
        prev = s.units;
        continue;
      }
      if (s.t > end) break;
      sum += prev === undefined || s.units < prev ? s.units : s.units - prev;
      prev = s.units;
    }
    return sum;
  });
}

/**
 * The exact figures of the given sessions in each interval, from their raw samples; null when
 * there would be more than RAW_SAMPLES_CAP of them.
 */
export async function resetFigures(
  client: PromClient,
  names: readonly FoundName[],
  sessions: readonly string[],
  matchers: readonly Matcher[],
  intervals: readonly Interval[],
  lookbackMs: number,
): Promise<SessionFigures[][] | null> {
  const out: SessionFigures[][] = intervals.map(() => []);
  if (sessions.length === 0 || intervals.length === 0) return out;
  const from = intervals[0]!.start - lookbackMs;
  const to = intervals[intervals.length - 1]!.end;
  const which = [...matchers, sessionSet(sessions, '=~')];
  const span = ms(to - from);
  const count = await client.instant(names.map((n) => `sum(count_over_time(${selector(n.name, which)}[${span}]))`).join(' + '), to / 1000);
  if (Number(count[0]?.value[1] ?? 0) > RAW_SAMPLES_CAP) return null;
  for (const n of names) {
    const series = await client.samples(`${selector(n.name, which)}[${span}]`, to / 1000);
    for (const s of series) {
      const counter = counterOf(n.family, n.family.split ? s.metric[n.family.split] : undefined);
      if (!counter) continue;
      const scale = scaleOf(n.family);
      const samples = s.values.map(([t, v]) => ({ t: Math.round(t * 1000), units: Math.round(Number(v) * scale) })).filter((x) => Number.isFinite(x.units) && x.units >= 0);
      seriesIncrements(samples, intervals, lookbackMs).forEach((units, i) => {
        if (units <= 0) return;
        out[i]!.push({ session: s.metric.session_id ?? '', model: s.metric.model || undefined, source: s.metric.query_source || undefined, labels: s.metric, counters: { [counter]: units } });
      });
    }
  }
  return out;
}
