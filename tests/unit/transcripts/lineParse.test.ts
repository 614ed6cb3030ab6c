// Reading transcript lines: only the fields cc-top needs, the reply's content never decoded, and
// lines of other shapes or versions skipped rather than fatal.
import { describe, expect, it } from 'vitest';
import { answerFields, NESTED, type LineFields } from '../../../src/transcripts/answerBytes.js';
import { answerOf, checkedFields, fieldsBySchema, parseCostState } from '../../../src/transcripts/lineParse.js';
import { assistantLine, costStateLine, totalsOf, USAGE } from '../../builders/transcripts.js';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);

/** An answer line read as cc-top reads it: fields from its bytes, then checked. */
function parseAssistant(line: string | object) {
  const buf = Buffer.from(typeof line === 'string' ? line : JSON.stringify(line));
  const fields = answerFields(buf, 0, buf.length);
  return fields && answerOf(fields);
}

describe('answerOf', () => {
  it('reads time, model, usage (with the 1-hour cache part), ids, folder and branch', () => {
    const r = parseAssistant(assistantLine('s1', { time: T, messageId: 'msg_1', requestId: 'req_1', usage: { ...USAGE, cacheCreation1h: 500 }, cwd: '/w/app', gitBranch: 'feat' }));
    expect(r).toEqual({
      id: 'msg_1',
      request: 'req_1',
      time: T,
      model: 'claude-sonnet-4-5',
      sidechain: false,
      usage: { input: 1200, output: 80, cacheRead: 9000, cacheCreation: 2500, cacheCreation1h: 500 },
      cwd: '/w/app',
      gitBranch: 'feat',
    });
  });

  it('takes the request id of older versions (requestId) like 2.1.330 (requestRef)', () => {
    const r = parseAssistant(assistantLine('s1', { time: T, messageId: 'msg_1', requestId: 'req_9', legacyRequestId: true }));
    expect([r?.id, r?.request]).toEqual(['msg_1', 'req_9']);
  });

  it('skips synthetic replies, replies without usage and lines that do not fit', () => {
    const synthetic = assistantLine('s1', { time: T, messageId: 'm', requestId: 'r', model: '<synthetic>' });
    expect(parseAssistant(synthetic)).toBeUndefined();
    const zero = assistantLine('s1', { time: T, messageId: 'm', requestId: 'r', usage: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 } });
    expect(parseAssistant(zero)).toBeUndefined();
    const negative = assistantLine('s1', { time: T, messageId: 'm', requestId: 'r', usage: { ...USAGE, output: -5 } });
    expect(parseAssistant(negative)).toBeUndefined();
    expect(parseAssistant({ type: 'assistant', timestamp: 'not a time', message: { usage: {} } })).toBeUndefined();
    expect(parseAssistant({ type: 'user' })).toBeUndefined();
  });

  it('reads missing or null counts as none, and makes names safe to print', () => {
    const r = parseAssistant({ type: 'assistant', timestamp: new Date(T).toISOString(), message: { id: 'm', model: 'claude\u001b[31m-x', usage: { input_tokens: 5, output_tokens: null } } });
    expect(r?.usage).toEqual({ input: 5, output: 0, cacheRead: 0, cacheCreation: 0, cacheCreation1h: 0 });
    expect(r?.model).not.toContain('\u001b');
  });
});

describe('checkedFields', () => {
  // The plain check runs on every answer in place of the schema: it must take and refuse exactly
  // what the schema does, and give the same values (defaults for missing or null included).
  const VALUES: unknown[] = ['assistant', 'user', '', '2026-11-20T10:00:00.000Z', true, false, null, undefined, 0, -0, 7, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, NESTED, [], {}];
  const VALID: LineFields = ['assistant', '2026-11-20T10:00:00.000Z', false, 'req', 'ref', '/w', 'main', 'msg', 'claude-x', 1, 2, 3, 4, 1];

  it('agrees with the schema whatever any one field holds', () => {
    for (let slot = 0; slot < VALID.length; slot++) {
      for (const value of VALUES) {
        const f = [...VALID] as LineFields;
        f[slot] = value;
        expect(checkedFields(f), `field ${slot} = ${String(value)}`).toEqual(fieldsBySchema(f));
      }
    }
  });

  it('agrees with the schema on lines with many fields missing or null', () => {
    for (let mask = 0; mask < 1 << VALID.length; mask += 97) {
      const f = VALID.map((x, i) => (mask & (1 << i) ? (i % 2 ? null : undefined) : x)) as LineFields;
      expect(checkedFields(f), `mask ${mask}`).toEqual(fieldsBySchema(f));
    }
  });
});

describe('parseCostState', () => {
  it("reads Claude Code's running totals per model, cost in nano-USD", () => {
    const models = Object.fromEntries([
      ['claude-sonnet-4-5', totalsOf(4, 0.016875)],
      ['__proto__', totalsOf(1, 0.005625)],
    ]);
    const cs = parseCostState(JSON.parse(costStateLine('s1', models, { added: 5, removed: 1 })));
    expect(cs?.linesAdded).toBe(5);
    expect(cs?.models.get('claude-sonnet-4-5')).toEqual({ tokIn: 4800, tokOut: 320, tokCacheRead: 36000, tokCacheCreation: 10000, costNanos: 67_500_000 });
    // A model named like an object member is only ever data.
    expect(cs?.models.get('__proto__')?.costNanos).toBe(5_625_000);
  });

  it('refuses totals that are not counts', () => {
    expect(parseCostState({ type: 'cost-state', modelUsage: { m: { inputTokens: -1, outputTokens: 0, costUSD: 1 } } })).toBeUndefined();
    expect(parseCostState({ type: 'cost-state', modelUsage: { m: { inputTokens: 1, outputTokens: 0, costUSD: Number.NaN } } })).toBeUndefined();
  });
});
