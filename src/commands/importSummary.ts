// The one line `cc-top import` prints when it is done: sessions, days, cost, exact versus
// estimated. Its own module: the formatting it needs is loaded only when the line is printed.
import { formatUsd, plural } from '../report/format.js';
import { usd } from '../report/money.js';
import type { Paint } from '../report/paint.js';
import type { ImportSummary } from '../transcripts/importRun.js';

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The one-line result. */
export function formatImportSummary(s: ImportSummary, paint: Paint, elapsedMs: number): string {
  const secs = `${(elapsedMs / 1000).toFixed(elapsedMs < 10_000 ? 2 : 1)} s`;
  if (s.sessionsFound === 0) return `cc-top import: no Claude Code transcripts in ${s.roots.join(', ')}.`;
  if (s.sessionsRead === 0) return `cc-top import: nothing new; ${plural(s.sessionsFound, 'session')} up to date (${secs}).`;
  const cost = s.net.costNanos ?? 0;
  const estimated = s.net.estCostNanos ?? 0;
  const days = s.days.length === 0 ? '' : ` over ${plural(s.days.length, 'day')} (${localDate(s.days[0]!)}${s.days.length > 1 ? ` to ${localDate(s.days[s.days.length - 1]!)}` : ''})`;
  const parts = [`cc-top import: ${plural(s.sessionsAdded, 'session')}${days}: ${paint.bold(`${estimated > 0 ? '~' : ''}${formatUsd(usd(cost))}`)}`];
  if (cost !== 0 || estimated !== 0) parts.push(`${formatUsd(usd(cost - estimated))} exact (Claude Code's own), ${estimated > 0 ? paint.warn(`~${formatUsd(usd(estimated))} estimated`) : '$0.00 estimated'}`);
  if ((s.net.estUnpriced ?? 0) > 0) parts.push(paint.warn(`${plural(s.net.estUnpriced!, 'request')} of a model with no known price, not in the cost`));
  if (s.segmentsCovered > 0) parts.push(`${plural(s.segmentsCovered, 'run')} left to the telemetry cc-top received`);
  if (s.unreadableLines > 0 || s.oversizedLines > 0) parts.push(paint.warn(`${plural(s.unreadableLines + s.oversizedLines, 'line')} could not be read`));
  parts.push(`${plural(s.sessionsRead, 'session')} read in ${secs}`);
  return `${parts.join('; ')}.`;
}
