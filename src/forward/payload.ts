// The body of one forwarded request: the queued requests of a signal as one protobuf message.
//
// Protobuf messages concatenate: the bytes of two Export*ServiceRequests one after the other are
// one request whose resource lists are both lists in order. So requests that arrived as protobuf
// are passed on byte for byte, several per forwarded request when the upstream is slower than
// the traffic. OTLP/JSON is re-encoded, with protobufjs and the same schema the receiver decoded
// it with (OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping would read
// base64, so those are turned into bytes first).
import { REQUEST_TYPE } from '../otlp/schema.js';
import type { QueuedRequest } from './queue.js';

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Hex trace/span ids (log records, spans, span links, exemplars) -> base64, in place. */
function idsToBase64(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (ID_KEYS.has(key) && typeof value === 'string') record[key] = /^(?:[0-9a-fA-F]{2})*$/.test(value) ? Buffer.from(value, 'hex').toString('base64') : value;
      else stack.push(value);
    }
  }
}

/** OTLP/JSON text (already accepted by the receiver) -> protobuf bytes of the same request. */
export function jsonToProtobuf(signal: QueuedRequest['signal'], body: Uint8Array): Uint8Array {
  const parsed: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  idsToBase64(parsed);
  const type = REQUEST_TYPE[signal];
  return type.encode(type.fromObject(parsed as Record<string, unknown>)).finish();
}

export interface Payload {
  body: Buffer;
  /** The requests in it, in order. */
  items: QueuedRequest[];
  /** Requests that could not be re-encoded (never expected: the receiver decoded them). */
  unencodable: QueuedRequest[];
}

export function buildPayload(items: QueuedRequest[]): Payload {
  const parts: Uint8Array[] = [];
  const kept: QueuedRequest[] = [];
  const unencodable: QueuedRequest[] = [];
  for (const item of items) {
    if (item.encoding === 'protobuf') {
      parts.push(item.body);
      kept.push(item);
      continue;
    }
    try {
      parts.push(jsonToProtobuf(item.signal, item.body));
      kept.push(item);
    } catch {
      unencodable.push(item);
    }
  }
  const body = parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts);
  return { body, items: kept, unencodable };
}
