// The decoded shape of OTLP export requests, as the receiver hands them on.
//
// Both transports and both encodings (protobuf and OTLP/JSON) normalise to this one shape, so the
// layers above never know how a request arrived: field names are lowerCamelCase as in OTLP/JSON,
// every 64-bit integer (timestamps, intValue, asInt) is a decimal string (JS numbers lose
// precision past 2^53), enums are numbers, trace/span ids are lowercase hex strings, and fields
// that were not set are absent. Only the parts cc-top reads are typed; others pass through.

export type Signal = 'metrics' | 'logs' | 'traces';

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  /** base64 */
  bytesValue?: string;
}

export interface KeyValue {
  key: string;
  value?: AnyValue;
}

export interface Resource {
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

export interface InstrumentationScope {
  name?: string;
  version?: string;
  attributes?: KeyValue[];
}

/** OTLP AggregationTemporality enum values. */
export const TEMPORALITY_UNSPECIFIED = 0;
export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;

export interface NumberDataPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  asDouble?: number;
  asInt?: string;
  flags?: number;
}

export interface Sum {
  dataPoints?: NumberDataPoint[];
  aggregationTemporality?: number;
  isMonotonic?: boolean;
}

export interface Gauge {
  dataPoints?: NumberDataPoint[];
}

export interface Metric {
  name?: string;
  description?: string;
  unit?: string;
  sum?: Sum;
  gauge?: Gauge;
  /** Other data kinds are kept opaque: cc-top counts their points but does not interpret them. */
  histogram?: { dataPoints?: unknown[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: unknown[]; aggregationTemporality?: number };
  summary?: { dataPoints?: unknown[] };
}

export interface ScopeMetrics {
  scope?: InstrumentationScope;
  metrics?: Metric[];
  schemaUrl?: string;
}

export interface ResourceMetrics {
  resource?: Resource;
  scopeMetrics?: ScopeMetrics[];
  schemaUrl?: string;
}

export interface ExportMetricsServiceRequest {
  resourceMetrics?: ResourceMetrics[];
}

export interface LogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  /** lowercase hex */
  traceId?: string;
  /** lowercase hex */
  spanId?: string;
  eventName?: string;
}

export interface ScopeLogs {
  scope?: InstrumentationScope;
  logRecords?: LogRecord[];
  schemaUrl?: string;
}

export interface ResourceLogs {
  resource?: Resource;
  scopeLogs?: ScopeLogs[];
  schemaUrl?: string;
}

export interface ExportLogsServiceRequest {
  resourceLogs?: ResourceLogs[];
}

export interface ScopeSpans {
  scope?: InstrumentationScope;
  spans?: unknown[];
}

export interface ResourceSpans {
  resource?: Resource;
  scopeSpans?: ScopeSpans[];
}

export interface ExportTraceServiceRequest {
  resourceSpans?: ResourceSpans[];
}

export interface RequestBySignal {
  metrics: ExportMetricsServiceRequest;
  logs: ExportLogsServiceRequest;
  traces: ExportTraceServiceRequest;
}

/**
 * What the consumer made of one request. `rejected` counts data points (metrics), log records
 * (logs) or spans (traces) that were refused; a non-zero count becomes an OTLP `partial_success`
 * with `errorMessage`. The request itself still succeeds: OTLP says a client must not retry it.
 */
export interface ExportResult {
  rejected: number;
  errorMessage?: string;
  /** For this receiver only (the doctor's probe): not handed to later sinks such as forwarding. */
  local?: boolean;
}

/**
 * The single entry point both transports call, as the Collector's otlpreceiver does. A request is
 * applied to the in-memory store before it is answered, so a 200/OK means the data is counted. A
 * large request may be applied in slices (a promise), so that others are served in between.
 * Throwing (or rejecting) is a bug in cc-top and maps to HTTP 500 / gRPC INTERNAL.
 */
export type ExportConsumer = <S extends Signal>(signal: S, request: RequestBySignal[S]) => ExportResult | Promise<ExportResult>;
