// `--once --by day|week|month` as text: an 80-column table with a total row.
import { fit } from './cells.js';
import type { Period, PeriodRow } from './dailyTable.js';
import { formatCount, formatUsd } from './format.js';
import { usd } from './money.js';
import type { Paint } from './paint.js';
import type { TokenFigures } from './tokens.js';

/** An 80-column table with a total row (`~` marks a cost that includes provisional spend). */
export function formatDailyText(rows: PeriodRow[], paint: Paint, period: Period = 'day'): string {
  const head = period === 'month' ? 'month' : period === 'week' ? 'week of' : 'date';
  const header = `${fit(head, 11)}${fit('input', 8, 'right')}${fit('output', 8, 'right')}${fit('cache r', 9, 'right')}${fit('cache w', 9, 'right')}${fit('total', 9, 'right')}${fit('cost', 10, 'right')}  ${fit('top model', 14)}`;
  const line = (date: string, t: TokenFigures, cost: string, model: string) =>
    `${fit(date, 11)}${fit(formatCount(t.input), 8, 'right')}${fit(formatCount(t.output), 8, 'right')}${fit(formatCount(t.cacheRead), 9, 'right')}${fit(formatCount(t.cacheCreation), 9, 'right')}${fit(formatCount(t.total), 9, 'right')}${fit(cost, 10, 'right')}  ${fit(model.replace(/^claude-/, ''), 14)}`;
  const total: TokenFigures = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 };
  let nanosTotal = 0;
  let provisional = false;
  const out = [paint.muted(header)];
  for (const r of rows) {
    for (const k of Object.keys(total) as (keyof TokenFigures)[]) total[k] += r.tokens[k];
    nanosTotal += Math.round(r.costUsd * 1e9);
    if (r.provisionalUsd > 0) provisional = true;
    const text = line(r.date, r.tokens, `${r.provisionalUsd > 0 ? '~' : ''}${formatUsd(r.costUsd)}`, r.models[0]?.model ?? '–');
    out.push(r.costUsd === 0 && r.tokens.total === 0 ? paint.muted(text) : text);
  }
  out.push(paint.bold(line('total', total, `${provisional ? '~' : ''}${formatUsd(usd(nanosTotal))}`, '')));
  if (provisional) out.push(paint.muted('~ includes spend seen in events whose metrics have not arrived yet'));
  return out.join('\n');
}
