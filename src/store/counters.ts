// Arithmetic on sparse integer counters, and capped keyed maps of them.
import type { CounterKey, Counters } from '../telemetry/model.js';
import { OVERFLOW_KEY } from './state.js';

/**
 * Counters with every key present, in one fixed order: one object shape, so a report adding up
 * tens of thousands of cells into them never changes their shape (sparse counters, as stored,
 * change shape with every key they gain, which cost several times the additions themselves).
 */
export function zeroCounters(): Counters {
  return {
    costNanos: 0,
    tokIn: 0,
    tokOut: 0,
    tokCacheRead: 0,
    tokCacheCreation: 0,
    sessionsStarted: 0,
    linesAdded: 0,
    linesRemoved: 0,
    commits: 0,
    pullRequests: 0,
    editAccept: 0,
    editReject: 0,
    activeUserUs: 0,
    activeCliUs: 0,
    apiRequests: 0,
    apiErrors: 0,
    prompts: 0,
    toolCalls: 0,
    toolFailures: 0,
    toolAccepts: 0,
    toolRejects: 0,
    evCostNanos: 0,
    evTokIn: 0,
    evTokOut: 0,
    evTokCacheRead: 0,
    evTokCacheCreation: 0,
    estCostNanos: 0,
    estUnpriced: 0,
  };
}

export function addCounters(target: Counters, delta: Counters): void {
  for (const key in delta) {
    const k = key as CounterKey;
    const v = delta[k];
    if (v) target[k] = (target[k] ?? 0) + v;
  }
}

export function sumCounters(list: Iterable<Counters>): Counters {
  const out: Counters = {};
  for (const c of list) addCounters(out, c);
  return out;
}

/** Take `delta` back out of `target`, never below zero (a figure shed or evicted meanwhile is not owed). */
export function takeFrom(target: Counters, delta: Counters): void {
  for (const key in delta) {
    const k = key as CounterKey;
    const v = delta[k];
    if (!v) continue;
    const left = (target[k] ?? 0) - v;
    if (left > 0) target[k] = left;
    else delete target[k];
  }
}

/** `c` minus `d`, per key (for figures that are a whole less a part). */
export function subtractCounters(c: Counters, d: Counters): Counters {
  const out: Counters = { ...c };
  for (const key in d) {
    const k = key as CounterKey;
    const v = (out[k] ?? 0) - (d[k] ?? 0);
    if (v) out[k] = v;
    else delete out[k];
  }
  return out;
}

/**
 * The entry for `key` in a map holding at most `cap` keys; once full, new keys share
 * OVERFLOW_KEY so memory stays bounded whatever the input's cardinality.
 */
export function cappedEntry<K extends string, T>(map: Map<K, T>, key: K, cap: number, create: () => T, onOverflow?: () => void): T {
  const entry = map.get(key);
  if (entry !== undefined) return entry;
  const full = map.size >= cap;
  if (full) onOverflow?.();
  const k = (full ? OVERFLOW_KEY : key) as K;
  let value = map.get(k);
  if (value === undefined) {
    value = create();
    map.set(k, value);
  }
  return value;
}

/** Increment a capped map of plain counts. */
export function bumpCount(map: Map<string, number>, key: string, cap: number, by = 1, onOverflow?: () => void): void {
  const full = !map.has(key) && map.size >= cap;
  if (full) onOverflow?.();
  const k = full ? OVERFLOW_KEY : key;
  map.set(k, (map.get(k) ?? 0) + by);
}

/** Add counters into a map entry, creating it. */
export function addInto<K>(map: Map<K, Counters>, key: K, delta: Counters): void {
  let c = map.get(key);
  if (!c) {
    c = {};
    map.set(key, c);
  }
  addCounters(c, delta);
}

/** Append to a ring held in an array: oldest entries are dropped past `cap`. */
export function pushRing<T>(ring: T[], item: T, cap: number): void {
  ring.push(item);
  if (ring.length > cap) ring.splice(0, ring.length - cap);
}
