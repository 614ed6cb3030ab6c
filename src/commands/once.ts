// `cc-top --once [--json]`: read the store (safely, while a live cc-top writes it) and print.
import { CorruptStoreError, JsonFileAdapter, NewerStoreError } from '../store/persistence.js';
import { emptyState, type StoreState } from '../store/state.js';
import { formatOnceText } from '../report/onceText.js';
import { colorEnabled, createPaint } from '../report/paint.js';
import { selectPlanUsage } from '../report/planUsage.js';
import { GroupingError, type Filter } from '../report/grouping.js';
import { projectDirs } from '../report/projectDirs.js';
import { budgetExceeded, budgetStatus } from '../insights/budgets.js';
import { formatBudget } from '../insights/budgetText.js';
import { makeSlice } from '../report/figures.js';
import { reportJson } from '../report/jsonOut.js';
import type { BudgetFlags } from '../insights/config.js';
import { loadInsights } from './insightsConfig.js';
import { selectBurn } from '../report/burn.js';
import { formatDailyText, formatSessionRowsText, selectPeriods, selectSessionRows, type ReportBy } from '../report/dailyTable.js';
import { selectSummary } from '../report/summary.js';
import { readSideFile, sideFilePath } from '../store/sideFile.js';
import { resolveWindow, type WindowName } from '../report/window.js';
import type { CommandIO } from './io.js';

export interface OnceOptions {
  storePath: string;
  window: WindowName;
  json: boolean;
  noColor: boolean;
  groupBy?: string | undefined;
  by?: ReportBy | undefined;
  filter?: Filter | undefined;
  budgets?: BudgetFlags;
}

/** `--once` exits with this when a budget is exceeded, for scripts. */
export const EXIT_BUDGET_EXCEEDED = 3;

/** Read the store without taking it over: the writer renames complete files into place. */
export async function readStoreState(storePath: string, nowMs: number): Promise<{ state: StoreState; exists: boolean }> {
  const state = await new JsonFileAdapter(storePath).read();
  return state ? { state, exists: true } : { state: emptyState(nowMs), exists: false };
}

export async function runOnce(options: OnceOptions, io: CommandIO): Promise<number> {
  const now = io.clock();
  let loaded: { state: StoreState; exists: boolean };
  try {
    loaded = await readStoreState(options.storePath, now);
  } catch (err) {
    if (err instanceof CorruptStoreError) {
      io.stderr(`cc-top: ${err.message}. Start cc-top once to move it aside, or pass --store PATH.`);
      return 1;
    }
    if (err instanceof NewerStoreError) {
      io.stderr(`cc-top: ${err.message}`);
      return 1;
    }
    io.stderr(`cc-top: cannot read the store ${options.storePath}: ${(err as Error).message}`);
    return 1;
  }
  if (!loaded.exists) {
    io.stderr(`cc-top: no store at ${options.storePath} yet: start cc-top (or cc-top --headless) and point Claude Code at it.`);
  }
    // The status line's side file adds plan usage and projects; without it those are null.
  const side = await readSideFile(sideFilePath(options.storePath));
  const dirs = projectDirs(side);
  const window = resolveWindow(options.window, now);
  let selected;
  try {
    selected = selectSummary(loaded.state, options.window, now, { dirs, ...(options.filter ? { filter: options.filter } : {}), ...(options.groupBy ? { groupBy: options.groupBy } : {}) });
  } catch (err) {
    if (!(err instanceof GroupingError)) throw err;
    io.stderr(`cc-top: ${err.message}`);
    return 2;
  }
  // Config warnings are for doctor and the live view's event log, not for every --once.
  const { config } = await loadInsights(options.budgets ?? {}, io);
  const slice = makeSlice(loaded.state, window, options.filter, dirs);
  const budgets = budgetStatus(loaded.state, config.budgets, now, { filter: options.filter, dirs });
  const planUsage = selectPlanUsage(side.rateLimits, now);
  // Plan usage is the whole account's: its projection reads the unfiltered spend.
  const burn = selectBurn(slice, now, options.filter ? null : (planUsage?.fiveHour ?? null));
  const by = options.by;
  const periods = by && by !== 'session' ? selectPeriods(slice, options.window, now, by) : undefined;
  const sessionRows = by === 'session' ? selectSessionRows(selected.sessions) : undefined;
  const summary = {
    ...selected,
    planUsage,
    budgets,
    burn,
    ...(periods ? { [by === 'day' ? 'daily' : `${by}ly`]: periods } : {}),
    ...(sessionRows ? { bySession: sessionRows } : {}),
  };
  if (options.json) {
    io.stdout(reportJson({ ...summary, store: options.storePath }, loaded.state.originals));
  } else {
    const paint = createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor));
    const extraRows = budgets.map((b) => ({ label: 'Budget', text: formatBudget(b, paint) }));
    const heading = `${paint.bold('cc-top')} ${paint.muted(`· by ${by} · ${options.window}`)}\n\n`;
    if (periods && by !== 'session') io.stdout(`${heading}${formatDailyText(periods, paint, by)}`);
    else if (sessionRows) io.stdout(`${heading}${formatSessionRowsText(sessionRows, paint)}`);
    else io.stdout(formatOnceText(summary, paint, now, { extraRows }));
  }
  return budgetExceeded(budgets) ? EXIT_BUDGET_EXCEEDED : 0;
}

