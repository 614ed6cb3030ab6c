// Claude Code's eight counters under the names each pipeline gives them in Prometheus, and which of
// those a server holds. Claude Code's own exporter (and cc-top's /metrics) write
// `claude_code_cost_usage_total`; the Collector's exporters and Prometheus's OTLP receiver add the
// unit (`claude_code_cost_usage_USD_total`, `claude_code_active_time_seconds_total`). Names are
// looked up, never assumed; what each counts is the same table the OTLP path uses (metrics.ts).
import { CLAUDE_CODE_METRICS } from '../telemetry/metrics.js';
import type { CounterKey } from '../telemetry/model.js';
import { PrometheusError, type PromClient } from './promClient.js';

export interface Family {
  /** The OpenTelemetry name (`claude_code.cost.usage`): its meaning in telemetry/metrics.ts. */
  otelName: string;
  /** Prometheus names it may have, Claude Code's own first. */
  names: readonly string[];
  /** The label that splits it into counters (`type`, `decision`), if any. */
  split?: 'type' | 'decision';
}

const base = (otelName: string) => otelName.replace(/\./g, '_');

/** Every family, with the names the known pipelines give it. */
export const FAMILIES: readonly Family[] = [
  { otelName: 'claude_code.cost.usage', names: ['_total', '_USD_total', '_usd_total'] },
  { otelName: 'claude_code.token.usage', names: ['_total', '_tokens_total'], split: 'type' },
  { otelName: 'claude_code.session.count', names: ['_total', '_count_total'] },
  { otelName: 'claude_code.lines_of_code.count', names: ['_total', '_count_total'], split: 'type' },
  { otelName: 'claude_code.commit.count', names: ['_total', '_count_total'] },
  { otelName: 'claude_code.pull_request.count', names: ['_total', '_count_total'] },
  { otelName: 'claude_code.code_edit_tool.decision', names: ['_total'], split: 'decision' },
  // `.total` already ends like a counter: some exporters keep it, some add another `_total`.
  { otelName: 'claude_code.active_time.total', names: ['', '_seconds_total', '_total_seconds_total', '_total'], split: 'type' },
].map((f) => ({ ...f, names: f.names.map((suffix) => `${base(f.otelName)}${suffix}`) })) as Family[];

/** The counter a series of a family adds to, from its split label; undefined: not one cc-top counts. */
export function counterOf(family: Family, splitValue: string | undefined): CounterKey | undefined {
  const spec = CLAUDE_CODE_METRICS.get(family.otelName)!;
  return spec.counter(new Map(family.split && splitValue !== undefined ? [[family.split, splitValue]] : []));
}

/** Multiplier from the metric's unit to the counter's integer unit (USD -> nano-USD, s -> µs). */
export function scaleOf(family: Family): number {
  return CLAUDE_CODE_METRICS.get(family.otelName)!.scale;
}

/** A metric name the server holds, and the family it belongs to. */
export interface FoundName {
  name: string;
  family: Family;
}

export interface FoundNames {
  names: FoundName[];
  /** Present names of the families that say a session exists (session count, cost). */
  presence: string[];
  /** The cost names (counter resets are looked for on them). */
  cost: string[];
}

export function allCandidates(): string[] {
  return FAMILIES.flatMap((f) => f.names);
}

/**
 * Which of the candidate names the server has (any time in the last `lookbackSec`). Without a cost
 * or token name there is nothing to show: one line says which names were looked for.
 */
export async function findNames(client: PromClient, nowSec: number, lookbackSec: number): Promise<FoundNames> {
  const present = new Set(await client.labelValues('__name__', ['{__name__=~"claude_code_.+"}'], nowSec - lookbackSec, nowSec));
  const names: FoundName[] = [];
  for (const family of FAMILIES) for (const name of family.names) if (present.has(name)) names.push({ name, family });
  const of = (otel: string) => names.filter((n) => n.family.otelName === otel).map((n) => n.name);
  const cost = of('claude_code.cost.usage');
  if (cost.length === 0 && of('claude_code.token.usage').length === 0) {
    const looked = [...FAMILIES[0]!.names, ...FAMILIES[1]!.names].join(', ');
    throw new PrometheusError(`Prometheus at ${client.shownUrl} holds no Claude Code metrics: looked for ${looked} (and the other claude_code_* counters). Is Claude Code's telemetry sent to this server?`, 'noMetrics');
  }
  return { names, presence: [...of('claude_code.session.count'), ...cost], cost };
}
