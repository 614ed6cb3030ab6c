import { describe, expect, it } from 'vitest';
import { planSetup, planUndo, type JsonObject } from '../../../src/setup/settingsMerge.js';
import { detectFormatting, editSettingsText, parseSettingsText, SettingsEditError, SettingsSyntaxError } from '../../../src/setup/settingsText.js';

/** Edit `text` into `change(value)` and return the new text. */
function edit(text: string, change: (value: JsonObject) => JsonObject): string {
  const parsed = parseSettingsText(text);
  return editSettingsText(parsed, change(structuredClone(parsed.value as JsonObject)));
}

describe('parseSettingsText', () => {
  it('reads comments and trailing commas, and says where the first one is', () => {
    expect(parseSettingsText('{\n  "a": 1, // x\n}').notStrictJson).toEqual({ what: 'a comment', at: { line: 2, column: 11 } });
    expect(parseSettingsText('{\n  "a": [1, 2,\n  ],\n  "b": 2\n}').notStrictJson).toEqual({ what: 'a trailing comma', at: { line: 2, column: 13 } });
    expect(parseSettingsText('{"a": 1}').notStrictJson).toBeUndefined();
  });

  it('names the problem and its line and column for text that is not JSON at all', () => {
    const error = (() => {
      try {
        parseSettingsText('{\n  "a": 1\n  "b": 2\n}');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SettingsSyntaxError);
    expect((error as SettingsSyntaxError).message).toBe('a comma is expected at line 3, column 3');
  });

  it('takes a leading BOM off and remembers it', () => {
    expect(parseSettingsText('\uFEFF{"a": 1}')).toMatchObject({ value: { a: 1 }, bom: true, text: '{"a": 1}' });
  });

  it('keeps a key named "__proto__" as a key, as JSON.parse does', () => {
    const value = parseSettingsText('{"env": {"__proto__": "x", "A": "1"}}').value as { env: object };
    expect(Object.keys(value.env)).toEqual(['__proto__', 'A']);
    expect(Object.getPrototypeOf(value.env)).toBe(Object.prototype);
  });

  it('reads an empty file as no settings', () => {
    expect(parseSettingsText('  \n').value).toBeUndefined();
  });
});

describe('editSettingsText', () => {
  it('touches only the edited keys: numbers, spacing and comments elsewhere stay as written', () => {
    const text = '{\n  "big": 12345678901234567890,  "ratio": 1.0,\n  "env": { "A": "1" } /* mine */\n}\n';
    expect(edit(text, (v) => ({ ...v, env: { A: '2' } }))).toBe('{\n  "big": 12345678901234567890,  "ratio": 1.0,\n  "env": { "A": "2" } /* mine */\n}\n');
  });

  it('keeps CRLF line ends and the file\'s indentation for new keys', () => {
    expect(edit('{\r\n    "a": 1\r\n}\r\n', (v) => ({ ...v, env: { B: '2' } }))).toBe('{\r\n    "a": 1,\r\n    "env": {\r\n        "B": "2"\r\n    }\r\n}\r\n');
    expect(detectFormatting('{\n\t"a": 1\n}')).toEqual({ insertSpaces: false, tabSize: 1, eol: '\n' });
  });

  it('keeps a one-line file on one line', () => {
    expect(edit('{"model":"opus"}', (v) => ({ ...v, env: { A: '1' } }))).toBe('{"model":"opus","env": {"A":"1"}}');
  });

  it('puts a key back where it was: undo of a removal restores the bytes', () => {
    const text = '{\n  "env": {\n    "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://c:4318/v1/metrics",\n    "FOO": "bar"\n  }\n}\n';
    const parsed = parseSettingsText(text);
    const plan = planSetup(parsed.value as JsonObject, { env: { A: '1' }, removeEnv: [{ key: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', note: 'elsewhere' }] }, null);
    const setUp = editSettingsText(parsed, plan.settings);
    expect(setUp).toBe('{\n  "env": {\n    "FOO": "bar",\n    "A": "1"\n  }\n}\n');
    const again = parseSettingsText(setUp);
    expect(editSettingsText(again, planUndo(again.value as JsonObject, plan.record).settings)).toBe(text);
  });

  it('writes a new document as 2-space JSON, with the BOM the file had', () => {
    expect(editSettingsText(parseSettingsText(''), { env: { A: '1' } })).toBe('{\n  "env": {\n    "A": "1"\n  }\n}\n');
    expect(editSettingsText(parseSettingsText('\uFEFF{}'), { a: 1 })).toBe('\uFEFF{"a": 1}');
  });

  it('refuses an edit whose result would not read back as the planned settings', () => {
    // A text and a value that disagree: the edit of `b` leaves `a` as the text has it.
    const parsed = { value: { a: 1 }, text: '{"a": 2}', bom: false };
    expect(() => editSettingsText(parsed, { a: 1, b: 2 })).toThrow(SettingsEditError);
  });
});

describe('undo of several removed overrides', () => {
  it('puts each back where it was, whatever order they were removed in', () => {
    const text = '{\n  "env": {\n    "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "grpc",\n    "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://c/v1/metrics",\n    "FOO": "1",\n    "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "grpc"\n  }\n}\n';
    const parsed = parseSettingsText(text);
    const removeEnv = ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL'].map((key) => ({ key, note: 'elsewhere' }));
    const plan = planSetup(parsed.value as JsonObject, { env: {}, removeEnv }, null);
    const setUp = editSettingsText(parsed, plan.settings);
    expect(setUp).toBe('{\n  "env": {\n    "FOO": "1"\n  }\n}\n');
    const again = parseSettingsText(setUp);
    expect(editSettingsText(again, planUndo(again.value as JsonObject, plan.record).settings)).toBe(text);
  });
});

describe('terminal-safe text', () => {
  it('escapes C0 and C1 controls, DEL and bidi overrides, and leaves other text alone', async () => {
    const { escapeControls, showJson, showKey } = await import('../../../src/setup/terminalSafe.js');
    expect(escapeControls('a\u001b[31mb\u009b\u007f\u202e東京')).toBe('a\\u001b[31mb\\u009b\\u007f\\u202e東京');
    expect(showJson('\u001b]0;x\u0007')).toBe('"\\u001b]0;x\\u0007"');
    expect(showKey('OTEL_X')).toBe('OTEL_X');
    expect(showKey('a b\u001b')).toBe('"a b\\u001b"');
  });
});
