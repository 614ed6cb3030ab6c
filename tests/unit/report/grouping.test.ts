// Which project / user / team / model is spending: --group-by and --filter.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { GroupingError, parseFilter } from '../../../src/report/grouping.js';
import { selectSummary } from '../../../src/report/summary.js';
import { applyMetricSample } from '../../../src/store/aggregate.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState } from '../../../src/store/state.js';
import { costSample, SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';

const SESSION_C = 'c0ffee00-0000-4000-8000-000000000000';
const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';

function state() {
  const s = emptyState(T0);
  const spend = (session: string, usd: number, model: string, labels: Record<string, string>, querySource?: 'main' | 'subagent') =>
    applyMetricSample(s, costSample(usd, { sessionId: session, model, labels, attrs: { 'session.id': session, model, ...(querySource ? { query_source: querySource } : {}) }, ...(querySource ? { querySource } : {}) }), T0);
  spend(SESSION_A, 1.25, SONNET, { 'vcs.repository.name': 'acme/api', 'user.email': 'ana@acme.dev', 'team.id': 'platform' }, 'main');
  spend(SESSION_A, 0.25, HAIKU, { 'vcs.repository.name': 'acme/api', 'user.email': 'ana@acme.dev', 'team.id': 'platform' }, 'subagent');
  spend(SESSION_B, 2, SONNET, { 'vcs.repository.name': 'acme/web', 'user.email': 'bo@acme.dev', 'team.id': 'growth' }, 'main');
  spend(SESSION_C, 0.5, SONNET, { 'vcs.repository.name': 'acme/api', 'user.email': 'bo@acme.dev' }, 'main');
  return s;
}

const rows = (by: string, filter?: string) =>
  Object.fromEntries(selectSummary(state(), 'today', T0, { groupBy: by, ...(filter ? { filter: parseFilter(filter) } : {}) }).groups!.rows.map((r) => [r.key, [r.costUsd, r.sessions]]));

describe('--group-by', () => {
  it('by project, user and any attribute: each session once, sums exact', () => {
    expect(rows('project')).toEqual({ 'acme/api': [2, 2], 'acme/web': [2, 1] });
    expect(rows('user')).toEqual({ 'ana@acme.dev': [1.5, 1], 'bo@acme.dev': [2.5, 2] });
    expect(rows('team.id')).toEqual({ platform: [1.5, 1], growth: [2, 1], '(none)': [0.5, 1] });
  });

  it('by model and query source from the rollups, exact for the window', () => {
    expect(rows('model')).toEqual({ [SONNET]: [3.75, 3], [HAIKU]: [0.25, 1] });
    expect(rows('query_source')).toEqual({ main: [3.75, null], subagent: [0.25, null] });
  });

  it('rows are sorted by cost, biggest first', () => {
    const r = selectSummary(state(), 'today', T0, { groupBy: 'session' }).groups!.rows;
    expect(r.map((x) => x.key)).toEqual([SESSION_B, SESSION_A, SESSION_C]);
  });
});

describe('--filter', () => {
  it('narrows totals, models and sessions to the matching sessions', () => {
    const s = selectSummary(state(), 'today', T0, { filter: parseFilter('team.id=platform') });
    expect(s.totals.costUsd).toBe(1.5);
    expect(s.totals.sessions).toBe(1);
    expect(s.byModel.map((m) => [m.model, m.costUsd])).toEqual([[SONNET, 1.25], [HAIKU, 0.25]]);
    expect(s.sessions.map((x) => x.id)).toEqual([SESSION_A]);
    expect(s.filter).toEqual({ key: 'team.id', value: 'platform' });
  });

  it('combines with grouping, and matches a short session id as the tables show it', () => {
    expect(rows('model', 'project=acme/api')).toEqual({ [SONNET]: [1.75, 2], [HAIKU]: [0.25, 1] });
    expect(selectSummary(state(), 'today', T0, { filter: parseFilter(`session=${SESSION_B.slice(0, 8)}`) }).totals.costUsd).toBe(2);
  });

  it('says what is wrong with a bad filter or an impossible combination', () => {
    expect(() => parseFilter('team.id')).toThrow(GroupingError);
    expect(() => parseFilter('=x')).toThrow('--filter takes KEY=VALUE');
    // A key nothing has: the error lists the keys there are.
    expect(() => selectSummary(state(), 'today', T0, { filter: parseFilter('colour=blue') })).toThrow(/--filter: no key "colour"; the keys are model, session, user, project, query_source/);
    expect(() => selectSummary(state(), 'today', T0, { groupBy: 'colour' })).toThrow(/--group-by: no key "colour"/);
  });
});

describe('cc-top --once --group-by project', () => {
  it('answers which project spent what, in text and JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-group-'));
    try {
      const store = join(dir, 'store.json');
      await new JsonFileAdapter(store).write(state());
      const out: string[] = [];
      const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: {}, clock: () => T0 };
      expect(await main(['--once', '--store', store, '--group-by', 'project'], io)).toBe(0);
      const text = out.join('\n');
      expect(text).toMatch(/By project\s+cost\s+tokens\s+requests\s+sessions/);
      expect(text).toMatch(/acme\/api\s+\$2\.00/);
      expect(text).toMatch(/acme\/web\s+\$2\.00/);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      out.length = 0;
      expect(await main(['--once', '--json', '--store', store, '--group-by', 'user', '--filter', 'project=acme/api'], io)).toBe(0);
      const json = JSON.parse(out.join('\n')) as { groups: { by: string; rows: { key: string; costUsd: number }[] }; totals: { costUsd: number } };
      expect(json.totals.costUsd).toBe(2);
      expect(json.groups.by).toBe('user');
      expect(json.groups.rows.map((r) => [r.key, r.costUsd])).toEqual([['ana@acme.dev', 1.5], ['bo@acme.dev', 0.5]]);
      out.length = 0;
      expect(await main(['--once', '--store', store, '--filter', 'nope'], io)).toBe(2);
      expect(out.join('\n')).toContain('--filter takes KEY=VALUE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
