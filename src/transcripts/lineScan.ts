// Reading a transcript from an offset, in chunks, handing over only the lines that can matter.
// Which lines those are is told from their first bytes, as Claude Code writes them: most lines
// start with their `"type"` (cost-state, attachment, api-request...), and prompts and answers name
// their `"role"` near the start. A line that says neither (another version's layout) is searched
// whole for the markers. So prompts, tool results and attachments (nearly all of a transcript's
// bytes) are never decoded, let alone parsed.
//
// A last line without its newline is Claude Code still writing it: it is read only once it parses
// whole, so reading resumes where it starts. A line longer than MAX_LINE_BYTES is skipped (and
// counted) without holding it in memory.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { startsWith } from './answerBytes.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 10;

/**
 * A candidate line: `buf[start, end)` (no newline); `endOffset` is the file offset just past it.
 * Return false when the line is not one you can read: for the unterminated last line, that means
 * it is still being written.
 */
export type OnLine = (buf: Buffer, start: number, end: number, endOffset: number, unterminated: boolean, wanted: boolean) => boolean;

export interface LinesRead {
  /** Offset just past the last line read whole: the next read starts here. */
  readTo: number;
  /** Lines past MAX_LINE_BYTES, skipped. */
  oversized: number;
}

export interface ScanOptions {
  /** Told of each chunk read (progress). */
  onBytes?: (n: number) => void;
  maxLineBytes?: number;
  chunkBytes?: number;
  /** A buffer to read into (at least chunkBytes), reused between files. */
  buffer?: Buffer;
  /** Asked before each line the filter does not want: true hands it over anyway (with `wanted` false). */
  wantAny?: () => boolean;
}

/** The line types to hand over, and how a line announces its type or role near its start. */
export interface LineFilter {
  /** Markers searched for in a line that announces nothing (e.g. `"assistant"`). */
  markers: readonly Buffer[];
  /** `{"type":"<type>"` at a line's start: these types are handed over, others skipped. */
  types: readonly string[];
  /** `"role":"<role>"` near the start: these roles are handed over, others skipped. */
  roles: readonly string[];
}

const TYPE_PREFIX = Buffer.from('{"type":"');
const ROLE_KEY = Buffer.from('"role":"');
/** How far into a line its role is looked for (answers put it within the first few hundred bytes). */
const ROLE_WINDOW = 1_024;

/** A filter's words as the bytes that close them (`assistant"`), compared in place, nothing decoded. */
const closedWords = new WeakMap<readonly string[], Buffer[]>();
function closed(words: readonly string[]): Buffer[] {
  let out = closedWords.get(words);
  if (!out) closedWords.set(words, (out = words.map((w) => Buffer.from(`${w}"`))));
  return out;
}

const wordIs = (buf: Buffer, at: number, end: number, words: readonly Buffer[]) => words.some((w) => startsWith(buf, at, end, w));

/**
 * Where the next occurrence of a needle is, searched once and reused for the lines before it:
 * a line without the needle must not cost a search through the rest of the chunk each time.
 */
class Next {
  private at = -2;
  constructor(
    private readonly buf: Buffer,
    private readonly needle: Buffer,
  ) {}
  from(start: number): number {
    if (this.at !== -1 && this.at < start) this.at = this.buf.indexOf(this.needle, start);
    return this.at;
  }
}

/** Whether the line `buf[start, end)` may be one to hand over (`role` and `markers` find the needles in this chunk). */
function wantedIn(buf: Buffer, start: number, end: number, filter: LineFilter, role: Next, markers: readonly Next[]): boolean {
  if (startsWith(buf, start, end, TYPE_PREFIX)) {
    return wordIs(buf, start + TYPE_PREFIX.length, end, closed(filter.types));
  }
  const at = role.from(start);
  if (at !== -1 && at < Math.min(end, start + ROLE_WINDOW)) return wordIs(buf, at + ROLE_KEY.length, end, closed(filter.roles));
  return markers.some((m) => {
    const found = m.from(start);
    return found !== -1 && found < end;
  });
}

/** Whether the line `buf[start, end)` may be one to hand over. */
export function wanted(buf: Buffer, start: number, end: number, filter: LineFilter): boolean {
  return wantedIn(
    buf,
    start,
    end,
    filter,
    new Next(buf, ROLE_KEY),
    filter.markers.map((m) => new Next(buf, m)),
  );
}

/** Hand over every wanted line of `buf[0, to]` (`to` is a newline) in order; returns lines too long to read. */
function deliver(buf: Buffer, to: number, base: number, filter: LineFilter, onLine: OnLine, maxLineBytes: number, wantAny: (() => boolean) | undefined): number {
  let oversized = 0;
  const role = new Next(buf, ROLE_KEY);
  const markers = filter.markers.map((m) => new Next(buf, m));
  for (let start = 0; start <= to; ) {
    const end = buf.indexOf(NEWLINE, start);
    if (end > start) {
      const want = wantedIn(buf, start, end, filter, role, markers);
      if (want && end - start > maxLineBytes) oversized++;
      else if (want || wantAny?.()) onLine(buf, start, end, base + end + 1, false, want);
    }
    start = end + 1;
  }
  return oversized;
}

/**
 * Read synchronously: `cc-top import` runs on its own (never inside the live receiver), and a
 * thousand small files read through the promise API spend more time handing reads to the thread
 * pool than reading.
 */
export function scanLines(path: string, from: number, filter: LineFilter, onLine: OnLine, options: ScanOptions = {}): LinesRead {
  const { onBytes, maxLineBytes = MAX_LINE_BYTES, chunkBytes = CHUNK_BYTES } = options;
  // O_NONBLOCK: a FIFO planted under a transcript's name must not hang the import.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { readTo: from, oversized: 0 };
    let pos = from;
    let readTo = from;
    let carry: Buffer | undefined;
    let skipping = false;
    let oversized = 0;
    const chunk = options.buffer && options.buffer.length >= chunkBytes ? options.buffer : Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, info.size - from + 1)));
    for (;;) {
      const bytesRead = readSync(fd, chunk, 0, Math.min(chunk.length, chunkBytes), pos);
      if (bytesRead === 0) break;
      onBytes?.(bytesRead);
      const fresh = chunk.subarray(0, bytesRead);
      const chunkBase = pos;
      pos += bytesRead;
      let data = fresh;
      let base = chunkBase;
      if (skipping) {
        const nl = fresh.indexOf(NEWLINE);
        if (nl === -1) continue;
        skipping = false;
        data = fresh.subarray(nl + 1);
        base = chunkBase + nl + 1;
        readTo = base;
      } else if (carry) {
        data = Buffer.concat([carry, fresh]);
        base = chunkBase - carry.length;
        carry = undefined;
      }
      const last = data.lastIndexOf(NEWLINE);
      if (last !== -1) {
        oversized += deliver(data, last, base, filter, onLine, maxLineBytes, options.wantAny);
        readTo = base + last + 1;
      }
      const rest = data.subarray(last + 1);
      if (rest.length > maxLineBytes) {
        if (wanted(rest, 0, rest.length, filter)) oversized++;
        skipping = true;
      } else if (rest.length > 0) {
        // Copied: `chunk` is reused by the next read.
        carry = Buffer.from(rest);
      }
    }
    if (carry && !skipping && wanted(carry, 0, carry.length, filter) && onLine(carry, 0, carry.length, readTo + carry.length, true, true)) readTo += carry.length;
    return { readTo, oversized };
  } finally {
    closeSync(fd);
  }
}
