// A metric stream's identity: metric name + point attributes + resource, the same text whatever
// order the attributes arrived in, hashed to 64 bits (stores keep thousands of them).
import type { Attrs } from './model.js';

/** Two independently seeded 32-bit multiply-xorshift lanes, fed characters. */
export class HashLanes {
  constructor(
    public h1: number,
    public h2: number,
  ) {}

  add(text: string): this {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Mix the lanes into each other (every input bit reaches every output bit). */
  finish(): this {
    this.h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    this.h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(this.h1 ^ (this.h1 >>> 13), 3266489909);
    return this;
  }
}

/**
 * A 64-bit hash as 16 hex digits. At 20,000 streams the chance of any collision is ~1e-11.
 * Stores keep these values: the function must never change.
 */
export function hash64(text: string): string {
  const { h1, h2 } = new HashLanes(0xdeadbeef, 0x41c6ce57).add(text).finish();
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** An attribute set as text, the same whatever order the attributes arrived in. */
export function canonical(attrs: Attrs): string {
  const keys = [...attrs.keys()].sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${String(attrs.get(k))}\u0002`;
  return out;
}

/** Metric name, attributes and resource: the part of a stream key that does not depend on the point. */
export function streamIdentity(name: string, attrs: Attrs, resourceHash: string): string {
  return `${name}\u0000${canonical(attrs)}\u0000${resourceHash}`;
}
