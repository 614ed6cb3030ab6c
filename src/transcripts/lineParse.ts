// What cc-top reads from a transcript line, and nothing more. An `assistant` line is parsed with its
// message content cut out first (the reply's text and tool inputs are jumped over as bytes, never
// decoded); its few fields (time, model, usage, ids, sidechain, folder, branch) are then checked
// with valibot. A `cost-state` line holds Claude Code's own
// running totals. The format is Claude Code's internal one and changes between versions: unknown
// line types and fields are ignored, and a line that does not fit is skipped and counted, never
// fatal. Text that reaches the store (model names here, folders and branches as labels) is made
// safe to print.
import * as v from 'valibot';
import { MAX_NAME_CHARS, safeText } from '../telemetry/wireText.js';
import type { Counters } from '../telemetry/model.js';
import { indexWithin, skipValue } from './jsonBytes.js';

export { skipValue };

/** The lines cc-top reads: answers and cost-states (see lineScan.ts for how they are told apart). */
export const LINE_FILTER = {
  markers: [Buffer.from('"assistant"'), Buffer.from('"cost-state"')],
  types: ['assistant', 'cost-state'],
  roles: ['assistant'],
};

const MESSAGE_KEY = Buffer.from('"message":');
const CONTENT_KEY = Buffer.from('"content":');

/** The line's JSON text with `message.content` replaced by `[]` (the whole line if it cannot be found). */
export function withoutContent(buf: Buffer, start: number, end: number): string {
  const message = indexWithin(buf, MESSAGE_KEY, start, end);
  const content = message === -1 ? -1 : indexWithin(buf, CONTENT_KEY, message, end);
  if (content !== -1) {
    let vs = content + CONTENT_KEY.length;
    while (vs < end && (buf[vs] === 0x20 || buf[vs] === 0x09)) vs++;
    const ve = skipValue(buf, vs, end);
    if (ve !== -1) return `${buf.toString('utf8', start, vs)}[]${buf.toString('utf8', ve, end)}`;
  }
  return buf.toString('utf8', start, end);
}

/** A count; missing or null is none (older versions leave some out), anything else must be a whole number. */
const tokens = v.nullish(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0);
const optionalText = v.nullish(v.string());

/**
 * What an answer line says, picked from the parsed line and not yet checked, in this order: type,
 * timestamp, isSidechain, requestId, requestRef, cwd, gitBranch, message.id, message.model, and
 * message.usage's input, output, cache read, cache creation and 1-hour cache creation tokens.
 * A tuple, not an object: checking it takes a third of the time, and a year of transcripts has
 * hundreds of thousands of answers (a line that does not fit is only counted, never explained).
 */
export type LineFields = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];

const AnswerFields = v.tuple([
  v.literal('assistant'),
  v.string(),
  v.nullish(v.boolean(), false),
  optionalText,
  optionalText,
  optionalText,
  optionalText,
  optionalText,
  optionalText,
  tokens,
  tokens,
  tokens,
  tokens,
  tokens,
]);

export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  /** The part of cacheCreation written to the 1-hour cache (priced higher). */
  cacheCreation1h: number;
}

export interface AssistantRecord {
  /** Message id + request id: the same API answer written more than once has the same key. */
  key: string | undefined;
  time: number;
  model: string;
  sidechain: boolean;
  usage: TokenUsage;
  cwd: string | undefined;
  gitBranch: string | undefined;
}

export const totalTokens = (u: TokenUsage): number => u.input + u.output + u.cacheRead + u.cacheCreation;

/** Claude Code's stand-in for a reply it never got from the API (an error shown as a message). */
const SYNTHETIC = '<synthetic>';

/** Model names repeat on every line: made safe once each. */
const safeModels = new Map<string, string>();
function safeModel(raw: string): string {
  let safe = safeModels.get(raw);
  if (safe === undefined) {
    if (safeModels.size > 1_000) safeModels.clear();
    safeModels.set(raw, (safe = safeText(raw, MAX_NAME_CHARS)));
  }
  return safe;
}

/** An answer's record; undefined when the line is not one, or has no usage worth counting. */
export function answerOf(fields: LineFields): AssistantRecord | undefined {
  const r = v.safeParse(AnswerFields, fields);
  if (!r.success) return undefined;
  const [, timestamp, sidechain, requestId, requestRef, cwd, gitBranch, id, rawModel, input, output, cacheRead, cacheCreation, cacheCreation1h] = r.output;
  const time = Date.parse(timestamp);
  if (!Number.isFinite(time)) return undefined;
  const usage: TokenUsage = { input, output, cacheRead, cacheCreation, cacheCreation1h: Math.min(cacheCreation1h, cacheCreation) };
  const model = rawModel ? safeModel(rawModel) : 'unknown';
  if (model === SYNTHETIC || totalTokens(usage) === 0) return undefined;
  const request = requestId ?? requestRef;
  return {
    key: typeof id === 'string' ? `${id}\u0000${request ?? ''}` : undefined,
    time,
    model,
    sidechain,
    usage,
    cwd: cwd ?? undefined,
    gitBranch: gitBranch ?? undefined,
  };
}

const get = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null && !Array.isArray(o) && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

const UsageObject = v.object({
  input_tokens: tokens,
  output_tokens: tokens,
  cache_read_input_tokens: tokens,
  cache_creation_input_tokens: tokens,
  cache_creation: v.nullish(v.object({ ephemeral_1h_input_tokens: tokens })),
});
const MESSAGE_ID = Buffer.from('"message":{"id":"');
const USAGE_KEY = Buffer.from('"usage":');

/** Where Claude Code writes a message's id: right at the start of `message`, within a line's first bytes. */
export function messageIdBytes(buf: Buffer, start: number, end: number): Buffer | undefined {
  const at = indexWithin(buf, MESSAGE_ID, start, Math.min(end, start + 512));
  if (at === -1) return undefined;
  const idEnd = buf.indexOf(34, at + MESSAGE_ID.length);
  return idEnd === -1 || idEnd > end || idEnd - at > 256 ? undefined : buf.subarray(at + MESSAGE_ID.length, idEnd);
}

/**
 * The usage of an answer line, read alone: the message's last member, so found from the line's
 * end (never through the reply). For the same answer written again: its usage is all that can
 * differ. Undefined if it is not where expected, or not counts.
 */
export function usageOnly(buf: Buffer, start: number, end: number): TokenUsage | undefined {
  const at = buf.lastIndexOf(USAGE_KEY, end - USAGE_KEY.length);
  if (at < start) return undefined;
  const valueEnd = skipValue(buf, at + USAGE_KEY.length, end);
  if (valueEnd === -1) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8', at + USAGE_KEY.length, valueEnd));
  } catch {
    return undefined;
  }
  const r = v.safeParse(UsageObject, json);
  if (!r.success) return undefined;
  const u = r.output;
  return { input: u.input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheCreation: u.cache_creation_input_tokens, cacheCreation1h: Math.min(u.cache_creation?.ephemeral_1h_input_tokens ?? 0, u.cache_creation_input_tokens) };
}

/** An answer line's fields, from the line parsed as JSON. */
export function fieldsOfJson(json: unknown): LineFields {
  const message = get(json, 'message');
  const usage = get(message, 'usage');
  return [
    get(json, 'type'),
    get(json, 'timestamp'),
    get(json, 'isSidechain'),
    get(json, 'requestId'),
    get(json, 'requestRef'),
    get(json, 'cwd'),
    get(json, 'gitBranch'),
    get(message, 'id'),
    get(message, 'model'),
    get(usage, 'input_tokens'),
    get(usage, 'output_tokens'),
    get(usage, 'cache_read_input_tokens'),
    get(usage, 'cache_creation_input_tokens'),
    get(get(usage, 'cache_creation'), 'ephemeral_1h_input_tokens'),
  ];
}

/** An answer's record from a parsed line (see answerOf). */
export function parseAssistant(json: unknown): AssistantRecord | undefined {
  return answerOf(fieldsOfJson(json));
}

/** A JSON object's own entries (a key named `__proto__` stays data). */
const entriesOf = <T extends v.GenericSchema>(value: T) =>
  v.pipe(
    v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object'),
    v.transform((o) => Object.entries(o)),
    v.array(v.tuple([v.string(), value])),
  );

const usd = v.pipe(v.number(), v.finite(), v.minValue(0));

const CostStateLine = v.object({
  type: v.literal('cost-state'),
  totalLinesAdded: v.optional(tokens, 0),
  totalLinesRemoved: v.optional(tokens, 0),
  hasUnknownModelCost: v.optional(v.boolean(), false),
  modelUsage: entriesOf(
    v.object({
      inputTokens: tokens,
      outputTokens: tokens,
      cacheReadInputTokens: v.optional(tokens, 0),
      cacheCreationInputTokens: v.optional(tokens, 0),
      costUSD: usd,
    }),
  ),
});

export interface CostStateRecord {
  /** By model: tokIn, tokOut, tokCacheRead, tokCacheCreation, costNanos (Claude Code's running totals). */
  models: Map<string, Counters>;
  linesAdded: number;
  linesRemoved: number;
  /** Claude Code did not know some model's price: that model's cost is not its own figure. */
  unknownModelCost: boolean;
}

export function parseCostState(json: unknown): CostStateRecord | undefined {
  const r = v.safeParse(CostStateLine, json);
  if (!r.success) return undefined;
  const models = new Map<string, Counters>();
  for (const [name, m] of r.output.modelUsage) {
    models.set(safeText(name, MAX_NAME_CHARS), {
      tokIn: m.inputTokens,
      tokOut: m.outputTokens,
      tokCacheRead: m.cacheReadInputTokens,
      tokCacheCreation: m.cacheCreationInputTokens,
      // Summed as integer nano-USD like every cost in cc-top.
      costNanos: Math.round(m.costUSD * 1e9),
    });
  }
  return { models, linesAdded: r.output.totalLinesAdded, linesRemoved: r.output.totalLinesRemoved, unknownModelCost: r.output.hasUnknownModelCost };
}

/** The type of a parsed line, when it is one cc-top reads. */
export function lineType(json: unknown): 'assistant' | 'cost-state' | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const type = (json as { type?: unknown }).type;
  return type === 'assistant' || type === 'cost-state' ? type : undefined;
}
