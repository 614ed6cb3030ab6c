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

/** Field numbers by name, from the descriptor. */
function ids(type: string): Record<string, number> {
  const t = root.lookupType(type);
  return Object.fromEntries(Object.values(t.fields).map((f) => [f.name, f.id]));
}

const ANY = ids('opentelemetry.proto.common.v1.AnyValue');
const KV = ids('opentelemetry.proto.common.v1.KeyValue');
const LIST = ids('opentelemetry.proto.common.v1.ArrayValue');
const SCOPE = ids('opentelemetry.proto.common.v1.InstrumentationScope');
const RES = ids('opentelemetry.proto.resource.v1.Resource');
const RM = ids('opentelemetry.proto.metrics.v1.ResourceMetrics');
const SM = ids('opentelemetry.proto.metrics.v1.ScopeMetrics');
const MET = ids('opentelemetry.proto.metrics.v1.Metric');
const SUM = ids('opentelemetry.proto.metrics.v1.Sum');
const GAUGE = ids('opentelemetry.proto.metrics.v1.Gauge');
const NDP = ids('opentelemetry.proto.metrics.v1.NumberDataPoint');
const RL = ids('opentelemetry.proto.logs.v1.ResourceLogs');
const SL = ids('opentelemetry.proto.logs.v1.ScopeLogs');
const LR = ids('opentelemetry.proto.logs.v1.LogRecord');
const RS = ids('opentelemetry.proto.trace.v1.ResourceSpans');
const SS = ids('opentelemetry.proto.trace.v1.ScopeSpans');
const REQ = {
  metrics: ids('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  logs: ids('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
  traces: ids('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
};

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

type Reader = protobuf.Reader;

/** Read one tag; returns [field, wireType]. Field 0 is illegal: protobufjs decides the error. */
function tag(r: Reader): [number, number] {
  const t = r.tag();
  if (t >>> 3 === 0) throw new WireFallback();
  return [t >>> 3, t & 7];
}

function expect(wire: number, want: number): void {
  if (wire !== want) throw new WireFallback();
}

/** Decimal text of a 64-bit value given as two 32-bit halves, as protobufjs's Long would print it. */
function int64Text(lo: number, hi: number, signed: boolean): string {
  if (signed && hi & 0x80000000) return (-((BigInt(~hi >>> 0) << 32n) + BigInt(~lo >>> 0) + 1n)).toString();
  const h = hi >>> 0;
  if (h < 0x200000) return String(h * 4294967296 + (lo >>> 0));
  return ((BigInt(h) << 32n) + BigInt(lo >>> 0)).toString();
}

function fixed64Text(r: Reader, signed: boolean): string {
  const lo = r.fixed32();
  const hi = r.fixed32();
  return int64Text(lo, hi, signed);
}

function varint64Text(r: Reader): string {
  const bits = (r as unknown as { int64(): { low: number; high: number } | number }).int64();
  if (typeof bits === 'number') return String(bits);
  return int64Text(bits.low, bits.high, true);
}

/** Run `field` for each field of the length-delimited message at the reader's position. */
function message(r: Reader, field: (f: number, wire: number) => void): void {
  const end = r.uint32() + r.pos;
  if (end > r.len) throw new WireFallback();
  while (r.pos < end) {
    const [f, wire] = tag(r);
    field(f, wire);
  }
  if (r.pos !== end) throw new WireFallback();
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

// A oneof keeps its last member on the wire, as protobufjs does.
function anyValue(r: Reader): AnyValue {
  let v: AnyValue = {};
  message(r, (f, wire) => {
    if (f === ANY.stringValue) (expect(wire, LEN), (v = { stringValue: r.string() }));
    else if (f === ANY.boolValue) (expect(wire, VARINT), (v = { boolValue: r.bool() }));
    else if (f === ANY.intValue) (expect(wire, VARINT), (v = { intValue: varint64Text(r) }));
    else if (f === ANY.doubleValue) (expect(wire, FIXED64), (v = { doubleValue: r.double() }));
    else if (f === ANY.arrayValue) {
      expect(wire, LEN);
      const values: AnyValue[] = [];
      message(r, (g, w) => (g === LIST.values ? (expect(w, LEN), values.push(anyValue(r))) : skip(r, w)));
      v = { arrayValue: values.length ? { values } : {} };
    } else if (f === ANY.kvlistValue) {
      expect(wire, LEN);
      const values: KeyValue[] = [];
      message(r, (g, w) => (g === LIST.values ? (expect(w, LEN), values.push(keyValue(r))) : skip(r, w)));
      v = { kvlistValue: values.length ? { values } : {} };
    } else if (f === ANY.bytesValue) (expect(wire, LEN), (v = { bytesValue: Buffer.from(r.bytes()).toString('base64') }));
    else skip(r, wire);
  });
  return v;
}

function keyValue(r: Reader): KeyValue {
  const kv = {} as KeyValue;
  message(r, (f, wire) => {
    if (f === KV.key) (expect(wire, LEN), set(kv, 'key', r.string()));
    else if (f === KV.value) (expect(wire, LEN), (kv.value = anyValue(r)));
    else skip(r, wire);
  });
  return kv;
}

function resource(r: Reader): Resource {
  const res: Resource = {};
  message(r, (f, wire) => {
    if (f === RES.attributes) (expect(wire, LEN), (res.attributes ??= []).push(keyValue(r)));
    else if (f === RES.droppedAttributesCount) (expect(wire, VARINT), set(res, 'droppedAttributesCount', r.uint32()));
    else if (f === RES.entityRefs) throw new WireFallback();
    else skip(r, wire);
  });
  return res;
}

function scope(r: Reader): InstrumentationScope & { droppedAttributesCount?: number } {
  const s: InstrumentationScope & { droppedAttributesCount?: number } = {};
  message(r, (f, wire) => {
    if (f === SCOPE.name) (expect(wire, LEN), set(s, 'name', r.string()));
    else if (f === SCOPE.version) (expect(wire, LEN), set(s, 'version', r.string()));
    else if (f === SCOPE.attributes) (expect(wire, LEN), (s.attributes ??= []).push(keyValue(r)));
    else if (f === SCOPE.droppedAttributesCount) (expect(wire, VARINT), set(s, 'droppedAttributesCount', r.uint32()));
    else skip(r, wire);
  });
  return s;
}

function numberPoint(r: Reader): NumberDataPoint {
  const p: NumberDataPoint = {};
  message(r, (f, wire) => {
    if (f === NDP.attributes) (expect(wire, LEN), (p.attributes ??= []).push(keyValue(r)));
    else if (f === NDP.startTimeUnixNano) (expect(wire, FIXED64), setLong(p, 'startTimeUnixNano', fixed64Text(r, false)));
    else if (f === NDP.timeUnixNano) (expect(wire, FIXED64), setLong(p, 'timeUnixNano', fixed64Text(r, false)));
    else if (f === NDP.asDouble) (expect(wire, FIXED64), delete p.asInt, (p.asDouble = r.double()));
    else if (f === NDP.asInt) (expect(wire, FIXED64), delete p.asDouble, (p.asInt = fixed64Text(r, true)));
    else if (f === NDP.flags) (expect(wire, VARINT), set(p, 'flags', r.uint32()));
    else if (f === NDP.exemplars) throw new WireFallback();
    else skip(r, wire);
  });
  return p;
}

function metric(r: Reader): Metric {
  const m: Metric = {};
  message(r, (f, wire) => {
    if (f === MET.name) (expect(wire, LEN), set(m, 'name', r.string()));
    else if (f === MET.description) (expect(wire, LEN), set(m, 'description', r.string()));
    else if (f === MET.unit) (expect(wire, LEN), set(m, 'unit', r.string()));
    else if (f === MET.sum) {
      expect(wire, LEN);
      const sum: NonNullable<Metric['sum']> = {};
      message(r, (g, w) => {
        if (g === SUM.dataPoints) (expect(w, LEN), (sum.dataPoints ??= []).push(numberPoint(r)));
        else if (g === SUM.aggregationTemporality) (expect(w, VARINT), set(sum, 'aggregationTemporality', r.int32()));
        else if (g === SUM.isMonotonic) (expect(w, VARINT), set(sum, 'isMonotonic', r.bool()));
        else skip(r, w);
      });
      delete m.gauge;
      m.sum = sum;
    } else if (f === MET.gauge) {
      expect(wire, LEN);
      const gauge: NonNullable<Metric['gauge']> = {};
      message(r, (g, w) => (g === GAUGE.dataPoints ? (expect(w, LEN), (gauge.dataPoints ??= []).push(numberPoint(r))) : skip(r, w)));
      delete m.sum;
      m.gauge = gauge;
    } else if (f === MET.histogram || f === MET.exponentialHistogram || f === MET.summary || f === MET.metadata) throw new WireFallback();
    else skip(r, wire);
  });
  return m;
}

function metricsRequest(r: Reader): ExportMetricsServiceRequest {
  const req: ExportMetricsServiceRequest = {};
  while (r.pos < r.len) {
    const [f, wire] = tag(r);
    if (f !== REQ.metrics.resourceMetrics) {
      skip(r, wire);
      continue;
    }
    expect(wire, LEN);
    const rm: NonNullable<ExportMetricsServiceRequest['resourceMetrics']>[number] = {};
    message(r, (g, w) => {
      if (g === RM.resource) (expect(w, LEN), (rm.resource = resource(r)));
      else if (g === RM.schemaUrl) (expect(w, LEN), set(rm, 'schemaUrl', r.string()));
      else if (g === RM.scopeMetrics) {
        expect(w, LEN);
        const sm: NonNullable<typeof rm.scopeMetrics>[number] = {};
        message(r, (h, x) => {
          if (h === SM.scope) (expect(x, LEN), (sm.scope = scope(r)));
          else if (h === SM.metrics) (expect(x, LEN), (sm.metrics ??= []).push(metric(r)));
          else if (h === SM.schemaUrl) (expect(x, LEN), set(sm, 'schemaUrl', r.string()));
          else skip(r, x);
        });
        (rm.scopeMetrics ??= []).push(sm);
      } else skip(r, w);
    });
    (req.resourceMetrics ??= []).push(rm);
  }
  return req;
}

function logRecord(r: Reader): LogRecord {
  const lr: LogRecord = {};
  message(r, (f, wire) => {
    if (f === LR.timeUnixNano) (expect(wire, FIXED64), setLong(lr, 'timeUnixNano', fixed64Text(r, false)));
    else if (f === LR.observedTimeUnixNano) (expect(wire, FIXED64), setLong(lr, 'observedTimeUnixNano', fixed64Text(r, false)));
    else if (f === LR.severityNumber) (expect(wire, VARINT), set(lr, 'severityNumber', r.int32()));
    else if (f === LR.severityText) (expect(wire, LEN), set(lr, 'severityText', r.string()));
    else if (f === LR.body) (expect(wire, LEN), (lr.body = anyValue(r)));
    else if (f === LR.attributes) (expect(wire, LEN), (lr.attributes ??= []).push(keyValue(r)));
    else if (f === LR.droppedAttributesCount) (expect(wire, VARINT), set(lr, 'droppedAttributesCount', r.uint32()));
    else if (f === LR.flags) (expect(wire, FIXED32), set(lr, 'flags', r.fixed32()));
    else if (f === LR.traceId || f === LR.spanId) {
      expect(wire, LEN);
      const hex = Buffer.from(r.bytes()).toString('hex');
      const key = f === LR.traceId ? 'traceId' : 'spanId';
      if (hex) lr[key] = hex;
      else delete lr[key];
    } else if (f === LR.eventName) (expect(wire, LEN), set(lr, 'eventName', r.string()));
    else skip(r, wire);
  });
  return lr;
}

function logsRequest(r: Reader): ExportLogsServiceRequest {
  const req: ExportLogsServiceRequest = {};
  while (r.pos < r.len) {
    const [f, wire] = tag(r);
    if (f !== REQ.logs.resourceLogs) {
      skip(r, wire);
      continue;
    }
    expect(wire, LEN);
    const rl: NonNullable<ExportLogsServiceRequest['resourceLogs']>[number] = {};
    message(r, (g, w) => {
      if (g === RL.resource) (expect(w, LEN), (rl.resource = resource(r)));
      else if (g === RL.schemaUrl) (expect(w, LEN), set(rl, 'schemaUrl', r.string()));
      else if (g === RL.scopeLogs) {
        expect(w, LEN);
        const sl: NonNullable<typeof rl.scopeLogs>[number] = {};
        message(r, (h, x) => {
          if (h === SL.scope) (expect(x, LEN), (sl.scope = scope(r)));
          else if (h === SL.logRecords) (expect(x, LEN), (sl.logRecords ??= []).push(logRecord(r)));
          else if (h === SL.schemaUrl) (expect(x, LEN), set(sl, 'schemaUrl', r.string()));
          else skip(r, x);
        });
        (rl.scopeLogs ??= []).push(sl);
      } else skip(r, w);
    });
    (req.resourceLogs ??= []).push(rl);
  }
  return req;
}

/** Traces are only counted: spans become empty placeholders, their content is skipped. */
function traceRequest(r: Reader): ExportTraceServiceRequest {
  const req: ExportTraceServiceRequest = {};
  while (r.pos < r.len) {
    const [f, wire] = tag(r);
    if (f !== REQ.traces.resourceSpans) {
      skip(r, wire);
      continue;
    }
    expect(wire, LEN);
    const rs: NonNullable<ExportTraceServiceRequest['resourceSpans']>[number] = {};
    message(r, (g, w) => {
      if (g === RS.resource) (expect(w, LEN), (rs.resource = resource(r)));
      else if (g === RS.scopeSpans) {
        expect(w, LEN);
        const ss: NonNullable<typeof rs.scopeSpans>[number] = {};
        message(r, (h, x) => {
          if (h === SS.spans) (expect(x, LEN), r.skipType(LEN), (ss.spans ??= []).push({}));
          else skip(r, x);
        });
        (rs.scopeSpans ??= []).push(ss);
      } else skip(r, w);
    });
    (req.resourceSpans ??= []).push(rs);
  }
  return req;
}

/**
 * Decode a request in one pass. Throws WireFallback (or a Reader error) when the request holds
 * anything outside the shapes above; the caller then uses protobufjs. Traces do not keep span
 * content, so callers comparing with protobufjs compare span counts only.
 */
export function wireDecode<S extends Signal>(signal: S, body: Uint8Array): RequestBySignal[S] {
  const r = protobuf.Reader.create(body);
  const decoded = signal === 'metrics' ? metricsRequest(r) : signal === 'logs' ? logsRequest(r) : traceRequest(r);
  return decoded as RequestBySignal[S];
}
