// What cc-top reads from a transcript line, and nothing more. An `assistant` line is parsed with its
// message content cut out first (the reply's text and tool inputs are skipped over as bytes, never
// decoded), then checked with valibot for the few fields used: time, model, usage, ids, sidechain,
// folder and branch. A `cost-state` line holds Claude Code's own running totals. The format is
// Claude Code's internal one and changes between versions: unknown line types and fields are
// ignored, and a line that does not fit is skipped and counted, never fatal.
import * as v from 'valibot';
import { MAX_NAME_CHARS, MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';
import type { Counters } from '../telemetry/model.js';

export const MARKERS = [Buffer.from('"assistant"'), Buffer.from('"cost-state"')] as const;

const QUOTE = 34;
const BACKSLASH = 92;

/** Index just past the string starting at `i` (a quote), or -1 if it does not end before `end`. */
function skipString(buf: Buffer, i: number, end: number): number {
  let j = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q === -1 || q >= end) return -1;
    let k = q - 1;
    while (buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the JSON value starting at `i`, or -1. Strings are jumped over by byte search. */
export function skipValue(buf: Buffer, i: number, end: number): number {
  const c = buf[i];
  if (c === QUOTE) return skipString(buf, i, end);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    while (j < end && buf[j] !== 0x2c && buf[j] !== 0x7d && buf[j] !== 0x5d) j++;
    return j < end ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < end; ) {
    const b = buf[j]!;
    if (b === QUOTE) {
      j = skipString(buf, j, end);
      if (j === -1) return -1;
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if ((b === 0x7d || b === 0x5d) && --depth === 0) return j + 1;
    j++;
  }
  return -1;
}

const MESSAGE_KEY = Buffer.from('"message":');
const CONTENT_KEY = Buffer.from('"content":');

/** The line's JSON text with `message.content` replaced by `[]` (the whole line if it cannot be found). */
export function withoutContent(buf: Buffer, start: number, end: number): string {
  const message = buf.indexOf(MESSAGE_KEY, start);
  const content = message !== -1 && message < end ? buf.indexOf(CONTENT_KEY, message) : -1;
  if (content !== -1 && content < end) {
    let vs = content + CONTENT_KEY.length;
    while (vs < end && (buf[vs] === 0x20 || buf[vs] === 0x09)) vs++;
    const ve = skipValue(buf, vs, end);
    if (ve !== -1) return `${buf.toString('utf8', start, vs)}[]${buf.toString('utf8', ve, end)}`;
  }
  return buf.toString('utf8', start, end);
}

/** A count; missing or null is none (older versions leave some out), anything else must be a whole number. */
const tokens = v.nullish(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0);
const time = v.pipe(
  v.string(),
  v.transform((s) => Date.parse(s)),
  v.number(),
  v.finite(),
);
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((s) => safeText(s, max)),
  );

const AssistantLine = v.object({
  type: v.literal('assistant'),
  timestamp: time,
  isSidechain: v.optional(v.boolean(), false),
  requestId: v.optional(v.string()),
  requestRef: v.optional(v.string()),
  cwd: v.optional(text(MAX_VALUE_CHARS)),
  gitBranch: v.optional(text(MAX_VALUE_CHARS)),
  message: v.object({
    id: v.optional(v.string()),
    model: v.optional(text(MAX_NAME_CHARS)),
    usage: v.object({
      input_tokens: tokens,
      output_tokens: tokens,
      cache_read_input_tokens: v.optional(tokens, 0),
      cache_creation_input_tokens: v.optional(tokens, 0),
      cache_creation: v.optional(v.nullable(v.object({ ephemeral_1h_input_tokens: v.optional(tokens, 0) }))),
    }),
  }),
});

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

/** An assistant line's record; undefined when it is not one, or has no usage worth counting. */
export function parseAssistant(json: unknown): AssistantRecord | undefined {
  const r = v.safeParse(AssistantLine, json);
  if (!r.success) return undefined;
  const o = r.output;
  const u = o.message.usage;
  const usage: TokenUsage = {
    input: u.input_tokens,
    output: u.output_tokens,
    cacheRead: u.cache_read_input_tokens,
    cacheCreation: u.cache_creation_input_tokens,
    cacheCreation1h: Math.min(u.cache_creation?.ephemeral_1h_input_tokens ?? 0, u.cache_creation_input_tokens),
  };
  const model = o.message.model ?? 'unknown';
  if (model === SYNTHETIC || totalTokens(usage) === 0) return undefined;
  const request = o.requestId ?? o.requestRef;
  return {
    key: o.message.id !== undefined ? `${o.message.id}\u0000${request ?? ''}` : undefined,
    time: o.timestamp,
    model,
    sidechain: o.isSidechain,
    usage,
    cwd: o.cwd,
    gitBranch: o.gitBranch,
  };
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
