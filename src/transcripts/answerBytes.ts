// An answer line's few fields, read straight from its bytes. The line's top-level object, its
// `message` and the message's `usage` are walked member by member; every other value (the reply's
// content above all, and the tool inputs in it) is jumped over as bytes and never decoded. This
// gives what JSON.parse of the line would for those fields, without building the rest: parsing
// whole answers was most of an import's time.
//
// The members walked are checked as JSON (a truncated or garbled line is not one); values jumped
// over are checked only for where they end (strings, brackets), as the content always was.
import { skipValue } from './jsonBytes.js';

/**
 * What an answer line says, not yet checked, in this order: type, timestamp, isSidechain,
 * requestId, requestRef, cwd, gitBranch, message.id, message.model, and message.usage's input,
 * output, cache read, cache creation and 1-hour cache creation tokens. An object or array where a
 * field was expected reads as NESTED (it fits no field). A tuple, not an object: checking it takes
 * a third of the time, and a year of transcripts has hundreds of thousands of answers.
 */
export type LineFields = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];

/** An object or array where a field was read: a value of no field's type. */
export const NESTED: unknown = Object.freeze({ nested: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;

/** What a byte is inside a JSON string: what ends it, escapes, may not be in it, or is past ASCII. */
const PLAIN = 0;
const QUOTE_BYTE = 1;
const ESCAPE_BYTE = 2;
const CONTROL_BYTE = 3;
const HIGH_BYTE = 4;
const BYTE_KIND = new Uint8Array(256).map((_, b) => (b === QUOTE ? QUOTE_BYTE : b === BACKSLASH ? ESCAPE_BYTE : b < 0x20 ? CONTROL_BYTE : b > 0x7f ? HIGH_BYTE : PLAIN));

/** Thrown (one value, no stack) when the walked part is not JSON; caught in `answerFields`. */
const NOT_JSON = Symbol('not JSON');
/** What `Line.firstKey`/`nextKey` return past an object's last member. */
const END = -2;

/** Whether `buf[at, end)` starts with `word` (a loop: Buffer.compare with offsets costs more for short words). */
export function startsWith(buf: Buffer, at: number, end: number, word: Buffer): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (buf[at + i] !== word[i]) return false;
  return true;
}

/**
 * Key names, found by length and first byte (then compared): fewer than ten names per object, and
 * most keys of a line are none of them. A key written with escapes is compared as text.
 */
class Keys {
  private readonly bytes: Buffer[];
  constructor(private readonly names: readonly string[]) {
    this.bytes = names.map((n) => Buffer.from(n));
  }
  /** The index of the key `buf[from, to)` (the text between its quotes), or -1. */
  find(buf: Buffer, from: number, to: number, escaped: boolean): number {
    if (escaped) return this.names.indexOf(JSON.parse(buf.toString('utf8', from - 1, to + 1)) as string);
    const length = to - from;
    const first = buf[from];
    for (let k = 0; k < this.bytes.length; k++) {
      const key = this.bytes[k]!;
      if (key.length === length && key[0] === first && startsWith(buf, from, to, key)) return k;
    }
    return -1;
  }
}

const TOP = new Keys(['type', 'timestamp', 'isSidechain', 'requestId', 'requestRef', 'cwd', 'gitBranch', 'message']);
const TOP_MESSAGE = 7;
const TIMESTAMP_FIELD = 1;
const MESSAGE = new Keys(['id', 'model', 'usage']);
const MESSAGE_USAGE = 2;
const USAGE = new Keys(['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'cache_creation']);
const USAGE_CACHE_CREATION = 4;
const CACHE_CREATION = new Keys(['ephemeral_1h_input_tokens']);
/** Where each walked object's fields go in LineFields. */
const MESSAGE_FIELD = 7;
const USAGE_FIELD = 9;
const CACHE_1H_FIELD = 13;

/** true, false and null (the bytes they start with are t, f and n). */
const LITERALS: readonly [Buffer, unknown][] = [
  [Buffer.from('true'), true],
  [Buffer.from('false'), false],
  [Buffer.from('null'), null],
];
/** A JSON number's bytes (checked by JSON.parse when it is not a plain count). */
const isNumberByte = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;

/** A cursor over one line. */
class Line {
  buf: Buffer = Buffer.alloc(0);
  at = 0;
  end = 0;
  /** Of the string last passed over: whether it held an escape, or a byte past ASCII. */
  escaped = false;
  ascii = true;

  reset(buf: Buffer, start: number, end: number): void {
    this.buf = buf;
    this.at = start;
    this.end = end;
  }

  /** The byte at `at` (after spaces), or -1 at the line's end. */
  peek(): number {
    const { buf, end } = this;
    let i = this.at;
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0d)) i++;
    this.at = i;
    return i < end ? buf[i]! : -1;
  }

  expect(byte: number): void {
    if (this.peek() !== byte) throw NOT_JSON;
    this.at++;
  }

  /** Past the string starting at `at` (a quote); returns where its text ends (before the closing quote). */
  string(): number {
    const { buf, end } = this;
    let escaped = false;
    let ascii = true;
    for (let i = this.at + 1; i < end; i++) {
      // One table look-up per byte: most bytes of a string are none of the kinds that matter.
      const kind = BYTE_KIND[buf[i]!]!;
      if (kind === PLAIN) continue;
      if (kind === QUOTE_BYTE) {
        this.at = i + 1;
        this.escaped = escaped;
        this.ascii = ascii;
        return i;
      }
      if (kind === ESCAPE_BYTE) {
        escaped = true;
        i++;
      } else if (kind === CONTROL_BYTE) throw NOT_JSON;
      else ascii = false;
    }
    throw NOT_JSON;
  }

  /**
   * The value at `at`, decoded when it is a string, number or literal; NESTED (skipped) otherwise.
   * A string read into field `slot` is the one read there before when its bytes are the same.
   */
  value(slot = -1): unknown {
    const c = this.peek();
    const { buf } = this;
    if (c === QUOTE) {
      const from = this.at;
      const to = this.string();
      if (this.escaped) return JSON.parse(buf.toString('utf8', from, to + 1));
      return slot === -1 ? textOf(buf, from + 1, to, this.ascii) : recentTexts.text(slot, buf, from + 1, to, this.ascii);
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      this.skip();
      return NESTED;
    }
    if (c !== 0x74 && c !== 0x66 && c !== 0x6e) return this.number();
    for (const [bytes, literal] of LITERALS) {
      if (startsWith(buf, this.at, this.end, bytes)) {
        this.at += bytes.length;
        return literal;
      }
    }
    throw NOT_JSON;
  }

  number(): number {
    const { buf, end } = this;
    const from = this.at;
    let i = from;
    let n = 0;
    // A plain count (what every token figure is), read without a string made of it.
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) n = n * 10 + buf[i++]! - 0x30;
    if (i > from && i - from < 16 && (i === end || !isNumberByte(buf[i]!)) && (buf[from] !== 0x30 || i - from === 1)) {
      this.at = i;
      return n;
    }
    while (i < end && isNumberByte(buf[i]!)) i++;
    if (i === from) throw NOT_JSON;
    this.at = i;
    try {
      return JSON.parse(buf.toString('latin1', from, i)) as number;
    } catch {
      throw NOT_JSON;
    }
  }

  /** Past the value at `at` without decoding it. */
  skip(): void {
    const c = this.peek();
    // Strings here are short (ids, names): passed over here, not by a call to native search.
    if (c === QUOTE) this.string();
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const to = skipValue(this.buf, this.at, this.end);
      if (to === -1) throw NOT_JSON;
      this.at = to;
    } else {
      this.value();
    }
  }

  /** Into the object at `at`: its first member's key (index in `keys`, -1 for another), or END when it has none. */
  firstKey(keys: Keys): number {
    this.expect(OPEN_OBJECT);
    if (this.peek() !== CLOSE_OBJECT) return this.key(keys);
    this.at++;
    return END;
  }

  /** After a member's value: the next member's key, or END past the object's close. */
  nextKey(keys: Keys): number {
    const c = this.peek();
    this.at++;
    if (c === COMMA) return this.key(keys);
    if (c === CLOSE_OBJECT) return END;
    throw NOT_JSON;
  }

  private key(keys: Keys): number {
    if (this.peek() !== QUOTE) throw NOT_JSON;
    const from = this.at + 1;
    const to = this.string();
    const k = keys.find(this.buf, from, to, this.escaped);
    this.expect(COLON);
    return k;
  }
}

// ASCII (ids, times, most folders) makes the cheaper one-byte string.
const textOf = (buf: Buffer, from: number, to: number, ascii: boolean) => buf.toString(ascii ? 'latin1' : 'utf8', from, to);

/**
 * The text last read into each field, with its bytes. A session's folder, branch and model, the
 * line type, and the ids of an answer written once per content block repeat line after line:
 * comparing the bytes costs less than making the string again.
 */
class RecentTexts {
  private static readonly MAX_BYTES = 128;
  /** One slot per field of LineFields. */
  private static readonly SLOTS = CACHE_1H_FIELD + 1;
  private readonly bytes = Buffer.alloc(RecentTexts.SLOTS * RecentTexts.MAX_BYTES);
  private readonly lengths = new Int32Array(RecentTexts.SLOTS).fill(-1);
  private readonly texts: string[] = new Array<string>(RecentTexts.SLOTS).fill('');

  text(slot: number, buf: Buffer, from: number, to: number, ascii: boolean): string {
    const length = to - from;
    if (length > RecentTexts.MAX_BYTES) return textOf(buf, from, to, ascii);
    const at = slot * RecentTexts.MAX_BYTES;
    if (this.lengths[slot] === length) {
      // From the end: ids that differ differ there.
      let i = length - 1;
      while (i >= 0 && this.bytes[at + i] === buf[from + i]) i--;
      if (i < 0) return this.texts[slot]!;
    }
    // A loop, not Buffer.copy: a call into native code costs more than copying a few bytes.
    for (let i = 0; i < length; i++) this.bytes[at + i] = buf[from + i]!;
    this.lengths[slot] = length;
    return (this.texts[slot] = textOf(buf, from, to, ascii));
  }
}

const line = new Line();
const recentTexts = new RecentTexts();

/** Fields from `first` on cleared: a repeated key counts once, with its last value (as in JSON.parse). */
function clear(f: LineFields, first: number, last = CACHE_1H_FIELD): void {
  for (let i = first; i <= last; i++) f[i] = undefined;
}

/** `usage` (or `cache_creation` in it, its key `nested`): counts, by key order. A value that is not an object has none. */
function readCounts(f: LineFields, keys: Keys, first: number, nested: number, last: number): void {
  clear(f, first, last);
  if (line.peek() !== OPEN_OBJECT) {
    line.skip();
    return;
  }
  for (let k = line.firstKey(keys); k !== END; k = line.nextKey(keys)) {
    if (k === -1) line.skip();
    else if (k === nested) readCounts(f, CACHE_CREATION, CACHE_1H_FIELD, -1, CACHE_1H_FIELD);
    else f[first + k] = line.value(first + k);
  }
}

function readMessage(f: LineFields): void {
  clear(f, MESSAGE_FIELD);
  if (line.peek() !== OPEN_OBJECT) {
    line.skip();
    return;
  }
  for (let k = line.firstKey(MESSAGE); k !== END; k = line.nextKey(MESSAGE)) {
    if (k === -1) line.skip();
    else if (k === MESSAGE_USAGE) readCounts(f, USAGE, USAGE_FIELD, USAGE_CACHE_CREATION, CACHE_1H_FIELD);
    else f[MESSAGE_FIELD + k] = line.value(MESSAGE_FIELD + k);
  }
}

/** The fields of the line `buf[start, end)`, or undefined when it is not a JSON object. */
export function answerFields(buf: Buffer, start: number, end: number): LineFields | undefined {
  const f: LineFields = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  line.reset(buf, start, end);
  try {
    for (let k = line.firstKey(TOP); k !== END; k = line.nextKey(TOP)) {
      if (k === -1) line.skip();
      else if (k === TOP_MESSAGE) readMessage(f);
      // Times differ from line to line: not worth comparing.
      else f[k] = line.value(k === TIMESTAMP_FIELD ? -1 : k);
    }
    return line.peek() === -1 ? f : undefined;
  } catch (err) {
    if (err === NOT_JSON || err instanceof SyntaxError) return undefined;
    throw err;
  }
}
