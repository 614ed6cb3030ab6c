// Issue "History from day one", end to end with the real Claude Code CLI: sessions run with
// telemetry off leave only their transcripts, and `cc-top import` turns them into figures equal
// to Claude Code's own accounting (the same ground truth the OTLP tests use), to the token and to
// 1e-9 USD. The same sessions resumed with telemetry on, received live, and imported again: each
// figure still counted once. A session killed midway: tokens exact, cost estimated and marked.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { CC_TOP_BIN, runOnce, startCcTop, waitForSummary, type CcTop } from './harness/ccTop.js';
import { claudeBinary, REPO_ROOT, runClaude, startClaude, type ClaudeRun } from './harness/claudeCli.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { DEFAULT_USAGE, startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';

const run = promisify(execFile);
const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';
/** claude-sonnet-4-5 at list price for the mock's usage per request (what Claude Code reports too). */
const SONNET_REQUEST_USD = 0.016875;

interface ImportResult {
  sessionsAdded: number;
  segmentsCovered: number;
  costUsd: number;
  estimatedUsd: number;
}

async function ccTopImport(store: string, homes: string[]): Promise<ImportResult> {
  const from = homes.flatMap((h) => ['--from', join(h, '.claude')]);
  const { stdout } = await run(process.execPath, [CC_TOP_BIN, 'import', '--store', store, '--json', ...from], { cwd: REPO_ROOT });
  return JSON.parse(stdout) as ImportResult;
}

async function transcriptOf(home: string): Promise<string> {
  const projects = join(home, '.claude', 'projects');
  for (const slug of await readdir(projects)) for (const f of await readdir(join(projects, slug))) if (f.endsWith('.jsonl')) return join(projects, slug, f);
  throw new Error(`no transcript under ${projects}`);
}

/** Distinct answers (message ids) in a transcript, read as a user would: line by line. */
async function answersIn(path: string): Promise<number> {
  const ids = new Set<string>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.includes('"assistant"')) continue;
    try {
      const o = JSON.parse(line) as { type?: string; message?: { id?: string } };
      if (o.type === 'assistant' && o.message?.id) ids.add(o.message.id);
    } catch {
      // a line cut short by the kill
    }
  }
  return ids.size;
}

describe('cc-top import reads real Claude Code transcripts exactly', { timeout: 240_000 }, () => {
  let mock: MockAnthropic;
  let store: string;
  let offline: ClaudeRun[];
  let ccTop: CcTop | undefined;

  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic({ delayMs: 0 });
    store = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-import-')), 'store.json');
  });
  afterAll(async () => {
    await ccTop?.stop();
    await mock?.close();
  });

  it("telemetry off: the import equals Claude Code's own cost and tokens, by model and session", async () => {
    offline = await Promise.all([runClaude({ anthropicUrl: mock.url, model: SONNET }), runClaude({ anthropicUrl: mock.url, model: HAIKU }), runClaude({ anthropicUrl: mock.url, model: SONNET })]);
    const imported = await ccTopImport(
      store,
      offline.map((r) => r.home),
    );
    expect(imported).toMatchObject({ sessionsAdded: 3, segmentsCovered: 0, estimatedUsd: 0 });
    const summary = await runOnce(store);
    expectMatchesTruth(summary, groundTruth(offline.map((r) => r.result)));
    expect(summary.totals.estimatedUsd).toBe(0);
    for (const r of offline) {
      const s = summary.sessions.find((x) => x.id === r.result.session_id)!;
      // Claude Code's own line counts (its cost-state), and the folder the session worked in.
      expect(s).toMatchObject({ source: 'transcript', linesAdded: 5, linesRemoved: 1, projectDir: r.cwd });
    }
    // Again: nothing new.
    expect(await ccTopImport(store, offline.map((r) => r.home))).toMatchObject({ sessionsAdded: 0, costUsd: 0 });
  });

  it('the same sessions resumed with telemetry on and received live: counted once, whatever the order', async () => {
    expect(offline).toBeDefined();
    ccTop = await startCcTop({ store });
    const live = ccTop;
    // Resumed in their own folders with telemetry on: Claude Code carries its totals on, so each
    // run's result is the whole session's (the first run imported, the second received).
    const resumed = await Promise.all(
      offline.map((r) => runClaude({ anthropicUrl: mock.url, model: HAIKU, home: r.home, cwd: r.cwd, resume: r.result.session_id, otlp: { protocol: 'http/protobuf', endpoint: live.httpEndpoint } })),
    );
    for (const [i, r] of resumed.entries()) expect(r.result.session_id).toBe(offline[i]!.result.session_id);
    // And one session only ever seen live.
    const fresh = await runClaude({ anthropicUrl: mock.url, model: SONNET, otlp: { protocol: 'http/protobuf', endpoint: live.httpEndpoint } });
    const truth = groundTruth([...resumed, fresh].map((r) => r.result));
    await waitForSummary(store, (s) => expectMatchesTruth(s, truth));
    // Importing now (handed to the live cc-top) adds nothing: telemetry saw those runs.
    const again = await ccTopImport(store, [...offline.map((r) => r.home), fresh.home]);
    expect(again).toMatchObject({ sessionsAdded: 0, costUsd: 0 });
    expect(again.segmentsCovered).toBe(4);
    const summary: Summary = await runOnce(store);
    expectMatchesTruth(summary, truth);
    expect(summary.sessions.find((s) => s.id === fresh.result.session_id)!.source).toBe('otlp');
  });

  it('a session killed midway: tokens exact, cost estimated and marked', async () => {
    const slow = await startMockAnthropic({ delayMs: 1_500 });
    try {
      const started = await startClaude({ anthropicUrl: slow.url, model: SONNET });
      // Kill it once two answers are in its transcript (polling what it wrote).
      let answered = 0;
      for (const deadline = Date.now() + 60_000; answered < 2 && Date.now() < deadline; ) {
        answered = await transcriptOf(started.home).then(answersIn, () => 0);
        if (answered < 2) await new Promise((r) => setTimeout(r, 100));
      }
      started.child.kill('SIGKILL');
      await started.ended;
      const path = await transcriptOf(started.home);
      const answers = await answersIn(path);
      expect(answers).toBeGreaterThanOrEqual(2);
      expect(await readFile(path, 'utf8')).not.toContain('"cost-state"');
      const killedStore = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-killed-')), 'store.json');
      const imported = await ccTopImport(killedStore, [started.home]);
      const cost = Math.round(answers * SONNET_REQUEST_USD * 1e9) / 1e9;
      expect(imported).toMatchObject({ sessionsAdded: 1, costUsd: cost, estimatedUsd: cost });
      const summary = await runOnce(killedStore);
      const per = DEFAULT_USAGE;
      expect(summary.totals.tokens).toEqual({
        input: answers * per.input,
        output: answers * per.output,
        cacheRead: answers * per.cacheRead,
        cacheCreation: answers * per.cacheCreation,
        total: answers * (per.input + per.output + per.cacheRead + per.cacheCreation),
      });
      expect(summary.totals).toMatchObject({ costUsd: cost, estimatedUsd: cost });
      expect(summary.sessions[0]).toMatchObject({ source: 'transcript-estimated', estimatedUsd: cost });
      const { stdout } = await run(process.execPath, [CC_TOP_BIN, '--once', '--window', 'all', '--store', killedStore, '--no-color'], { cwd: REPO_ROOT });
      expect(stdout).toMatch(/Cost\s+~\$0\.\d{4} \(incl\. ~\$0\.\d{4} estimated from transcripts\)/);
    } finally {
      await slow.close();
    }
  });
});
