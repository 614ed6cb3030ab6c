// Build OTLP requests of any shape in the decoded form (src/otlp/types.ts), encode them as
// protobuf or OTLP/JSON (optionally gzip), and post them to a receiver.
import { gzipSync } from 'node:zlib';
import { REQUEST_TYPE } from '../../src/otlp/schema.js';
import type { AnyValue, ExportLogsServiceRequest, ExportMetricsServiceRequest, KeyValue, RequestBySignal, Signal } from '../../src/otlp/types.js';

export type Attributes = Record<string, string | number | boolean>;

export function keyValues(attrs: Attributes): KeyValue[] {
  return Object.entries(attrs).map(([key, v]): KeyValue => {
    const value: AnyValue =
      typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
    return { key, value };
  });
}

export const CLAUDE_RESOURCE: Attributes = { 'service.name': 'claude-code', 'service.version': '2.1.330', 'os.type': 'linux', 'host.arch': 'amd64' };

export interface PointSpec {
  attrs: Attributes;
  startNs?: string;
  timeNs: string;
  value: number;
}

export function metricsRequest(spec: {
  resource?: Attributes;
  metrics: { name: string; temporality?: 1 | 2; points: PointSpec[] }[];
}): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: keyValues(spec.resource ?? CLAUDE_RESOURCE) },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: '2.1.330' },
            metrics: spec.metrics.map((m) => ({
              name: m.name,
              sum: {
                aggregationTemporality: m.temporality ?? 1,
                isMonotonic: true,
                dataPoints: m.points.map((p) => ({ attributes: keyValues(p.attrs), startTimeUnixNano: p.startNs ?? p.timeNs, timeUnixNano: p.timeNs, asDouble: p.value })),
              },
            })),
          },
        ],
      },
    ],
  };
}

export function logsRequest(spec: { resource?: Attributes; records: { eventName: string; timeNs: string; attrs: Attributes }[] }): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: keyValues(spec.resource ?? CLAUDE_RESOURCE) },
        scopeLogs: [
          {
            scope: { name: 'com.anthropic.claude_code.events', version: '2.1.330' },
            logRecords: spec.records.map((r) => ({
              timeUnixNano: r.timeNs,
              observedTimeUnixNano: r.timeNs,
              body: { stringValue: `claude_code.${r.eventName}` },
              attributes: keyValues({ 'event.name': r.eventName, ...r.attrs }),
            })),
          },
        ],
      },
    ],
  };
}

/** Encode a decoded-form request: protobuf bytes, or OTLP/JSON (hex ids, int64 as strings). */
export function encodeRequest<S extends Signal>(signal: S, request: RequestBySignal[S], encoding: 'protobuf' | 'json'): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(request));
  const type = REQUEST_TYPE[signal];
  const forProtobuf = JSON.parse(JSON.stringify(request), (key: string, v: unknown) =>
    (key === 'traceId' || key === 'spanId') && typeof v === 'string' ? Buffer.from(v, 'hex').toString('base64') : v,
  ) as Record<string, unknown>;
  return Buffer.from(type.encode(type.fromObject(forProtobuf)).finish());
}

export async function postOtlp(
  baseUrl: string,
  signal: Signal,
  body: Buffer,
  options: { contentType: 'application/x-protobuf' | 'application/json'; gzip?: boolean },
): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(`${baseUrl}/v1/${signal}`, {
    method: 'POST',
    headers: { 'Content-Type': options.contentType, ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}) },
    body: options.gzip ? gzipSync(body) : body,
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}
