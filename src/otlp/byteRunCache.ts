// Values decoded from a run of bytes, found again by those bytes without copying them.
//
// The protobuf decoder meets the same attribute bytes on every export of a stream. Keying a Map
// by the bytes as a string meant a native copy and V8 hashing every character (~0.7 µs for a
// Claude Code point's ~350 bytes, most of the decode); this hashes four bytes a step straight
// from the buffer and confirms a hit by comparing every byte, so two runs that merely share a
// hash are never confused.

export type ByteRunHash = (view: DataView, start: number, end: number) => number;

/** A 32-bit multiply-xorshift hash of bytes [start, end) of the view, four at a time. */
export function hashByteRun(view: DataView, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1);
    h ^= h >>> 16;
  }
  for (; i < end; i++) h = Math.imul(h ^ view.getUint8(i), 0x9e3779b1);
  return h >>> 0;
}

interface Entry<T> {
  /** Our own copy of the run. */
  bytes: DataView;
  value: T;
  /** Another run with the same hash. */
  next: Entry<T> | undefined;
}

/** Runs kept per hash value (real ones collide about once in 2^32). */
export const MAX_SAME_HASH = 4;

/**
 * Whether bytes [start, end) of the view equal `copy`, four at a time. In JS: Buffer#compare's
 * argument checks and native call cost more than comparing ~350 bytes (measured under load, the
 * two were within a few per cent, JS ahead).
 */
function sameBytes(copy: DataView, view: DataView, start: number, end: number): boolean {
  const n = end - start;
  if (copy.byteLength !== n) return false;
  let i = 0;
  for (; i + 4 <= n; i += 4) if (copy.getInt32(i, true) !== view.getInt32(start + i, true)) return false;
  for (; i < n; i++) if (copy.getUint8(i) !== view.getUint8(start + i)) return false;
  return true;
}

export class ByteRunCache<T> {
  private readonly entries = new Map<number, Entry<T>>();
  private count = 0;

  /**
   * @param cap runs kept; when full the cache starts over (a cheap bound; the runs that recur
   *   come back on their next export)
   * @param hash replaceable so tests can force collisions
   */
  constructor(
    readonly cap: number,
    private readonly hash: ByteRunHash = hashByteRun,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The value stored for exactly these bytes, if any. */
  get(buf: Uint8Array, view: DataView, start: number, end: number): T | undefined {
    for (let e = this.entries.get(this.hash(view, start, end)); e; e = e.next) {
      if (sameBytes(e.bytes, view, start, end)) return e.value;
    }
    return undefined;
  }

  /**
   * Store a value for these bytes (copied: the request's buffer is not kept). Not stored when
   * MAX_SAME_HASH runs already share the hash: input made to collide must not turn each lookup
   * into a walk over thousands of entries.
   */
  set(buf: Uint8Array, view: DataView, start: number, end: number, value: T): void {
    if (this.count >= this.cap) this.clear();
    const h = this.hash(view, start, end);
    let sameHash = 0;
    for (let e = this.entries.get(h); e; e = e.next) if (++sameHash >= MAX_SAME_HASH) return;
    // A copy (Buffer#slice would be a view that keeps the whole request alive).
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    this.entries.set(h, { bytes: new DataView(bytes.buffer), value, next: this.entries.get(h) });
    this.count++;
  }

  clear(): void {
    this.entries.clear();
    this.count = 0;
  }
}
