// Reading a transcript from an offset, in chunks, handing over only the lines that can matter: a
// line is looked at only if it holds one of the markers (`"assistant"`, `"cost-state"`), found by
// the native byte search over the whole chunk. Prompts, tool results and attachments (nearly all
// of a transcript's bytes) are never decoded, let alone parsed.
//
// A last line without its newline is Claude Code still writing it: it is read only once it parses
// whole, so reading resumes where it starts. A line longer than MAX_LINE_BYTES is skipped (and
// counted) without holding it in memory.
import { constants, promises as fsp } from 'node:fs';

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
}

/** Deliver every marked line of `buf[0, to]` (`to` is a newline) in order; returns lines too long to read. */
function deliver(buf: Buffer, to: number, base: number, markers: readonly Buffer[], onLine: OnLine, maxLineBytes: number): number {
  const next = markers.map((m) => buf.indexOf(m, 0));
  let oversized = 0;
  for (;;) {
    let hit = -1;
    for (const n of next) if (n !== -1 && n < to && (hit === -1 || n < hit)) hit = n;
    if (hit === -1) return oversized;
    const start = buf.lastIndexOf(NEWLINE, hit) + 1;
    const end = buf.indexOf(NEWLINE, hit);
    if (end - start > maxLineBytes) oversized++;
    else onLine(buf, start, end, base + end + 1, false);
    for (let i = 0; i < markers.length; i++) if (next[i] !== -1 && next[i]! <= end) next[i] = buf.indexOf(markers[i]!, end + 1);
  }
}

const hasMarker = (buf: Buffer, markers: readonly Buffer[]) => markers.some((m) => buf.indexOf(m) !== -1);

export async function scanLines(path: string, from: number, markers: readonly Buffer[], onLine: OnLine, options: ScanOptions = {}): Promise<LinesRead> {
  const { onBytes, maxLineBytes = MAX_LINE_BYTES, chunkBytes = CHUNK_BYTES } = options;
  // O_NONBLOCK: a FIFO planted under a transcript's name must not hang the import.
  const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { readTo: from, oversized: 0 };
    let pos = from;
    let readTo = from;
    let carry: Buffer | undefined;
    let skipping = false;
    let oversized = 0;
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunkBytes, pos);
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
        oversized += deliver(data, last, base, markers, onLine, maxLineBytes);
        readTo = base + last + 1;
      }
      const rest = data.subarray(last + 1);
      if (rest.length > maxLineBytes) {
        oversized++;
        skipping = true;
      } else if (rest.length > 0) {
        // Copied: `chunk` is reused by the next read.
        carry = Buffer.from(rest);
      }
    }
    if (carry && !skipping && hasMarker(carry, markers) && onLine(carry, 0, carry.length, readTo + carry.length, true)) readTo += carry.length;
    return { readTo, oversized };
  } finally {
    await handle.close();
  }
}
