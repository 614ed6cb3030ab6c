// `--json` of figures from a source that holds no events (a team's Prometheus): what only events
// can say (requests, errors, prompts, tools, latency, the provisional cost, reconciliation) is
// null, never a zero that reads as "none happened".
import type { Summary } from './summary.js';

type Json = Record<string, unknown>;

const nullKeys = (o: Json, keys: readonly string[]): Json => ({ ...o, ...Object.fromEntries(keys.map((k) => [k, null])) });

const rows = (value: unknown, keys: readonly string[]): unknown => (Array.isArray(value) ? value.map((r: Json) => nullKeys(r, keys)) : value);

export function withoutEventFields(report: Summary & Json): Json {
  const out: Json = {
    ...report,
    totals: nullKeys(report.totals as unknown as Json, ['apiRequests', 'apiErrors', 'prompts']),
    byModel: rows(report.byModel, ['apiRequests', 'apiErrors', 'provisionalUsd']),
    sessions: rows(report.sessions, ['apiRequests', 'apiErrors', 'prompts', 'provisionalUsd', 'reconciliation']),
    tools: null,
    api: null,
    live: nullKeys(report.live as unknown as Json, ['provisionalUsd', 'provisionalTokens']),
    reconciliation: null,
    lastData: { ...report.lastData, events: null },
  };
  if (report.groups) out.groups = { ...report.groups, rows: rows(report.groups.rows, ['apiRequests']) };
  for (const k of ['daily', 'weekly', 'monthly']) if (k in report) out[k] = rows(report[k], ['apiRequests', 'provisionalUsd']);
  if ('budgets' in report) out.budgets = rows(report.budgets, ['provisionalUsd']);
  return out;
}
