// OTLP attribute lists -> Maps of safe values, and the coercions Claude Code's mixed typing needs.
//
// Claude Code is not consistent about attribute types: `prompt_length` arrives as "9",
// `tool_result.duration_ms` as "28", `success` as "true", while `api_request` tokens are real
// ints and `cost_usd` a double. Everything above this file reads attributes through the
// coercions below, so a type change in a future CLI release cannot break a figure.
import type { AnyValue, KeyValue } from '../otlp/types.js';
import type { Attrs, AttrValue } from './model.js';
import { MAX_NAME_CHARS, MAX_VALUE_CHARS, safeText, type WireTextOriginals } from './wireText.js';

/** Attributes kept per data point, record or resource (the OpenTelemetry SDKs' default limit). */
export const MAX_ATTRIBUTES_PER_ITEM = 128;

function scalar(value: AnyValue | undefined, originals: WireTextOriginals | undefined): AttrValue | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return safeText(value.stringValue, MAX_VALUE_CHARS, originals);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : safeText(String(value.intValue), MAX_NAME_CHARS);
  }
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) return safeText(JSON.stringify(plain(value, 0)), MAX_VALUE_CHARS, originals);
  if (value.bytesValue !== undefined) return safeText(value.bytesValue, MAX_VALUE_CHARS);
  return undefined;
}

/** A structured AnyValue as plain JSON, for arrays and kvlists that are kept as text. */
function plain(value: AnyValue, depth: number): unknown {
  if (depth > 8) return null;
  if (value.arrayValue) return (value.arrayValue.values ?? []).slice(0, MAX_ATTRIBUTES_PER_ITEM).map((v) => plain(v, depth + 1));
  if (value.kvlistValue) {
    return Object.fromEntries((value.kvlistValue.values ?? []).slice(0, MAX_ATTRIBUTES_PER_ITEM).map((kv) => [String(kv.key), kv.value ? plain(kv.value, depth + 1) : null]));
  }
  return scalar(value, undefined) ?? null;
}

/** An attribute list as a Map of safe keys to safe values (at most MAX_ATTRIBUTES_PER_ITEM). */
export function flattenAttributes(list: readonly KeyValue[] | undefined, originals?: WireTextOriginals): Attrs {
  const out = new Map<string, AttrValue>();
  if (!list) return out;
  for (const kv of list) {
    if (out.size >= MAX_ATTRIBUTES_PER_ITEM) break;
    if (typeof kv.key !== 'string' || kv.key === '') continue;
    const v = scalar(kv.value, originals);
    if (v !== undefined) out.set(safeText(kv.key, MAX_NAME_CHARS, originals), v);
  }
  return out;
}

export function anyValueText(value: AnyValue | undefined, max = MAX_VALUE_CHARS, originals?: WireTextOriginals): string | undefined {
  const v = scalar(value, originals);
  return v === undefined ? undefined : typeof v === 'string' ? safeText(v, max) : String(v);
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

/** A non-empty string (names are cut to MAX_NAME_CHARS); undefined otherwise. */
export function asName(v: AttrValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = typeof v === 'string' ? v : String(v);
  return s === '' ? undefined : safeText(s, MAX_NAME_CHARS);
}

export function asString(v: AttrValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Earliest and latest plausible telemetry times: before is a zero or garbage timestamp. */
const EARLIEST_MS = Date.UTC(2020, 0, 1);
const FUTURE_SLACK_MS = 24 * 3_600_000;

/** A plausible event or point time, in ms; undefined for zero, garbage or the far future. */
export function plausibleTime(ms: number | undefined, nowMs: number): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= nowMs + FUTURE_SLACK_MS ? ms : undefined;
}

/** Nanosecond timestamp string -> milliseconds (undefined when absent or zero). */
export function nanosToMillis(ns: string | undefined): number | undefined {
  if (!ns || ns === '0' || !/^\d+$/.test(ns)) return undefined;
  // The last 6 digits are sub-millisecond; cutting them keeps the rest exact for any 64-bit value.
  const ms = Number(ns.length > 6 ? ns.slice(0, -6) : '0');
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
