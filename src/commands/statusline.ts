// `cc-top statusline`: Claude Code's statusLine command. Reads the status JSON on stdin, prints
// one line, and remembers plan usage and session projects in the side file. Runs on every status
// refresh, so it imports no Ink, React, gRPC or receiver code, and never fails on bad input.
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorLine } from '../text/argsError.js';
import { createPaint } from '../report/paint.js';
import { resolveStorePath } from '../storePath.js';
import { parseStatuslineInput } from '../statusline/input.js';
import { formatStatusline } from '../statusline/line.js';
import { updateSideFile, writeSideFile } from '../statusline/sideFile.js';
import { readStatusSummary, statusSummaryPath, type StatusSummary } from '../report/statusSummaryFile.js';
import { dayStart } from '../store/rollups.js';
import { readSideFile, sideFilePath } from '../store/sideFile.js';
import { checkPrivateFolder } from '../files/privateFolder.js';
import type { CommandIO } from './io.js';

export const STATUSLINE_USAGE = `Usage: cc-top statusline [--store PATH] [--no-color]

For Claude Code's status line: reads the status JSON Claude Code passes on stdin and prints one
line (model, session cost, today's total, 5 h / 7 d plan usage with reset countdowns, cache
efficiency). Set it up with: cc-top setup --statusline`;

/**
 * Claude Code shows the line through a pipe, so a TTY check would always turn colour off; colour
 * is on unless NO_COLOR, FORCE_COLOR=0 or --no-color say otherwise.
 */
export function statuslineColor(env: NodeJS.ProcessEnv, flagNoColor: boolean): boolean {
  if (flagNoColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return env['FORCE_COLOR'] !== '0';
}

interface LineFigures {
  sessionCostUsd: number | null;
  todayCostUsd: number | null;
  /** Part of the figure is provisional (events ahead of metrics) or estimated: shown with `~`. */
  sessionApproximate: boolean;
  todayApproximate: boolean;
  cacheEfficiency: number | null;
}

/**
 * The line's figures from the receiving cc-top's summary: this session's live cost, and today's.
 * A session cc-top has not heard of (its telemetry does not reach cc-top) shows Claude Code's own
 * figure from stdin, and today's total then includes it too: the line never leaves out its own
 * session. A summary from another day says nothing about today.
 */
export function summaryFigures(summary: StatusSummary | null, sessionId: string | null, stdinCostUsd: number | null, nowMs: number): LineFigures {
  if (!summary || summary.day !== dayStart(nowMs)) return { sessionCostUsd: stdinCostUsd, todayCostUsd: null, sessionApproximate: false, todayApproximate: false, cacheEfficiency: null };
  const known = sessionId === null ? undefined : summary.sessions.find(([id]) => id === sessionId);
  const todayNanos = summary.todayNanos + (known || stdinCostUsd === null ? 0 : Math.round(stdinCostUsd * 1e9));
  return {
    sessionCostUsd: known ? known[1] / 1e9 : stdinCostUsd,
    todayCostUsd: todayNanos / 1e9,
    sessionApproximate: known !== undefined && summary.approximate.includes(known[0]),
    todayApproximate: summary.todayProvisionalNanos > 0 || summary.todayEstimatedNanos > 0,
    cacheEfficiency: summary.todayPromptTokens > 0 ? summary.todayCacheReadTokens / summary.todayPromptTokens : null,
  };
}

export async function runStatusline(argv: string[], io: CommandIO, stdinText: string): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { store: { type: 'string' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`cc-top statusline: ${argsErrorLine(err)}`);
    io.stderr('Run `cc-top statusline --help` for the options.');
    return 2;
  }
  if (values.help) {
    io.stdout(STATUSLINE_USAGE);
    return 0;
  }
  const now = io.clock();
  const input = parseStatuslineInput(stdinText);
  // The status line always prints: a --store it cannot use (empty) leaves it with stdin alone.
  const storePath = values.store?.trim() === '' ? undefined : resolveStorePath(values.store, io.env);
  const summary = storePath === undefined ? null : await readStatusSummary(statusSummaryPath(storePath));
  const figures = summaryFigures(summary, input.sessionId, input.costUsd, now);
  const paint = createPaint(statuslineColor(io.env, values['no-color'] ?? false));
  io.stdout(
    formatStatusline(
      {
        model: input.model,
        sessionCostUsd: figures.sessionCostUsd,
        todayCostUsd: figures.todayCostUsd,
        sessionApproximate: figures.sessionApproximate,
        todayApproximate: figures.todayApproximate,
        fiveHour: input.fiveHour,
        sevenDay: input.sevenDay,
        cacheEfficiency: figures.cacheEfficiency,
      },
      paint,
      now,
    ),
  );

  // The line is already out; a side file that cannot be written only means the live view shows no
  // plan usage, and the status line is no place for an error message. In a folder other users can
  // write (where they could plant a link or a FIFO) the side file is left alone: not read, not written.
  if (storePath === undefined) return 0;
  const path = sideFilePath(storePath);
  if (await checkPrivateFolder(dirname(path))) return 0;
  const next = updateSideFile(await readSideFile(path), input, now);
  if (next) await writeSideFile(path, next).catch(() => undefined);
  return 0;
}
