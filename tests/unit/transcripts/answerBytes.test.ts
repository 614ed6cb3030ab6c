// Reading an answer line's fields from its bytes: the same fields JSON.parse of the line would
// give, whatever the layout (key order, spaces, escapes, repeated keys, nested look-alikes in the
// reply), the reply's content never decoded, and a line that is not JSON refused.
import { describe, expect, it } from 'vitest';
import { answerFields, NESTED, type LineFields } from '../../../src/transcripts/answerBytes.js';
import { skipValue } from '../../../src/transcripts/jsonBytes.js';
import { assistantLine, USAGE } from '../../builders/transcripts.js';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);

/** The oracle: the fields as JSON.parse of the whole line gives them (an object or array read as NESTED). */
function parsedFields(line: string): LineFields {
  const get = (o: unknown, key: string): unknown => {
    if (typeof o !== 'object' || o === null || Array.isArray(o) || !Object.hasOwn(o, key)) return undefined;
    const value = (o as Record<string, unknown>)[key];
    return typeof value === 'object' && value !== null ? NESTED : value;
  };
  const json: unknown = JSON.parse(line);
  const inner = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined);
  const message = inner(json, 'message');
  const usage = inner(message, 'usage');
  return [
    get(json, 'type'),
    get(json, 'timestamp'),
    get(json, 'isSidechain'),
    get(json, 'requestId'),
    get(json, 'requestRef'),
    get(json, 'cwd'),
    get(json, 'gitBranch'),
    get(message, 'id'),
    get(message, 'model'),
    get(usage, 'input_tokens'),
    get(usage, 'output_tokens'),
    get(usage, 'cache_read_input_tokens'),
    get(usage, 'cache_creation_input_tokens'),
    get(inner(usage, 'cache_creation'), 'ephemeral_1h_input_tokens'),
  ];
}

const fieldsOf = (line: string) => {
  const buf = Buffer.from(`garbage before${line}garbage after`);
  const start = Buffer.byteLength('garbage before');
  return answerFields(buf, start, start + Buffer.byteLength(line));
};

const line = assistantLine('s1', { time: T, messageId: 'msg_1', requestId: 'req_1', usage: { ...USAGE, cacheCreation1h: 500 }, cwd: '/w/ünï', gitBranch: 'feat' });

describe('answerFields', () => {
  it('gives what JSON.parse of the line gives, for lines of every layout', () => {
    const lines = [
      line,
      // Spaces and tabs everywhere JSON allows them.
      JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, ' '),
      JSON.stringify(JSON.parse(line), null, '\t').replace(/\n/g, ''),
      // Look-alike keys in the reply and tool inputs are not the answer's.
      JSON.stringify({
        type: 'assistant',
        timestamp: new Date(T).toISOString(),
        message: {
          content: [{ type: 'tool_use', input: { usage: { input_tokens: 999 }, id: 'fake', model: 'fake', message: { id: 'x' } } }],
          id: 'msg_2',
          model: 'claude-opus-4-1',
          usage: { input_tokens: 1, output_tokens: 2, extra: { input_tokens: 7 }, cache_creation: { ephemeral_1h_input_tokens: 3, other: [1, 2] } },
        },
        requestId: 'r',
        requestRef: null,
        isSidechain: true,
      }),
      // Keys written with escapes, repeated keys (the last one counts), text with escapes and non-ASCII.
      '{"t\\u0079pe":"assistant","timestamp":"2026-11-20T10:00:00.000Z","cwd":"/a\\"b\\\\c\\u00e9","cwd":"/last","gitBranch":"br\\u00e4nch","message":{"id":"m","usage":{"input_tokens":1},"usage":{"output_tokens":5}}}',
      // Numbers of every JSON form, and values of the wrong kind.
      '{"type":"assistant","message":{"usage":{"input_tokens":0,"output_tokens":-3,"cache_read_input_tokens":1.5e3,"cache_creation_input_tokens":12345678901234567890,"cache_creation":{"ephemeral_1h_input_tokens":1E-2}}},"isSidechain":null,"gitBranch":false,"cwd":{"a":1},"requestRef":[1]}',
      // A message or usage that is not an object.
      '{"type":"assistant","message":"text"}',
      '{"type":"assistant","message":{"id":"m","usage":[1,2]}}',
      '{}',
      '{"message":{}}',
    ];
    for (const l of lines) expect(fieldsOf(l), l).toEqual(parsedFields(l));
  });

  // Texts that repeat from line to line are kept with their bytes: a line whose text differs, even
  // by one byte of the same length, or is written with escapes, must read as its own.
  it('reads each line as its own, line after line', () => {
    const seq = [
      assistantLine('s1', { time: T, messageId: 'msg_a1', requestId: 'req_1', cwd: '/w/aa', gitBranch: 'main', model: 'claude-x-1' }),
      assistantLine('s1', { time: T, messageId: 'msg_a1', requestId: 'req_1', cwd: '/w/aa', gitBranch: 'main', model: 'claude-x-1' }),
      assistantLine('s1', { time: T, messageId: 'msg_a2', requestId: 'req_2', cwd: '/w/ab', gitBranch: 'mair', model: 'claude-x-2' }),
      assistantLine('s1', { time: T, messageId: 'msg_b2', requestId: 'req_2', cwd: '/w/äb', gitBranch: 'main', model: 'claude-x-2' }),
      '{"type":"assistant","cwd":"/w/\\u0061b","message":{"id":"msg_b2","model":"claude-x-2"}}',
      '{"type":"assistant","cwd":"/w/ab","message":{"id":"msg_b2","model":"claude-y-2"}}',
      '{"type":"assistant","cwd":"' + '/long'.repeat(60) + '","message":{"id":"msg_b2"}}',
      '{"type":"assistant","cwd":"' + '/lonG'.repeat(60) + '","message":{"id":"msg_b2"}}',
    ];
    for (const l of seq) expect(fieldsOf(l), l).toEqual(parsedFields(l));
  });

  it('never decodes the reply: its text is in no field', () => {
    const secret = 'SECRET "quoted] {not a brace} \\\\ \\" end';
    const fields = fieldsOf(assistantLine('s1', { time: T, messageId: 'msg_1', requestId: 'r1', text: secret }));
    expect(fields?.[9]).toBe(USAGE.input);
    expect(JSON.stringify(fields)).not.toContain('SECRET');
  });

  it('refuses a line that is not a JSON object', () => {
    for (const bad of [
      line.slice(0, -1),
      line.slice(0, line.length / 2),
      `${line}x`,
      `${line},{}`,
      '[1,2]',
      '"assistant"',
      '{"type":"assistant",}',
      '{"type":"assistant" "cwd":"x"}',
      '{"type":"assi\u0001stant"}',
      '{"type":tru}',
      '{"type":"assistant","message":{"usage":{"input_tokens":01}}}',
      '{"type":"assistant","message":{"usage":{"input_tokens":1-}}}',
      '{"type":"assistant","message":{"content":["unterminated]}}',
      '',
    ]) {
      expect(fieldsOf(bad), bad).toBeUndefined();
    }
  });
});

describe('skipValue', () => {
  it('skips nested values and multi-byte text by bytes', () => {
    const value = '[{"a":[1,{"b":"ünï]cødé"}]},"x\\"]"]';
    const buf = Buffer.from(`${value},"next":1`);
    expect(buf.toString('utf8', 0, skipValue(buf, 0, buf.length))).toBe(value);
  });
});
