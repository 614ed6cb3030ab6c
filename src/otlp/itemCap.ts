// The cap on data points, log records or spans in one request, counted while the request decodes
// so that one over the cap stops at the first item past it instead of being decoded in full (a
// 6.5 MiB request used to take over a second to refuse).
import type protobuf from 'protobufjs';
import { ITEM_TYPES } from './schema.js';
import { OtlpError } from './status.js';
import type { Signal } from './types.js';

const ITEM_NAME: Record<Signal, string> = { metrics: 'data points', logs: 'log records', traces: 'spans' };

/** Thrown from inside protobufjs's decode as the first item past the cap starts. */
class OverItemCap extends Error {}

/** Items the counted decode running now may still start (Infinity outside one: nothing counts). */
let itemsLeft = Infinity;

// protobufjs generates a type's decode in setup(), and a parent's generated decode calls
// `types[i].decode(...)` on the child type when it meets one, so a hook put on the item types
// after setup() sees every item as it starts. protobufjs still does all the parsing.
for (const type of Object.values(ITEM_TYPES).flat()) {
  type.setup();
  const decode = type.decode;
  type.decode = function countedDecode(this: protobuf.Type, ...args: unknown[]): protobuf.Message {
    if (--itemsLeft < 0) throw new OverItemCap();
    return Reflect.apply(decode, this, args) as protobuf.Message;
  } as typeof type.decode;
}

function overCap(signal: Signal, count: string, max: number): OtlpError {
  return new OtlpError('bad_request', `the request has ${count} ${ITEM_NAME[signal]}, over the limit of ${max} per request; lower the exporter's batch size`);
}

/** Run a protobufjs decode that may start at most `max` items; past that, the error to answer. */
export function decodeCapped<T>(signal: Signal, max: number, decode: () => T): T | OtlpError {
  itemsLeft = max;
  try {
    return decode();
  } catch (err) {
    if (err instanceof OverItemCap) return overCap(signal, `more than ${max}`, max);
    throw err;
  } finally {
    itemsLeft = Infinity;
  }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const member = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

const POINT_KINDS = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'];

/** Items in a parsed OTLP/JSON request, counted before protobufjs converts it (parts of the wrong type count 0: conversion refuses them). */
function jsonItemCount(signal: Signal, parsed: object): number {
  let n = 0;
  if (signal === 'metrics') {
    for (const rm of list(member(parsed, 'resourceMetrics')))
      for (const sm of list(member(rm, 'scopeMetrics')))
        for (const m of list(member(sm, 'metrics'))) for (const kind of POINT_KINDS) n += list(member(member(m, kind), 'dataPoints')).length;
  } else if (signal === 'logs') {
    for (const rl of list(member(parsed, 'resourceLogs'))) for (const sl of list(member(rl, 'scopeLogs'))) n += list(member(sl, 'logRecords')).length;
  } else {
    for (const rs of list(member(parsed, 'resourceSpans'))) for (const ss of list(member(rs, 'scopeSpans'))) n += list(member(ss, 'spans')).length;
  }
  return n;
}

/** The error to answer when a parsed OTLP/JSON request is over the cap. */
export function jsonOverCap(signal: Signal, parsed: object, max: number): OtlpError | undefined {
  const n = jsonItemCount(signal, parsed);
  return n > max ? overCap(signal, String(n), max) : undefined;
}
