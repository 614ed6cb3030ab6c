import { describe, expect, it } from 'vitest';
import { interpretMetrics } from '../../../src/telemetry/metrics.js';
import { asBool, asNumber, flattenAttributes, nanosToMillis } from '../../../src/telemetry/attributes.js';
import type { ExportMetricsServiceRequest, KeyValue, NumberDataPoint } from '../../../src/otlp/types.js';

const str = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } });
const SESSION = [str('user.id', 'u1'), str('session.id', 's-1')];

function request(name: string, points: NumberDataPoint[], temporality = 1): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [str('service.name', 'claude-code'), str('service.version', '2.1.330'), str('os.type', 'linux')] },
        scopeMetrics: [{ metrics: [{ name, sum: { aggregationTemporality: temporality, isMonotonic: true, dataPoints: points } }] }],
      },
    ],
  };
}

const point = (value: number, attrs: KeyValue[] = [], time = '1795502486095000000'): NumberDataPoint => ({
  attributes: [...SESSION, ...attrs],
  startTimeUnixNano: '1795502485866000000',
  timeUnixNano: time,
  asDouble: value,
});

describe('attribute coercion', () => {
  it('reads numeric strings, string booleans and int64 strings', () => {
    expect(asNumber('28')).toBe(28);
    expect(asNumber('')).toBeUndefined();
    expect(asNumber('x')).toBeUndefined();
    expect(asBool('true')).toBe(true);
    expect(asBool('FALSE')).toBe(false);
    expect(asBool('maybe')).toBeUndefined();
    const attrs = flattenAttributes([
      { key: 'n', value: { intValue: '42' } },
      { key: 'big', value: { intValue: '9007199254740993' } },
      { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
      { key: '', value: { stringValue: 'dropped' } },
    ]);
    expect(Object.fromEntries(attrs)).toEqual({ n: 42, big: '9007199254740993', arr: '["a"]' });
  });

  it('keeps at most MAX_ATTRIBUTES_PER_ITEM attributes and cuts long values', async () => {
    const { MAX_ATTRIBUTES_PER_ITEM } = await import('../../../src/telemetry/attributes.js');
    const { MAX_VALUE_CHARS, MAX_NAME_CHARS } = await import('../../../src/telemetry/wireText.js');
    const many = Array.from({ length: MAX_ATTRIBUTES_PER_ITEM + 50 }, (_, i) => ({ key: `k${i}`, value: { stringValue: 'x'.repeat(i === 0 ? MAX_VALUE_CHARS * 3 : 1) } }));
    const attrs = flattenAttributes(many);
    expect(attrs.size).toBe(MAX_ATTRIBUTES_PER_ITEM);
    expect(String(attrs.get('k0')).length).toBe(MAX_VALUE_CHARS);
    // A key is a name: cut far shorter.
    const [key] = flattenAttributes([{ key: 'k'.repeat(100_000), value: { stringValue: 'v' } }]).keys();
    expect(key!.length).toBe(MAX_NAME_CHARS);
  });

  it('converts nanosecond strings to milliseconds without precision loss', () => {
    expect(nanosToMillis('1795502486095123456')).toBe(1795502486095);
    expect(nanosToMillis('0')).toBeUndefined();
    expect(nanosToMillis(undefined)).toBeUndefined();
  });
});

describe('interpretMetrics', () => {
  it('scales cost to exact nano-USD and active time to microseconds', () => {
    const cost = interpretMetrics(request('claude_code.cost.usage', [point(0.019575000000000002, [str('model', 'claude-sonnet-4-5')])]));
    expect(cost.samples[0]).toMatchObject({ counter: 'costNanos', units: 19_575_000, model: 'claude-sonnet-4-5', sessionId: 's-1', temporality: 'delta' });
    const active = interpretMetrics(request('claude_code.active_time.total', [point(0.319, [str('type', 'cli')])]));
    expect(active.samples[0]).toMatchObject({ counter: 'activeCliUs', units: 319_000 });
  });

  it('maps each token type, line type and edit decision to its counter', () => {
    const tokens = interpretMetrics(
      request('claude_code.token.usage', ['input', 'output', 'cacheRead', 'cacheCreation'].map((t, i) => point(100 + i, [str('type', t)]))),
    );
    expect(tokens.samples.map((s) => [s.counter, s.units])).toEqual([
      ['tokIn', 100],
      ['tokOut', 101],
      ['tokCacheRead', 102],
      ['tokCacheCreation', 103],
    ]);
    const lines = interpretMetrics(request('claude_code.lines_of_code.count', [point(7, [str('type', 'added')]), point(1, [str('type', 'removed')])]));
    expect(lines.samples.map((s) => s.counter)).toEqual(['linesAdded', 'linesRemoved']);
    const edits = interpretMetrics(request('claude_code.code_edit_tool.decision', [point(1, [str('decision', 'reject')])]));
    expect(edits.samples[0]!.counter).toBe('editReject');
  });

  it('reads asInt points and cumulative temporality; unspecified is treated as cumulative', () => {
    const r = interpretMetrics(request('claude_code.commit.count', [{ ...point(0), asDouble: undefined, asInt: '3' }], 2));
    expect(r.samples[0]).toMatchObject({ units: 3, temporality: 'cumulative', counter: 'commits' });
    expect(interpretMetrics(request('claude_code.commit.count', [point(1)], 0)).samples[0]!.temporality).toBe('cumulative');
  });

  it('rejects points it cannot count, with a reason, and keeps the rest', () => {
    const r = interpretMetrics(
      request('claude_code.token.usage', [
        point(Number.NaN, [str('type', 'input')]),
        point(-1, [str('type', 'input')]),
        { ...point(5, [str('type', 'input')]), timeUnixNano: undefined },
        point(5, [str('type', 'bogus')]),
        point(5, [str('type', 'output')]),
      ]),
    );
    expect(r.samples).toHaveLength(1);
    expect(r.rejected.reduce((n, x) => n + x.count, 0)).toBe(4);
    expect(r.rejected.map((x) => x.reason).join()).toMatch(/finite.*negative.*timeUnixNano.*type/);
  });

  it('takes names and values that are also Object members (constructor, toString) for what they are: unknown', () => {
    expect(interpretMetrics(request('constructor', [point(1)])).unknown).toEqual([{ name: 'constructor', points: 1 }]);
    const r = interpretMetrics(request('claude_code.token.usage', [point(5, [str('type', 'constructor')]), point(5, [str('type', 'toString')])]));
    expect(r.samples).toEqual([]);
    expect(r.rejected).toEqual([{ reason: 'claude_code.token.usage: unknown type/decision attribute', count: 2 }]);
  });

  it('counts unknown metrics instead of failing, and rejects claude_code metrics that are not sums', () => {
    const req: ExportMetricsServiceRequest = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'http.server.duration', histogram: { dataPoints: [{}, {}] } },
                { name: 'claude_code.cost.usage', gauge: { dataPoints: [point(1)] } },
              ],
            },
          ],
        },
      ],
    };
    const r = interpretMetrics(req);
    expect(r.unknown).toEqual([{ name: 'http.server.duration', points: 2 }]);
    expect(r.rejected).toEqual([{ reason: 'claude_code.cost.usage: expected a monotonic Sum', count: 1 }]);
  });

  it('a point without session.id (OTEL_METRICS_INCLUDE_SESSION_ID=false) belongs to no session', () => {
    const r = interpretMetrics({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.commit.count', sum: { aggregationTemporality: 1, dataPoints: [{ ...point(1), attributes: [str('user.id', 'abcdef0123456789')] }] } }] }] }],
    });
    expect(r.samples[0]!.sessionId).toBeUndefined();
  });

  it('labels the session with identity and custom resource attributes, not platform ones', () => {
    const req = request('claude_code.commit.count', [point(1, [str('vcs.repository.name', 'cc-top'), str('user.email', 'a@b.c')])]);
    req.resourceMetrics![0]!.resource!.attributes!.push(str('team.id', 'platform'));
    expect(Object.fromEntries(interpretMetrics(req).samples[0]!.labels)).toEqual({
      'user.id': 'u1',
      'user.email': 'a@b.c',
      'vcs.repository.name': 'cc-top',
      'team.id': 'platform',
    });
  });
});

describe('query source', () => {
  it('reads the bucketed value from metrics and buckets raw event values the same way', async () => {
    const { bucketQuerySource } = await import('../../../src/telemetry/querySource.js');
    expect(['repl_main_thread', 'repl_main_thread:outputStyle', 'sdk', 'agent:builtin:general-purpose', 'hook_agent', 'compact', 'main', undefined].map(bucketQuerySource)).toEqual([
      'main', 'main', 'main', 'subagent', 'subagent', 'auxiliary', 'main', undefined,
    ]);
    const r = interpretMetrics(request('claude_code.cost.usage', [point(0.1, [str('model', 'm'), str('query_source', 'auxiliary')])]));
    expect(r.samples[0]!.querySource).toBe('auxiliary');
  });
});
