// A single-pass protobuf decoder for the requests Claude Code sends, straight into the decoded
// shape of types.ts.
//
// Why it exists: protobufjs's reflection decode followed by toObject builds every message twice
// and converts each 64-bit field through Long; for a Claude Code metrics export that was ~60 µs,
// most of cc-top's ingest cost (see the Performance section of the README). This walks the bytes
// once with protobufjs's own Reader. Field numbers are read from the same descriptor protobufjs
// uses, so the schema has one source.
//
// It handles what cc-top reads: resources, scopes, Sum and Gauge number points, log records, and
// spans only to count them. Anything else (histograms, exemplars, entity refs, a wire type that
// does not match the schema) throws WireFallback and the caller decodes with protobufjs instead;
// a property test checks that both paths give identical objects.
import protobuf from 'protobufjs';
import { ByteRunCache } from './byteRunCache.js';
import { OTLP_DESCRIPTOR } from './proto/otlpDescriptor.js';
import type {
  AnyValue,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  Metric,
  NumberDataPoint,
  Resource,
  RequestBySignal,
  Signal,
} from './types.js';

/** This request needs the full protobufjs decoder. */
export class WireFallback extends Error {}

const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR);

/** Field numbers of the named fields, from the descriptor (a missing name fails at start-up). */
function ids<const K extends string>(type: string, ...names: K[]): Record<K, number> {
  const fields = root.lookupType(type).fields;
  return Object.fromEntries(
    names.map((n) => {
      const field = fields[n];
      if (!field) throw new Error(`${type} has no field ${n}`);
      return [n, field.id];
    }),
  ) as Record<K, number>;
}

const common = (t: string) => `opentelemetry.proto.common.v1.${t}`;
const ANY = ids(common('AnyValue'), 'stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue');
const KV = ids(common('KeyValue'), 'key', 'value');
const LIST = ids(common('ArrayValue'), 'values');
const SCOPE = ids(common('InstrumentationScope'), 'name', 'version', 'attributes', 'droppedAttributesCount');
const RES = ids('opentelemetry.proto.resource.v1.Resource', 'attributes', 'droppedAttributesCount', 'entityRefs');
const metrics = (t: string) => `opentelemetry.proto.metrics.v1.${t}`;
const RM = ids(metrics('ResourceMetrics'), 'resource', 'scopeMetrics', 'schemaUrl');
const SM = ids(metrics('ScopeMetrics'), 'scope', 'metrics', 'schemaUrl');
const MET = ids(metrics('Metric'), 'name', 'description', 'unit', 'gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary', 'metadata');
const SUM = ids(metrics('Sum'), 'dataPoints', 'aggregationTemporality', 'isMonotonic');
const GAUGE = ids(metrics('Gauge'), 'dataPoints');
const NDP = ids(metrics('NumberDataPoint'), 'attributes', 'startTimeUnixNano', 'timeUnixNano', 'asDouble', 'asInt', 'exemplars', 'flags');
const RL = ids('opentelemetry.proto.logs.v1.ResourceLogs', 'resource', 'scopeLogs', 'schemaUrl');
const SL = ids('opentelemetry.proto.logs.v1.ScopeLogs', 'scope', 'logRecords', 'schemaUrl');
const LR = ids('opentelemetry.proto.logs.v1.LogRecord', 'timeUnixNano', 'observedTimeUnixNano', 'severityNumber', 'severityText', 'body', 'attributes', 'droppedAttributesCount', 'flags', 'traceId', 'spanId', 'eventName');
const RS = ids('opentelemetry.proto.trace.v1.ResourceSpans', 'resource', 'scopeSpans', 'schemaUrl');
const SS = ids('opentelemetry.proto.trace.v1.ScopeSpans', 'scope', 'spans', 'schemaUrl');
const REQ = {
  metrics: ids('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest', 'resourceMetrics'),
  logs: ids('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest', 'resourceLogs'),
  traces: ids('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest', 'resourceSpans'),
};

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

type Reader = protobuf.Reader;

// Each message is read by a loop over its fields between enter() and leave(), not by a callback
// per message: closures and [field, wire] pairs allocated for every field were a third of the
// decode's garbage.

/** Read one tag (field << 3 | wire type). Field 0 is illegal: protobufjs decides the error. */
function tag(r: Reader): number {
  const t = r.tag();
  if (t >>> 3 === 0) throw new WireFallback();
  return t;
}

/** Enter the length-delimited message at the reader's position; returns where it ends. */
function enter(r: Reader): number {
  const end = r.uint32() + r.pos;
  if (end > r.len) throw new WireFallback();
  return end;
}

/** Leave a message: its last field must end exactly where its length said. */
function leave(r: Reader, end: number): void {
  if (r.pos !== end) throw new WireFallback();
}

/** The wire type the schema gives the field, or step aside. */
function want(wire: number, expected: number): void {
  if (wire !== expected) throw new WireFallback();
}

/** Decimal text of a 64-bit value given as two 32-bit halves, as protobufjs's Long would print it. */
function int64Text(lo: number, hi: number, signed: boolean): string {
  if (signed && hi & 0x80000000) return (-((BigInt(~hi >>> 0) << 32n) + BigInt(~lo >>> 0) + 1n)).toString();
  const h = hi >>> 0;
  const l = lo >>> 0;
  if (h < 0x200000) return String(h * 4294967296 + l);
  // Past 2^53 (every nanosecond timestamp): split 2^32 as 4294 * 10^6 + 967296 so that both
  // parts stay exact in a double, and print them as one number (no BigInt per timestamp).
  const below = h * 967296 + l;
  const millions = h * 4294 + Math.floor(below / 1e6);
  return `${millions}${String(below % 1e6).padStart(6, '0')}`;
}

/**
 * The last two unsigned 64-bit values printed, and their text. Every point of an export carries
 * the same time, and a delta stream's start is the previous export's time, so a point's start and
 * time repeat from point to point: one string then serves them all instead of one string each,
 * which the store would also keep alive.
 */
const recentUnsigned = [
  { lo: -1, hi: -1, text: '' },
  { lo: -1, hi: -1, text: '' },
];
let olderUnsigned = 0;

function fixed64Text(r: Reader, signed: boolean): string {
  const lo = r.fixed32();
  const hi = r.fixed32();
  if (signed) return int64Text(lo, hi, true);
  for (const seen of recentUnsigned) if (seen.lo === lo && seen.hi === hi) return seen.text;
  const slot = recentUnsigned[olderUnsigned]!;
  olderUnsigned ^= 1;
  slot.lo = lo;
  slot.hi = hi;
  slot.text = int64Text(lo, hi, false);
  return slot.text;
}

function varint64Text(r: Reader): string {
  const bits = (r as unknown as { int64(): { low: number; high: number } | number }).int64();
  if (typeof bits === 'number') return String(bits);
  return int64Text(bits.low, bits.high, true);
}

function skip(r: Reader, wire: number): void {
  // Groups (deprecated, never in OTLP): protobufjs validates their end tags.
  if (wire === 3 || wire === 4) throw new WireFallback();
  r.skipType(wire);
}

/**
 * A singular proto3 scalar equal to its default is not kept, as protobufjs's toObject does not
 * (oneof members are kept whatever their value: their presence is the information).
 */
function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (value === '' || value === 0 || value === false) delete target[key];
  else target[key] = value;
}

/** The same for 64-bit fields, whose decimal text "0" is the default. */
function setLong<T extends object, K extends keyof T>(target: T, key: K, value: T[K] & string): void {
  if (value === '0') delete target[key];
  else target[key] = value;
}

// A oneof keeps only its last member on the wire, as protobufjs does.
function anyValue(r: Reader): AnyValue {
  let v: AnyValue = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case ANY.stringValue:
        want(wire, LEN);
        v = { stringValue: r.string() };
        break;
      case ANY.boolValue:
        want(wire, VARINT);
        v = { boolValue: r.bool() };
        break;
      case ANY.intValue:
        want(wire, VARINT);
        v = { intValue: varint64Text(r) };
        break;
      case ANY.doubleValue:
        want(wire, FIXED64);
        v = { doubleValue: r.double() };
        break;
      case ANY.arrayValue: {
        want(wire, LEN);
        const values = repeatedIn(r, LIST.values, anyValue);
        v = { arrayValue: values.length ? { values } : {} };
        break;
      }
      case ANY.kvlistValue: {
        want(wire, LEN);
        const values = repeatedIn(r, LIST.values, keyValue);
        v = { kvlistValue: values.length ? { values } : {} };
        break;
      }
      case ANY.bytesValue:
        want(wire, LEN);
        v = { bytesValue: Buffer.from(r.bytes()).toString('base64') };
        break;
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return v;
}

/** The items of the one repeated message field of a wrapper message (ArrayValue, KeyValueList). */
function repeatedIn<T>(r: Reader, field: number, item: (r: Reader) => T): T[] {
  const items: T[] = [];
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    if (t >>> 3 !== field) {
      skip(r, t & 7);
      continue;
    }
    want(t & 7, LEN);
    items.push(item(r));
  }
  leave(r, end);
  return items;
}

function keyValue(r: Reader): KeyValue {
  const kv = {} as KeyValue;
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    const f = t >>> 3;
    if (f === KV.key) {
      want(wire, LEN);
      set(kv, 'key', r.string());
    } else if (f === KV.value) {
      want(wire, LEN);
      kv.value = anyValue(r);
    } else skip(r, wire);
  }
  leave(r, end);
  return kv;
}

function pushKeyValue(list: KeyValue[] | undefined, r: Reader, wire: number): KeyValue[] {
  want(wire, LEN);
  const out = list ?? [];
  out.push(keyValue(r));
  return out;
}

/**
 * Attribute lists decoded before, by their bytes. An exporter sends the same attributes on every
 * export of a stream (a Claude Code session's dozen points carry identical lists each time), and
 * decoding their strings was most of the decode; a repeated list is now one lookup. The lists
 * are frozen and shared between requests: consumers read them, never change them.
 */
export const ATTRIBUTE_LIST_CACHE_CAP = 8_192;
/** Longer attribute runs are decoded each time (they are rare and would make the cache large). */
export const ATTRIBUTE_LIST_CACHE_MAX_BYTES = 2_048;
const attributeLists = new ByteRunCache<readonly KeyValue[]>(ATTRIBUTE_LIST_CACHE_CAP);

/**
 * The request being decoded, seen as a DataView for the cache's hash (made once per request;
 * decoding is synchronous, so one at a time).
 */
let requestView: DataView | undefined;

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n >>>= 7;
    len++;
  }
  return len;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A repeated KeyValue field: the run of consecutive fields with its tag, starting at the first
 * one's length prefix, decoded or taken from the cache (keyed by the run's bytes, exactly). A
 * second, separate run of the same field (legal, never seen in practice) is appended to a copy.
 */
function keyValueRun(list: KeyValue[] | undefined, r: Reader, field: number, wire: number, end: number): KeyValue[] {
  want(wire, LEN);
  const tagValue = (field << 3) | LEN;
  const tagLength = varintLength(tagValue);
  const start = r.pos - tagLength;
  let next = r.pos;
  for (;;) {
    r.pos = next;
    next = r.uint32() + r.pos;
    if (next > end) throw new WireFallback();
    if (next >= end || tagLength !== 1 || r.buf[next] !== tagValue) break;
    next += 1;
  }
  const view = (requestView ??= new DataView(r.buf.buffer, r.buf.byteOffset, r.buf.byteLength));
  const cacheable = next - start <= ATTRIBUTE_LIST_CACHE_MAX_BYTES;
  let run = cacheable ? attributeLists.get(r.buf, view, start, next) : undefined;
  if (!run) {
    r.pos = start + tagLength;
    const items: KeyValue[] = [];
    for (;;) {
      items.push(keyValue(r));
      if (r.pos >= next) break;
      r.pos += tagLength;
    }
    run = items;
    if (cacheable) attributeLists.set(r.buf, view, start, next, deepFreeze(items));
  }
  r.pos = next;
  return list ? [...list, ...run] : (run as KeyValue[]);
}

function resource(r: Reader): Resource {
  const res: Resource = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case RES.attributes:
        res.attributes = keyValueRun(res.attributes, r, RES.attributes, wire, end);
        break;
      case RES.droppedAttributesCount:
        want(wire, VARINT);
        set(res, 'droppedAttributesCount', r.uint32());
        break;
      case RES.entityRefs:
        throw new WireFallback();
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return res;
}

type Scope = InstrumentationScope & { droppedAttributesCount?: number };

function scope(r: Reader): Scope {
  const s: Scope = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case SCOPE.name:
        want(wire, LEN);
        set(s, 'name', r.string());
        break;
      case SCOPE.version:
        want(wire, LEN);
        set(s, 'version', r.string());
        break;
      case SCOPE.attributes:
        s.attributes = pushKeyValue(s.attributes, r, wire);
        break;
      case SCOPE.droppedAttributesCount:
        want(wire, VARINT);
        set(s, 'droppedAttributesCount', r.uint32());
        break;
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return s;
}

function numberPoint(r: Reader): NumberDataPoint {
  const p: NumberDataPoint = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case NDP.attributes:
        p.attributes = keyValueRun(p.attributes, r, NDP.attributes, wire, end);
        break;
      case NDP.startTimeUnixNano:
        want(wire, FIXED64);
        setLong(p, 'startTimeUnixNano', fixed64Text(r, false));
        break;
      case NDP.timeUnixNano:
        want(wire, FIXED64);
        setLong(p, 'timeUnixNano', fixed64Text(r, false));
        break;
      case NDP.asDouble:
        want(wire, FIXED64);
        delete p.asInt;
        p.asDouble = r.double();
        break;
      case NDP.asInt:
        want(wire, FIXED64);
        delete p.asDouble;
        p.asInt = fixed64Text(r, true);
        break;
      case NDP.flags:
        want(wire, VARINT);
        set(p, 'flags', r.uint32());
        break;
      case NDP.exemplars:
        throw new WireFallback();
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return p;
}

function sum(r: Reader): NonNullable<Metric['sum']> {
  const s: NonNullable<Metric['sum']> = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case SUM.dataPoints:
        want(wire, LEN);
        (s.dataPoints ??= []).push(numberPoint(r));
        break;
      case SUM.aggregationTemporality:
        want(wire, VARINT);
        set(s, 'aggregationTemporality', r.int32());
        break;
      case SUM.isMonotonic:
        want(wire, VARINT);
        set(s, 'isMonotonic', r.bool());
        break;
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return s;
}

function metric(r: Reader): Metric {
  const m: Metric = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    switch (t >>> 3) {
      case MET.name:
        want(wire, LEN);
        set(m, 'name', r.string());
        break;
      case MET.description:
        want(wire, LEN);
        set(m, 'description', r.string());
        break;
      case MET.unit:
        want(wire, LEN);
        set(m, 'unit', r.string());
        break;
      case MET.sum:
        want(wire, LEN);
        delete m.gauge;
        m.sum = sum(r);
        break;
      case MET.gauge: {
        want(wire, LEN);
        const dataPoints = repeatedIn(r, GAUGE.dataPoints, numberPoint);
        delete m.sum;
        m.gauge = dataPoints.length ? { dataPoints } : {};
        break;
      }
      case MET.histogram:
      case MET.exponentialHistogram:
      case MET.summary:
      case MET.metadata:
        throw new WireFallback();
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return m;
}

function logRecord(r: Reader): LogRecord {
  const lr: LogRecord = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    const f = t >>> 3;
    switch (f) {
      case LR.timeUnixNano:
        want(wire, FIXED64);
        setLong(lr, 'timeUnixNano', fixed64Text(r, false));
        break;
      case LR.observedTimeUnixNano:
        want(wire, FIXED64);
        setLong(lr, 'observedTimeUnixNano', fixed64Text(r, false));
        break;
      case LR.severityNumber:
        want(wire, VARINT);
        set(lr, 'severityNumber', r.int32());
        break;
      case LR.severityText:
        want(wire, LEN);
        set(lr, 'severityText', r.string());
        break;
      case LR.body:
        want(wire, LEN);
        lr.body = anyValue(r);
        break;
      case LR.attributes:
        // Not memoized: an event's attributes (ids, timestamps, sequence) differ every time.
        lr.attributes = pushKeyValue(lr.attributes, r, wire);
        break;
      case LR.droppedAttributesCount:
        want(wire, VARINT);
        set(lr, 'droppedAttributesCount', r.uint32());
        break;
      case LR.flags:
        want(wire, FIXED32);
        set(lr, 'flags', r.fixed32());
        break;
      case LR.traceId:
      case LR.spanId: {
        want(wire, LEN);
        const key = f === LR.traceId ? 'traceId' : 'spanId';
        const hex = Buffer.from(r.bytes()).toString('hex');
        if (hex) lr[key] = hex;
        else delete lr[key];
        break;
      }
      case LR.eventName:
        want(wire, LEN);
        set(lr, 'eventName', r.string());
        break;
      default:
        skip(r, wire);
    }
  }
  leave(r, end);
  return lr;
}

interface Frame {
  block: number;
  resource: number;
  schemaUrl: number;
  scoped: number;
  scope: number;
  items: number;
  scopeSchemaUrl: number | undefined;
}

interface Scoped<Item> {
  scope?: Scope;
  items?: Item[];
  schemaUrl?: string;
}

interface ResourceBlock<Item> {
  resource?: Resource;
  schemaUrl?: string;
  scoped?: Scoped<Item>[];
}

function scoped<Item>(r: Reader, fields: Frame, scopeItem: (r: Reader) => Item): Scoped<Item> {
  const out: Scoped<Item> = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    const f = t >>> 3;
    if (f === fields.scope) {
      want(wire, LEN);
      out.scope = scope(r);
    } else if (f === fields.items) {
      want(wire, LEN);
      (out.items ??= []).push(scopeItem(r));
    } else if (f === fields.scopeSchemaUrl) {
      want(wire, LEN);
      set(out, 'schemaUrl', r.string());
    } else skip(r, wire);
  }
  leave(r, end);
  return out;
}

function resourceBlock<Item>(r: Reader, fields: Frame, scopeItem: (r: Reader) => Item): ResourceBlock<Item> {
  const block: ResourceBlock<Item> = {};
  const end = enter(r);
  while (r.pos < end) {
    const t = tag(r);
    const wire = t & 7;
    const f = t >>> 3;
    if (f === fields.resource) {
      want(wire, LEN);
      block.resource = resource(r);
    } else if (f === fields.schemaUrl) {
      want(wire, LEN);
      set(block, 'schemaUrl', r.string());
    } else if (f === fields.scoped) {
      want(wire, LEN);
      (block.scoped ??= []).push(scoped(r, fields, scopeItem));
    } else skip(r, wire);
  }
  leave(r, end);
  return block;
}

/**
 * The common frame of all three requests: repeated Resource{Metrics,Logs,Spans}, each a resource,
 * a schema URL and repeated Scope{…} entries whose items `scopeItem` reads.
 */
function resourceBlocks<Item>(r: Reader, fields: Frame, scopeItem: (r: Reader) => Item): ResourceBlock<Item>[] {
  const blocks: ResourceBlock<Item>[] = [];
  while (r.pos < r.len) {
    const t = tag(r);
    if (t >>> 3 !== fields.block) {
      skip(r, t & 7);
      continue;
    }
    want(t & 7, LEN);
    blocks.push(resourceBlock(r, fields, scopeItem));
  }
  return blocks;
}

/** Rename the generic frame's fields to the request's own (resourceMetrics/scopeMetrics/metrics…). */
function named<Item>(blocks: ResourceBlock<Item>[], scopedName: string, itemsName: string): unknown[] {
  return blocks.map((b) => {
    const out: Record<string, unknown> = {};
    if (b.resource) out['resource'] = b.resource;
    if (b.scoped) {
      out[scopedName] = b.scoped.map((s) => {
        const so: Record<string, unknown> = {};
        if (s.scope) so['scope'] = s.scope;
        if (s.items) so[itemsName] = s.items;
        if (s.schemaUrl !== undefined) so['schemaUrl'] = s.schemaUrl;
        return so;
      });
    }
    if (b.schemaUrl !== undefined) out['schemaUrl'] = b.schemaUrl;
    return out;
  });
}

/** Spans are only counted: each becomes an empty placeholder and its content is skipped. */
function spanPlaceholder(r: Reader): Record<string, never> {
  r.skipType(LEN);
  return {};
}

const METRICS_FRAME: Frame = { block: REQ.metrics.resourceMetrics, resource: RM.resource, schemaUrl: RM.schemaUrl, scoped: RM.scopeMetrics, scope: SM.scope, items: SM.metrics, scopeSchemaUrl: SM.schemaUrl };
const LOGS_FRAME: Frame = { block: REQ.logs.resourceLogs, resource: RL.resource, schemaUrl: RL.schemaUrl, scoped: RL.scopeLogs, scope: SL.scope, items: SL.logRecords, scopeSchemaUrl: SL.schemaUrl };
const TRACES_FRAME: Frame = { block: REQ.traces.resourceSpans, resource: RS.resource, schemaUrl: RS.schemaUrl, scoped: RS.scopeSpans, scope: SS.scope, items: SS.spans, scopeSchemaUrl: SS.schemaUrl };

/**
 * Decode a request in one pass. Throws WireFallback (or a Reader error) when the request holds
 * anything outside the shapes above; the caller then uses protobufjs. Spans are placeholders, so
 * for traces only their number matches protobufjs.
 */
export function wireDecode<S extends Signal>(signal: S, body: Uint8Array): RequestBySignal[S] {
  const r = protobuf.Reader.create(body);
  requestView = undefined;
  try {
    let request: ExportMetricsServiceRequest | ExportLogsServiceRequest | ExportTraceServiceRequest;
    if (signal === 'metrics') {
      const blocks = resourceBlocks(r, METRICS_FRAME, metric);
      request = blocks.length ? { resourceMetrics: named(blocks, 'scopeMetrics', 'metrics') as ExportMetricsServiceRequest['resourceMetrics'] } : {};
    } else if (signal === 'logs') {
      const blocks = resourceBlocks(r, LOGS_FRAME, logRecord);
      request = blocks.length ? { resourceLogs: named(blocks, 'scopeLogs', 'logRecords') as ExportLogsServiceRequest['resourceLogs'] } : {};
    } else {
      const blocks = resourceBlocks(r, TRACES_FRAME, spanPlaceholder);
      request = blocks.length ? { resourceSpans: named(blocks, 'scopeSpans', 'spans') as ExportTraceServiceRequest['resourceSpans'] } : {};
    }
    return request as RequestBySignal[S];
  } finally {
    requestView = undefined;
  }
}
