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
import { indexWithin } from './jsonBytes.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 10;

/**
 * A candidate line: `buf[start, end)` (no newline); `endOffset` is the file offset just past it.
 * Return false when the line is not one you can read: for the unterminated last line, that means
 * it is still being written.
 */
export type OnLine = (buf: Buffer, start: number, end: number, endOffset: number, unterminated: boolean) => boolean;

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
}

/** The line types to hand over, and how a line announces its type or role near its start. */
export interface LineFilter {
  /** Markers searched for in a line that announces nothing (e.g. `"assistant"`). */
  markers: readonly Buffer[];
  /** `{"type":"<type>"` at a line's start: these types are handed over, others skipped. */
  types: ReadonlySet<string>;
  /** `"role":"<role>"` near the start: these roles are handed over, others skipped. */
  roles: ReadonlySet<string>;
}

const TYPE_PREFIX = Buffer.from('{"type":"');
const ROLE_KEY = Buffer.from('"role":"');
/** How far into a line its role is looked for (answers put it within the first few hundred bytes). */
const ROLE_WINDOW = 1_024;
const QUOTE = 34;

/** The quoted word at `at` (up to its closing quote, within 32 bytes), or undefined. */
function wordAt(buf: Buffer, at: number, end: number): string | undefined {
  const close = buf.indexOf(QUOTE, at);
  if (close === -1 || close > end || close - at > 32) return undefined;
  return buf.toString('latin1', at, close);
}

/** Whether the line `buf[start, end)` may be one to hand over. */
export function wanted(buf: Buffer, start: number, end: number, filter: LineFilter): boolean {
  if (end - start > TYPE_PREFIX.length && buf.compare(TYPE_PREFIX, 0, TYPE_PREFIX.length, start, start + TYPE_PREFIX.length) === 0) {
    const type = wordAt(buf, start + TYPE_PREFIX.length, end);
    if (type !== undefined) return filter.types.has(type);
  }
  const role = indexWithin(buf, ROLE_KEY, start, Math.min(end, start + ROLE_WINDOW));
  if (role !== -1) {
    const value = wordAt(buf, role + ROLE_KEY.length, end);
    if (value !== undefined) return filter.roles.has(value);
  }
  return filter.markers.some((m) => indexWithin(buf, m, start, end) !== -1);
}

/** Hand over every wanted line of `buf[0, to]` (`to` is a newline) in order; returns lines too long to read. */
function deliver(buf: Buffer, to: number, base: number, filter: LineFilter, onLine: OnLine, maxLineBytes: number): number {
  let oversized = 0;
  for (let start = 0; start <= to; ) {
    const end = buf.indexOf(NEWLINE, start);
    if (end > start && wanted(buf, start, end, filter)) {
      if (end - start > maxLineBytes) oversized++;
      else onLine(buf, start, end, base + end + 1, false);
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
        oversized += deliver(data, last, base, filter, onLine, maxLineBytes);
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
    if (carry && !skipping && wanted(carry, 0, carry.length, filter) && onLine(carry, 0, carry.length, readTo + carry.length, true)) readTo += carry.length;
    return { readTo, oversized };
  } finally {
    closeSync(fd);
  }
}
