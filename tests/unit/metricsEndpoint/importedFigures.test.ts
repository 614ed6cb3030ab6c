// /metrics serves what arrived as telemetry only: figures `cc-top import` added from transcripts
// stay in the store (every report shows them) but never in a series, so an import cannot make a
// series jump and Prometheus cannot put months of history into the hour of the import. For a
// session only imported, and one partly received and partly imported; also once the import's
// records are gone, after the sessions cap folded them, after the size budget shed them, and
// through the store file.
import { describe, expect, it } from 'vitest';
import { claudeCodeFamilies } from '../../../src/metricsEndpoint/storeFamilies.js';
import { FamilyRegistry } from '../../../src/metricsEndpoint/registry.js';
import { applyMetricBatch } from '../../../src/store/aggregate.js';
import { shedToBudget } from '../../../src/store/budget.js';
import { applySessionImport, forgetImports, type SegmentImport } from '../../../src/store/importApply.js';
import { dropSettledSegments } from '../../../src/store/importRecords.js';
import { parseStore, serializeStore } from '../../../src/store/persistence.js';
import { emptyState, IMPORT_RETRACTABLE_MS, SESSIONS_CAP, type StoreState } from '../../../src/store/state.js';
import type { Counters } from '../../../src/telemetry/model.js';
import { seriesMap, seriesOf } from '../../builders/exposition.js';
import { costSample, metricSample, T0 } from '../../builders/samples.js';

const SONNET = 'claude-sonnet-4-5';
const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = T0 + 10 * 24 * HOUR;
const RECEIVED = '11111111-1111-4111-8111-111111111111';
const IMPORTED = '22222222-2222-4222-8222-222222222222';
const MIXED = '33333333-3333-4333-8333-333333333333';

/** Telemetry for a session: cost and input tokens of one response at `timeMs`. */
function receive(state: StoreState, session: string, usd: number, input: number, timeMs: number): void {
  applyMetricBatch(state, [costSample(usd, { sessionId: session, timeMs }), metricSample({ counter: 'tokIn', units: input, sessionId: session, timeMs, model: SONNET })], timeMs);
}

const figures = (usd: number, input: number): Counters => ({ costNanos: Math.round(usd * 1e9), tokIn: input, apiRequests: 1 });

/** A run read from a transcript: closed (Claude Code's cost-state totals) unless `open`. */
function run(first: number, last: number, usd: number, input: number, open = false): SegmentImport {
  const groups = [{ t: last, model: SONNET, source: 'main' as const, counters: figures(usd, input) }];
  if (open) return { first, last, groups: [{ ...groups[0]!, counters: { ...groups[0]!.counters, estCostNanos: Math.round(usd * 1e9) } }] };
  return { first, last, costState: { models: new Map([[SONNET, figures(usd, input)]]), linesAdded: 0, linesRemoved: 0 }, groups };
}

function importRuns(state: StoreState, id: string, segments: SegmentImport[], nowMs = NOW): void {
  const outcome = applySessionImport(state, { id, basis: state.imports.get(id)?.settledUntil ?? 0, labels: [['project.dir', '/home/dev/project']], segments }, nowMs);
  expect(outcome.status).toBe('applied');
}

async function served(state: StoreState): Promise<Map<string, number>> {
  return seriesMap((await new FamilyRegistry().render(claudeCodeFamilies(state), 'prometheus')).text);
}

/** Served cost by session (its series of each model and query source added up), in USD. */
async function costBySession(state: StoreState): Promise<Record<string, number>> {
  const cost = seriesOf((await new FamilyRegistry().render(claudeCodeFamilies(state), 'prometheus')).text, 'claude_code_cost_usage_total');
  const nanos: Record<string, number> = {};
  for (const s of cost) nanos[s.labels['session_id'] ?? ''] = (nanos[s.labels['session_id'] ?? ''] ?? 0) + Math.round(s.value * 1e9);
  return Object.fromEntries(Object.entries(nanos).map(([id, n]) => [id, n / 1e9]));
}

const storeCost = (state: StoreState, id: string) => (state.sessions.get(id)?.counters.costNanos ?? 0) / 1e9;

describe('/metrics leaves imported figures out', () => {
  it('a session only imported has no series, and every other series is as it was', async () => {
    const state = emptyState(NOW - HOUR);
    receive(state, RECEIVED, 0.5, 100, NOW - 30 * MIN);
    const before = await served(state);
    importRuns(state, IMPORTED, [run(NOW - 50 * HOUR, NOW - 49 * HOUR, 3.25, 9_000)]);
    // The store has it (every report shows it)...
    expect(storeCost(state, IMPORTED)).toBe(3.25);
    expect(state.totals.counters.costNanos).toBe(3_750_000_000);
    // ...and /metrics does not.
    expect(await served(state)).toEqual(before);
  });

  it('a session partly received and partly imported serves its telemetry, before and after the import forgets it', async () => {
    const state = emptyState(NOW - HOUR);
    // Run 2 of the session was received; run 1 came before telemetry was on.
    receive(state, MIXED, 0.25, 300, NOW - 30 * MIN);
    importRuns(state, MIXED, [run(NOW - 3 * HOUR, NOW - 3 * HOUR + MIN, 0.04, 1_000), run(NOW - 31 * MIN, NOW - 30 * MIN, 0.25, 300)]);
    expect(storeCost(state, MIXED)).toBe(0.29);
    expect(await costBySession(state)).toEqual({ [MIXED]: 0.25 });
    expect(seriesOf((await new FamilyRegistry().render(claudeCodeFamilies(state), 'prometheus')).text, 'claude_code_token_usage_total').find((s) => s.labels['type'] === 'input')?.value).toBe(300);

    // A day later the record lets go of the segment (it can no longer be taken back), then of the
    // whole record (transcript deleted, or past the records' cap): the imported part stays out.
    dropSettledSegments(state.imports.get(MIXED)!, NOW + IMPORT_RETRACTABLE_MS + HOUR);
    expect(state.imports.get(MIXED)!.segments).toEqual([]);
    expect(await costBySession(state)).toEqual({ [MIXED]: 0.25 });
    forgetImports(state, [MIXED]);
    expect(await costBySession(state)).toEqual({ [MIXED]: 0.25 });

    // Telemetry goes on adding to the same series.
    receive(state, MIXED, 0.1, 50, NOW + 2 * HOUR);
    expect(await costBySession(state)).toEqual({ [MIXED]: 0.35 });
    expect(storeCost(state, MIXED)).toBeCloseTo(0.39, 12);
  });

  it('an imported run still open, then received: the series is the telemetry alone, the estimate never shows', async () => {
    const state = emptyState(NOW - HOUR);
    importRuns(state, MIXED, [run(NOW - 10 * MIN, NOW - 9 * MIN, 0.07, 700, true)]);
    expect(await costBySession(state)).toEqual({});
    // Telemetry of that run arrives (the receiver was down for a moment): the estimate gives way.
    receive(state, MIXED, 0.2, 800, NOW - 5 * MIN);
    expect(storeCost(state, MIXED)).toBe(0.2);
    expect(await costBySession(state)).toEqual({ [MIXED]: 0.2 });
  });

  it('sessions folded past the cap, or shed by the size budget, keep their imported part out of session_id="(other)"', async () => {
    for (const fold of ['cap', 'budget'] as const) {
      const state = emptyState(NOW - HOUR);
      receive(state, MIXED, 0.25, 300, NOW - 30 * MIN);
      importRuns(state, MIXED, [run(NOW - 3 * HOUR, NOW - 3 * HOUR + MIN, 0.04, 1_000)]);
      importRuns(state, IMPORTED, [run(NOW - 50 * HOUR, NOW - 49 * HOUR, 3.25, 9_000)]);
      if (fold === 'cap') {
        for (let i = 0; i < SESSIONS_CAP; i++) applyMetricBatch(state, [costSample(0.001, { sessionId: `s-${i}`, timeMs: NOW + i })], NOW + i);
      } else {
        // The last level sheds the older half of the session records: of four, the two first seen.
        receive(state, RECEIVED, 0.5, 100, NOW);
        receive(state, 's-x', 0.001, 1, NOW);
        expect(shedToBudget(state, 8, NOW)).toBe(true);
      }
      expect(state.sessions.has(MIXED), fold).toBe(false);
      expect(state.sessions.has(IMPORTED), fold).toBe(false);
      expect(state.evicted.usage.size, fold).toBeGreaterThan(0);
      expect((await costBySession(state))['(other)'], fold).toBe(0.25);
      if (fold === 'budget') expect(await costBySession(state)).toEqual({ '(other)': 0.25, [RECEIVED]: 0.5, 's-x': 0.001 });
      // The store keeps every figure.
      expect(state.totals.counters.costNanos, fold).toBe(fold === 'cap' ? 3_540_000_000 + SESSIONS_CAP * 1_000_000 : 4_041_000_000);
    }
  });

  it('the imported part is kept in the store file; a file from before it was kept leaves imported-only sessions out', async () => {
    const state = emptyState(NOW - HOUR);
    receive(state, MIXED, 0.25, 300, NOW - 30 * MIN);
    importRuns(state, MIXED, [run(NOW - 3 * HOUR, NOW - 3 * HOUR + MIN, 0.04, 1_000)]);
    importRuns(state, IMPORTED, [run(NOW - 50 * HOUR, NOW - 49 * HOUR, 3.25, 9_000)]);
    const expected = await served(state);
    const text = serializeStore(state);
    expect(await served(parseStore(text, 'store.json', NOW))).toEqual(expected);

    const older = JSON.parse(text) as { sessions: { usage: { imported?: unknown }[] }[] };
    for (const s of older.sessions) for (const u of s.usage) delete u.imported;
    const read = parseStore(JSON.stringify(older), 'store.json', NOW);
    expect(await costBySession(read)).toEqual({ [MIXED]: 0.29 });
    expect(storeCost(read, IMPORTED)).toBe(3.25);
  });
});
