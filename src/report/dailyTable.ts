// `--once --by day`: one row per local calendar day, like ccusage's daily report, from the day
// rollups. Figures are the metrics' (what Claude Code bills), as in `totals`. The rows cover
// whole days: 7d is today and the six days before it, so their sum can differ from the 7d
// window's totals, which start at this hour seven days ago.
import { dayStart } from '../store/rollups.js';
import type { StoreState } from '../store/state.js';
import { fit } from './cells.js';
import { formatCount, formatUsd } from './format.js';
import type { Paint } from './paint.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import type { WindowName } from './window.js';

export interface DailyRow {
  /** Local date, YYYY-MM-DD. */
  date: string;
  costUsd: number;
  tokens: TokenFigures;
  apiRequests: number;
  /** Models by cost, biggest first. */
  models: { model: string; costUsd: number }[];
}

const DAYS: Record<WindowName, number | null> = { today: 1, '24h': 2, '7d': 7, '30d': 30, all: null };

function localDate(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnights from the window's first day to today, oldest first (DST-safe: via dayStart). */
function daysOf(state: StoreState, windowName: WindowName, nowMs: number): number[] {
  const today = dayStart(nowMs);
  const count = DAYS[windowName];
  const first = count === null ? Math.min(today, ...state.days.map((b) => b.t)) : undefined;
  const days = [today];
  for (let d = today; count === null ? d > first! : days.length < count; ) {
    d = dayStart(d - 12 * 3_600_000);
    days.unshift(d);
  }
  return days;
}

export function selectDaily(state: StoreState, windowName: WindowName, nowMs: number): DailyRow[] {
  const byDay = new Map(state.days.map((b) => [b.t, b]));
  return daysOf(state, windowName, nowMs).map((t) => {
    const b = byDay.get(t);
    const c = b?.c ?? {};
    const models = Object.entries(b?.m ?? {})
      .map(([model, m]) => ({ model, costUsd: (m.costNanos ?? 0) / 1e9 }))
      .filter((m) => m.costUsd > 0)
      .sort((x, y) => y.costUsd - x.costUsd || x.model.localeCompare(y.model));
    return { date: localDate(t), costUsd: (c.costNanos ?? 0) / 1e9, tokens: tokensOf(c), apiRequests: c.apiRequests ?? 0, models };
  });
}

/** An 80-column table with a total row. */
export function formatDailyText(rows: DailyRow[], paint: Paint): string {
  const header = `${fit('date', 11)}${fit('input', 8, 'right')}${fit('output', 8, 'right')}${fit('cache r', 9, 'right')}${fit('cache w', 9, 'right')}${fit('total', 9, 'right')}${fit('cost', 10, 'right')}  ${fit('top model', 14)}`;
  const line = (date: string, t: TokenFigures, cost: number, model: string) =>
    `${fit(date, 11)}${fit(formatCount(t.input), 8, 'right')}${fit(formatCount(t.output), 8, 'right')}${fit(formatCount(t.cacheRead), 9, 'right')}${fit(formatCount(t.cacheCreation), 9, 'right')}${fit(formatCount(t.total), 9, 'right')}${fit(formatUsd(cost), 10, 'right')}  ${fit(model.replace(/^claude-/, ''), 14)}`;
  const total: TokenFigures = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 };
  let nanos = 0;
  const out = [paint.muted(header)];
  for (const r of rows) {
    for (const k of Object.keys(total) as (keyof TokenFigures)[]) total[k] += r.tokens[k];
    nanos += Math.round(r.costUsd * 1e9);
    const text = line(r.date, r.tokens, r.costUsd, r.models[0]?.model ?? '–');
    out.push(r.costUsd === 0 && r.tokens.total === 0 ? paint.muted(text) : text);
  }
  out.push(paint.bold(line('total', total, nanos / 1e9, '')));
  return out.join('\n');
}
