// What cc-top reads from a transcript line, and nothing more. An `assistant` line's few fields
// (time, model, usage, ids, sidechain, folder, branch) are read from its bytes (answerBytes.ts: the
// reply's text and tool inputs are jumped over, never decoded), then checked (valibot's schema is the rule). A
// `cost-state` line holds Claude Code's own running totals. The format is Claude Code's internal one and changes between versions: unknown
// line types and fields are ignored, and a line that does not fit is skipped and counted, never
// fatal. Text that reaches the store (model names here, folders and branches as labels) is made
// safe to print.
import * as v from 'valibot';
import { MAX_NAME_CHARS, safeText } from '../telemetry/wireText.js';
import type { Counters } from '../telemetry/model.js';
import type { LineFields } from './answerBytes.js';

/** The lines cc-top reads: answers and cost-states (see lineScan.ts for how they are told apart). */
export const LINE_FILTER = {
  markers: [Buffer.from('"assistant"'), Buffer.from('"cost-state"')],
  types: ['assistant', 'cost-state'],
  roles: ['assistant'],
};

/** A count; missing or null is none (older versions leave some out), anything else must be a whole number. */
const tokens = v.nullish(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0);
const optionalText = v.nullish(v.string());

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
  /** Message id and request id ('' if none): the same API answer written more than once has the same ids. */
  id: string | undefined;
  request: string;
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

type CheckedFields = v.InferOutput<typeof AnswerFields>;

/** A count as `tokens` reads it (missing or null is 0); undefined when it is not one. */
const countOf = (x: unknown): number | undefined => (x === undefined || x === null ? 0 : typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : undefined);
const isText = (x: unknown) => x === undefined || x === null || typeof x === 'string';

/**
 * The check `AnswerFields` makes, written out: it runs on every answer of every transcript, and
 * the schema cost a tenth of an import's time. A line it does not pass goes to the schema, which
 * stays the rule (tests hold the two to the same answers).
 */
export function checkedFields(f: LineFields): CheckedFields | undefined {
  const sidechain = f[2] === undefined || f[2] === null ? false : f[2];
  if (f[0] !== 'assistant' || typeof f[1] !== 'string' || typeof sidechain !== 'boolean') return fieldsBySchema(f);
  if (!isText(f[3]) || !isText(f[4]) || !isText(f[5]) || !isText(f[6]) || !isText(f[7]) || !isText(f[8])) return fieldsBySchema(f);
  const input = countOf(f[9]);
  const output = countOf(f[10]);
  const cacheRead = countOf(f[11]);
  const cacheCreation = countOf(f[12]);
  const cacheCreation1h = countOf(f[13]);
  if (input === undefined || output === undefined || cacheRead === undefined || cacheCreation === undefined || cacheCreation1h === undefined) return fieldsBySchema(f);
  const t = f as unknown as [unknown, string, unknown, string | null | undefined, string | null | undefined, string | null | undefined, string | null | undefined, string | null | undefined, string | null | undefined];
  return ['assistant', t[1], sidechain, t[3], t[4], t[5], t[6], t[7], t[8], input, output, cacheRead, cacheCreation, cacheCreation1h];
}

/** What the schema makes of the fields (undefined: they do not fit). */
export function fieldsBySchema(f: LineFields): CheckedFields | undefined {
  const r = v.safeParse(AnswerFields, f);
  return r.success ? r.output : undefined;
}

/** An answer's record; undefined when the line is not one, or has no usage worth counting. */
export function answerOf(fields: LineFields): AssistantRecord | undefined {
  const checked = checkedFields(fields);
  if (!checked) return undefined;
  const [, timestamp, sidechain, requestId, requestRef, cwd, gitBranch, id, rawModel, input, output, cacheRead, cacheCreation, cacheCreation1h] = checked;
  const time = Date.parse(timestamp);
  if (!Number.isFinite(time)) return undefined;
  const usage: TokenUsage = { input, output, cacheRead, cacheCreation, cacheCreation1h: Math.min(cacheCreation1h, cacheCreation) };
  const model = rawModel ? safeModel(rawModel) : 'unknown';
  if (model === SYNTHETIC || totalTokens(usage) === 0) return undefined;
  const request = requestId ?? requestRef;
  return {
    id: id ?? undefined,
    request: request ?? '',
    time,
    model,
    sidechain,
    usage,
    cwd: cwd ?? undefined,
    gitBranch: gitBranch ?? undefined,
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
