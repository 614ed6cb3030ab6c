// The status line's side file, as its readers see it: what `cc-top statusline` learns that
// telemetry does not carry (Claude Code's 5 h / 7 d plan usage and the project each session works
// in), kept in a small file next to the store. The store layer owns its shape and its reading, so
// report and ui can take it as input; the status line (beside the layers) updates and writes it.
//
// Anyone who can write the folder can write this file, so it is untrusted: read bounded, checked
// with valibot, and a bad value costs that value alone (a window with a bad reset time keeps its
// percentage; a bad session entry is dropped), never the readers.
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { readFileBounded } from '../files/safeWrite.js';
import { MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';

export const SIDE_FILE_NAME = 'statusline.json';
/** A few hundred sessions take ~100 KiB; anything far past that is not ours. */
export const SIDE_FILE_MAX_BYTES = 1024 * 1024;

/** Times are believed from 2000 to 2200: past that, Date cannot print them or they mean nothing. */
export const EPOCH_SECONDS_MIN = Date.UTC(2000, 0, 1) / 1_000;
export const EPOCH_SECONDS_MAX = Date.UTC(2200, 0, 1) / 1_000;
/** Plan usage may pass 100 % when over the limit; far past it is a broken value. */
export const USED_PERCENT_MAX = 1_000;

export interface RateLimitWindow {
  /** 0..USED_PERCENT_MAX (may exceed 100 when over the limit). */
  usedPercentage: number;
  /** When the window resets, epoch seconds (EPOCH_SECONDS_MIN..MAX); null when not given. */
  resetsAt: number | null;
}

export interface SideRateLimits {
  /** When the status line last saw these values, epoch ms. */
  seenAt: number;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
}

export interface SideSession {
  projectDir: string;
  /** Epoch ms. */
  seenAt: number;
}

export interface SideFile {
  version: 1;
  rateLimits: SideRateLimits | null;
  /** Keyed by session id, a name from outside: read with Object.hasOwn (null-prototype when read from disk). */
  sessions: Record<string, SideSession>;
}

/** A record that has no prototype: a session id such as "__proto__" is data, never a member. */
export function sessionRecord(): Record<string, SideSession> {
  return Object.create(null) as Record<string, SideSession>;
}

export function emptySideFile(): SideFile {
  return { version: 1, rateLimits: null, sessions: sessionRecord() };
}

export function sideFilePath(storePath: string): string {
  return join(dirname(storePath), SIDE_FILE_NAME);
}

export const EpochSecondsSchema = v.pipe(v.number(), v.finite(), v.minValue(EPOCH_SECONDS_MIN), v.maxValue(EPOCH_SECONDS_MAX));
export const EpochMsSchema = v.pipe(v.number(), v.finite(), v.minValue(EPOCH_SECONDS_MIN * 1_000), v.maxValue(EPOCH_SECONDS_MAX * 1_000));
export const UsedPercentSchema = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(USED_PERCENT_MAX));

/** The value, or null when it is missing or invalid: one bad value never costs its neighbours. */
const orNull = <S extends v.GenericSchema>(schema: S) => v.fallback(v.nullable(schema), null);

const RateLimitWindowSchema = v.object({ usedPercentage: UsedPercentSchema, resetsAt: orNull(EpochSecondsSchema) });

const SideRateLimitsSchema = v.object({
  seenAt: EpochMsSchema,
  fiveHour: orNull(RateLimitWindowSchema),
  sevenDay: orNull(RateLimitWindowSchema),
});

// The folder came from outside (the status line's stdin): made safe to print where it enters.
const SideSessionSchema = v.object({ projectDir: v.pipe(v.string(), v.transform((dir) => safeText(dir, MAX_VALUE_CHARS))), seenAt: EpochMsSchema });

/** The well-formed entries, in a null-prototype record (valibot's record() would drop ids such as "constructor"). */
function validSessions(raw: unknown): Record<string, SideSession> {
  const sessions = sessionRecord();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return sessions;
  for (const [id, entry] of Object.entries(raw)) {
    const parsed = v.safeParse(SideSessionSchema, entry);
    if (parsed.success) sessions[id] = parsed.output;
  }
  return sessions;
}

const SideFileSchema = v.object({
  version: v.literal(1),
  rateLimits: orNull(SideRateLimitsSchema),
  sessions: v.optional(v.pipe(v.unknown(), v.transform(validSessions)), {}),
});

/** What is valid in a side file's text; anything else reads as empty. Never throws. */
export function parseSideFile(text: string): SideFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return emptySideFile();
  }
  const parsed = v.safeParse(SideFileSchema, json);
  return parsed.success ? parsed.output : emptySideFile();
}

/** Never throws: a missing, unreadable, oversized or corrupt file reads as empty. */
export async function readSideFile(path: string): Promise<SideFile> {
  try {
    return parseSideFile(await readFileBounded(path, SIDE_FILE_MAX_BYTES));
  } catch {
    return emptySideFile();
  }
}
