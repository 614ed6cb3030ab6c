import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf, jsonTooDeep } from '../../../src/otlp/decode.js';
import { REQUEST_TYPE } from '../../../src/otlp/schema.js';
import { interpretLogs } from '../../../src/telemetry/events.js';
import { interpretMetrics } from '../../../src/telemetry/metrics.js';
import { encodeRequest, logsRequest } from '../../builders/otlpRequest.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function ok<T>(r: { ok: true; request: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.request;
}

describe('decoding real Claude Code payloads', () => {
  it('decodes the protobuf metrics sample into exact typed figures', () => {
    const request = ok(decodeProtobuf('metrics', fixture('metrics-edit-commit.pb')));
    const batch = interpretMetrics(request);
    expect(batch.rejected).toEqual([]);
    expect(batch.unknown).toEqual([]);
    const byCounter = Object.fromEntries(batch.samples.map((s) => [s.counter, s.units]));
    expect(byCounter).toMatchObject({ sessionsStarted: 1, linesAdded: 7, linesRemoved: 1, commits: 1, costNanos: 83_700_000, tokIn: 4800, tokOut: 320, tokCacheRead: 90_000, tokCacheCreation: 10_000 });
    expect(batch.samples.every((s) => s.temporality === 'delta' && /^\d{19}$/.test(s.timeNs))).toBe(true);
  });

  it('decodes the JSON logs sample with Claude Code string-typed attributes coerced', () => {
    const request = ok(decodeJson('logs', fixture('logs-edit-commit.json')));
    const { events } = interpretLogs(request, { keepPrompts: false, nowMs: 0 });
    expect(events.map((e) => e.name)).toEqual([
      'managed_settings_resolved', 'plugin_loaded', 'plugin_loaded', 'plugin_loaded', 'user_prompt', 'api_request', 'tool_decision', 'tool_result',
      'api_request', 'tool_decision', 'tool_result', 'tool_decision', 'api_request', 'tool_result', 'api_request', 'assistant_response',
    ]);
    const costs = events.flatMap((e) => (e.detail.type === 'api_request' ? [e.detail.costNanos] : []));
    expect(costs).toEqual([16_875_000, 19_575_000, 22_275_000, 24_975_000]);
    expect(events[4]!.detail).toEqual({ type: 'user_prompt', promptLength: 11 });
    expect(events[7]!.detail).toMatchObject({ type: 'tool_result', toolName: 'Write', success: true, durationMs: 5 });
  });

  it.each(['metrics', 'logs'] as const)('decodes a %s request to the same object from protobuf and from JSON', (signal) => {
    const fromJson = ok(decodeJson(signal, fixture(`${signal}-edit-commit.json`)));
    const type = REQUEST_TYPE[signal];
    const asProtobuf = Buffer.from(type.encode(type.fromObject(JSON.parse(fixture(`${signal}-edit-commit.json`).toString()) as Record<string, unknown>)).finish());
    expect(ok(decodeProtobuf(signal, asProtobuf))).toEqual(fromJson);
  });
});

describe('OTLP/JSON specifics', () => {
  it('reads int64 as string or number, enums as names or numbers, and ids as hex', () => {
    const body = (t: unknown, temporality: unknown, v: unknown) =>
      Buffer.from(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', sum: { aggregationTemporality: temporality, dataPoints: [{ timeUnixNano: t, asInt: v }] } }] }] }] }));
    const a = ok(decodeJson('metrics', body('1795502486095000000', 'AGGREGATION_TEMPORALITY_CUMULATIVE', '42')));
    expect(a.resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.sum).toEqual({ aggregationTemporality: 2, dataPoints: [{ timeUnixNano: '1795502486095000000', asInt: '42' }] });
    // As a JSON number a nanosecond time is past 2^53, so JSON.parse itself rounds it (Claude Code
    // sends strings); only sub-microsecond digits move, never the millisecond.
    const b = ok(decodeJson('metrics', body(1795502486095000000, 2, 42)));
    const point = b.resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.sum!.dataPoints![0]!;
    expect(point.asInt).toBe('42');
    expect(point.timeUnixNano!.slice(0, 13)).toBe('1795502486095');
    expect(b.resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.sum!.aggregationTemporality).toBe(2);

    const withIds = logsRequest({ records: [{ eventName: 'x', timeNs: '1', attrs: {} }] });
    withIds.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.traceId = '5b8efff798038103d269b633813fc60c';
    withIds.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.spanId = 'eee19b7ec3c1b174';
    const viaJson = ok(decodeJson('logs', encodeRequest('logs', withIds, 'json')));
    const viaProto = ok(decodeProtobuf('logs', encodeRequest('logs', withIds, 'protobuf')));
    expect(viaJson).toEqual(viaProto);
    expect(viaJson.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' });
  });

  it('measures JSON depth outside strings without parsing', () => {
    expect(jsonTooDeep('[[[1]]]', 3)).toBe(false);
    expect(jsonTooDeep('[[[[1]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a":"[[[[[[\\"[["}', 2)).toBe(false);
  });

  it('never throws on garbage: every failure is a value', () => {
    for (const junk of [Buffer.from([0xff, 0xff, 0xff]), Buffer.from('{"resourceLogs":[{"scopeLogs":7}]}'), Buffer.alloc(0)]) {
      expect(() => decodeProtobuf('logs', junk)).not.toThrow();
      expect(() => decodeJson('logs', junk)).not.toThrow();
    }
    expect(decodeJson('logs', Buffer.alloc(0)).ok).toBe(false);
    expect(decodeProtobuf('logs', Buffer.alloc(0))).toEqual({ ok: true, request: {} });
  });
});
