// Attribute records shared between requests, and memos keyed by them.
//
// The protobuf decoder hands out one frozen attribute list for every repeat of the same bytes
// (see keyValueRun in otlp/wireDecode.ts), and flattenAttributes turns each into one frozen
// record with a process-unique id. Whatever is derived from a stream's attributes alone (its
// counter, session, labels, the store's stream key) can then be worked out once per stream
// instead of on every export.
import type { Attrs } from './attributes.js';

const SHARED_ID = Symbol('shared attributes id');
let nextSharedId = 1;

/** Mark a record shared: give it an id (a symbol key, invisible to keys, for…in and JSON) and freeze it. */
export function shareAttrs(attrs: Attrs): Readonly<Attrs> {
  Object.defineProperty(attrs, SHARED_ID, { value: nextSharedId++ });
  return Object.freeze(attrs);
}

/** The id of a shared record; undefined for a record built for one request. */
export function sharedAttrsId(attrs: Attrs): number | undefined {
  return (attrs as { [SHARED_ID]?: number })[SHARED_ID];
}

/**
 * Values worked out from a pair of shared records (a point's and its resource's) and a name,
 * kept up to `cap` entries (then forgotten all at once and worked out again).
 */
export class SharedMemo<T> {
  private readonly byAttrs = new Map<number, Map<number, Map<string, T>>>();
  private size = 0;

  constructor(private readonly cap: number) {}

  /** The memo for these records and name; undefined when not known or a record is not shared. */
  get(attrs: Attrs, resource: Attrs, name: string): T | undefined {
    const a = sharedAttrsId(attrs);
    const r = sharedAttrsId(resource);
    if (a === undefined || r === undefined) return undefined;
    return this.byAttrs.get(a)?.get(r)?.get(name);
  }

  /** Remember a value (nothing happens when a record is not shared). */
  set(attrs: Attrs, resource: Attrs, name: string, value: T): T {
    const a = sharedAttrsId(attrs);
    const r = sharedAttrsId(resource);
    if (a === undefined || r === undefined) return value;
    if (this.size >= this.cap) {
      this.byAttrs.clear();
      this.size = 0;
    }
    let byResource = this.byAttrs.get(a);
    if (!byResource) this.byAttrs.set(a, (byResource = new Map()));
    let byName = byResource.get(r);
    if (!byName) byResource.set(r, (byName = new Map()));
    byName.set(name, value);
    this.size++;
    return value;
  }
}
