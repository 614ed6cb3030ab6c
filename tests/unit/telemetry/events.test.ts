import { describe, expect, it } from 'vitest';
import { interpretLogs } from '../../../src/telemetry/events.js';
import type { AnyValue, ExportLogsServiceRequest, KeyValue, LogRecord } from '../../../src/otlp/types.js';

const kv = (key: string, value: AnyValue): KeyValue => ({ key, value });
const s = (v: string): AnyValue => ({ stringValue: v });
const i = (v: number): AnyValue => ({ intValue: String(v) });

function record(name: string, attrs: KeyValue[], seq = 1, extra: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: '1795502486095000000',
    observedTimeUnixNano: '1795502486095000000',
    body: s(`claude_code.${name}`),
    attributes: [
      kv('user.id', s('u1')),
      kv('session.id', s('s-1')),
      kv('terminal.type', s('xterm')),
      kv('event.name', s(name)),
      kv('event.timestamp', s('2026-11-25T12:00:01.500Z')),
      kv('event.sequence', i(seq)),
      ...attrs,
    ],
    ...extra,
  };
}

const logs = (...records: LogRecord[]): ExportLogsServiceRequest => ({
  resourceLogs: [{ resource: { attributes: [kv('service.name', s('claude-code'))] }, scopeLogs: [{ logRecords: records }] }],
});

const opts = { keepPrompts: false, nowMs: Date.UTC(2026, 10, 25, 13) };

describe('interpretLogs', () => {
  it('reads an api_request: cost from cost_usd in nano-USD, tokens, latency, time from event.timestamp', () => {
    const [e] = interpretLogs(
      logs(
        record('api_request', [
          kv('model', s('claude-sonnet-4-5')),
          kv('input_tokens', i(1200)),
          kv('output_tokens', i(80)),
          kv('cache_read_tokens', i(18000)),
          kv('cache_creation_tokens', i(2500)),
          kv('cost_usd', { doubleValue: 0.019575000000000002 }),
          kv('cost_usd_micros', i(19575)),
          kv('duration_ms', i(7)),
          kv('ttft_ms', i(4)),
        ]),
      ),
      opts,
    ).events;
    expect(e).toMatchObject({
      name: 'api_request',
      known: true,
      sessionId: 's-1',
      sequence: 1,
      timeMs: Date.parse('2026-11-25T12:00:01.500Z'),
      detail: { type: 'api_request', model: 'claude-sonnet-4-5', costNanos: 19_575_000, tokens: { input: 1200, output: 80, cacheRead: 18000, cacheCreation: 2500 }, durationMs: 7, ttftMs: 4 },
    });
    expect(Object.fromEntries(e!.fields)).toMatchObject({ model: 'claude-sonnet-4-5', cost_usd: 0.019575000000000002, input_tokens: 1200 });
  });

  it('coerces the string-typed attributes Claude Code sends', () => {
    const { events } = interpretLogs(
      logs(
        record('tool_result', [kv('tool_name', s('Bash')), kv('success', s('false')), kv('duration_ms', s('31')), kv('error_type', s('ShellError'))], 2),
        record('user_prompt', [kv('prompt_length', s('11')), kv('prompt', s('<REDACTED>'))], 3),
        record('api_error', [kv('model', s('m')), kv('status_code', i(529)), kv('error', s('overloaded')), kv('attempt', i(11))], 4),
      ),
      opts,
    );
    expect(events.map((e) => e.detail)).toEqual([
      { type: 'tool_result', toolName: 'Bash', success: false, durationMs: 31, errorType: 'ShellError' },
      { type: 'user_prompt', promptLength: 11 },
      { type: 'api_error', model: 'm', statusCode: 529, error: 'overloaded', durationMs: undefined, attempt: 11 },
    ]);
  });

  it('keeps an event named like an Object member (constructor) as an unknown event', () => {
    const { events } = interpretLogs(logs(record('constructor', [kv('x', i(2))])), opts);
    expect(events[0]).toMatchObject({ name: 'constructor', known: false, fields: [['x', 2]] });
  });

  it('finds the event name in the body when the attribute is missing, and keeps unknown events', () => {
    const noAttr = record('tool_decision', [kv('tool_name', s('Write')), kv('decision', s('reject'))]);
    noAttr.attributes = noAttr.attributes!.filter((a) => a.key !== 'event.name');
    const other = { body: s('something else happened'), attributes: [kv('session.id', s('s-2')), kv('x', i(1))], timeUnixNano: '1795502486000000000' };
    const { events } = interpretLogs(logs(noAttr, other), opts);
    expect(events[0]).toMatchObject({ name: 'tool_decision', known: true, detail: { decision: 'reject', toolName: 'Write' } });
    expect(events[1]).toMatchObject({ name: 'something else happened', known: false, sessionId: 's-2', timeMs: 1795502486000, fields: [['x', 1]] });
  });

  it('never keeps prompt or response text unless asked to', () => {
    const prompt = record('user_prompt', [kv('prompt_length', s('5')), kv('prompt', s('hello')), kv('prompt_text', s('hello'))]);
    const plain = interpretLogs(logs(prompt), opts).events[0]!;
    expect(JSON.stringify(plain.fields)).not.toContain('hello');
    const kept = interpretLogs(logs(prompt), { ...opts, keepPrompts: true }).events[0]!;
    // prompt and prompt_text carry the same text: kept once.
    expect(kept.fields).toEqual([
      ['prompt_length', '5'],
      ['prompt', 'hello'],
    ]);
    const other = record('mcp_server_connection', [kv('status', s('failed')), kv('tool_parameters', s('{"cmd":"secret"}'))]);
    const otherEvent = interpretLogs(logs(other), opts).events[0]!;
    expect(JSON.stringify([otherEvent.fields, otherEvent.attributes])).not.toContain('secret');
  });

  it('gives a re-sent record the same identity and distinct records different ones', () => {
    const a = interpretLogs(logs(record('api_request', [kv('model', s('m'))], 7)), opts).events[0]!;
    const again = interpretLogs(logs(record('api_request', [kv('model', s('m'))], 7)), opts).events[0]!;
    const next = interpretLogs(logs(record('api_request', [kv('model', s('m'))], 8)), opts).events[0]!;
    expect(again.identity).toBe(a.identity);
    expect(next.identity).not.toBe(a.identity);
  });

  it('uses the receive time for a record with no timestamp at all', () => {
    const r = record('auth', []);
    r.attributes = r.attributes!.filter((a) => a.key !== 'event.timestamp');
    delete r.timeUnixNano;
    delete r.observedTimeUnixNano;
    expect(interpretLogs(logs(r), opts).events[0]!.timeMs).toBe(opts.nowMs);
  });
});
