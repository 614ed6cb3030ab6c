// The team view against a big Prometheus: 30 days of 200 users × 10 Claude Code sessions a day
// (60,000 sessions, 12 or 13 series each, a sample every SCRAPE seconds while a session runs),
// backfilled with `promtool tsdb create-blocks-from openmetrics`, then
//   - `cc-top --prometheus URL --once --json --window 30d`, wall time (median of 3), checked
//     against the cost the generator wrote;
//   - the live view's source: CPU per refresh, of cc-top and of Prometheus, once warm.
//
//   npm run bench -- --only team [--scrape 300]
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';

const run = promisify(execFile);
const USERS = 200;
const SESSIONS_PER_DAY = 10;
const DAYS = 30;
const TWO_HOURS = 7200;

/** Deterministic numbers, so every run backfills the same team. */
function random(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** The team: each session's start, length, models and per-sample growth. */
function team(nowSec, ids) {
  const rnd = random(7);
  let n = 0;
  const start = Math.floor((nowSec - DAYS * 86400) / TWO_HOURS) * TWO_HOURS;
  const sessions = [];
  for (let d = 0; d < DAYS; d++) {
    for (let u = 0; u < USERS; u++) {
      for (let k = 0; k < SESSIONS_PER_DAY; k++) {
        const st = start + d * 86400 + Math.floor(rnd() * 86400);
        if (st >= nowSec - 60) continue;
        sessions.push({ id: ids?.[n++] ?? randomUUID(), user: u, start: st, end: Math.min(nowSec - 60, st + 600 + Math.floor(rnd() * 3000)), haiku: rnd() < 0.3, rate: 0.005 + rnd() * 0.02 });
      }
    }
  }
  return { start, sessions };
}

const SONNET = 'model="claude-sonnet-4-5",query_source="main"';
const HAIKU = 'model="claude-haiku-4-5",query_source="auxiliary"';

/** Cumulative values of a session after `k` samples. */
function values(s, k) {
  // Cost in whole micro-dollars, so the generator's total is exact in floating point too.
  const cost = Math.round(s.rate * k * 1e6) / 1e6;
  return { cost, haiku: s.haiku ? Math.round(0.0004 * k * 1e6) / 1e6 : 0, tin: 300 * k, tout: 60 * k, cr: 9000 * k, cc: 400 * k, add: 4 * k, rem: k, commits: Math.floor(k / 15), accept: Math.floor(k / 3), user: 6 * k, cli: 25 * k };
}

/** One OpenMetrics file per two hours (promtool reads a whole file for each two-hour block). */
function writeFiles(dir, t, nowSec, scrape) {
  const files = [];
  for (let w0 = t.start; w0 < nowSec; w0 += TWO_HOURS) {
    const w1 = w0 + TWO_HOURS;
    const live = t.sessions.filter((s) => s.start < w1 && s.end >= w0);
    const families = new Map();
    const put = (name, labels, v, ts) => {
      let lines = families.get(name);
      if (!lines) families.set(name, (lines = new Map()));
      let series = lines.get(labels);
      if (!series) lines.set(labels, (series = []));
      series.push(`${name}{${labels}} ${v} ${ts}`);
    };
    for (const s of live) {
      const base = `user_email="dev${s.user}@example.com",user_id="${(s.user * 7919).toString(16).padStart(12, '0')}",organization_id="org-1",team_id="team-${s.user % 8}",session_id="${s.id}",terminal_type="vscode"`;
      for (let ts = s.start, k = 1; ts <= s.end; ts += scrape, k++) {
        if (ts < w0 || ts >= w1) continue;
        const v = values(s, k);
        put('claude_code_session_count_total', base, 1, ts);
        put('claude_code_cost_usage_total', `${base},${SONNET}`, v.cost, ts);
        if (s.haiku) put('claude_code_cost_usage_total', `${base},${HAIKU}`, v.haiku, ts);
        for (const [type, n] of [['input', v.tin], ['output', v.tout], ['cacheRead', v.cr], ['cacheCreation', v.cc]]) put('claude_code_token_usage_total', `${base},${SONNET},type="${type}"`, n, ts);
        put('claude_code_lines_of_code_count_total', `${base},type="added"`, v.add, ts);
        put('claude_code_lines_of_code_count_total', `${base},type="removed"`, v.rem, ts);
        put('claude_code_commit_count_total', base, v.commits, ts);
        put('claude_code_code_edit_tool_decision_total', `${base},decision="accept",tool_name="Edit",language="TypeScript"`, v.accept, ts);
        put('claude_code_active_time_total', `${base},type="user"`, v.user, ts);
        put('claude_code_active_time_total', `${base},type="cli"`, v.cli, ts);
      }
    }
    const out = [];
    for (const [name, series] of families) {
      out.push(`# TYPE ${name.replace(/_total$/, '')} counter`);
      for (const lines of series.values()) out.push(...lines);
    }
    out.push('# EOF');
    const file = join(dir, `w${w0}.om`);
    writeFileSync(file, `${out.join('\n')}\n`);
    files.push(file);
  }
  return files;
}

/** The cost spent from `fromSec` on: each session's last value less its value at `fromSec`. */
function expectedUsd(t, scrape, fromSec) {
  const nanos = (s, k) => (k <= 0 ? 0 : Math.round(values(s, k).cost * 1e9) + Math.round(values(s, k).haiku * 1e9));
  let sum = 0;
  for (const s of t.sessions) {
    const samples = Math.floor((s.end - s.start) / scrape) + 1;
    const before = s.start > fromSec ? 0 : Math.min(samples, Math.floor((fromSec - s.start) / scrape) + 1);
    sum += nanos(s, samples) - nanos(s, before);
  }
  return sum / 1e9;
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function prometheus(dataDir) {
  const port = await freePort();
  const config = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=400d', '--log.level=warn'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

/** CPU seconds a process has used (user + system). */
async function cpuOf(pid) {
  const f = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * Wait until Prometheus has compacted the backfilled two-hour blocks (its compactor runs every
 * minute): a server that has held 30 days for a while holds them in a few big blocks.
 */
async function settle(dataDir) {
  const count = () => readdirSync(dataDir).filter((f) => /^[0-9A-Z]{26}$/.test(f)).length;
  const initial = count();
  const deadline = Date.now() + 15 * 60_000;
  let last = initial;
  for (let stable = 0; stable < 3 && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 20_000));
    const now = count();
    stable = now === last && now < initial ? stable + 1 : 0;
    last = now;
  }
  return last;
}

export async function benchTeam(root, row, { scrape = 300, keep } = {}) {
  // --keep DIR: backfill there once and leave it (later runs reuse it, e.g. to profile queries).
  const dir = keep ?? mkdtempSync(join(os.tmpdir(), 'cc-top-team-bench-'));
  try {
    const data = join(dir, 'data');
    const reuse = keep && existsSync(join(dir, 'team.json'));
    const nowSec = reuse ? JSON.parse(readFileSync(join(dir, 'team.json'), 'utf8')).nowSec : Math.floor(Date.now() / 1000);
    const t = team(nowSec, reuse ? JSON.parse(readFileSync(join(dir, 'team.json'), 'utf8')).ids : undefined);
    const started = Date.now();
    if (!reuse) {
      const om = join(dir, 'om');
      mkdirSync(om, { recursive: true });
      const files = writeFiles(om, t, nowSec, scrape);
      for (let i = 0; i < files.length; i += 2) await Promise.all(files.slice(i, i + 2).map((f) => run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', f, data])));
      rmSync(om, { recursive: true, force: true });
      if (keep) writeFileSync(join(dir, 'team.json'), JSON.stringify({ nowSec, ids: t.sessions.map((s) => s.id) }));
    }
    const prom = await prometheus(data);
    const blocks = reuse ? readdirSync(data).length : await settle(data);
    console.log(`  backfilled ${t.sessions.length} sessions (a sample every ${scrape} s) in ${Math.round((Date.now() - started) / 1000)} s; ${blocks} blocks after compaction`);
    try {
      // --once --json --window 30d, as a user runs it.
      const { resolveWindow } = await import('../dist/report/window.js');
      const expected = expectedUsd(t, scrape, resolveWindow('30d', Date.now()).from / 1000);
      const times = [];
      let report;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        const { stdout } = await run(process.execPath, [join(root, 'bin', 'cc-top.js'), '--prometheus', prom.url, '--once', '--json', '--window', '30d'], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CC_TOP_PROMETHEUS_TIMEOUT_MS: '120000' } });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        report = JSON.parse(stdout);
      }
      times.sort((a, b) => a - b);
      const exact = Math.abs(report.totals.costUsd - expected) < 1e-6;
      row(`team: --prometheus --once --json --window 30d (median of 3)`, `${Math.round(times[1])} ms`, '<= 2000 ms', times[1] <= 2000);
      row(`team: 30d cost equals the backfilled data`, `$${report.totals.costUsd.toFixed(6)} vs $${expected.toFixed(6)}`, 'equal', exact);
      const from = resolveWindow('30d', Date.now()).from / 1000;
      // Seen in the window: a sample at or after its start (samples are every `scrape` seconds from the session's start).
      const seen = t.sessions.filter((x) => x.start + Math.floor((x.end - x.start) / scrape) * scrape >= from).length;
      row(`team: sessions in 30d`, `${report.totals.sessions} of ${seen} (${report.sessions.length} listed)`, 'equal', report.totals.sessions === seen);
      // For scale: the plain query dashboards use (inexact) on the same data, as one query.
      const p0 = await cpuOf(prom.pid);
      const t1 = process.hrtime.bigint();
      await fetch(`${prom.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: 'sum by (__name__) (increase({__name__=~"claude_code_.+"}[30d]))' }) }).then((r) => r.text());
      row('team: for scale, plain sum(increase({claude_code_*}[30d]))', `${Math.round(Number(process.hrtime.bigint() - t1) / 1e6)} ms, Prometheus ${((await cpuOf(prom.pid)) - p0).toFixed(1)} s CPU`, '');

      // The live view's source, warm: CPU per refresh (cc-top and Prometheus).
      const { PromClient } = await import('../dist/prometheusSource/promClient.js');
      const { TeamLiveSource } = await import('../dist/prometheusSource/teamLiveSource.js');
      for (const window of ['today', '30d']) {
        const source = new TeamLiveSource({ client: new PromClient({ url: prom.url, timeoutMs: 300_000 }), refreshMs: 3_600_000, clock: Date.now, resolveWindow, view: { window, sort: 'lastSeen' }, budgets: { day: true, month: true } });
        const c0 = process.cpuUsage();
        const p0 = await cpuOf(prom.pid);
        const w0 = Date.now();
        await source.refresh();
        const cold = { ms: Date.now() - w0, prom: (await cpuOf(prom.pid)) - p0 };
        const c1 = process.cpuUsage();
        const p1 = await cpuOf(prom.pid);
        const n = 5;
        for (let i = 0; i < n; i++) await source.refresh();
        const c2 = process.cpuUsage();
        const p2 = await cpuOf(prom.pid);
        source.close();
        const ours = (c2.user + c2.system - c1.user - c1.system) / 1e6 / n;
        row(`team: live view ${window}, first read (cold)`, `${(cold.ms / 1000).toFixed(1)} s; Prometheus ${cold.prom.toFixed(1)} s CPU, cc-top ${((c1.user + c1.system - c0.user - c0.system) / 1e6).toFixed(2)} s`, '');
        row(`team: live view ${window}, CPU per refresh (warm)`, `cc-top ${(ours * 1000).toFixed(0)} ms, Prometheus ${(((p2 - p1) / n) * 1000).toFixed(0)} ms`, '');
      }
    } finally {
      await prom.stop();
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
