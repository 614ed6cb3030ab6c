// The team-view fixtures (tests/fixtures/prometheus/): five scrapes of a small team in Claude
// Code's naming and the Collector's, and the same data as Claude Code would send it over OTLP
// (cumulative points), for a local store to compare with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIngest } from '../../../src/ingest.js';
import { FAMILIES } from '../../../src/prometheusSource/metricNames.js';
import type { Store } from '../../../src/store/store.js';
import { metricsRequest, type Attributes } from '../../builders/otlpRequest.js';
import { ns } from '../../builders/samples.js';
import { REPO_ROOT } from './claudeCli.js';

export type Scheme = 'claude' | 'collector';
export const PHASES = 5;

export function phaseText(scheme: Scheme, phase: number): string {
  return readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'prometheus', scheme, `phase-${phase}.prom`), 'utf8');
}

export interface ExpoSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Lines `name{a="x",...} value` (the fixtures' values have no quotes or commas inside). */
export function parseExposition(text: string): ExpoSample[] {
  const out: ExpoSample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

const OTEL_NAME = new Map(FAMILIES.flatMap((f) => f.names.map((n) => [n, f.otelName] as const)));
/** Prometheus labels back to the attributes Claude Code sends; team_id is a resource attribute. */
const ATTR: Record<string, string> = { session_id: 'session.id', user_email: 'user.email', user_id: 'user.id', organization_id: 'organization.id', terminal_type: 'terminal.type' };
const DROPPED = new Set(['otel_scope_name', 'service_name', 'team_id']);

/** Series start times and last values: a drop is a restarted process, as Claude Code would report it. */
export type Streams = Map<string, { startMs: number; last: number }>;

/** One scrape's values sent to a local store as Claude Code's cumulative OTLP points at `atMs`. */
export function feedPhase(store: Store, text: string, atMs: number, streams: Streams): void {
  const ingest = createIngest(store, { keepPrompts: false });
  const byTeam = new Map<string, Map<string, { name: string; points: { attrs: Attributes; startNs: string; timeNs: string; value: number }[] }>>();
  for (const s of parseExposition(text)) {
    const otel = OTEL_NAME.get(s.name);
    if (!otel) continue;
    const key = `${s.name}${JSON.stringify(s.labels)}`;
    let stream = streams.get(key);
    if (!stream || s.value < stream.last) {
      stream = { startMs: atMs - 1, last: s.value };
      streams.set(key, stream);
    }
    stream.last = s.value;
    const attrs = Object.fromEntries(Object.entries(s.labels).filter(([k]) => !DROPPED.has(k)).map(([k, v]) => [ATTR[k] ?? k, v]));
    const team = s.labels.team_id ?? '';
    const metrics = byTeam.get(team) ?? new Map();
    byTeam.set(team, metrics);
    const m = metrics.get(otel) ?? { name: otel, points: [] };
    metrics.set(otel, m);
    m.points.push({ attrs, startNs: ns(stream.startMs), timeNs: ns(atMs), value: s.value });
  }
  for (const [team, metrics] of byTeam) {
    const resource = { 'service.name': 'claude-code', ...(team ? { 'team.id': team } : {}) };
    ingest('metrics', metricsRequest({ resource, metrics: [...metrics.values()].map((m) => ({ ...m, temporality: 2 as const })) }));
  }
}

/**
 * The truth, from the fixtures alone: per session and metric, each step up added and, after a
 * drop, the new value counted from zero (what every series of a restarted process does).
 */
export function truth(scheme: Scheme): Map<string, number> {
  const last = new Map<string, number>();
  const sums = new Map<string, number>();
  for (let p = 1; p <= PHASES; p++) {
    for (const s of parseExposition(phaseText(scheme, p))) {
      const key = `${s.name}${JSON.stringify(s.labels)}`;
      const prev = last.get(key);
      const inc = prev === undefined || s.value < prev ? s.value : s.value - prev;
      last.set(key, s.value);
      const by = `${OTEL_NAME.get(s.name)}|${s.labels.session_id}|${s.labels.type ?? s.labels.decision ?? ''}`;
      sums.set(by, (sums.get(by) ?? 0) + inc);
    }
  }
  return sums;
}
