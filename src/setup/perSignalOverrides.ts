// Per-signal exporter variables (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, ..._LOGS_PROTOCOL) win over
// the generic ones setup writes, so one left in settings.json sends that signal elsewhere while
// setup reports success. These are the ones setup takes out (and records, for --undo).
import type { EnvRemoval, JsonObject } from './settingsMerge.js';
import { showJson } from './terminalSafe.js';
import type { OtlpProtocol } from './telemetryEnv.js';

/** Traces are not cc-top's: their per-signal variables are left as they are. */
const SIGNALS = ['metrics', 'logs'] as const;

/**
 * The per-signal endpoints and protocols in `env` that would not reach cc-top at `endpoint` with
 * `protocol`. One that says the same as the generic variables is left alone.
 */
export function strayPerSignalOverrides(env: JsonObject, protocol: OtlpProtocol, endpoint: string): EnvRemoval[] {
  const removals: EnvRemoval[] = [];
  for (const signal of SIGNALS) {
    const S = signal.toUpperCase();
    const endpointKey = `OTEL_EXPORTER_OTLP_${S}_ENDPOINT`;
    const protocolKey = `OTEL_EXPORTER_OTLP_${S}_PROTOCOL`;
    // The OTel SDK uses a per-signal endpoint verbatim: for HTTP it must carry /v1/<signal>.
    const ours = protocol === 'grpc' ? endpoint : `${endpoint}/v1/${signal}`;
    if (Object.hasOwn(env, endpointKey) && env[endpointKey] !== ours) {
      removals.push({ key: endpointKey, note: `sends ${signal} to ${showJson(env[endpointKey])}, not to cc-top at ${ours}` });
    }
    if (Object.hasOwn(env, protocolKey) && env[protocolKey] !== protocol) {
      removals.push({ key: protocolKey, note: `sends ${signal} as ${showJson(env[protocolKey])}, not ${protocol}` });
    }
  }
  return removals;
}
