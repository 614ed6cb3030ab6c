// The status summary file beside the store (see statusSummary.ts for what it holds and why): its
// shape and its reading, kept apart from the computing so the status line loads only this.
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { readFileBounded } from '../files/safeWrite.js';

export const STATUS_SUMMARY_NAME = 'status.json';
/** Sessions the summary lists (the most recently seen, within the last day). */
export const STATUS_SUMMARY_SESSIONS = 200;
const STATUS_SUMMARY_MAX_BYTES = 256 * 1024;

export interface StatusSummary {
  version: 1;
  /** When it was computed, epoch ms. */
  at: number;
  /** The local day its `today` figures are for (local midnight, epoch ms). */
  day: number;
  todayNanos: number;
  todayProvisionalNanos: number;
  /** The part of today's cost cc-top priced itself (imported transcripts without Claude Code's cost). */
  todayEstimatedNanos: number;
  /** Today's prompt tokens and the part read from cache. */
  todayPromptTokens: number;
  todayCacheReadTokens: number;
  /** Live cost of recent sessions, by id (entries, so ids are only ever data). */
  sessions: [id: string, nanos: number][];
  /** Listed sessions whose live cost is provisional or estimated (shown with `~`). */
  approximate: string[];
}

export function statusSummaryPath(storePath: string): string {
  return join(dirname(storePath), STATUS_SUMMARY_NAME);
}

const nanos = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const SUMMARY = v.object({
  version: v.literal(1),
  at: nanos,
  day: nanos,
  todayNanos: nanos,
  todayProvisionalNanos: nanos,
  // Written since the status line marks approximate figures; a file from before has none.
  todayEstimatedNanos: v.optional(nanos, 0),
  todayPromptTokens: nanos,
  todayCacheReadTokens: nanos,
  sessions: v.pipe(v.array(v.tuple([v.pipe(v.string(), v.maxLength(256)), nanos])), v.maxLength(STATUS_SUMMARY_SESSIONS)),
  approximate: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(256))), v.maxLength(STATUS_SUMMARY_SESSIONS)), []),
});

/** The summary, or null when missing, unreadable or not valid (the status line then shows stdin alone). */
export async function readStatusSummary(path: string): Promise<StatusSummary | null> {
  try {
    const result = v.safeParse(SUMMARY, JSON.parse(await readFileBounded(path, STATUS_SUMMARY_MAX_BYTES)));
    return result.success ? (result.output as StatusSummary) : null;
  } catch {
    return null;
  }
}
