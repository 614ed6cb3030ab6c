// The JSON Claude Code passes a statusLine command on stdin, read defensively with valibot: every
// field is optional, a field of the wrong type or out of range is dropped on its own, and text that
// is empty or not JSON reads as no input. Never throws. Times and percentages are checked against
// the side file's ranges here, where they enter, so nothing out of range is ever saved.
import * as v from 'valibot';
import { MAX_NAME_CHARS, MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';
import { EpochSecondsSchema, UsedPercentSchema, type RateLimitWindow } from '../store/sideFile.js';

export type { RateLimitWindow } from '../store/sideFile.js';

export interface StatuslineInput {
  sessionId: string | null;
  /** display_name, else id. */
  model: string | null;
  projectDir: string | null;
  costUsd: number | null;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
}

export const EMPTY_INPUT: StatuslineInput = { sessionId: null, model: null, projectDir: null, costUsd: null, fiveHour: null, sevenDay: null };

/** Epoch values above this are milliseconds (1e11 s is the year 5138). */
const EPOCH_MS_ABOVE = 1e11;
/** A session cost past this is a broken value, not spend. */
export const SESSION_COST_USD_MAX = 1e9;

/** The field, or undefined when it is missing or does not match: one bad field never costs another. */
const maybe = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

const Text = v.pipe(v.string(), v.check((s) => s.trim() !== ''));
/** A number, or a string that holds one ("7"). */
const Numeric = v.pipe(v.union([v.number(), v.pipe(Text, v.transform(Number))]), v.finite());
/** Epoch seconds or milliseconds (told apart by size), or an ISO date; then checked against the sane range. */
const ResetsAt = v.pipe(
  v.union([
    v.pipe(
      Numeric,
      v.transform((n) => (n > EPOCH_MS_ABOVE ? Math.floor(n / 1_000) : n)),
    ),
    v.pipe(
      Text,
      v.transform((s) => Math.floor(Date.parse(s) / 1_000)),
    ),
  ]),
  EpochSecondsSchema,
);

const Window = v.pipe(
  v.object({ used_percentage: v.pipe(Numeric, UsedPercentSchema), resets_at: maybe(ResetsAt) }),
  v.transform((w): RateLimitWindow => ({ usedPercentage: w.used_percentage, resetsAt: w.resets_at ?? null })),
);

const StatuslineJson = v.object({
  session_id: maybe(Text),
  model: maybe(v.union([Text, v.object({ display_name: maybe(Text), id: maybe(Text) })])),
  workspace: maybe(v.object({ project_dir: maybe(Text), current_dir: maybe(Text) })),
  cwd: maybe(Text),
  cost: maybe(v.object({ total_cost_usd: maybe(v.pipe(Numeric, v.minValue(0), v.maxValue(SESSION_COST_USD_MAX))) })),
  rate_limits: maybe(v.object({ five_hour: maybe(Window), seven_day: maybe(Window) })),
});

export function parseStatuslineInput(text: string): StatuslineInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return EMPTY_INPUT;
  }
  const parsed = v.safeParse(StatuslineJson, json);
  if (!parsed.success) return EMPTY_INPUT;
  const root = parsed.output;
  const model = typeof root.model === 'string' ? root.model : (root.model?.display_name ?? root.model?.id);
  // Text from stdin is made safe where it enters, like telemetry from the wire.
  const projectDir = root.workspace?.project_dir ?? root.workspace?.current_dir ?? root.cwd;
  return {
    sessionId: root.session_id ? safeText(root.session_id, MAX_NAME_CHARS) : null,
    model: model ? safeText(model, MAX_NAME_CHARS) : null,
    projectDir: projectDir ? safeText(projectDir, MAX_VALUE_CHARS) : null,
    costUsd: root.cost?.total_cost_usd ?? null,
    fiveHour: root.rate_limits?.five_hour ?? null,
    sevenDay: root.rate_limits?.seven_day ?? null,
  };
}
