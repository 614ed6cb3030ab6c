// The doctor's end-to-end probe: an OTLP request marked with a resource attribute. cc-top records
// its arrival in the store (so `doctor` can see it got through to *this* cc-top's store) and
// counts it in no figure.
import type { ExportLogsServiceRequest, RequestBySignal, Signal } from './otlp/types.js';

export const PROBE_ATTRIBUTE = 'cc_top.probe';

function resourcesOf(signal: Signal, request: RequestBySignal[Signal]) {
  if (signal === 'metrics') return ((request as RequestBySignal['metrics']).resourceMetrics ?? []).map((r) => r.resource);
  if (signal === 'logs') return ((request as RequestBySignal['logs']).resourceLogs ?? []).map((r) => r.resource);
  return ((request as RequestBySignal['traces']).resourceSpans ?? []).map((r) => r.resource);
}

/** The probe id if this request is a cc-top probe. */
export function probeIdOf(signal: Signal, request: RequestBySignal[Signal]): string | undefined {
  for (const resource of resourcesOf(signal, request)) {
    const attr = resource?.attributes?.find((a) => a.key === PROBE_ATTRIBUTE);
    if (attr?.value?.stringValue) return attr.value.stringValue;
  }
  return undefined;
}

/** A minimal logs request carrying the probe mark. */
export function probeRequest(id: string, nowMs: number): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: PROBE_ATTRIBUTE, value: { stringValue: id } }, { key: 'service.name', value: { stringValue: 'cc-top-doctor' } }] },
        scopeLogs: [{ logRecords: [{ timeUnixNano: `${nowMs}000000`, body: { stringValue: 'cc-top doctor probe' } }] }],
      },
    ],
  };
}
