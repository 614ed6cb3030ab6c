// Where Claude Code sends its telemetry before setup points it at cc-top: when that is another
// OTLP endpoint (a company's Collector), setup offers to keep it as cc-top's forward, so the
// company is not cut off. Read from settings.json's env the way the OpenTelemetry SDK reads it
// (per-signal variables win; OTLP/HTTP per-signal endpoints end in /v1/<signal>), headers and all.
import { ForwardConfigError, parseForwardTarget } from '../forward/target.js';
import type { JsonObject } from './settingsMerge.js';
import { showJson } from './terminalSafe.js';

export interface ExistingUpstream {
  /** As cc-top's forward takes it: http(s)://base or grpc(s)://host:port. */
  url: string;
  protocol: 'grpc' | 'http/protobuf';
  headers: [string, string][];
  /** The env keys that held the headers (setup moves them to cc-top's config). */
  headerKeys: string[];
  /** TLS files the exporter was given (a company CA, a client certificate): cc-top's forward does not take them. */
  tlsKeys: string[];
}

export type ExistingEndpoint = { upstream: ExistingUpstream } | { problem: string } | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2`, values percent-encoded. */
export function parseOtlpHeaders(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const raw = part.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded after all: taken as written.
    }
    out.push([part.slice(0, at).trim(), value]);
  }
  return out;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1|0\.0\.0\.0)$/i;

/** Is this URL one of cc-top's own listeners (any of its ports on this machine)? */
function isCcTop(url: string, ports: number[]): boolean {
  try {
    const u = new URL(url);
    return LOOPBACK.test(u.hostname) && ports.includes(Number(u.port || (u.protocol === 'https:' ? 443 : 80)));
  } catch {
    return false;
  }
}

/** The endpoint one signal goes to (base URL, protocol), or undefined when it is not exported over OTLP. */
function signalTarget(env: JsonObject, signal: 'metrics' | 'logs'): { base: string; protocol: string } | undefined {
  const S = signal.toUpperCase();
  if (!(str(env[`OTEL_${S}_EXPORTER`]) ?? '').split(',').includes('otlp')) return undefined;
  const protocol = str(env[`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`]) ?? str(env['OTEL_EXPORTER_OTLP_PROTOCOL']) ?? 'http/protobuf';
  const specific = str(env[`OTEL_EXPORTER_OTLP_${S}_ENDPOINT`]);
  const generic = str(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  const url = specific ?? generic;
  if (!url) return undefined;
  const base = (specific && protocol !== 'grpc' ? url.replace(new RegExp(`/v1/${signal}/?$`), '') : url).replace(/\/+$/, '');
  return { base, protocol };
}

/**
 * The endpoint Claude Code exports to now, when it is not cc-top; a problem when it cannot be
 * kept as one forward (metrics and events going to different places). `ports` are cc-top's.
 */
export function existingEndpoint(env: JsonObject, ports: number[]): ExistingEndpoint {
  const on = ['1', 'true'].includes((str(env['CLAUDE_CODE_ENABLE_TELEMETRY']) ?? '').toLowerCase());
  if (!on) return undefined;
  const targets = (['metrics', 'logs'] as const).map((s) => signalTarget(env, s)).filter((t) => t !== undefined);
  const foreign = targets.filter((t) => !isCcTop(t.base, ports));
  if (foreign.length === 0) return undefined;
  const [first] = foreign as [{ base: string; protocol: string }];
  if (foreign.some((t) => t.base !== first.base || t.protocol !== first.protocol)) {
    return { problem: `metrics and events go to different endpoints (${foreign.map((t) => showJson(t.base)).join(' and ')}); cc-top forwards to one` };
  }
  const headerKeys = ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS'].filter((k) => str(env[k]) !== undefined);
  const headers = headerKeys.flatMap((k) => parseOtlpHeaders(str(env[k])!));
  const grpc = first.protocol === 'grpc';
  const url = grpc ? first.base.replace(/^http:/, 'grpc:').replace(/^https:/, 'grpcs:') : first.base;
  try {
    const target = parseForwardTarget({ url, headers, source: 'the endpoint in settings.json' });
    const tlsKeys = Object.keys(env).filter((k) => /^OTEL_EXPORTER_OTLP_(?:(?:METRICS|LOGS)_)?(CERTIFICATE|CLIENT_KEY|CLIENT_CERTIFICATE)$/.test(k));
    return { upstream: { url: target.url, protocol: target.protocol, headers: target.headers, headerKeys, tlsKeys } };
  } catch (err) {
    if (err instanceof ForwardConfigError) return { problem: err.message };
    throw err;
  }
}
