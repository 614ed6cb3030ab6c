import { describe, expect, it } from 'vitest';
import { endpointHost, telemetryEnv } from '../../../src/setup/telemetryEnv.js';
import { locateJsonError } from '../../../src/files/jsonText.js';
import { planSetup, planUndo } from '../../../src/setup/settingsMerge.js';
import { backupStamp } from '../../../src/setup/settingsFile.js';

const base = { protocol: 'http/protobuf', host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 } as const;

describe('telemetryEnv', () => {
  it('points at the gRPC port for grpc and the HTTP port otherwise', () => {
    expect(telemetryEnv({ ...base, protocol: 'grpc' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4317');
    expect(telemetryEnv({ ...base, protocol: 'http/json', httpPort: 9000 }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:9000');
    expect(telemetryEnv({ ...base, intervalMs: 5000 }).OTEL_METRIC_EXPORT_INTERVAL).toBe('5000');
  });

  it('maps wildcard listen addresses to loopback and brackets IPv6', () => {
    expect(endpointHost('0.0.0.0')).toBe('127.0.0.1');
    expect(endpointHost('::')).toBe('127.0.0.1');
    expect(endpointHost('[::]')).toBe('127.0.0.1');
    expect(endpointHost('::1')).toBe('[::1]');
    expect(endpointHost('[::1]')).toBe('[::1]');
    expect(endpointHost('192.168.1.5')).toBe('192.168.1.5');
    expect(telemetryEnv({ ...base, host: '::1' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://[::1]:4318');
  });

  it('has only string values, in a fixed order', () => {
    const env = telemetryEnv(base);
    expect(Object.values(env).every((v) => typeof v === 'string')).toBe(true);
    expect(Object.keys(env)[0]).toBe('CLAUDE_CODE_ENABLE_TELEMETRY');
  });
});

describe('locateJsonError', () => {
  const where = (text: string) => {
    try {
      JSON.parse(text);
    } catch (err) {
      const at = locateJsonError(text, err as Error);
      return [at.line, at.column];
    }
    throw new Error('expected invalid JSON');
  };

  it('finds the line and column whether or not V8 names the position', () => {
    expect(where('{\n  // c\n}')).toEqual([2, 3]);
    expect(where('{\n  "a": 1,\n}')).toEqual([3, 1]);
    expect(where('{\n  "a" 1\n}')).toEqual([2, 7]);
    expect(where('{\n  "a": [1,]\n}')).toEqual([2, 11]);
    expect(where('{"a": 1')).toEqual([1, 8]);
  });

  it('drops V8 echoing the whole input from the cause', () => {
    const text = '{"secret": "sk-123", x}';
    try {
      JSON.parse(text);
    } catch (err) {
      expect(locateJsonError(text, err as Error).cause).not.toContain('sk-123');
    }
  });
});

describe('planSetup / planUndo', () => {
  it('does not mutate its input and records only what it changed', () => {
    const settings = { env: { CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'console' } };
    const snapshot = structuredClone(settings);
    const plan = planSetup(settings, { env: telemetryEnv(base) }, null);
    expect(settings).toEqual(snapshot);
    expect(plan.record.env['CLAUDE_CODE_ENABLE_TELEMETRY']).toBeUndefined();
    expect(plan.record.env['OTEL_LOGS_EXPORTER']).toEqual({ had: true, previous: 'console', value: 'otlp' });
    expect(plan.record.createdEnv).toBe(false);
    const undo = planUndo(plan.settings, plan.record);
    expect(undo.settings).toEqual(snapshot);
    expect(undo.leftAlone).toEqual([]);
  });

  it('restores a non-string previous value as it was', () => {
    const settings = { env: { CLAUDE_CODE_ENABLE_TELEMETRY: 1 } };
    const plan = planSetup(settings, { env: telemetryEnv(base) }, null);
    expect(plan.changes[0]).toEqual({ path: 'env.CLAUDE_CODE_ENABLE_TELEMETRY', kind: 'change', before: 1, after: '1' });
    expect(planUndo(plan.settings, plan.record).settings).toEqual(settings);
  });
});

describe('backupStamp', () => {
  it('is a compact UTC time', () => {
    expect(backupStamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('20260102T030405Z');
  });
});
