// OTLP metrics -> MetricSamples for the eight claude_code.* instruments.
//
// All eight are monotonic counters (OTLP Sum, isMonotonic, every point asDouble). Values are
// scaled to exact integers here, before any arithmetic, so that delta sums and cumulative
// differences are exact: cost to nano-USD, active time to microseconds, counts rounded.
import {
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
  type ExportMetricsServiceRequest,
  type Metric,
  type NumberDataPoint,
} from '../otlp/types.js';
import { asString, flattenAttributes, nanosToMillis, type Attrs } from './attributes.js';
import type { CounterKey, MetricKind, MetricSample, MetricsBatch, QuerySource, Rejection, SeriesMemo, Temporality, UnknownMetric } from './model.js';
import { LabelsOncePerSession, sessionIdOf, sessionLabels } from './session.js';
import { SharedMemo } from './sharedAttrs.js';
import { bucketQuerySource } from './querySource.js';
import { ownValue } from './wireKeys.js';

interface MetricSpec {
  kind: MetricKind;
  /** Multiplier to the counter's integer unit. */
  scale: number;
  /** The counter a point goes to, from its attributes; undefined rejects the point. */
  counter: (attrs: Attrs) => CounterKey | undefined;
}

const byAttr =
  (attr: string, table: Record<string, CounterKey>) =>
  (attrs: Attrs): CounterKey | undefined => {
    const v = asString(attrs[attr]);
    // Own keys only: a value such as "constructor" must not find Object's members.
    return v === undefined ? undefined : ownValue(table, v);
  };

export const CLAUDE_CODE_METRICS: Record<string, MetricSpec> = {
  'claude_code.session.count': { kind: 'sessions', scale: 1, counter: () => 'sessionsStarted' },
  'claude_code.lines_of_code.count': {
    kind: 'lines',
    scale: 1,
    counter: byAttr('type', { added: 'linesAdded', removed: 'linesRemoved' }),
  },
  'claude_code.pull_request.count': { kind: 'pullRequests', scale: 1, counter: () => 'pullRequests' },
  'claude_code.commit.count': { kind: 'commits', scale: 1, counter: () => 'commits' },
  'claude_code.cost.usage': { kind: 'cost', scale: 1e9, counter: () => 'costNanos' },
  'claude_code.token.usage': {
    kind: 'tokens',
    scale: 1,
    counter: byAttr('type', { input: 'tokIn', output: 'tokOut', cacheRead: 'tokCacheRead', cacheCreation: 'tokCacheCreation' }),
  },
  'claude_code.code_edit_tool.decision': {
    kind: 'editDecisions',
    scale: 1,
    counter: byAttr('decision', { accept: 'editAccept', reject: 'editReject' }),
  },
  'claude_code.active_time.total': {
    kind: 'activeTime',
    scale: 1e6,
    counter: byAttr('type', { user: 'activeUserUs', cli: 'activeCliUs' }),
  },
};

function pointValue(p: NumberDataPoint): number | undefined {
  if (p.asDouble !== undefined) return p.asDouble;
  if (p.asInt !== undefined) return Number(p.asInt);
  return undefined;
}

function temporalityOf(code: number | undefined): Temporality {
  // UNSPECIFIED is read as cumulative: differencing is safe for a repeated total, while adding
  // a repeated total would count it again.
  if (code === TEMPORALITY_DELTA) return 'delta';
  if (code === TEMPORALITY_CUMULATIVE) return 'cumulative';
  return 'cumulative';
}

function pointCount(m: Metric): number {
  return (
    (m.sum?.dataPoints?.length ?? 0) +
    (m.gauge?.dataPoints?.length ?? 0) +
    (m.histogram?.dataPoints?.length ?? 0) +
    (m.exponentialHistogram?.dataPoints?.length ?? 0) +
    (m.summary?.dataPoints?.length ?? 0)
  );
}

class RejectionTally {
  private readonly byReason = new Map<string, number>();
  add(reason: string): void {
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }
  list(): Rejection[] {
    return [...this.byReason].map(([reason, count]) => ({ reason, count }));
  }
}

export function interpretMetrics(request: ExportMetricsServiceRequest): MetricsBatch {
  const samples: MetricSample[] = [];
  const unknown = new Map<string, number>();
  const rejected = new RejectionTally();
  const labels = new LabelsOncePerSession();

  for (const rm of request.resourceMetrics ?? []) {
    const resource = flattenAttributes(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        const name = metric.name ?? '';
        const spec = ownValue(CLAUDE_CODE_METRICS, name);
        if (!spec) {
          unknown.set(name || '(unnamed)', (unknown.get(name || '(unnamed)') ?? 0) + pointCount(metric));
          continue;
        }
        if (!metric.sum) {
          for (let i = 0; i < pointCount(metric); i++) rejected.add(`${name}: expected a monotonic Sum`);
          continue;
        }
        const temporality = temporalityOf(metric.sum.aggregationTemporality);
        for (const point of metric.sum.dataPoints ?? []) {
          const sample = toSample(name, spec, temporality, point, resource, rejected, labels);
          if (sample) samples.push(sample);
        }
      }
    }
  }
  const unknownList: UnknownMetric[] = [...unknown].map(([name, points]) => ({ name, points }));
  return { samples, unknown: unknownList, rejected: rejected.list() };
}

function toSample(
  name: string,
  spec: MetricSpec,
  temporality: Temporality,
  point: NumberDataPoint,
  resource: Attrs,
  rejected: RejectionTally,
  labels: LabelsOncePerSession,
): MetricSample | undefined {
  const value = pointValue(point);
  if (value === undefined || !Number.isFinite(value)) return void rejected.add(`${name}: data point without a finite value`);
  if (value < 0) return void rejected.add(`${name}: negative value on a monotonic counter`);
  const timeMs = timeMsOf(point.timeUnixNano);
  if (timeMs === undefined) return void rejected.add(`${name}: data point without timeUnixNano`);
  const list = point.attributes;
  const facts = (list && streamFacts.get(list, resource, name)) ?? rememberFacts(list, resource, name, spec);
  if (!facts.counter) return void rejected.add(`${name}: unknown type/decision attribute`);
  const sample: MetricSample = {
    name,
    kind: spec.kind,
    counter: facts.counter,
    temporality,
    startNs: point.startTimeUnixNano ?? '0',
    timeNs: point.timeUnixNano ?? '0',
    timeMs,
    units: Math.round(value * spec.scale),
    attrs: facts.attrs,
    resource,
    sessionId: facts.sessionId,
    // Always present (undefined when absent): one object shape for every sample keeps the
    // store's per-point code monomorphic.
    model: facts.model,
    querySource: facts.querySource,
    labels: labels.given(facts.sessionId, facts.labels),
    series: facts.series,
  };
  return sample;
}

/** The last time converted: every point of an export shares it (and the decoder its string). */
let lastTime: { ns: string | undefined; ms: number | undefined } = { ns: undefined, ms: undefined };

function timeMsOf(ns: string | undefined): number | undefined {
  if (ns !== lastTime.ns) lastTime = { ns, ms: nanosToMillis(ns) };
  return lastTime.ms;
}

/**
 * Facts of a point's attribute list, remembered when the decoder shares the list (frozen: see
 * keyValueRun in otlp/wireDecode.ts), so the next export of the stream finds them by the list.
 */
function rememberFacts(list: NumberDataPoint['attributes'], resource: Attrs, name: string, spec: MetricSpec): StreamFacts {
  const facts = factsOf(spec, flattenAttributes(list), resource);
  return list ? streamFacts.set(list, resource, name, facts) : facts;
}

/** What a stream's attributes say: the same for every point of it. */
interface StreamFacts {
  /** The point's attributes, flattened (shared by every point of the stream). */
  attrs: Attrs;
  /** Undefined rejects the point (an unknown type or decision). */
  counter: CounterKey | undefined;
  sessionId: string;
  model: string | undefined;
  querySource: QuerySource | undefined;
  labels: Record<string, string>;
  series: SeriesMemo;
}

/**
 * Series whose facts are kept: as many as the decoder shares lists (ATTRIBUTE_LIST_CACHE_CAP in
 * otlp/wireDecode.ts); past that it starts over with new records, and facts of the old ones
 * would only take memory.
 */
export const STREAM_FACTS_CAP = 8_192;
const streamFacts = new SharedMemo<StreamFacts>(STREAM_FACTS_CAP);

function factsOf(spec: MetricSpec, attrs: Attrs, resource: Attrs): StreamFacts {
  return {
    attrs,
    counter: spec.counter(attrs),
    sessionId: sessionIdOf(attrs, resource),
    model: asString(attrs['model']) || undefined,
    querySource: bucketQuerySource(asString(attrs['query_source'])),
    labels: sessionLabels(attrs, resource),
    series: {},
  };
}
