// Plain objects keyed by names that come from the wire (session ids, models, tools, event names).
//
// Such a name can be "__proto__" or "constructor": read with `map[key]` it finds Object's own
// members, and written with `map[key] = value` "__proto__" replaces the object's prototype. A
// model named "__proto__" once added its cost to Object.prototype itself, so every object in
// the process appeared to carry it. These two functions treat every name as an own key.

/** The map's own value for `key` (never an inherited member). */
export function ownValue<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Set the map's own `key`, whatever the name (an own "__proto__" is kept as data, as JSON does). */
export function setOwn<T>(map: Record<string, T>, key: string, value: T): T {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
  return value;
}
