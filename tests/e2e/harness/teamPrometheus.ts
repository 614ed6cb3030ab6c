// A real Prometheus for tests: Debian's `prometheus` on a free loopback port, a temporary config
// and data folder, scraping the test's own HTTP servers every second; stopped (by its pid) and
// removed when the test file ends. A missing binary fails the test with the command that installs
// it: it never skips. (The /metrics work has a helper of its own, tests/e2e/harness/prometheus.ts;
// the two can merge.)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);
const INSTALL = 'apt-get install -y --no-install-recommends prometheus';

export interface TestPrometheus {
  url: string;
  dataDir: string;
  /** Evaluate an instant query (for waits and for comparisons with plain PromQL). */
  query(expr: string, timeSec?: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

const started = new Set<ChildProcess>();
const folders = new Set<string>();
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function binary(name: string): Promise<string> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${name}`]);
    return stdout.trim();
  } catch {
    throw new Error(`${name} is not installed: the team-view tests need a real Prometheus (${INSTALL})`);
  }
}

/** Turn OpenMetrics text into TSDB blocks in `dataDir` (promtool), before Prometheus starts. */
export async function backfill(dataDir: string, openMetrics: string): Promise<void> {
  const promtool = await binary('promtool');
  const file = join(dataDir, '..', `backfill-${Date.now()}.om`);
  writeFileSync(file, openMetrics);
  await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, dataDir], { maxBuffer: 16 * 1024 * 1024 });
  rmSync(file);
}

export async function startPrometheus(options: { targets?: string[]; dataDir?: string; root?: string } = {}): Promise<TestPrometheus> {
  const exe = await binary('prometheus');
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'cc-top-prom-'));
  folders.add(root);
  const dataDir = options.dataDir ?? join(root, 'data');
  const config = join(root, 'prometheus.yml');
  const targets = options.targets ?? [];
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      ...(targets.length ? ['scrape_configs:', '  - job_name: claude-code', '    honor_labels: true', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`] : []),
      '',
    ].join('\n'),
  );
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(exe, [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=400d', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    started.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    void exited.then(() => started.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const ready = await Promise.race([waitReady(url), exited.then(() => false)]);
    if (!ready) {
      if (attempt < 3 && /address already in use/.test(stderr)) continue;
      throw new Error(`prometheus did not start:\n${stderr}`);
    }
    return {
      url,
      dataDir,
      async query(expr, timeSec) {
        const body = new URLSearchParams({ query: expr, ...(timeSec !== undefined ? { time: String(timeSec) } : {}) });
        const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body });
        const json = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
        if (json.status !== 'success') throw new Error(`query failed: ${json.error} (${expr})`);
        return json.data.result;
      },
      async stop() {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
}

async function waitReady(url: string): Promise<boolean> {
  for (;;) {
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An exposition Prometheus scrapes: the test sets its text; `phase` labels each text, to wait on. */
export interface Exposition {
  target: string;
  /** Serve `text` from now on, marked with `phase`. */
  set(text: string, phase: number): void;
  /** Wait until the current text has been scraped `times` times and stored. */
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
    async served(times) {
      // A target is scraped by one loop, which stores a scrape before it asks for the next: once
      // the text was served times + 1 times, the first `times` scrapes of it are stored.
      while (count <= times) await new Promise((r) => setTimeout(r, 100));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Wait until Prometheus has stored a scrape of `phase` (polls; no fixed sleep). */
export async function scraped(prom: TestPrometheus, phase: number): Promise<void> {
  for (;;) {
    const rows = await prom.query('cc_test_phase');
    if (rows.some((r) => Number(r.value[1]) === phase)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
