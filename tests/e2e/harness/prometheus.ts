// A real Prometheus for tests, the one every Prometheus test uses: Debian's 2.42 (and its
// promtool) on a free loopback port, with a temporary config and data folder, scraping the given
// targets every second; optional history backfilled with promtool before it starts; instant
// queries; waits for a scrape that poll, never sleep; stopped (by its own pid) and its folder
// removed after. A missing binary fails the test with the command that installs it: never a skip.
//
//   const prom = await startPrometheus({ targets: ['http://127.0.0.1:9464/metrics'] });
//   await scrapedAfter(prom, Date.now());
//   const rows = await prom.query('sum by (model) (claude_code_cost_usage_total)');
//   await prom.stop();
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import { freePort } from '../../builders/freePort.js';
export { freePort };

const run = promisify(execFile);

export const INSTALL_HINT = "install Debian's package: `sudo apt-get install -y --no-install-recommends prometheus` (.ci/run does this)";
const READY_TIMEOUT_MS = 30_000;
/** A scrape every second lands within a few; a loaded 2-core CI machine may need many more. */
const SCRAPE_WAIT_MS = 60_000;
const POLL_MS = 100;

/** Every Prometheus and folder a test file started: what a failed test left is removed when the file ends. */
const running = new Set<ChildProcess>();
const folders = new Set<string>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
});

/** `prometheus` or `promtool`, checked to run: /usr/bin first (Debian's), then $PATH. Throws the reason and the fix. */
export function engineBinary(name: string, path = process.env['PATH'] ?? ''): string {
  const dirs = [...new Set(['/usr/bin', ...path.split(':').filter(Boolean)])];
  const candidates = dirs.map((d) => join(d, name));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${name} is not installed (looked for ${candidates.join(', ')}); ${INSTALL_HINT}`);
  const probe = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) throw new Error(`${name} at ${found} does not run (exit ${probe.status}: ${probe.error?.message ?? probe.stderr.trim()}); ${INSTALL_HINT}`);
  return found;
}

export interface PrometheusOptions {
  /** What to scrape: `http://host:port/path` URLs, or `host:port` for /metrics. */
  targets?: string[];
  /** 1 s unless given. */
  scrapeIntervalMs?: number;
  /** OpenMetrics text (ending in `# EOF`) turned into blocks with promtool before Prometheus starts. */
  backfill?: string;
}

/** One sample of an instant vector. */
export interface Sample {
  metric: Record<string, string>;
  /** The value as Prometheus printed it. */
  value: string;
  /** Its time, epoch seconds. */
  time: number;
}

export interface TestPrometheus {
  /** http://127.0.0.1:PORT, the HTTP API's base. */
  url: string;
  /** An instant query (at `timeSec`, epoch seconds, or now): one sample per series. */
  query(promql: string, timeSec?: number): Promise<Sample[]>;
  /** Stop it and remove its folder; again, nothing. */
  stop(): Promise<void>;
}

/** One job per target, so targets with different paths can be scraped; their own labels win (honor_labels). */
function scrapeConfigs(targets: readonly string[]): string[] {
  if (targets.length === 0) return [];
  return [
    'scrape_configs:',
    ...targets.flatMap((target, i) => {
      const url = new URL(target.includes('://') ? target : `http://${target}/metrics`);
      return [`  - job_name: target-${i}`, '    honor_labels: true', `    metrics_path: ${JSON.stringify(url.pathname)}`, '    static_configs:', `      - targets: [${JSON.stringify(url.host)}]`];
    }),
  ];
}

async function backfillInto(dataDir: string, root: string, openMetrics: string): Promise<void> {
  const promtool = engineBinary('promtool');
  const file = join(root, 'backfill.om');
  await writeFile(file, openMetrics);
  try {
    await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, dataDir], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`promtool could not backfill ${file}: ${e.stderr?.trim() || e.message}`);
  }
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<TestPrometheus> {
  const binary = engineBinary('prometheus');
  const root = await mkdtemp(join(tmpdir(), 'cc-top-prometheus-'));
  folders.add(root);
  const dataDir = join(root, 'data');
  if (options.backfill !== undefined) await backfillInto(dataDir, root, options.backfill);
  const interval = `${options.scrapeIntervalMs ?? 1_000}ms`;
  const config = join(root, 'prometheus.yml');
  await writeFile(config, ['global:', `  scrape_interval: ${interval}`, `  scrape_timeout: ${interval}`, ...scrapeConfigs(options.targets ?? []), ''].join('\n'));

  // A free port can be taken between finding it and Prometheus binding it: try again then.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=400d', '--log.level=warn'];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8_000)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    void exited.then(() => running.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, exited);
    if (ready === true) {
      let stopped: Promise<void> | undefined;
      return {
        url,
        query: (promql, timeSec) => instantQuery(url, promql, timeSec),
        stop: () =>
          (stopped ??= (async () => {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
            await rm(root, { recursive: true, force: true });
            folders.delete(root);
          })()),
      };
    }
    child.kill('SIGKILL');
    await exited;
    lastError = new Error(`Prometheus did not start on 127.0.0.1:${port} (${ready}).\nstderr:\n${stderr}`);
    if (!/address already in use/.test(stderr)) break;
  }
  await rm(root, { recursive: true, force: true });
  folders.delete(root);
  throw lastError;
}

/** Poll /-/ready until it answers 200: true, or why not. */
async function waitReady(url: string, exited: Promise<number | null>): Promise<true | string> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone !== undefined) return `it exited with ${gone}`;
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return `not ready within ${READY_TIMEOUT_MS} ms`;
}

async function instantQuery(url: string, promql: string, timeSec?: number): Promise<Sample[]> {
  const body = new URLSearchParams({ query: promql, ...(timeSec !== undefined ? { time: String(timeSec) } : {}) });
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body });
  const json = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (json.status !== 'success' || !json.data) throw new Error(`PromQL ${promql} failed: ${json.error ?? res.status}`);
  if (json.data.resultType !== 'vector') throw new Error(`PromQL ${promql} gave a ${json.data.resultType}, not a vector`);
  return json.data.result.map((r) => ({ metric: r.metric, value: r.value[1], time: r.value[0] }));
}

/** Poll until `done` holds, or fail after SCRAPE_WAIT_MS saying what was awaited. */
async function pollUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + SCRAPE_WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Prometheus: ${what} did not happen within ${SCRAPE_WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Wait until every target has been scraped by a scrape that started at or after `ms` (epoch ms).
 * A scrape's samples are stored together with its `up`, so what the targets served from `ms` on
 * is then queryable.
 */
export async function scrapedAfter(prom: TestPrometheus, ms: number): Promise<void> {
  await pollUntil(`a scrape of every target after ${new Date(ms).toISOString()}`, async () => {
    const rows = await prom.query('timestamp(up)');
    return rows.length > 0 && rows.every((r) => Number(r.value) * 1000 >= ms);
  });
}

/** An exposition Prometheus scrapes: the test sets its text; `phase` labels each text, to wait on. */
export interface Exposition {
  /** `host:port`, for `targets`. */
  target: string;
  /** Serve `text` from now on, marked with `phase`. */
  set(text: string, phase: number): void;
  /** Wait until the current text has been served `times` times, each scrape of it stored. */
  served(times: number): Promise<void>;
  close(): Promise<void>;
}

export async function startExposition(): Promise<Exposition> {
  let body = '';
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    target: `127.0.0.1:${port}`,
    set(text, phase) {
      body = `# TYPE cc_test_phase gauge\ncc_test_phase ${phase}\n${text}`;
      count = 0;
    },
    // A target is scraped by one loop, which stores a scrape before it asks for the next: once
    // the text was served times + 1 times, the first `times` scrapes of it are stored.
    served: (times) => pollUntil(`${times} scrapes of the exposition`, async () => count > times),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Wait until Prometheus has stored a scrape of the exposition's `phase`. */
export async function scraped(prom: TestPrometheus, phase: number): Promise<void> {
  await pollUntil(`a scrape of phase ${phase}`, async () => (await prom.query('cc_test_phase')).some((r) => Number(r.value) === phase));
}
