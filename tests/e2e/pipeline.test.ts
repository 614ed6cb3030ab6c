// The whole pipeline of issues 15 and 16 with the real engines: real Claude Code sessions of three
// people (two signed in with an email, one known only by her user id; two teams) send their
// telemetry to `cc-top --headless --metrics-port 0`, a real Prometheus scrapes its /metrics every
// second, and the team view, `cc-top --prometheus URL --once --json`, equals the local
// `cc-top --once --json` of the receiving store: cost to 1e-9 USD and tokens exact, in total, by
// model, by session, by user and by team. The local figures are first checked against Claude
// Code's own accounting, so both equal what Claude Code itself reported.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { metricsUrlOf, onceJson, runOnce, startCcTop, waitForSummary, type CcTop } from './harness/ccTop.js';
import { claudeBinary, freshHome, runClaude, type ClaudeRun, type OtlpProtocol } from './harness/claudeCli.js';
import { COST_TOLERANCE_USD, expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';
import { scrapedAfter, startPrometheus, type TestPrometheus } from './harness/prometheus.js';

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';
const WINDOW = ['--window', '24h'];

interface Person {
  /** One HOME per person: Claude Code keeps one user.id per HOME, across that person's sessions. */
  home: string;
  /** OTEL_RESOURCE_ATTRIBUTES: user.email (where the person has one) and team.id, on every point. */
  resource: string;
  /** Their sessions, one after another, each on its own model and protocol. */
  sessions: { model: string; protocol: OtlpProtocol }[];
  runs: ClaudeRun[];
}

type TeamSummary = Summary & { prometheus: { url: string; metricNames: string[] } };

/** Figures compared in nano-dollars and tokens, so a difference prints as numbers. */
const nanos = (usd: number) => Math.round(usd * 1e9);

function expectSameMoney(remote: number, local: number, what: string): void {
  expect(Math.abs(remote - local), `${what}: Prometheus ${remote}, local ${local}`).toBeLessThanOrEqual(COST_TOLERANCE_USD);
}

describe('Claude Code -> cc-top /metrics -> Prometheus -> cc-top --prometheus: the same figures as the local store', { timeout: 300_000 }, () => {
  let mock: MockAnthropic;
  let ccTop: CcTop;
  let prom: TestPrometheus;
  let store: string;
  let people: Record<'alice' | 'bob' | 'carol', Person>;

  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic({ delayMs: 100 });
    store = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-store-')), 'store.json');
    ccTop = await startCcTop({ store, args: ['--metrics-port', '0'] });
    prom = await startPrometheus({ targets: [await metricsUrlOf(ccTop)] });
    people = {
      alice: { home: await freshHome(), resource: 'user.email=alice@example.com,team.id=team-a', sessions: [{ model: SONNET, protocol: 'http/protobuf' }, { model: HAIKU, protocol: 'grpc' }], runs: [] },
      bob: { home: await freshHome(), resource: 'user.email=bob@example.com,team.id=team-b', sessions: [{ model: HAIKU, protocol: 'grpc' }, { model: HAIKU, protocol: 'http/json' }], runs: [] },
      carol: { home: await freshHome(), resource: 'team.id=team-b', sessions: [{ model: SONNET, protocol: 'http/protobuf' }], runs: [] },
    };
  });

  afterAll(async () => {
    await prom?.stop();
    await ccTop?.stop();
    await mock?.close();
  });

  const remoteOnce = (...args: string[]) => onceJson<TeamSummary>(['--prometheus', prom.url, ...WINDOW, ...args]);
  const localOnce = (...args: string[]) => runOnce(store, [...WINDOW, ...args]);

  it('three people work, in parallel with each other; Prometheus has scraped what cc-top received', async () => {
    await Promise.all(
      Object.values(people).map(async (person) => {
        for (const s of person.sessions) {
          const endpoint = s.protocol === 'grpc' ? ccTop.grpcEndpoint : ccTop.httpEndpoint;
          person.runs.push(await runClaude({ anthropicUrl: mock.url, model: s.model, home: person.home, env: { OTEL_RESOURCE_ATTRIBUTES: person.resource }, otlp: { protocol: s.protocol, endpoint } }));
        }
      }),
    );
    const truth = groundTruth(Object.values(people).flatMap((p) => p.runs.map((r) => r.result)));
    // The receiving store has all of it (Claude Code's final flushes included)...
    await waitForSummary(store, (s) => expectMatchesTruth(s, truth));
    // ...and /metrics serves the live store, so a scrape that started after this has the final values.
    await scrapedAfter(prom, Date.now());
  });

  it('equals the local store in total and by model, each to the nano-dollar and the token', async () => {
    const [remote, local] = await Promise.all([remoteOnce(), localOnce()]);
    expect(remote.prometheus.metricNames).toContain('claude_code_cost_usage_total');
    expectSameMoney(remote.totals.costUsd, local.totals.costUsd, 'total cost');
    expect(remote.totals.tokens).toEqual(local.totals.tokens);
    expect(remote.totals.sessions).toBe(5);
    expect(local.totals.sessions).toBe(5);
    for (const key of ['linesAdded', 'linesRemoved', 'commits', 'pullRequests'] as const) expect(remote.totals[key], key).toBe(local.totals[key]);
    expect(remote.totals.editDecisions).toEqual(local.totals.editDecisions);
    expect(remote.totals.activeTimeSec.cli).toBeCloseTo(local.totals.activeTimeSec.cli, 6);
    const models = (s: Summary) => Object.fromEntries(s.byModel.map((m) => [m.model, { cost: nanos(m.costUsd), tokens: m.tokens }]));
    expect(Object.keys(models(remote)).sort()).toEqual([HAIKU, SONNET]);
    expect(models(remote)).toEqual(models(local));
  });

  it('equals it session by session, with each session under its person', async () => {
    const [remote, local] = await Promise.all([remoteOnce(), localOnce()]);
    const sessions = (s: Summary) =>
      Object.fromEntries(s.sessions.map((x) => [x.id, { cost: nanos(x.costUsd), tokens: x.tokens, lines: [x.linesAdded, x.linesRemoved], commits: x.commits, user: x.labels['user.email'] ?? x.labels['user.id'] }]));
    expect(sessions(remote)).toEqual(sessions(local));
    for (const [name, person] of Object.entries(people)) {
      for (const run of person.runs) {
        const got = remote.sessions.find((s) => s.id === run.result.session_id);
        expect(got, `${name}'s session ${run.result.session_id}`).toBeDefined();
        expectSameMoney(got!.costUsd, run.result.total_cost_usd, `${name}'s session, against Claude Code`);
      }
    }
  });

  it('equals it by user (the email, else the user id) and by team, and narrows to one person', async () => {
    const rows = (s: Summary) => Object.fromEntries((s.groups?.rows ?? []).map((g) => [g.key, { cost: nanos(g.costUsd), tokens: g.tokens, sessions: g.sessions }]));
    const [remoteUsers, localUsers] = await Promise.all([remoteOnce('--group-by', 'user'), localOnce('--group-by', 'user')]);
    expect(rows(remoteUsers)).toEqual(rows(localUsers));
    const carolId = localUsers.sessions.find((s) => s.id === people.carol.runs[0]!.result.session_id)!.labels['user.id']!;
    expect(Object.keys(rows(remoteUsers)).sort()).toEqual(['alice@example.com', 'bob@example.com', carolId].sort());
    for (const [key, person] of [['alice@example.com', people.alice], ['bob@example.com', people.bob], [carolId, people.carol]] as const) {
      const spent = person.runs.reduce((sum, r) => sum + r.result.total_cost_usd, 0);
      expectSameMoney(remoteUsers.groups!.rows.find((g) => g.key === key)!.costUsd, spent, `${key}, against Claude Code`);
      expect(rows(remoteUsers)[key]!.sessions).toBe(person.runs.length);
    }

    const [remoteTeams, localTeams] = await Promise.all([remoteOnce('--group-by', 'team_id'), localOnce('--group-by', 'team.id')]);
    expect(rows(remoteTeams)).toEqual(rows(localTeams));
    expect(Object.keys(rows(remoteTeams)).sort()).toEqual(['team-a', 'team-b']);

    const [remoteAlice, localAlice] = await Promise.all([remoteOnce('--filter', 'user_email=alice@example.com'), localOnce('--filter', 'user.email=alice@example.com')]);
    expect(remoteAlice.sessions.map((s) => s.id).sort()).toEqual(people.alice.runs.map((r) => r.result.session_id).sort());
    expectSameMoney(remoteAlice.totals.costUsd, localAlice.totals.costUsd, "alice's cost");
    expect(remoteAlice.totals.tokens).toEqual(localAlice.totals.tokens);
  });
});
