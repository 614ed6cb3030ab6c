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

interface MemoEntry<T> {
  resource: Attrs;
  name: string;
  value: T;
}

/**
 * Values worked out from something shared between requests (a frozen attribute list the decoder
 * shares, or a shared record), a shared resource record and a name, kept up to `cap` entries
 * (then forgotten all at once and worked out again). Looked up by the shared thing itself (one
 * WeakMap probe, then its few entries by identity): this runs for every data point, and nested
 * Maps of ids cost more than the work they saved.
 */
export class SharedMemo<T> {
  private byKey = new WeakMap<object, MemoEntry<T>[]>();
  private size = 0;

  constructor(private readonly cap: number) {}

  /** The memo for these and name; undefined when not known, or when they are not shared. */
  get(key: object, resource: Attrs, name: string): T | undefined {
    // Something built for one request was never stored (see set), so it simply misses.
    const entries = this.byKey.get(key);
    if (entries) for (const e of entries) if (e.resource === resource && e.name === name) return e.value;
    return undefined;
  }

  /** Remember a value (nothing happens unless the key is frozen and the resource shared). */
  set(key: object, resource: Attrs, name: string, value: T): T {
    if (!Object.isFrozen(key) || sharedAttrsId(resource) === undefined) return value;
    if (this.size >= this.cap) {
      this.byKey = new WeakMap();
      this.size = 0;
    }
    const entries = this.byKey.get(key);
    if (entries) entries.push({ resource, name, value });
    else this.byKey.set(key, [{ resource, name, value }]);
    this.size++;
    return value;
  }
}
