// The summary `--once` prints, of any state: the store's, or a team's read from Prometheus.
import type { StoreState } from '../store/state.js';
import { colorEnabled, createPaint } from '../report/paint.js';
import { selectPlanUsage } from '../report/planUsage.js';
import { GroupingError, type Filter } from '../report/grouping.js';
import { projectDirs } from '../report/projectDirs.js';
import { budgetExceeded, budgetStatus } from '../insights/budgets.js';
import { makeSlice } from '../report/figures.js';
import { reportJson } from '../report/jsonOut.js';
import { loadInsights } from './insightsConfig.js';
import { selectBurn } from '../report/burn.js';
import { selectPeriods, selectSessionRows, type ReportBy } from '../report/dailyTable.js';
import { selectSummary } from '../report/summary.js';
import { emptySideFile, type SideFile } from '../store/sideFile.js';
import { resolveWindow, type WindowName } from '../report/window.js';
import type { CommandIO } from './io.js';
import type { BudgetFlags } from '../insights/config.js';
import type { PrometheusArgs } from './args.js';

export interface OnceOptions {
  storePath: string;
  window: WindowName;
  json: boolean;
  noColor: boolean;
  groupBy?: string | undefined;
  by?: ReportBy | undefined;
  filter?: Filter | undefined;
  budgets?: BudgetFlags;
  /** Read the figures from a team's Prometheus instead of the store. */
  prometheus?: PrometheusArgs | undefined;
}

/** `--once` exits with this when a budget is exceeded, for scripts. */
export const EXIT_BUDGET_EXCEEDED = 3;

/** Where a summary's state came from, and what that changes in printing it. */
export interface OnceSource {
  now: number;
  /** The status line's side file (plan usage, projects); a team's figures have none. */
  side?: SideFile;
  /** The filter is already applied to the state (by the server): shown, not applied again. */
  narrowed?: boolean;
  /** The key the report groups by, when it differs from the one asked (e.g. a label's own name). */
  groupKey?: string;
  /** Fields added to --json (`store`, `prometheus`). */
  extraJson: Record<string, unknown>;
  /** A last change to --json (e.g. event fields a source cannot have, as null). */
  shapeJson?: (report: Record<string, unknown>) => unknown;
  /** Labelled rows of text after the budgets (e.g. forwarding's state). */
  rows?: { label: string; text: string }[];
  /** Lines of text after the summary (notes about the source). */
  notes?: string[];
}

/** The summary of a state (the store's, or a team's), printed as `--once` prints it. */
export async function printOnce(state: StoreState, options: OnceOptions, io: CommandIO, source: OnceSource): Promise<number> {
  const now = source.now;
  const side = source.side ?? emptySideFile();
  const dirs = projectDirs(side);
  const window = resolveWindow(options.window, now);
  const filter = source.narrowed ? undefined : options.filter;
  const groupBy = options.groupBy === undefined ? undefined : (source.groupKey ?? options.groupBy);
  let selected;
  try {
    selected = selectSummary(state, options.window, now, { dirs, ...(filter ? { filter } : {}), ...(groupBy ? { groupBy } : {}) });
  } catch (err) {
    if (!(err instanceof GroupingError)) throw err;
    io.stderr(`cc-top: ${err.message}`);
    return 2;
  }
  if (source.narrowed) selected = { ...selected, filter: options.filter ?? null, ...(selected.groups && options.groupBy ? { groups: { ...selected.groups, by: options.groupBy } } : {}) };
  // Config warnings are for doctor and the live view's event log, not for every --once.
  const { config } = await loadInsights(options.budgets ?? {}, io);
  const slice = makeSlice(state, window, filter, dirs);
  const budgets = budgetStatus(state, config.budgets, now, { filter, dirs });
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
    const report = { ...summary, ...source.extraJson };
    io.stdout(reportJson(source.shapeJson ? source.shapeJson(report) : report, state.originals));
  } else {
    // The text formatters (and the cell-measuring libraries under them) load only for text.
    const [{ formatOnceText }, { formatDailyText, formatSessionRowsText }, { formatBudget }] = await Promise.all([import('../report/onceText.js'), import('../report/dailyText.js'), import('../insights/budgetText.js')]);
    const paint = createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor));
    const extraRows = [...budgets.map((b) => ({ label: 'Budget', text: formatBudget(b, paint) })), ...(source.rows ?? [])];
    const noEvents = state.origin?.noEvents === true;
    const heading = `${paint.bold('cc-top')} ${paint.muted(`· by ${by} · ${options.window}`)}\n\n`;
    const text = periods
      ? `${heading}${formatDailyText(periods, paint, by === 'session' ? undefined : by)}`
      : sessionRows
        ? `${heading}${formatSessionRowsText(sessionRows, paint)}`
        : formatOnceText(summary, paint, now, { extraRows, noEvents, ...(state.origin ? { sourceLabel: state.origin.url } : {}) });
    io.stdout([text, ...(source.notes ?? []).map((n) => paint.muted(`note: ${n}`))].join('\n'));
  }
  return budgetExceeded(budgets) ? EXIT_BUDGET_EXCEEDED : 0;
}
