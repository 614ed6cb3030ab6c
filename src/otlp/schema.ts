// Message types of the OTLP schema, resolved once.
import protobuf from 'protobufjs';
import { OTLP_DESCRIPTOR } from './proto/otlpDescriptor.js';
import type { Signal } from './types.js';

const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR);

const SERVICE: Record<Signal, { pkg: string; name: string }> = {
  metrics: { pkg: 'opentelemetry.proto.collector.metrics.v1', name: 'Metrics' },
  logs: { pkg: 'opentelemetry.proto.collector.logs.v1', name: 'Logs' },
  traces: { pkg: 'opentelemetry.proto.collector.trace.v1', name: 'Trace' },
};

export const REQUEST_TYPE: Record<Signal, protobuf.Type> = {
  metrics: root.lookupType(`${SERVICE.metrics.pkg}.ExportMetricsServiceRequest`),
  logs: root.lookupType(`${SERVICE.logs.pkg}.ExportLogsServiceRequest`),
  traces: root.lookupType(`${SERVICE.traces.pkg}.ExportTraceServiceRequest`),
};

export const RESPONSE_TYPE: Record<Signal, protobuf.Type> = {
  metrics: root.lookupType(`${SERVICE.metrics.pkg}.ExportMetricsServiceResponse`),
  logs: root.lookupType(`${SERVICE.logs.pkg}.ExportLogsServiceResponse`),
  traces: root.lookupType(`${SERVICE.traces.pkg}.ExportTraceServiceResponse`),
};

export const STATUS_TYPE = root.lookupType('google.rpc.Status');

/** The messages a request's item cap counts: data points, log records, spans. */
export const ITEM_TYPES: Record<Signal, protobuf.Type[]> = {
  metrics: ['NumberDataPoint', 'HistogramDataPoint', 'ExponentialHistogramDataPoint', 'SummaryDataPoint'].map((t) => root.lookupType(`opentelemetry.proto.metrics.v1.${t}`)),
  logs: [root.lookupType('opentelemetry.proto.logs.v1.LogRecord')],
  traces: [root.lookupType('opentelemetry.proto.trace.v1.Span')],
};

/** The gRPC method path of a signal's Export call. */
export function grpcExportPath(signal: Signal): string {
  const s = SERVICE[signal];
  return `/${s.pkg}.${s.name}Service/Export`;
}

/** The field of a partial success that counts what was rejected. */
export const REJECTED_FIELD: Record<Signal, string> = {
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
  traces: 'rejectedSpans',
};
