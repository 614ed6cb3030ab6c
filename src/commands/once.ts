// `cc-top --once [--json]`: read the store (safely, while a live cc-top writes it) and print.
import { CorruptStoreError, JsonFileAdapter, NewerStoreError } from '../store/persistence.js';
import { emptyState, type StoreState } from '../store/state.js';
import { formatOnceText } from '../report/onceText.js';
import { colorEnabled, createPaint } from '../report/paint.js';
import { withSideFile } from '../report/planUsage.js';
import { GroupingError, type Filter } from '../report/grouping.js';
import { budgetExceeded, budgetStatus } from '../insights/budgets.js';
import type { BudgetFlags } from '../insights/config.js';
import { loadInsights } from './insightsConfig.js';
import { selectBurn } from '../report/burn.js';
import { formatDailyText, selectDaily } from '../report/dailyTable.js';
import { selectSummary } from '../report/summary.js';
import { readSideFile, sideFilePath } from '../store/sideFile.js';
import type { WindowName } from '../report/window.js';
import type { CommandIO } from './io.js';

export interface OnceOptions {
  storePath: string;
  window: WindowName;
  json: boolean;
  noColor: boolean;
  groupBy?: string | undefined;
  byDay?: boolean;
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
  let selected;
  try {
    selected = selectSummary(loaded.state, options.window, now, { side, ...(options.filter ? { filter: options.filter } : {}), ...(options.groupBy ? { groupBy: options.groupBy } : {}) });
  } catch (err) {
    if (!(err instanceof GroupingError)) throw err;
    io.stderr(`cc-top: ${err.message}`);
    return 2;
  }
  const { config, warnings } = await loadInsights(options.budgets ?? {}, io);
  for (const w of warnings) io.stderr(`cc-top: ${w}`);
  const budgets = budgetStatus(loaded.state, config.budgets, now);
  const withPlan = withSideFile(selected, side, now);
  const burn = selectBurn(loaded.state, now, withPlan.planUsage?.fiveHour ?? null);
  const daily = options.byDay ? selectDaily(loaded.state, options.window, now) : undefined;
  const summary = { ...withPlan, budgets, burn, ...(daily ? { daily } : {}) };
  if (options.json) {
    io.stdout(JSON.stringify({ ...summary, store: options.storePath }, null, 2));
  } else {
    const paint = createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor));
    io.stdout(daily ? `${paint.bold('cc-top')} ${paint.muted(`· by day · ${options.window}`)}\n\n${formatDailyText(daily, paint)}` : formatOnceText(summary, paint, now));
  }
  return budgetExceeded(budgets) ? EXIT_BUDGET_EXCEEDED : 0;
}
