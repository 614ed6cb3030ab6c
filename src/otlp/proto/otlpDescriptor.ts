// The OTLP protobuf schema as a protobufjs JSON descriptor.
//
// The schema is the OpenTelemetry Protocol's (opentelemetry-proto v1.x, Apache License 2.0,
// Copyright The OpenTelemetry Authors): message and field names, field numbers and types follow
// its common, resource, metrics, logs and trace protos and the three collector service protos,
// plus google.rpc.Status for error bodies. It is written out here in protobufjs's descriptor form
// rather than vendored as .proto files; tests check it against the OpenTelemetry JS SDK's own
// protobuf encoding and against real Claude Code payloads.
import type { INamespace } from 'protobufjs';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated'; options?: Record<string, unknown> }>;

const msg = (fields: Fields, extra: Omit<INamespace, 'fields'> & { oneofs?: Record<string, { oneof: string[] }> } = {}) => ({ fields, ...extra });
const repeated = (type: string, id: number) => ({ type, id, rule: 'repeated' as const });
/** proto3 `optional`: protobufjs models it as a synthetic oneof. */
const optional = (name: string) => ({ [`_${name}`]: { oneof: [name] } });

const KV = 'opentelemetry.proto.common.v1.KeyValue';
const RESOURCE = 'opentelemetry.proto.resource.v1.Resource';
const SCOPE = 'opentelemetry.proto.common.v1.InstrumentationScope';

const common = {
  AnyValue: msg(
    {
      stringValue: { type: 'string', id: 1 },
      boolValue: { type: 'bool', id: 2 },
      intValue: { type: 'int64', id: 3 },
      doubleValue: { type: 'double', id: 4 },
      arrayValue: { type: 'ArrayValue', id: 5 },
      kvlistValue: { type: 'KeyValueList', id: 6 },
      bytesValue: { type: 'bytes', id: 7 },
    },
    { oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } } },
  ),
  ArrayValue: msg({ values: repeated('AnyValue', 1) }),
  KeyValueList: msg({ values: repeated('KeyValue', 1) }),
  KeyValue: msg({ key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } }),
  InstrumentationScope: msg({
    name: { type: 'string', id: 1 },
    version: { type: 'string', id: 2 },
    attributes: repeated('KeyValue', 3),
    droppedAttributesCount: { type: 'uint32', id: 4 },
  }),
  EntityRef: msg({
    schemaUrl: { type: 'string', id: 1 },
    type: { type: 'string', id: 2 },
    idKeys: repeated('string', 3),
    descriptionKeys: repeated('string', 4),
  }),
};

const resource = {
  Resource: msg({
    attributes: repeated(KV, 1),
    droppedAttributesCount: { type: 'uint32', id: 2 },
    entityRefs: repeated('opentelemetry.proto.common.v1.EntityRef', 3),
  }),
};

const dataPointTimes = {
  startTimeUnixNano: { type: 'fixed64', id: 2 },
  timeUnixNano: { type: 'fixed64', id: 3 },
};

const metrics = {
  AggregationTemporality: {
    values: { AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 },
  },
  DataPointFlags: { values: { DATA_POINT_FLAGS_DO_NOT_USE: 0, DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK: 1 } },
  MetricsData: msg({ resourceMetrics: repeated('ResourceMetrics', 1) }),
  ResourceMetrics: msg({ resource: { type: RESOURCE, id: 1 }, scopeMetrics: repeated('ScopeMetrics', 2), schemaUrl: { type: 'string', id: 3 } }),
  ScopeMetrics: msg({ scope: { type: SCOPE, id: 1 }, metrics: repeated('Metric', 2), schemaUrl: { type: 'string', id: 3 } }),
  Metric: msg(
    {
      name: { type: 'string', id: 1 },
      description: { type: 'string', id: 2 },
      unit: { type: 'string', id: 3 },
      gauge: { type: 'Gauge', id: 5 },
      sum: { type: 'Sum', id: 7 },
      histogram: { type: 'Histogram', id: 9 },
      exponentialHistogram: { type: 'ExponentialHistogram', id: 10 },
      summary: { type: 'Summary', id: 11 },
      metadata: repeated(KV, 12),
    },
    { oneofs: { data: { oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] } } },
  ),
  Gauge: msg({ dataPoints: repeated('NumberDataPoint', 1) }),
  Sum: msg({
    dataPoints: repeated('NumberDataPoint', 1),
    aggregationTemporality: { type: 'AggregationTemporality', id: 2 },
    isMonotonic: { type: 'bool', id: 3 },
  }),
  Histogram: msg({ dataPoints: repeated('HistogramDataPoint', 1), aggregationTemporality: { type: 'AggregationTemporality', id: 2 } }),
  ExponentialHistogram: msg({
    dataPoints: repeated('ExponentialHistogramDataPoint', 1),
    aggregationTemporality: { type: 'AggregationTemporality', id: 2 },
  }),
  Summary: msg({ dataPoints: repeated('SummaryDataPoint', 1) }),
  NumberDataPoint: msg(
    {
      attributes: repeated(KV, 7),
      ...dataPointTimes,
      asDouble: { type: 'double', id: 4 },
      asInt: { type: 'sfixed64', id: 6 },
      exemplars: repeated('Exemplar', 5),
      flags: { type: 'uint32', id: 8 },
    },
    { oneofs: { value: { oneof: ['asDouble', 'asInt'] } } },
  ),
  HistogramDataPoint: msg(
    {
      attributes: repeated(KV, 9),
      ...dataPointTimes,
      count: { type: 'fixed64', id: 4 },
      sum: { type: 'double', id: 5 },
      bucketCounts: repeated('fixed64', 6),
      explicitBounds: repeated('double', 7),
      exemplars: repeated('Exemplar', 8),
      flags: { type: 'uint32', id: 10 },
      min: { type: 'double', id: 11 },
      max: { type: 'double', id: 12 },
    },
    { oneofs: { ...optional('sum'), ...optional('min'), ...optional('max') } },
  ),
  ExponentialHistogramDataPoint: msg(
    {
      attributes: repeated(KV, 1),
      ...dataPointTimes,
      count: { type: 'fixed64', id: 4 },
      sum: { type: 'double', id: 5 },
      scale: { type: 'sint32', id: 6 },
      zeroCount: { type: 'fixed64', id: 7 },
      positive: { type: 'Buckets', id: 8 },
      negative: { type: 'Buckets', id: 9 },
      flags: { type: 'uint32', id: 10 },
      exemplars: repeated('Exemplar', 11),
      min: { type: 'double', id: 12 },
      max: { type: 'double', id: 13 },
      zeroThreshold: { type: 'double', id: 14 },
    },
    {
      oneofs: { ...optional('sum'), ...optional('min'), ...optional('max') },
      nested: { Buckets: msg({ offset: { type: 'sint32', id: 1 }, bucketCounts: repeated('uint64', 2) }) },
    },
  ),
  SummaryDataPoint: msg(
    {
      attributes: repeated(KV, 7),
      ...dataPointTimes,
      count: { type: 'fixed64', id: 4 },
      sum: { type: 'double', id: 5 },
      quantileValues: repeated('ValueAtQuantile', 6),
      flags: { type: 'uint32', id: 8 },
    },
    { nested: { ValueAtQuantile: msg({ quantile: { type: 'double', id: 1 }, value: { type: 'double', id: 2 } }) } },
  ),
  Exemplar: msg(
    {
      filteredAttributes: repeated(KV, 7),
      timeUnixNano: { type: 'fixed64', id: 2 },
      asDouble: { type: 'double', id: 3 },
      asInt: { type: 'sfixed64', id: 6 },
      spanId: { type: 'bytes', id: 4 },
      traceId: { type: 'bytes', id: 5 },
    },
    { oneofs: { value: { oneof: ['asDouble', 'asInt'] } } },
  ),
};

const severityNames = [
  'UNSPECIFIED', 'TRACE', 'TRACE2', 'TRACE3', 'TRACE4', 'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'INFO', 'INFO2', 'INFO3', 'INFO4',
  'WARN', 'WARN2', 'WARN3', 'WARN4', 'ERROR', 'ERROR2', 'ERROR3', 'ERROR4', 'FATAL', 'FATAL2', 'FATAL3', 'FATAL4',
];

const logs = {
  SeverityNumber: { values: Object.fromEntries(severityNames.map((n, i) => [`SEVERITY_NUMBER_${n}`, i])) },
  LogRecordFlags: { values: { LOG_RECORD_FLAGS_DO_NOT_USE: 0, LOG_RECORD_FLAGS_TRACE_FLAGS_MASK: 255 } },
  LogsData: msg({ resourceLogs: repeated('ResourceLogs', 1) }),
  ResourceLogs: msg({ resource: { type: RESOURCE, id: 1 }, scopeLogs: repeated('ScopeLogs', 2), schemaUrl: { type: 'string', id: 3 } }),
  ScopeLogs: msg({ scope: { type: SCOPE, id: 1 }, logRecords: repeated('LogRecord', 2), schemaUrl: { type: 'string', id: 3 } }),
  LogRecord: msg({
    timeUnixNano: { type: 'fixed64', id: 1 },
    observedTimeUnixNano: { type: 'fixed64', id: 11 },
    severityNumber: { type: 'SeverityNumber', id: 2 },
    severityText: { type: 'string', id: 3 },
    body: { type: 'opentelemetry.proto.common.v1.AnyValue', id: 5 },
    attributes: repeated(KV, 6),
    droppedAttributesCount: { type: 'uint32', id: 7 },
    flags: { type: 'fixed32', id: 8 },
    traceId: { type: 'bytes', id: 9 },
    spanId: { type: 'bytes', id: 10 },
    eventName: { type: 'string', id: 12 },
  }),
};

const trace = {
  TracesData: msg({ resourceSpans: repeated('ResourceSpans', 1) }),
  ResourceSpans: msg({ resource: { type: RESOURCE, id: 1 }, scopeSpans: repeated('ScopeSpans', 2), schemaUrl: { type: 'string', id: 3 } }),
  ScopeSpans: msg({ scope: { type: SCOPE, id: 1 }, spans: repeated('Span', 2), schemaUrl: { type: 'string', id: 3 } }),
  Span: msg(
    {
      traceId: { type: 'bytes', id: 1 },
      spanId: { type: 'bytes', id: 2 },
      traceState: { type: 'string', id: 3 },
      parentSpanId: { type: 'bytes', id: 4 },
      flags: { type: 'fixed32', id: 16 },
      name: { type: 'string', id: 5 },
      kind: { type: 'SpanKind', id: 6 },
      startTimeUnixNano: { type: 'fixed64', id: 7 },
      endTimeUnixNano: { type: 'fixed64', id: 8 },
      attributes: repeated(KV, 9),
      droppedAttributesCount: { type: 'uint32', id: 10 },
      events: repeated('Event', 11),
      droppedEventsCount: { type: 'uint32', id: 12 },
      links: repeated('Link', 13),
      droppedLinksCount: { type: 'uint32', id: 14 },
      status: { type: 'Status', id: 15 },
    },
    {
      nested: {
        SpanKind: {
          values: {
            SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
          },
        },
        Event: msg({
          timeUnixNano: { type: 'fixed64', id: 1 },
          name: { type: 'string', id: 2 },
          attributes: repeated(KV, 3),
          droppedAttributesCount: { type: 'uint32', id: 4 },
        }),
        Link: msg({
          traceId: { type: 'bytes', id: 1 },
          spanId: { type: 'bytes', id: 2 },
          traceState: { type: 'string', id: 3 },
          attributes: repeated(KV, 4),
          droppedAttributesCount: { type: 'uint32', id: 5 },
          flags: { type: 'fixed32', id: 6 },
        }),
      },
    },
  ),
  Status: msg(
    { message: { type: 'string', id: 2 }, code: { type: 'StatusCode', id: 3 } },
    { nested: { StatusCode: { values: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 } } } },
  ),
};

const service = (signal: 'Metrics' | 'Logs' | 'Trace', resourceField: string, resourceType: string, rejectedField: string) => ({
  [`Export${signal}ServiceRequest`]: msg({ [resourceField]: repeated(resourceType, 1) }),
  [`Export${signal}ServiceResponse`]: msg({ partialSuccess: { type: `Export${signal}PartialSuccess`, id: 1 } }),
  [`Export${signal}PartialSuccess`]: msg({ [rejectedField]: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } }),
});

export const OTLP_DESCRIPTOR: INamespace = {
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: { nested: { v1: { nested: common } } },
            resource: { nested: { v1: { nested: resource } } },
            metrics: { nested: { v1: { nested: metrics } } },
            logs: { nested: { v1: { nested: logs } } },
            trace: { nested: { v1: { nested: trace } } },
            collector: {
              nested: {
                metrics: { nested: { v1: { nested: service('Metrics', 'resourceMetrics', 'opentelemetry.proto.metrics.v1.ResourceMetrics', 'rejectedDataPoints') } } },
                logs: { nested: { v1: { nested: service('Logs', 'resourceLogs', 'opentelemetry.proto.logs.v1.ResourceLogs', 'rejectedLogRecords') } } },
                trace: { nested: { v1: { nested: service('Trace', 'resourceSpans', 'opentelemetry.proto.trace.v1.ResourceSpans', 'rejectedSpans') } } },
              },
            },
          },
        },
      },
    },
    google: {
      nested: {
        protobuf: { nested: { Any: msg({ typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } }) } },
        rpc: {
          nested: {
            Status: msg({ code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: repeated('google.protobuf.Any', 3) }),
          },
        },
      },
    },
  },
};
