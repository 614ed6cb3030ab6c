// `--once --by day|week|month|session` as text: an 80-column table with a total row.
import { fit } from './cells.js';
import type { Period, PeriodRow, SessionRow } from './dailyTable.js';
import { formatCount, formatUsd } from './format.js';
import { usd } from './money.js';
import type { Paint } from './paint.js';
import type { TokenFigures } from './tokens.js';

const NOTE_PROVISIONAL = '~ includes spend seen in events whose metrics have not arrived yet, or estimated by cc-top from transcripts';

/** An 80-column table with a total row (`~` marks a cost that includes provisional or estimated spend). */
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
    const approximate = r.provisionalUsd > 0 || r.estimatedUsd > 0;
    if (approximate) provisional = true;
    const text = line(r.date, r.tokens, `${approximate ? '~' : ''}${formatUsd(r.costUsd)}`, r.models[0]?.model ?? '–');
    out.push(r.costUsd === 0 && r.tokens.total === 0 ? paint.muted(text) : text);
  }
  out.push(paint.bold(line('total', total, `${provisional ? '~' : ''}${formatUsd(usd(nanosTotal))}`, '')));
  if (provisional) out.push(paint.muted(NOTE_PROVISIONAL));
  return out.join('\n');
}

/** An 80-column table of sessions with a total row; `~` estimated or provisional, `+?` unpriced requests. */
export function formatSessionRowsText(rows: readonly SessionRow[], paint: Paint): string {
  const header = `${fit('last active', 12)}${fit('session', 10)}${fit('project', 17)}${fit('tokens', 9, 'right')}${fit('cost', 12, 'right')}  ${fit('top model', 18)}`;
  const line = (date: string, id: string, project: string, tokens: number, cost: string, model: string) =>
    `${fit(date, 12)}${fit(id, 10)}${fit(project, 17)}${fit(formatCount(tokens), 9, 'right')}${fit(cost, 12, 'right')}  ${fit(model.replace(/^claude-/, ''), 18)}`;
  const out = [paint.muted(header)];
  let nanos = 0;
  let tokens = 0;
  let approximate = false;
  for (const r of rows) {
    const mark = r.provisionalUsd > 0 || r.estimatedUsd > 0;
    approximate ||= mark;
    nanos += Math.round(r.costUsd * 1e9);
    tokens += r.tokens.total;
    out.push(line(r.lastActivity, r.id.slice(0, 8), r.project ?? '–', r.tokens.total, `${mark ? '~' : ''}${formatUsd(r.costUsd)}${r.unpricedRequests > 0 ? '+?' : ''}`, r.models[0] ?? '–'));
  }
  out.push(paint.bold(line('total', `${rows.length}`, '', tokens, `${approximate ? '~' : ''}${formatUsd(usd(nanos))}`, '')));
  if (approximate) out.push(paint.muted(NOTE_PROVISIONAL));
  if (rows.some((r) => r.unpricedRequests > 0)) out.push(paint.muted('+? some requests of the session have no known price and are not in its cost'));
  return out.join('\n');
}
