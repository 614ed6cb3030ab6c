// OTLP metrics -> MetricSamples for the eight claude_code.* instruments.
//
// All eight are monotonic counters (OTLP Sum, isMonotonic, every point asDouble). Values are
// scaled to exact integers here, before any arithmetic, so that delta sums and cumulative
// differences are exact: cost to nano-USD, active time to microseconds, counts rounded. A value
// that is not finite, negative, or past the metric's sane bound is refused (partial success),
// never added: one bad point must not turn a total into Infinity.
import { TEMPORALITY_CUMULATIVE, TEMPORALITY_DELTA, type ExportMetricsServiceRequest, type Metric, type NumberDataPoint } from '../otlp/types.js';
import { asName, asString, flattenAttributes, nanosToMillis } from './attributes.js';
import type { Attrs, CounterKey, MetricKind, MetricSample, MetricsBatch, Rejection, Temporality, UnknownMetric } from './model.js';
import { bucketQuerySource } from './querySource.js';
import { isClaudeCode, LabelsPerRequest, sessionIdOf } from './session.js';
import { canonical, hash64, streamIdentity } from './streamIdentity.js';
import { MAX_NAME_CHARS, safeText, WireTextOriginals } from './wireText.js';

/** Largest value one point may carry, in the metric's own unit (cumulative points are running totals). */
export const MAX_COST_USD_PER_POINT = 1e6;
export const MAX_TOKENS_PER_POINT = 1e15;
export const MAX_ACTIVE_SECONDS_PER_POINT = 1e9;
export const MAX_COUNT_PER_POINT = 1e12;

interface MetricSpec {
  kind: MetricKind;
  /** Multiplier to the counter's integer unit. */
  scale: number;
  /** Largest sane value of one point, before scaling. */
  max: number;
  /** The counter a point goes to, from its attributes; undefined rejects the point. */
  counter: (attrs: Attrs) => CounterKey | undefined;
}

const byAttr =
  (attr: string, table: ReadonlyMap<string, CounterKey>) =>
  (attrs: Attrs): CounterKey | undefined => {
    const v = asString(attrs.get(attr));
    return v === undefined ? undefined : table.get(v);
  };

export const CLAUDE_CODE_METRICS: ReadonlyMap<string, MetricSpec> = new Map<string, MetricSpec>([
  ['claude_code.session.count', { kind: 'sessions', scale: 1, max: MAX_COUNT_PER_POINT, counter: () => 'sessionsStarted' }],
  [
    'claude_code.lines_of_code.count',
    { kind: 'lines', scale: 1, max: MAX_COUNT_PER_POINT, counter: byAttr('type', new Map([['added', 'linesAdded'], ['removed', 'linesRemoved']])) },
  ],
  ['claude_code.pull_request.count', { kind: 'pullRequests', scale: 1, max: MAX_COUNT_PER_POINT, counter: () => 'pullRequests' }],
  ['claude_code.commit.count', { kind: 'commits', scale: 1, max: MAX_COUNT_PER_POINT, counter: () => 'commits' }],
  ['claude_code.cost.usage', { kind: 'cost', scale: 1e9, max: MAX_COST_USD_PER_POINT, counter: () => 'costNanos' }],
  [
    'claude_code.token.usage',
    {
      kind: 'tokens',
      scale: 1,
      max: MAX_TOKENS_PER_POINT,
      counter: byAttr(
        'type',
        new Map([
          ['input', 'tokIn'],
          ['output', 'tokOut'],
          ['cacheRead', 'tokCacheRead'],
          ['cacheCreation', 'tokCacheCreation'],
        ]),
      ),
    },
  ],
  [
    'claude_code.code_edit_tool.decision',
    { kind: 'editDecisions', scale: 1, max: MAX_COUNT_PER_POINT, counter: byAttr('decision', new Map([['accept', 'editAccept'], ['reject', 'editReject']])) },
  ],
  [
    'claude_code.active_time.total',
    { kind: 'activeTime', scale: 1e6, max: MAX_ACTIVE_SECONDS_PER_POINT, counter: byAttr('type', new Map([['user', 'activeUserUs'], ['cli', 'activeCliUs']])) },
  ],
]);

function pointValue(p: NumberDataPoint): number | undefined {
  if (p.asDouble !== undefined) return p.asDouble;
  if (p.asInt !== undefined) return Number(p.asInt);
  return undefined;
}

function temporalityOf(code: number | undefined): Temporality {
  // UNSPECIFIED is read as cumulative: differencing is safe for a repeated total, while adding
  // a repeated total would count it again.
  return code === TEMPORALITY_DELTA ? 'delta' : code === TEMPORALITY_CUMULATIVE ? 'cumulative' : 'cumulative';
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
  add(reason: string, count = 1): void {
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + count);
  }
  list(): Rejection[] {
    return [...this.byReason].map(([reason, count]) => ({ reason, count }));
  }
}

export function interpretMetrics(request: ExportMetricsServiceRequest): MetricsBatch {
  const samples: MetricSample[] = [];
  const unknown = new Map<string, number>();
  const rejected = new RejectionTally();
  const originals = new WireTextOriginals();
  const labels = new LabelsPerRequest();
  let foreign = 0;

  for (const rm of request.resourceMetrics ?? []) {
    const resource = flattenAttributes(rm.resource?.attributes, originals);
    const resourceHash = hash64(canonical(resource));
    for (const sm of rm.scopeMetrics ?? []) {
      const ours = isClaudeCode(sm.scope?.name, resource);
      for (const metric of sm.metrics ?? []) {
        if (!ours) {
          foreign += pointCount(metric);
          continue;
        }
        const name = safeText(metric.name ?? '', MAX_NAME_CHARS, originals);
        const spec = CLAUDE_CODE_METRICS.get(name);
        if (!spec) {
          const key = name || '(unnamed)';
          unknown.set(key, (unknown.get(key) ?? 0) + pointCount(metric));
          continue;
        }
        if (!metric.sum) {
          rejected.add(`${name}: expected a monotonic Sum`, pointCount(metric));
          continue;
        }
        const temporality = temporalityOf(metric.sum.aggregationTemporality);
        for (const point of metric.sum.dataPoints ?? []) {
          const sample = toSample({ name, spec, temporality, point, resource, resourceHash, rejected, labels, originals });
          if (sample) samples.push(sample);
        }
      }
    }
  }
  const unknownList: UnknownMetric[] = [...unknown].map(([name, points]) => ({ name, points }));
  return { samples, unknown: unknownList, rejected: rejected.list(), foreign, originals: originals.entries };
}

interface PointContext {
  name: string;
  spec: MetricSpec;
  temporality: Temporality;
  point: NumberDataPoint;
  resource: Attrs;
  resourceHash: string;
  rejected: RejectionTally;
  labels: LabelsPerRequest;
  originals: WireTextOriginals;
}

function toSample({ name, spec, temporality, point, resource, resourceHash, rejected, labels, originals }: PointContext): MetricSample | undefined {
  const value = pointValue(point);
  if (value === undefined || !Number.isFinite(value)) return void rejected.add(`${name}: data point without a finite value`);
  if (value < 0) return void rejected.add(`${name}: negative value on a monotonic counter`);
  if (value > spec.max) return void rejected.add(`${name}: value ${value} is past the sane bound of ${spec.max} per point`);
  const timeMs = nanosToMillis(point.timeUnixNano);
  if (timeMs === undefined) return void rejected.add(`${name}: data point without timeUnixNano`);
  const attrs = flattenAttributes(point.attributes, originals);
  const counter = spec.counter(attrs);
  if (!counter) return void rejected.add(`${name}: unknown type/decision attribute`);
  const sessionId = sessionIdOf(attrs, resource);
  return {
    name,
    kind: spec.kind,
    counter,
    temporality,
    startNs: point.startTimeUnixNano ?? '0',
    timeNs: point.timeUnixNano ?? '0',
    timeMs,
    units: Math.round(value * spec.scale),
    stream: streamIdentity(name, attrs, resourceHash),
    sessionId,
    model: asName(attrs.get('model')),
    querySource: bucketQuerySource(asString(attrs.get('query_source'))),
    labels: labels.of(sessionId, attrs, resource),
  };
}
