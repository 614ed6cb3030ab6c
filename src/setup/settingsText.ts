// The text of Claude Code's settings.json, read and edited the way a careful person would: parsed
// with jsonc-parser (comments and trailing commas are read, not rejected; a leading BOM is kept),
// and changed with minimal edits, so the user's formatting, comments, key order and every number
// outside the edited keys stay exactly as written.
import jsonc from 'jsonc-parser';
import type { FormattingOptions, Node, ParseError } from 'jsonc-parser';
import { isDeepStrictEqual } from 'node:util';
import { showKey } from './terminalSafe.js';

export type JsonObject = Record<string, unknown>;

const BOM = '\uFEFF';

export interface TextPosition {
  line: number;
  column: number;
}

/** A document that cannot be read as JSON at all: what is wrong, and where. */
export class SettingsSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly at: TextPosition,
  ) {
    super(`${problem} at line ${at.line}, column ${at.column}`);
    this.name = 'SettingsSyntaxError';
  }
}

export interface ParsedSettings {
  /** The value; undefined for a file with no content (Claude Code reads that as no settings). */
  value: unknown;
  /** The text without its BOM: what edits apply to. */
  text: string;
  bom: boolean;
  /**
   * Where the text is JSONC but not JSON (a comment, a trailing comma). Claude Code 2.1.330 does
   * not load such a file at all ("Invalid or malformed JSON"), so the user must be told.
   */
  notStrictJson?: { what: string; at: TextPosition };
}

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon (:) is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace (}) is expected',
  CloseBracketExpected: 'a closing bracket (]) is expected',
  EndOfFileExpected: 'the document should end here',
  InvalidCommentToken: 'a comment',
  UnexpectedEndOfComment: 'a comment is not closed with */',
  UnexpectedEndOfString: 'a string is not closed with "',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape (\\) in a string',
  InvalidCharacter: 'a control character inside a string',
};

export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function describeError(error: ParseError): string {
  return ERROR_TEXT[jsonc.printParseErrorCode(error.error)] ?? 'a syntax error';
}

/** The node's value, built like JSON.parse does (an own "__proto__" key stays a plain key). */
function valueOf(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: JsonObject = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        Object.defineProperty(out, key.value as string, { value: valueOf(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value as unknown;
  }
}

/** A key written twice: JSON readers keep the last, an edit would change the first. */
function duplicateKey(object: Node | undefined, text: string, where: string): SettingsSyntaxError | undefined {
  if (object?.type !== 'object') return undefined;
  const seen = new Set<string>();
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (!key) continue;
    const name = key.value as string;
    if (seen.has(name)) {
      return new SettingsSyntaxError(`${where}${showKey(name)} appears twice (Claude Code uses the last one); keep one`, positionOf(text, key.offset));
    }
    seen.add(name);
  }
  return undefined;
}

function strictJsonProblem(text: string): ParsedSettings['notStrictJson'] {
  const errors: ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const first = errors[0];
  if (!first) return undefined;
  if (jsonc.printParseErrorCode(first.error) === 'InvalidCommentToken') return { what: 'a comment', at: positionOf(text, first.offset) };
  // Any other strict-only error is a comma before a closing bracket: point at the comma.
  let comma = first.offset - 1;
  while (comma > 0 && /\s/.test(text[comma]!)) comma--;
  return { what: 'a trailing comma', at: positionOf(text, comma) };
}

/** Parse settings.json text. Throws SettingsSyntaxError naming the line and column. */
export function parseSettingsText(raw: string): ParsedSettings {
  const bom = raw.startsWith(BOM);
  const text = bom ? raw.slice(BOM.length) : raw;
  if (text.trim() === '') return { value: undefined, text, bom };
  const errors: ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw new SettingsSyntaxError(describeError(first), positionOf(text, first.offset));
  if (!root) throw new SettingsSyntaxError('a value is expected', positionOf(text, 0));
  const duplicate = duplicateKey(root, text, '') ?? duplicateKey(jsonc.findNodeAtLocation(root, ['env']), text, 'env.');
  if (duplicate) throw duplicate;
  const notStrictJson = strictJsonProblem(text);
  return { value: valueOf(root), text, bom, ...(notStrictJson ? { notStrictJson } : {}) };
}

/** The file's own indentation and line ends; undefined for a one-line document (edits stay compact). */
export function detectFormatting(text: string): FormattingOptions | undefined {
  if (!text.trim().includes('\n')) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/** A new settings file: Claude Code's own layout, 2-space JSON and a final newline. */
export function formatNewSettings(settings: JsonObject): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Edit {
  path: string[];
  value: unknown;
  /** Where a new key goes among the object's keys, as in the planned document. */
  after?: string[];
}

/** The edits that turn object `before` into `after`, key by key; `env` is edited inside. */
function editsBetween(before: JsonObject, after: JsonObject, path: string[]): Edit[] {
  const edits: Edit[] = [];
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) edits.push({ path: [...path, key], value: undefined });
  const keys = Object.keys(after);
  keys.forEach((key, index) => {
    const next = after[key];
    if (!Object.hasOwn(before, key)) {
      edits.push({ path: [...path, key], value: next, after: keys.slice(0, index) });
    } else if (path.length === 0 && key === 'env' && isObject(before[key]) && isObject(next)) {
      edits.push(...editsBetween(before[key], next, ['env']));
    } else if (!isDeepStrictEqual(before[key], next)) {
      edits.push({ path: [...path, key], value: next });
    }
  });
  return edits;
}

/** A new key goes right after the last key that comes before it in the planned document. */
function insertionIndex(after: string[]): (properties: string[]) => number {
  return (properties) => {
    for (let i = after.length - 1; i >= 0; i--) {
      const at = properties.indexOf(after[i]!);
      if (at !== -1) return at + 1;
    }
    return 0;
  };
}

export class SettingsEditError extends Error {}

/**
 * `parsed`'s text changed into `after` with the fewest edits. The result is parsed back and
 * compared (values and key order) before anything is written: an edit that would not mean
 * exactly `after` is an error, never a file that says something else.
 */
export function editSettingsText(parsed: ParsedSettings, after: JsonObject): string {
  if (!isObject(parsed.value)) return (parsed.bom ? BOM : '') + formatNewSettings(after);
  const formattingOptions = detectFormatting(parsed.text);
  let text = parsed.text;
  for (const edit of editsBetween(parsed.value, after, [])) {
    const changes = jsonc.modify(text, edit.path, edit.value, {
      ...(formattingOptions ? { formattingOptions } : {}),
      ...(edit.after ? { getInsertionIndex: insertionIndex(edit.after) } : {}),
    });
    text = jsonc.applyEdits(text, changes);
  }
  const check = parseSettingsText(text).value;
  const sameOrder = (a: unknown, b: unknown) => isObject(a) && isObject(b) && isDeepStrictEqual(Object.keys(a), Object.keys(b));
  if (!isDeepStrictEqual(check, after) || !sameOrder(check, after) || (isObject(after['env']) && !sameOrder((check as JsonObject)['env'], after['env']))) {
    throw new SettingsEditError('an in-place edit of the file did not give the planned settings');
  }
  return (parsed.bom ? BOM : '') + text;
}
