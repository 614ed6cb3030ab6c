// A real Prometheus (Debian's 2.42, /usr/bin/prometheus) for end-to-end tests: started on a free
// loopback port with a temporary config and data folder, scraping the given targets, and stopped
// (folder removed) after. A missing binary fails the test with the fix; it never skips.
//
//   const prom = await startPrometheus({ scrapeTargets: ['http://127.0.0.1:9464/metrics'], scrapeIntervalMs: 1000 });
//   const rows = await instantQuery(prom.url, 'sum by (model) (claude_code_cost_usage_total)');
//   await prom.stop();
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface Prometheus {
  /** http://127.0.0.1:PORT, the HTTP API's base. */
  url: string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** What to scrape: `http://host:port/path` URLs, or `host:port` for /metrics. */
  scrapeTargets: string[];
  scrapeIntervalMs: number;
}

const INSTALL_HINT = 'install Debian\'s package: `sudo apt-get install -y --no-install-recommends prometheus` (.ci/run does this)';
const READY_TIMEOUT_MS = 30_000;

/** Every Prometheus a test file started: one a failed test left running is killed when the file ends. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** The prometheus binary, checked to run. Throws (never skips) with the reason and the fix. */
export function prometheusBinary(): string {
  const candidates = ['/usr/bin/prometheus', ...(process.env['PATH'] ?? '').split(':').filter(Boolean).map((d) => join(d, 'prometheus'))];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Prometheus is not installed (looked for ${[...new Set(candidates)].join(', ')}); ${INSTALL_HINT}`);
  const probe = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) throw new Error(`Prometheus at ${found} does not run (exit ${probe.status}: ${probe.error?.message ?? probe.stderr.trim()}); ${INSTALL_HINT}`);
  return found;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function scrapeConfig(targets: string[]): string {
  return targets
    .map((target, i) => {
      const url = new URL(target.includes('://') ? target : `http://${target}/metrics`);
      return [`  - job_name: target-${i}`, `    metrics_path: ${JSON.stringify(url.pathname)}`, `    static_configs:`, `      - targets: [${JSON.stringify(url.host)}]`].join('\n');
    })
    .join('\n');
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const binary = prometheusBinary();
  const dir = await mkdtemp(join(tmpdir(), 'cc-top-prometheus-'));
  const interval = `${options.scrapeIntervalMs}ms`;
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, `global:\n  scrape_interval: ${interval}\n  scrape_timeout: ${interval}\nscrape_configs:\n${scrapeConfig(options.scrapeTargets)}\n`);

  // A free port can be taken between finding it and Prometheus binding it: try again then.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(binary, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8_000)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    void exited.then(() => running.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, exited);
    if (ready === true) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    await exited;
    lastError = new Error(`Prometheus did not start on 127.0.0.1:${port} (${ready}).\nstderr:\n${stderr}`);
    if (!/address already in use/.test(stderr)) break;
  }
  await rm(dir, { recursive: true, force: true });
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
    await new Promise((r) => setTimeout(r, 100));
  }
  return `not ready within ${READY_TIMEOUT_MS} ms`;
}

export interface Sample {
  metric: Record<string, string>;
  /** The value as Prometheus printed it. */
  value: string;
}

/** An instant PromQL query: one sample per series of the resulting vector. */
export async function instantQuery(url: string, promql: string): Promise<Sample[]> {
  const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`PromQL ${promql} failed: ${body.error ?? res.status}`);
  if (body.data.resultType !== 'vector') throw new Error(`PromQL ${promql} gave a ${body.data.resultType}, not a vector`);
  return body.data.result.map((r) => ({ metric: r.metric, value: r.value[1] }));
}
