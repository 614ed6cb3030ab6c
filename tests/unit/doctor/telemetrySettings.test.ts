import { describe, expect, it } from 'vitest';
import { effectiveEnv, mismatch, settingsChecks, shellOverrideCheck, targetOf } from '../../../src/doctor/telemetrySettings.js';
import { telemetryEnv } from '../../../src/setup/telemetryEnv.js';

const listening = { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 };
const setupEnv = (protocol: 'grpc' | 'http/protobuf' | 'http/json' = 'http/protobuf') => telemetryEnv({ protocol, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 });

describe('where Claude Code sends each signal', () => {
  it('appends /v1/<signal> for HTTP and dials the base URL for gRPC', () => {
    expect(targetOf(setupEnv(), 'logs')).toEqual({ protocol: 'http/protobuf', url: 'http://127.0.0.1:4318/v1/logs' });
    expect(targetOf(setupEnv('grpc'), 'metrics')).toEqual({ protocol: 'grpc', url: 'http://127.0.0.1:4317' });
  });

  it('lets per-signal variables win and uses them verbatim', () => {
    const env = { ...setupEnv(), OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json' };
    expect(targetOf(env, 'logs')).toEqual({ protocol: 'http/json', url: 'http://127.0.0.1:4318' });
    // The common mistake: a per-signal endpoint without /v1/logs.
    expect(mismatch(targetOf(env, 'logs') as never, listening, 'logs')).toBe('http://127.0.0.1:4318 should end in /v1/logs');
  });

  it('falls back to http/protobuf with only an endpoint, as Claude Code 2.1.330 does; rejects unknown protocols', () => {
    expect(targetOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318/' }, 'metrics')).toEqual({ protocol: 'http/protobuf', url: 'http://localhost:4318/v1/metrics' });
    expect(targetOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, 'metrics')).toEqual({ error: expect.stringContaining('"http"') });
  });

  it('names a protocol sent to the other protocol\'s port', () => {
    const env = { ...setupEnv(), OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
    expect(mismatch(targetOf(env, 'metrics') as never, listening, 'metrics')).toContain('the protocol and the port do not match');
  });

  it('treats localhost and 127.x as this machine, and https as not cc-top', () => {
    expect(mismatch({ protocol: 'http/protobuf', url: 'http://localhost:4318/v1/logs' }, listening, 'logs')).toBeUndefined();
    expect(mismatch({ protocol: 'http/protobuf', url: 'https://127.0.0.1:4318/v1/logs' }, listening, 'logs')).toContain('https');
  });
});

describe('settings check', () => {
  it('passes for what cc-top setup writes, in every protocol', () => {
    for (const protocol of ['grpc', 'http/protobuf', 'http/json'] as const) {
      const r = settingsChecks('settings.json', setupEnv(protocol), {}, listening);
      expect(r.checks.map((c) => c.status)).toEqual(['ok']);
      expect(r.targets.logs?.protocol).toBe(protocol);
    }
  });

  it('lists every problem and names cc-top setup', () => {
    const r = settingsChecks('settings.json', { OTEL_METRICS_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9999' }, {}, listening);
    const settings = r.checks.find((c) => c.id === 'settings')!;
    expect(settings.status).toBe('fail');
    expect(settings.detail).toContain('CLAUDE_CODE_ENABLE_TELEMETRY is not "1"');
    expect(settings.detail).toContain('OTEL_METRICS_EXPORTER is "console"');
    expect(settings.detail).toContain('OTEL_LOGS_EXPORTER is unset');
    expect(settings.detail).toContain("port 9999, but cc-top's HTTP port is 4318");
    expect(settings.fix).toContain('cc-top setup');
    // Claude Code's default 60 s interval: advice, not a failure.
    expect(r.checks.find((c) => c.id === 'interval')?.status).toBe('warn');
  });

  it('accepts a configuration from the shell alone (cc-top setup --shell)', () => {
    expect(settingsChecks('settings.json', undefined, setupEnv(), listening).checks[0]!.status).toBe('ok');
  });
});

describe('shell overrides', () => {
  it('settings.json wins over the shell for keys it sets', () => {
    expect(effectiveEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://elsewhere:4318', PATH: '/bin' })).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
  });

  it('warns about a per-signal endpoint in the shell sending a signal elsewhere, and a conflicting value', () => {
    const check = shellOverrideCheck(setupEnv(), { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, listening);
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://collector:4318/v1/metrics sends metrics elsewhere');
    expect(check.detail).toContain("OTEL_EXPORTER_OTLP_PROTOCOL=grpc (settings.json's value wins");
    expect(shellOverrideCheck(setupEnv(), { HOME: '/x' }, listening).status).toBe('ok');
  });
});
