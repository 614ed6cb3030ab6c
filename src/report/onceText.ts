// `cc-top --once`: the human summary. Fits 80 columns; colour only through the paint roles.
import { fit, shortId } from './cells.js';
import { formatAgo, formatCount, formatDuration, formatPercent, formatRatio, formatUsd, liveUsd, plural } from './format.js';
import { costRole, type CostThresholds, type Paint } from './paint.js';
import { formatPlanUsage, type PlanUsage } from './planUsage.js';
import { formatBurn } from './burnText.js';
import type { Burn } from './burn.js';
import type { Summary } from './summary.js';

/** A labelled line a caller adds (budgets, from the insights layer). */
export interface ExtraRow {
  label: string;
  text: string;
}


export const ONCE_WIDTH = 80;
const TOP_SESSIONS = 5;
const MAX_MODELS = 8;
const MAX_GROUPS = 15;

const WINDOW_LABEL: Record<Summary['window']['name'], string> = {
  today: 'today',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  all: 'all time',
};

function row(label: string, text: string, paint: Paint): string {
  return `${paint.muted(fit(label, 10))}${text}`;
}

export interface OnceTextOptions {
  thresholds?: CostThresholds;
  extraRows?: ExtraRow[];
  /** The figures come from a source without Claude Code's events (Prometheus): no request, error or prompt counts. */
  noEvents?: boolean;
  /** Where the figures come from, when not this machine's store (a Prometheus URL). */
  sourceLabel?: string;
}

/** What a summary says where the events' figures would be, for a source that has no events. */
export const NO_EVENTS_NOTE = 'requests, errors, prompts and tools come from events: not in Prometheus';

export function formatOnceText(s: Summary & { planUsage?: PlanUsage | null; burn?: Burn }, paint: Paint, nowMs: number, options: OnceTextOptions = {}): string {
  const thresholds = options.thresholds;
  const t = s.totals;
  const d = s.derived;
  const lines: string[] = [];
  const lastData = Math.max(Date.parse(s.lastData.metrics ?? '') || 0, Date.parse(s.lastData.events ?? '') || 0);
  const filter = s.filter ? ` ${paint.accent(`· ${s.filter.key}=${s.filter.value}`)}` : '';
  const from = options.sourceLabel ? paint.muted(` · from ${options.sourceLabel}`) : '';
  lines.push(`${paint.bold('cc-top')} ${paint.muted('·')} ${WINDOW_LABEL[s.window.name]}${filter}${from} ${paint.muted(`· last data ${formatAgo(lastData || null, nowMs)}`)}`);
  lines.push('');
  if (t.sessions === 0 && s.live.costUsd === 0 && t.apiRequests === 0) {
    lines.push(paint.muted(s.filter ? `No session matches ${s.filter.key}=${s.filter.value} in this window.` : 'No Claude Code data in this window yet.'));
    return lines.join('\n');
  }
  const cost = paint[costRole(s.live.costUsd, thresholds)](paint.bold(liveUsd(s.live.costUsd, s.live.provisionalUsd, t.estimatedUsd, t.unpricedRequests)));
  // Spend seen in api_request events that the next metric export will confirm.
  const provisional = s.live.provisionalUsd > 0 ? paint.warn(` (incl. ${formatUsd(s.live.provisionalUsd)} from events, metrics pending)`) : '';
  // Imported sessions Claude Code never wrote its cost for: priced by cc-top.
  const estimated = t.estimatedUsd > 0 ? paint.warn(` (incl. ~${formatUsd(t.estimatedUsd)} estimated from transcripts)`) : '';
  const errors = t.apiErrors > 0 ? paint.error(` (${plural(t.apiErrors, 'error')})`) : '';
  const counts = options.noEvents ? `   ${plural(t.sessions, 'session')}   ${paint.muted(`(${NO_EVENTS_NOTE})`)}` : `   ${plural(t.apiRequests, 'API request')}${errors}   ${plural(t.sessions, 'session')}   ${plural(t.prompts, 'prompt')}`;
  lines.push(row('Cost', `${cost}${provisional}${estimated}${counts}`, paint));
  const unpriced = s.byModel.filter((m) => m.unpricedRequests > 0).map((m) => m.model);
  if (unpriced.length > 0) lines.push(row('', paint.warn(`+? no known price for ${unpriced.join(', ')}: ${plural(t.unpricedRequests, 'imported request')} not in the cost`), paint));
  const mismatched = s.reconciliation.sessions.filter((r) => r.status === 'mismatch');
  if (mismatched.length > 0) lines.push(row('', paint.error(`! metrics and events disagree for ${plural(mismatched.length, 'session')} (see --json reconciliation)`), paint));
  for (const extra of options.extraRows ?? []) lines.push(row(extra.label, extra.text, paint));
  if (s.burn) lines.push(row('Burn', formatBurn(s.burn), paint));
  const plan = formatPlanUsage(s.planUsage ?? null, paint);
  const fiveHour = s.burn?.fiveHour;
  const projection = !fiveHour
    ? ''
    : fiveHour.projectedPercentage === null
      ? paint.muted(` · 5h projection after ${fiveHour.basisMinutes < 1 ? 'more' : `${15 - fiveHour.basisMinutes} more`} min of data`)
      : paint[fiveHour.willExceed ? 'error' : 'muted'](` · on pace for 5h ${Math.round(fiveHour.projectedPercentage)}% at reset (from ${fiveHour.basisMinutes} min of spend)`);
  if (plan) lines.push(row('Plan', `${plan}${projection}`, paint));
  const tk = s.live.tokens;
  lines.push(
    row('Tokens', `${formatCount(tk.total)} = in ${formatCount(tk.input)} · out ${formatCount(tk.output)} · cache read ${formatCount(tk.cacheRead)} · write ${formatCount(tk.cacheCreation)}`, paint),
  );
  lines.push(row('Cache', `efficiency ${paint.accent(formatPercent(d.cacheEfficiency))} of prompt tokens read from cache`, paint));
  const prs = t.pullRequests > 0 ? ` · ${plural(t.pullRequests, 'PR')}` : '';
  lines.push(
    row('Code', `${paint.ok(`+${formatCount(t.linesAdded)}`)} ${paint.error(`-${formatCount(t.linesRemoved)}`)} lines · ${plural(t.commits, 'commit')}${prs} · edits ${t.editDecisions.accept} ok / ${t.editDecisions.reject} rejected`, paint),
  );
  lines.push(row('Active', `you ${formatDuration(t.activeTimeSec.user)} · Claude ${formatDuration(t.activeTimeSec.cli)} · ratio ${formatRatio(d.productivityRatio)} (peak ${formatRatio(d.peakLeverage)})`, paint));
  const per = (v: number | null, what: string) => (v === null ? null : `${formatUsd(v)}/${what}`);
  const ratios = [per(d.costPer1kOutputTokens, '1K out'), per(d.costPerCommit, 'commit'), per(d.costPer100Lines, '100 lines')].filter(Boolean);
  if (ratios.length > 0) lines.push(row('Per', ratios.join(' · '), paint));

  // Grouped by model, the group table is the model table.
  if (s.byModel.length > 0 && s.groups?.by !== 'model') {
    lines.push('');
    lines.push(paint.muted(`${fit('Model', 34)}${fit('cost', 12, 'right')}${fit('tokens', 12, 'right')}${fit('requests', 10, 'right')}${fit('cache', 8, 'right')}`));
    for (const m of s.byModel.slice(0, MAX_MODELS)) {
      const tk = m.liveTokens;
      const eff = tk.input + tk.cacheRead + tk.cacheCreation;
      lines.push(
        `${fit(m.model, 34)}${fit(liveUsd(m.liveCostUsd, m.provisionalUsd, m.estimatedUsd, m.unpricedRequests), 12, 'right')}${fit(formatCount(tk.total), 12, 'right')}${fit(options.noEvents ? '–' : formatCount(m.apiRequests), 10, 'right')}${fit(formatPercent(eff ? tk.cacheRead / eff : null, 0), 8, 'right')}`,
      );
    }
  }

  if (s.groups) {
    lines.push('');
    lines.push(paint.muted(`${fit(`By ${s.groups.by}`, 38)}${fit('cost', 12, 'right')}${fit('tokens', 12, 'right')}${fit('requests', 9, 'right')}${fit('sessions', 9, 'right')}`));
    for (const g of s.groups.rows.slice(0, MAX_GROUPS)) {
      lines.push(`${fit(g.key, 38)}${fit(liveUsd(g.costUsd, g.provisionalUsd, g.estimatedUsd, g.unpricedRequests), 12, 'right')}${fit(formatCount(g.tokens.total), 12, 'right')}${fit(options.noEvents ? '–' : formatCount(g.apiRequests), 9, 'right')}${fit(g.sessions === null ? '–' : formatCount(g.sessions), 9, 'right')}`);
    }
    if (s.groups.rows.length > MAX_GROUPS) lines.push(paint.muted(`… ${s.groups.rows.length - MAX_GROUPS} more in --json`));
  }

  const top = [...s.sessions].sort((a, b) => b.liveCostUsd - a.liveCostUsd).slice(0, TOP_SESSIONS);
  if (top.length > 0) {
    lines.push('');
    lines.push(paint.muted(`${fit('Top sessions', 20)}${fit('cost', 10, 'right')}${fit('tokens', 8, 'right')}${fit('lines', 12, 'right')}${fit('commits', 8, 'right')}  ${fit('model', 11)}${fit('seen', 9, 'right')}`));
    for (const x of top) {
      const name = x.project ? `${x.project} ${shortId(x.id).slice(0, 4)}` : shortId(x.id);
      lines.push(
        `${fit(name, 20)}${fit(liveUsd(x.liveCostUsd, x.provisionalUsd, x.estimatedUsd, x.unpricedRequests), 10, 'right')}${fit(formatCount(x.liveTokens.total), 8, 'right')}${fit(`+${formatCount(x.linesAdded)}/-${formatCount(x.linesRemoved)}`, 12, 'right')}${fit(formatCount(x.commits), 8, 'right')}  ${fit((x.models[0] ?? '–').replace(/^claude-/, ''), 11)}${fit(formatAgo(Date.parse(x.lastSeen), nowMs), 9, 'right')}`,
      );
    }
  }
  return lines.join('\n');
}
