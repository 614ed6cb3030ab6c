// Arithmetic on sparse integer counters, and capped keyed maps of them.
import type { CounterKey, Counters } from '../telemetry/model.js';
import { OVERFLOW_KEY } from './state.js';
import { ownValue, setOwn } from '../telemetry/wireKeys.js';

export function addCounters(target: Counters, delta: Counters): void {
  for (const key in delta) {
    const k = key as CounterKey;
    const v = delta[k];
    if (v) target[k] = (target[k] ?? 0) + v;
  }
}

/** New empty counters (one function, so callers of cappedEntry need not make one per call). */
export const noCounters = (): Counters => ({});

export function sumCounters(list: Iterable<Counters>): Counters {
  const out: Counters = {};
  for (const c of list) addCounters(out, c);
  return out;
}

/**
 * The entry for `key` in a map holding at most `cap` keys; once full, new keys share
 * OVERFLOW_KEY so memory stays bounded whatever the input's cardinality.
 */
export function cappedEntry<T>(map: Record<string, T>, key: string, cap: number, create: () => T, onOverflow?: () => void): T {
  const entry = ownValue(map, key);
  if (entry !== undefined) return entry;
  const full = Object.keys(map).length >= cap;
  if (full) onOverflow?.();
  const k = full ? OVERFLOW_KEY : key;
  return ownValue(map, k) ?? setOwn(map, k, create());
}

/** Increment a capped map of plain counts. */
export function bumpCount(map: Record<string, number>, key: string, cap: number, by = 1, onOverflow?: () => void): void {
  const full = !Object.hasOwn(map, key) && Object.keys(map).length >= cap;
  if (full) onOverflow?.();
  const k = full ? OVERFLOW_KEY : key;
  setOwn(map, k, (ownValue(map, k) ?? 0) + by);
}

/** Append to a ring held in an array: oldest entries are dropped past `cap`. */
export function pushRing<T>(ring: T[], item: T, cap: number): void {
  ring.push(item);
  if (ring.length > cap) ring.splice(0, ring.length - cap);
}
