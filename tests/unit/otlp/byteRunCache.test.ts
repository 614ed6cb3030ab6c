// The decoder's cache of attribute runs finds a value by the exact bytes, whatever their hash.
import { describe, expect, it } from 'vitest';
import { ByteRunCache, hashByteRun, MAX_SAME_HASH } from '../../../src/otlp/byteRunCache.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const lookup = <T>(cache: ByteRunCache<T>, b: Uint8Array, start = 0, end = b.length) => cache.get(b, view(b), start, end);
const store = <T>(cache: ByteRunCache<T>, b: Uint8Array, value: T, start = 0, end = b.length) => cache.set(b, view(b), start, end, value);

describe('ByteRunCache', () => {
  it('finds a run by its bytes at any offset of another buffer', () => {
    const cache = new ByteRunCache<string>(10);
    store(cache, bytes('..session-1:tokens..'), 'one', 2, 18);
    expect(lookup(cache, bytes('xxxxsession-1:tokens'), 4)).toBe('one');
    expect(lookup(cache, bytes('session-1:tokenz'))).toBeUndefined();
    expect(lookup(cache, bytes('session-1:token'))).toBeUndefined();
  });

  it('keeps runs with the same hash apart by their bytes', () => {
    const cache = new ByteRunCache<string>(10, () => 42);
    store(cache, bytes('alpha'), 'a');
    store(cache, bytes('bravo'), 'b');
    store(cache, bytes('alphaX'), 'ax');
    expect([lookup(cache, bytes('alpha')), lookup(cache, bytes('bravo')), lookup(cache, bytes('alphaX')), lookup(cache, bytes('charl'))]).toEqual(['a', 'b', 'ax', undefined]);
  });

  it('keeps only a few runs per hash, so colliding input cannot make lookups long', () => {
    const cache = new ByteRunCache<number>(100, () => 7);
    for (let i = 0; i < 50; i++) store(cache, bytes(`run-${i}`), i);
    expect(cache.size).toBe(MAX_SAME_HASH);
    expect(lookup(cache, bytes('run-0'))).toBe(0);
    expect(lookup(cache, bytes(`run-${MAX_SAME_HASH}`))).toBeUndefined();
  });

  it('keeps its own copy of the bytes, not a view of the request', () => {
    const cache = new ByteRunCache<string>(10);
    const request = bytes('user=1;session=2');
    store(cache, request, 'v');
    request.fill(0);
    expect(lookup(cache, bytes('user=1;session=2'))).toBe('v');
  });

  it('starts over when full', () => {
    const cache = new ByteRunCache<number>(3);
    for (let i = 0; i < 3; i++) store(cache, bytes(`run-${i}`), i);
    expect(cache.size).toBe(3);
    store(cache, bytes('run-3'), 3);
    expect(cache.size).toBe(1);
    expect([lookup(cache, bytes('run-0')), lookup(cache, bytes('run-3'))]).toEqual([undefined, 3]);
  });

  it('hashes every byte, and the length (runs differing anywhere, or only in length, differ)', () => {
    const base = bytes('0123456789abcdefghij');
    const h = hashByteRun(view(base), 0, base.length);
    for (let i = 0; i < base.length; i++) {
      const changed = Buffer.from(base);
      changed[i] = changed[i]! ^ 1;
      expect(hashByteRun(view(changed), 0, changed.length)).not.toBe(h);
    }
    expect(hashByteRun(view(base), 0, 19)).not.toBe(h);
    expect(hashByteRun(view(Buffer.alloc(8)), 0, 4)).not.toBe(hashByteRun(view(Buffer.alloc(8)), 0, 8));
  });
});
