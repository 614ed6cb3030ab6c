// What Claude Code will do with its settings and this shell's environment: where it sends each
// signal and with which protocol, judged against where this cc-top listens.
import { isOtlpProtocol, type OtlpProtocol } from '../setup/telemetryEnv.js';
import { fail, ok, warn, type Check } from './check.js';

export type Signal = 'metrics' | 'logs';

export interface Target {
  protocol: OtlpProtocol;
  /** The URL the exporter posts to (HTTP: with /v1/<signal>) or dials (gRPC). */
  url: string;
}

export interface Listening {
  host: string;
  grpcPort: number;
  httpPort: number;
}

type Env = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/**
 * Claude Code applies settings.json's `env` over the environment it was started with: for the
 * same variable, settings.json wins; a variable it does not set comes from the shell (checked
 * with the real CLI by tests/e2e/shellOrSettings.test.ts).
 */
export function effectiveEnv(settingsEnv: Env, shellEnv: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(shellEnv)) if (k.startsWith('OTEL_') || k.startsWith('CLAUDE_CODE_')) merged[k] = v;
  for (const [k, v] of Object.entries(settingsEnv)) merged[k] = str(v);
  return merged;
}

/** Where one signal goes, per the OTel SDK's rules (per-signal variables win; HTTP appends /v1/<signal>). */
export function targetOf(env: Record<string, string | undefined>, signal: Signal): Target | { error: string } {
  const S = signal.toUpperCase();
  const protocolValue = env[`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`] ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const specific = env[`OTEL_EXPORTER_OTLP_${S}_ENDPOINT`];
  const generic = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!specific && !generic) return { error: 'no OTEL_EXPORTER_OTLP_ENDPOINT is set' };
  // Claude Code 2.1.330 falls back to http/protobuf when only an http(s) endpoint is set.
  const protocol = protocolValue ?? 'http/protobuf';
  if (!isOtlpProtocol(protocol)) return { error: `OTEL_EXPORTER_OTLP_PROTOCOL is "${protocol}"; Claude Code accepts grpc, http/protobuf or http/json` };
  if (specific) return { protocol, url: specific };
  const base = generic!.replace(/\/+$/, '');
  return { protocol, url: protocol === 'grpc' ? base : `${base}/v1/${signal}` };
}

function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => (h === 'localhost' || h === '[::1]' || h === '::1' || h.startsWith('127.') || h === '0.0.0.0' || h === '::' ? 'loopback' : h.toLowerCase());
  return norm(a) === norm(b);
}

/** Does this target reach this cc-top? A reason when not. */
export function mismatch(target: Target, listening: Listening, signal: Signal): string | undefined {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return `"${target.url}" is not a URL`;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const want = target.protocol === 'grpc' ? listening.grpcPort : listening.httpPort;
  if (url.protocol === 'https:') return `${target.url} uses https; cc-top serves plain http on ${listening.host}`;
  if (!sameHost(url.hostname, listening.host)) return `${target.url} is not this machine's cc-top (listening on ${listening.host})`;
  if (port !== want) return `${target.url} is port ${port}, but cc-top's ${target.protocol === 'grpc' ? 'gRPC' : 'HTTP'} port is ${want}${port === (target.protocol === 'grpc' ? listening.httpPort : listening.grpcPort) ? ' (the protocol and the port do not match)' : ''}`;
  if (target.protocol !== 'grpc' && url.pathname !== `/v1/${signal}`) return `${target.url} should end in /v1/${signal}`;
  return undefined;
}

/** Keys that decide whether and where Claude Code exports; the others (intervals, headers) do not. */
function isRoutingKey(key: string): boolean {
  return key.startsWith('OTEL_EXPORTER_OTLP_') || key === 'CLAUDE_CODE_ENABLE_TELEMETRY' || key === 'OTEL_METRICS_EXPORTER' || key === 'OTEL_LOGS_EXPORTER';
}

/** What is wrong with this environment, and where each signal would go. */
function problemsOf(env: Record<string, string | undefined>, listening: Listening): { problems: string[]; targets: Partial<Record<Signal, Target>> } {
  const problems: string[] = [];
  if (env.CLAUDE_CODE_ENABLE_TELEMETRY !== '1') problems.push('CLAUDE_CODE_ENABLE_TELEMETRY is not "1"');
  for (const [key, signal] of [['OTEL_METRICS_EXPORTER', 'metrics'], ['OTEL_LOGS_EXPORTER', 'events']] as const) {
    if (!(env[key] ?? '').split(',').includes('otlp')) problems.push(`${key} is ${env[key] ? `"${env[key]}"` : 'unset'}, so no ${signal} are sent`);
  }
  const targets: Partial<Record<Signal, Target>> = {};
  for (const signal of ['metrics', 'logs'] as const) {
    const t = targetOf(env, signal);
    if ('error' in t) {
      problems.push(t.error);
      continue;
    }
    const why = mismatch(t, listening, signal);
    if (why) problems.push(`${signal}: ${why}`);
    targets[signal] = t;
  }
  return { problems: [...new Set(problems)], targets };
}

/**
 * @param notLoaded why Claude Code will not load the settings file at all (a comment, a trailing
 *   comma): then its `env` is not in effect, and no setup run fixes that.
 */
export function settingsChecks(
  settingsFile: string,
  settingsEnv: Env | undefined,
  shellEnv: NodeJS.ProcessEnv,
  listening: Listening,
  notLoaded?: string,
): { checks: Check[]; targets: Partial<Record<Signal, Target>> } {
  const label = 'Claude Code settings';
  const inEffect = notLoaded ? undefined : settingsEnv;
  // Without an "env" block the shell alone may configure Claude Code (`cc-top setup --shell`).
  const env = effectiveEnv(inEffect ?? {}, shellEnv);
  const { problems, targets } = problemsOf(env, listening);
  let check: Check;
  if (notLoaded) {
    check = fail('settings', label, `${settingsFile}: Claude Code will not load it: ${notLoaded}${problems.length ? `; without it: ${problems.join('; ')}` : ''}`, 'remove every comment and trailing comma from it (cc-top setup keeps them), then restart Claude Code');
  } else if (problems.length === 0) {
    check = ok('settings', label, `${settingsFile}: telemetry on, ${targets.metrics!.protocol} to ${targets.metrics!.url.replace(/\/v1\/metrics$/, '')}`);
  } else {
    // Shell variables settings.json does not set are used as they are: when they alone break it,
    // running setup again changes nothing, so say which to unset instead.
    const fromShell = Object.keys(shellEnv).filter((k) => shellEnv[k] !== undefined && isRoutingKey(k) && !(inEffect && k in inEffect));
    const settingsAlone = problemsOf(effectiveEnv(inEffect ?? {}, {}), listening).problems.length === 0;
    const detail = `${settingsFile}${inEffect ? '' : ' has no "env" block'}: ${problems.join('; ')}`;
    check =
      settingsAlone && fromShell.length > 0
        ? fail(
            'settings',
            label,
            `${detail} (from this shell: ${fromShell.join(', ')})`,
            `unset ${fromShell.join(', ')} in your shell profile: settings.json does not set ${fromShell.length === 1 ? 'it' : 'them'}, so the shell's value is used (a per-signal variable also beats settings.json's generic one); then restart Claude Code`,
          )
        : fail('settings', label, detail, 'run `cc-top setup` (add --protocol or ports to match this cc-top), then restart Claude Code');
  }
  const checks: Check[] = [check];
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000);
  if (interval >= 30_000) checks.push(warn('interval', 'Metric export interval', `${interval / 1000} s: cost and tokens arrive that long after each request`, 'run `cc-top setup` (sets 10 s), or set OTEL_METRIC_EXPORT_INTERVAL lower'));
  return { checks, targets };
}

/** Variables in this shell that would send telemetry elsewhere, or switch it off. */
export function shellOverrideCheck(settingsEnv: Env | undefined, shellEnv: NodeJS.ProcessEnv, listening: Listening): Check {
  const label = 'This shell';
  const notes: string[] = [];
  const inSettings = (k: string) => settingsEnv !== undefined && k in settingsEnv;
  for (const [key, value] of Object.entries(shellEnv)) {
    if (value === undefined || !(key.startsWith('OTEL_EXPORTER_OTLP_') || key === 'CLAUDE_CODE_ENABLE_TELEMETRY' || key === 'OTEL_METRICS_EXPORTER' || key === 'OTEL_LOGS_EXPORTER')) continue;
    if (inSettings(key)) {
      if (str(settingsEnv![key]) !== value) notes.push(`${key}=${value} (settings.json's value wins in Claude Code, but not in other tools)`);
      continue;
    }
    // Not in settings.json: Claude Code uses the shell's value, and a per-signal one wins over settings.json's generic one.
    const perSignal = /^OTEL_EXPORTER_OTLP_(METRICS|LOGS)_(ENDPOINT|PROTOCOL)$/.exec(key);
    const signal = perSignal?.[1]?.toLowerCase() as Signal | undefined;
    if (signal && perSignal?.[2] === 'ENDPOINT') {
      const why = mismatch({ protocol: 'http/protobuf', url: value }, listening, signal);
      if (why) notes.push(`${key}=${value} sends ${signal} elsewhere: ${why}`);
    } else if (signal) {
      const generic = settingsEnv !== undefined ? str(settingsEnv['OTEL_EXPORTER_OTLP_PROTOCOL']) : undefined;
      if (generic !== undefined && generic !== value) notes.push(`${key}=${value} sends ${signal} as ${value}, not settings.json's ${generic}`);
    } else if (key === 'CLAUDE_CODE_ENABLE_TELEMETRY' && value !== '1') notes.push(`${key}=${value} turns telemetry off`);
  }
  return notes.length === 0 ? ok('shell', label, 'no variable here overrides the settings') : warn('shell', label, notes.join('; '), 'unset these in your shell profile (or set them to match), then restart Claude Code');
}
