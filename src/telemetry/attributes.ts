// OTLP attribute lists -> plain records, and the coercions Claude Code's mixed typing needs.
//
// Claude Code is not consistent about attribute types: `prompt_length` arrives as "9",
// `tool_result.duration_ms` as "28", `success` as "true", while `api_request` tokens are real
// ints and `cost_usd` a double. Everything above this file reads attributes through the
// coercions below, so a type change in a future CLI release cannot break a figure.
import type { AnyValue, KeyValue } from '../otlp/types.js';
import { shareAttrs } from './sharedAttrs.js';
import { setOwn } from './wireKeys.js';

export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue>;

/** Longest attribute value kept; longer values (bodies, tool inputs) are cut. */
export const MAX_ATTRIBUTE_VALUE_CHARS = 4_096;
/** Attributes kept per data point, record or resource (the OpenTelemetry SDKs' default limit). */
export const MAX_ATTRIBUTES_PER_ITEM = 128;

function scalar(value: AnyValue | undefined): AttrValue | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return truncate(value.stringValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : value.intValue;
  }
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) {
    return truncate(JSON.stringify(plain(value)));
  }
  if (value.bytesValue !== undefined) return truncate(value.bytesValue);
  return undefined;
}

/** A structured AnyValue as plain JSON, for arrays and kvlists that are kept as text. */
function plain(value: AnyValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue) {
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, kv.value ? plain(kv.value) : null]));
  }
  return scalar(value) ?? null;
}

function truncate(text: string): string {
  return text.length > MAX_ATTRIBUTE_VALUE_CHARS ? `${text.slice(0, MAX_ATTRIBUTE_VALUE_CHARS)}…` : text;
}

/**
 * Flattened records of the attribute lists the protobuf decoder shares between requests (it
 * freezes them): a session's streams repeat their attributes in every export, so they are
 * flattened once, and the shared record lets what follows from it be worked out once per series
 * (see sharedAttrs.ts).
 */
const flattenedShared = new WeakMap<readonly KeyValue[], Readonly<Attrs>>();

export function flattenAttributes(list: readonly KeyValue[] | undefined): Attrs {
  if (!list || !Object.isFrozen(list)) return flattenFresh(list);
  let attrs = flattenedShared.get(list);
  if (!attrs) {
    attrs = shareAttrs(flattenFresh(list));
    flattenedShared.set(list, attrs);
  }
  return attrs as Attrs;
}

function flattenFresh(list: readonly KeyValue[] | undefined): Attrs {
  const out: Attrs = {};
  if (!list) return out;
  let kept = 0;
  for (const kv of list) {
    if (kept >= MAX_ATTRIBUTES_PER_ITEM) break;
    if (typeof kv.key !== 'string' || kv.key === '') continue;
    const v = scalar(kv.value);
    if (v !== undefined) {
      setOwn(out, kv.key, v);
      kept++;
    }
  }
  return out;
}

export function anyValueText(value: AnyValue | undefined): string | undefined {
  const v = scalar(value);
  return v === undefined ? undefined : String(v);
}

/** A finite number from a number or a numeric string ("28"); undefined otherwise. */
export function asNumber(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A boolean from a boolean or "true"/"false" (any case); undefined otherwise. */
export function asBool(v: AttrValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return undefined;
}

export function asString(v: AttrValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Nanosecond timestamp string -> milliseconds (undefined when absent or zero). */
export function nanosToMillis(ns: string | undefined): number | undefined {
  if (!ns || ns === '0') return undefined;
  // The last 6 digits are sub-millisecond; cutting them keeps the rest exact for any 64-bit value.
  const ms = Number(ns.length > 6 ? ns.slice(0, -6) : '0');
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
