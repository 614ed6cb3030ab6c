// The environment Claude Code needs to send its telemetry to cc-top. Shared by `setup` (which
// writes it into settings.json), the TUI's empty state and `doctor` (which compare against it).
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';

export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const DEFAULT_PROTOCOL: OtlpProtocol = 'http/protobuf';

/** Claude Code's default metric interval is 60 s: far too slow for a live view. */
export const DEFAULT_METRIC_INTERVAL_MS = 10_000;
/** Events are small and drive the live event log, so they go out more often. */
export const LOGS_INTERVAL_MS = 2_000;

export interface TelemetryEnvOptions {
  protocol: OtlpProtocol;
  host: string;
  grpcPort: number;
  httpPort: number;
  /** OTEL_METRIC_EXPORT_INTERVAL; DEFAULT_METRIC_INTERVAL_MS when omitted. */
  intervalMs?: number;
}

export const DEFAULT_TELEMETRY_ENV_OPTIONS: TelemetryEnvOptions = {
  protocol: DEFAULT_PROTOCOL,
  host: DEFAULT_HOST,
  grpcPort: DEFAULT_GRPC_PORT,
  httpPort: DEFAULT_HTTP_PORT,
};

export function isOtlpProtocol(value: string): value is OtlpProtocol {
  return (OTLP_PROTOCOLS as readonly string[]).includes(value);
}

/**
 * The host Claude Code should connect to. A wildcard listen address (0.0.0.0, ::) is not an
 * address to connect to, and loopback reaches a wildcard listener; IPv6 needs brackets in a URL.
 */
export function endpointHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === '0.0.0.0' || bare === '::' || bare === '') return DEFAULT_HOST;
  return bare.includes(':') ? `[${bare}]` : bare;
}

/** OTEL_EXPORTER_OTLP_ENDPOINT: the base URL; the SDK appends /v1/metrics and /v1/logs for HTTP. */
export function otlpEndpoint(options: TelemetryEnvOptions): string {
  const port = options.protocol === 'grpc' ? options.grpcPort : options.httpPort;
  return `http://${endpointHost(options.host)}:${port}`;
}

/** The variables, in the order they are written and shown. Every value is a string, as env values must be. */
export function telemetryEnv(options: TelemetryEnvOptions): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: options.protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint(options),
    OTEL_METRIC_EXPORT_INTERVAL: String(options.intervalMs ?? DEFAULT_METRIC_INTERVAL_MS),
    OTEL_LOGS_EXPORT_INTERVAL: String(LOGS_INTERVAL_MS),
    // Adds the repository to every metric, so sessions can be attributed to projects.
    OTEL_METRICS_INCLUDE_REPOSITORY: '1',
  };
}
