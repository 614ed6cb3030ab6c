// The team view against a real Prometheus: five scrapes of a small team (fixtures in both naming
// schemes) served over HTTP and scraped every second, then `cc-top --once --json --prometheus`
// compared with the truth worked out from the fixtures, with plain `sum(increase())` on the same
// data, and with a local store fed the same values as Claude Code's OTLP. The same comparison end
// to end, from real Claude Code sessions through cc-top's /metrics, is tests/e2e/pipeline.test.ts.
import { Memory } from 'lowdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CommandIO } from '../../src/commands/io.js';
import { selectSummary, type Summary } from '../../src/report/summary.js';
import type { StoreState } from '../../src/store/state.js';
import { Store } from '../../src/store/store.js';
import { scraped, startExposition, startPrometheus, type Exposition, type TestPrometheus } from './harness/prometheus.js';
import { feedPhase, PHASES, phaseText, truth, type Scheme, type Streams } from './harness/teamFixtures.js';

const SESSION = {
  A: '3286bc07-aa7e-449d-b483-297b2fdaa160',
  B: '9b1f0c55-0d1e-4c2a-9a55-6c1f1e2d3c4b',
  C: 'c0ffee00-1111-4222-8333-944455556666',
  D: 'd00d0000-aaaa-4bbb-8ccc-dddddddddddd',
  E: 'e0e0e0e0-1234-4567-89ab-cdefcdefcdef',
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: {}, clock: Date.now };
  return { io: value, out, err };
}

type Report = Summary & { prometheus: { metricNames: string[] } };

describe.each(['claude', 'collector'] as Scheme[])('team view from a real Prometheus (%s naming)', (scheme) => {
  let expo: Exposition;
  let prom: TestPrometheus;
  let store: Store;
  const sums = truth(scheme);
  const costNames = scheme === 'claude' ? 'claude_code_cost_usage_total' : 'claude_code_cost_usage_USD_total';
  /** The truth of one OpenTelemetry metric, for the given sessions (all when none). */
  const expected = (otel: string, sessions: string[] = Object.values(SESSION), split?: string) =>
    [...sums].filter(([k]) => {
      const [name, session, s] = k.split('|');
      return name === otel && sessions.includes(session!) && (split === undefined || s === split);
    }).reduce((n, [, v]) => n + v, 0);

  beforeAll(async () => {
    expo = await startExposition();
    prom = await startPrometheus({ targets: [expo.target] });
    store = await Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }), clock: Date.now });
    const streams: Streams = new Map();
    for (let p = 1; p <= PHASES; p++) {
      const text = phaseText(scheme, p);
      expo.set(text, p);
      // A few scrapes per phase, as a session is scraped many times while it runs.
      await expo.served(2);
      await scraped(prom, p);
      feedPhase(store, text, Date.now(), streams);
    }
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    await expo?.close();
  });

  async function once(...args: string[]): Promise<Report> {
    const run = io();
    const code = await main(['--once', '--json', '--window', '24h', '--prometheus', prom.url, ...args], run.io);
    expect(run.err.join('\n')).toBe('');
    expect(code).toBe(0);
    return JSON.parse(run.out.join('\n')) as Report;
  }

  it('counts every session in full: one that starts and ends in the window, and one whose counters reset', async () => {
    const r = await once();
    expect(r.prometheus.metricNames).toContain(costNames);
    expect(r.totals.costUsd).toBeCloseTo(expected('claude_code.cost.usage'), 9);
    expect(r.totals.tokens.input).toBe(expected('claude_code.token.usage', undefined, 'input'));
    expect(r.totals.tokens.cacheRead).toBe(expected('claude_code.token.usage', undefined, 'cacheRead'));
    expect(r.totals.linesAdded).toBe(expected('claude_code.lines_of_code.count', undefined, 'added'));
    expect(r.totals.commits).toBe(expected('claude_code.commit.count'));
    expect(r.totals.editDecisions).toEqual({ accept: expected('claude_code.code_edit_tool.decision', undefined, 'accept'), reject: expected('claude_code.code_edit_tool.decision', undefined, 'reject') });
    expect(r.totals.activeTimeSec.cli).toBeCloseTo(expected('claude_code.active_time.total', undefined, 'cli'), 6);
    expect(r.totals.sessions).toBe(5);
    const byId = new Map(r.sessions.map((s) => [s.id, s]));
    // D started and ended between two scrapes' worth of the window: counted from zero, in full.
    expect(byId.get(SESSION.D)?.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.D]), 9);
    // A's process restarted in the middle: nothing before the drop is lost, nothing counted twice.
    expect(byId.get(SESSION.A)?.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.A]), 9);
    expect(byId.get(SESSION.A)?.tokens.output).toBe(expected('claude_code.token.usage', [SESSION.A], 'output'));
    expect(byId.get(SESSION.A)?.linesAdded).toBe(expected('claude_code.lines_of_code.count', [SESSION.A], 'added'));
    // Events are not in Prometheus: null, never a zero.
    expect(r.totals.apiRequests).toBeNull();
    expect(r.tools).toBeNull();
  });

  it('plain sum(increase()) over the same window undercounts where cc-top does not', async () => {
    const increase = async (selector: string) => Number((await prom.query(`sum(increase(${costNames}${selector}[1h]))`))[0]?.value ?? 0);
    const exact = expected('claude_code.cost.usage');
    const r = await once();
    // Every session's first scrape is lost to increase(): the team's total falls well short.
    expect(await increase('')).toBeLessThan(exact * 0.8);
    expect(r.totals.costUsd).toBeCloseTo(exact, 9);
    // D ran between two scrapes' worth of time: increase() sees none of it.
    expect(await increase(`{session_id="${SESSION.D}"}`)).toBe(0);
    expect(r.sessions.find((s) => s.id === SESSION.D)?.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.D]), 9);
  });

  it('equals what the same data gives locally, by model, by session and by user', async () => {
    const remote = await once('--group-by', 'user');
    const local = selectSummary(store.state, '24h', Date.now(), { groupBy: 'user' });
    expect(remote.totals.costUsd).toBeCloseTo(local.totals.costUsd, 9);
    expect(remote.totals.tokens).toEqual(local.totals.tokens);
    const models = (s: Summary) => Object.fromEntries(s.byModel.map((m) => [m.model, { cost: Math.round(m.costUsd * 1e9), tokens: m.tokens }]));
    expect(models(remote)).toEqual(models(local));
    const sessions = (s: Summary) =>
      Object.fromEntries(s.sessions.map((x) => [x.id, { cost: Math.round(x.costUsd * 1e9), tokens: x.tokens, lines: [x.linesAdded, x.linesRemoved], commits: x.commits, prs: x.pullRequests, user: x.labels['user.email'] ?? x.labels['user.id'] }]));
    expect(sessions(remote)).toEqual(sessions(local));
    const users = (s: Summary) => Object.fromEntries((s.groups?.rows ?? []).map((g) => [g.key, { cost: Math.round(g.costUsd * 1e9), tokens: g.tokens.total, sessions: g.sessions }]));
    expect(users(remote)).toEqual(users(local));
    expect(Object.keys(users(remote)).sort()).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'e5e5e5']);
  });

  it('narrows to one person with --filter, and groups by a resource label (team_id)', async () => {
    const alice = await once('--filter', 'user_email=alice@example.com');
    expect(alice.sessions.map((s) => s.id)).toEqual([SESSION.A]);
    expect(alice.totals.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.A]), 9);
    expect(alice.filter).toEqual({ key: 'user_email', value: 'alice@example.com' });
    const teams = await once('--group-by', 'team_id');
    const rows = Object.fromEntries((teams.groups?.rows ?? []).map((g) => [g.key, g]));
    expect(teams.groups?.by).toBe('team_id');
    expect(rows['team-a']?.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.A, SESSION.C]), 9);
    expect(rows['team-b']?.costUsd).toBeCloseTo(expected('claude_code.cost.usage', [SESSION.B, SESSION.D, SESSION.E]), 9);
    expect(rows['team-b']?.sessions).toBe(3);
  });
});
