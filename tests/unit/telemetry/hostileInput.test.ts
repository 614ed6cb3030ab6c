// Telemetry from the wire is untrusted: text is made safe where it enters, numbers are bounded,
// and records that are not Claude Code's do not count.
import { describe, expect, it } from 'vitest';
import { interpretLogs } from '../../../src/telemetry/events.js';
import { interpretMetrics, MAX_COST_USD_PER_POINT } from '../../../src/telemetry/metrics.js';
import { isSafeText, safeText } from '../../../src/telemetry/wireText.js';
import type { AnyValue, ExportLogsServiceRequest, ExportMetricsServiceRequest, KeyValue } from '../../../src/otlp/types.js';

const kv = (key: string, value: AnyValue): KeyValue => ({ key, value });
const s = (v: string): AnyValue => ({ stringValue: v });
const d = (v: number): AnyValue => ({ doubleValue: v });

const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
const TITLE = '\x1b]0;pwned\x07';
const LINK = '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\';
const BLINK = '\x1b[5m\x1b[7mblink\x1b[0m';
const BIDI = 'abc\u202edcba';
const C1 = 'x\u009b31my';

function metrics(name: string, value: number, attrs: KeyValue[], scope = 'com.anthropic.claude_code', service = 'claude-code'): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [kv('service.name', s(service)), kv('team.id', s(`team${TITLE}`))] },
        scopeMetrics: [{ scope: { name: scope }, metrics: [{ name, sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ attributes: [kv('session.id', s('s1')), ...attrs], timeUnixNano: '1795502486095000000', asDouble: value }] } }] }],
      },
    ],
  };
}

function logs(attrs: KeyValue[], scope = 'com.anthropic.claude_code.events', service = 'claude-code', name = 'api_request'): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: [kv('service.name', s(service))] },
        scopeLogs: [{ scope: { name: scope }, logRecords: [{ timeUnixNano: '1795502486095000000', body: s(`claude_code.${name}`), attributes: [kv('event.name', s(name)), kv('session.id', s('s1')), ...attrs] }] }],
      },
    ],
  };
}

describe('text from the wire is made safe where it enters', () => {
  it('shows control sequences visibly: OSC 52, OSC 0, OSC 8, SGR, C1 and bidi overrides', () => {
    for (const raw of [OSC52, TITLE, LINK, BLINK, BIDI, C1, 'a\x00b\x7fc', 'tab\there\nnew']) {
      const safe = safeText(raw);
      expect(isSafeText(safe), JSON.stringify(raw)).toBe(true);
      // eslint-disable-next-line no-control-regex
      expect(safe).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(safeText(OSC52)).toBe('\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
    expect(safeText(BIDI)).toBe('abc\\u202edcba');
    expect(safeText('東京-api 🚀 é')).toBe('東京-api 🚀 é');
    expect(safeText('\ud800 lone')).toBe('\ufffd lone');
  });

  it('in metric models, labels and attribute keys; the originals are kept for --json', () => {
    const r = interpretMetrics(metrics('claude_code.cost.usage', 0.5, [kv('model', s(`sonnet${OSC52}`)), kv(`key${BLINK}`, s('v'))]));
    const sample = r.samples[0]!;
    expect(isSafeText(sample.model!)).toBe(true);
    expect(sample.model).toContain('\\x1b]52');
    expect([...sample.labels.values()].every(isSafeText)).toBe(true);
    expect(sample.labels.get('team.id')).toBe('team\\x1b]0;pwned\\x07');
    expect(r.originals.get(sample.model!)).toBe(`sonnet${OSC52}`);
    expect(r.originals.get('team\\x1b]0;pwned\\x07')).toBe(`team${TITLE}`);
  });

  it('in event names, tool names and event fields', () => {
    const tool = interpretLogs(logs([kv('tool_name', s(`Bash${LINK}`)), kv('success', s('true'))], undefined, undefined, 'tool_result'), { keepPrompts: false, nowMs: 1795502486095 });
    const e = tool.events[0]!;
    expect(e.detail).toMatchObject({ type: 'tool_result' });
    expect(isSafeText((e.detail as { toolName: string }).toolName)).toBe(true);
    expect(e.fields.every(([k, v]) => isSafeText(k) && (typeof v !== 'string' || isSafeText(v)))).toBe(true);
    const weird = interpretLogs(logs([], undefined, undefined, `evil${TITLE}`), { keepPrompts: false, nowMs: 1795502486095 });
    expect(isSafeText(weird.events[0]!.name)).toBe(true);
  });
});

describe('numbers no Claude Code sends are refused, never added', () => {
  it('a cost of 1e300, Infinity-bound token points, and negative counters', () => {
    for (const [name, value, attrs] of [
      ['claude_code.cost.usage', 1e300, [kv('model', s('m'))]],
      ['claude_code.cost.usage', MAX_COST_USD_PER_POINT * 2, [kv('model', s('m'))]],
      ['claude_code.token.usage', 1e308, [kv('type', s('input'))]],
      ['claude_code.token.usage', -5, [kv('type', s('input'))]],
    ] as const) {
      const r = interpretMetrics(metrics(name, value, [...attrs]));
      expect(r.samples, `${name} ${value}`).toHaveLength(0);
      expect(r.rejected[0]!.count).toBe(1);
    }
  });

  it('an api_request with a negative, huge or non-numeric cost, tokens or duration is refused (partial success)', () => {
    const opts = { keepPrompts: false, nowMs: 1795502486095 };
    for (const bad of [kv('cost_usd', d(-0.5)), kv('cost_usd', d(1e300)), kv('input_tokens', d(-3)), kv('duration_ms', d(-50)), kv('ttft_ms', s('soon')), kv('output_tokens', d(1e300))]) {
      const r = interpretLogs(logs([kv('model', s('m')), bad]), opts);
      expect(r.events, bad.key).toHaveLength(0);
      expect(r.rejected[0]!.count).toBe(1);
      expect(r.rejected[0]!.reason).toContain(bad.key);
    }
    expect(interpretLogs(logs([kv('model', s('m')), kv('cost_usd', d(0.25)), kv('duration_ms', d(50))]), opts).events).toHaveLength(1);
  });

  it('a tool result with a negative duration is refused', () => {
    const r = interpretLogs(logs([kv('tool_name', s('Bash')), kv('duration_ms', s('-50'))], undefined, undefined, 'tool_result'), { keepPrompts: false, nowMs: 1795502486095 });
    expect(r.events).toHaveLength(0);
  });

  it('an event stamped at t=0 is dated when it arrived', () => {
    const r = interpretLogs(
      { resourceLogs: [{ scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events' }, logRecords: [{ timeUnixNano: '0', attributes: [kv('event.name', s('user_prompt')), kv('event.timestamp', s('1970-01-01T00:00:00.000Z'))] }] }] }] },
      { keepPrompts: false, nowMs: 1795502486095 },
    );
    expect(r.events[0]!.timeMs).toBe(1795502486095);
  });
});

describe('telemetry that is not Claude Code does not count', () => {
  it('a log record of another service and scope whose body reads claude_code.api_request', () => {
    const r = interpretLogs(logs([kv('model', s('m')), kv('cost_usd', d(1))], 'io.opentelemetry.other', 'billing-service'), { keepPrompts: false, nowMs: 1795502486095 });
    expect(r.events).toHaveLength(0);
    expect(r.foreign).toBe(1);
  });

  it('claude_code metrics from another scope', () => {
    const r = interpretMetrics(metrics('claude_code.cost.usage', 1, [kv('model', s('m'))], 'my.meter', 'my-service'));
    expect(r.samples).toHaveLength(0);
    expect(r.foreign).toBe(1);
  });

  it('Claude Code with a renamed service (OTEL_SERVICE_NAME) still counts: its scope says so', () => {
    const r = interpretMetrics(metrics('claude_code.cost.usage', 1, [kv('model', s('m'))], 'com.anthropic.claude_code', 'my-renamed-claude'));
    expect(r.samples).toHaveLength(1);
  });
});
