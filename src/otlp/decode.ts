// Request bodies -> the decoded shape of types.ts, for protobuf and OTLP/JSON alike.
//
// protobufjs does all the decoding (the schema is the descriptor in proto/), and both paths end in
// the same toObject call, so a request decodes to the same object whichever way it was encoded.
// The item cap is applied while decoding (itemCap.ts). Nothing here throws: every failure is an
// OtlpError value.
import type protobuf from 'protobufjs';
import { DEFAULT_LIMITS, type ReceiverLimits } from './limits.js';
import { decodeCapped, jsonOverCap } from './itemCap.js';
import { REQUEST_TYPE } from './schema.js';
import { OtlpError } from './status.js';
import type { RequestBySignal, Signal } from './types.js';

export type Decoded<S extends Signal> = { ok: true; request: RequestBySignal[S] } | { ok: false; error: OtlpError };

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
  arrays: false,
  objects: false,
  oneofs: false,
};

const ID_FIELDS = ['traceId', 'spanId'] as const;

type IdHolder = Partial<Record<(typeof ID_FIELDS)[number], string>>;

/** The log records of a decoded logs request, where trace context lives for cc-top. */
function logRecords(signal: Signal, request: unknown): IdHolder[] {
  if (signal !== 'logs') return [];
  const out: IdHolder[] = [];
  for (const rl of (request as RequestBySignal['logs']).resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) out.push(r as IdHolder);
  }
  return out;
}

/** OTLP ids are bytes; cc-top (like OTLP/JSON) shows them as lowercase hex. */
function idsBase64ToHex(signal: Signal, request: unknown): void {
  for (const r of logRecords(signal, request)) {
    for (const f of ID_FIELDS) {
      const v = r[f];
      if (v === undefined) continue;
      const hex = Buffer.from(v, 'base64').toString('hex');
      if (hex) r[f] = hex;
      else delete r[f];
    }
  }
}

/** OTLP/JSON carries ids as hex where protobuf JSON would use base64. */
function idsHexToBase64(signal: Signal, request: unknown): OtlpError | undefined {
  for (const r of logRecords(signal, request)) {
    for (const f of ID_FIELDS) {
      const v = r[f];
      if (v === undefined || v === '') continue;
      if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})+$/.test(v)) return new OtlpError('bad_request', `${f} must be a hex string, got ${JSON.stringify(v).slice(0, 40)}`);
      r[f] = Buffer.from(v, 'hex').toString('base64');
    }
  }
  return undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function decodeProtobuf<S extends Signal>(signal: S, body: Uint8Array, limits: ReceiverLimits = DEFAULT_LIMITS): Decoded<S> {
  try {
    const type = REQUEST_TYPE[signal];
    const message = decodeCapped(signal, limits.maxItemsPerRequest, () => type.decode(body));
    if (message instanceof OtlpError) return { ok: false, error: message };
    const request = type.toObject(message, TO_OBJECT);
    idsBase64ToHex(signal, request);
    return { ok: true, request: request as RequestBySignal[S] };
  } catch (err) {
    return { ok: false, error: new OtlpError('bad_request', `the body is not a valid protobuf Export${typeName(signal)}ServiceRequest: ${describe(err)}`) };
  }
}

/** True when brackets nest deeper than `max` (outside strings), found without parsing. */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function decodeJson<S extends Signal>(signal: S, body: Uint8Array, limits: ReceiverLimits = DEFAULT_LIMITS): Decoded<S> {
  const bad = (message: string): Decoded<S> => ({ ok: false, error: new OtlpError('bad_request', message) });
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (jsonTooDeep(text, limits.maxJsonDepth)) return bad(`the JSON body nests deeper than ${limits.maxJsonDepth} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return bad(`the body is not valid JSON: ${describe(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return bad(`the JSON body must be an Export${typeName(signal)}ServiceRequest object`);
  }
  const overCap = jsonOverCap(signal, parsed, limits.maxItemsPerRequest);
  if (overCap) return { ok: false, error: overCap };
  try {
    const idError = idsHexToBase64(signal, parsed);
    if (idError) return { ok: false, error: idError };
    const type = REQUEST_TYPE[signal];
    const request = type.toObject(type.fromObject(parsed), TO_OBJECT);
    idsBase64ToHex(signal, request);
    return { ok: true, request: request as RequestBySignal[S] };
  } catch (err) {
    return bad(`the JSON body is not a valid Export${typeName(signal)}ServiceRequest: ${describe(err)}`);
  }
}

function typeName(signal: Signal): string {
  return signal === 'metrics' ? 'Metrics' : signal === 'logs' ? 'Logs' : 'Trace';
}
