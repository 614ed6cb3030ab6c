// Drives the built cc-top binary the way a user does: `--headless` in the background, then
// `--once --json` to read what it stored.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import type { Summary } from '../../../src/report/summary.js';
import { REPO_ROOT } from './claudeCli.js';

const run = promisify(execFile);
export const CC_TOP_BIN = join(REPO_ROOT, 'bin', 'cc-top.js');

export interface CcTop {
  grpcEndpoint: string;
  httpEndpoint: string;
  output(): { stdout: string; stderr: string };
  /** Send `signal` (`times` times back to back, as a process group and a supervisor may) and wait for the exit. */
  stop(signal?: NodeJS.Signals, times?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Every cc-top a test file started: one a failed test left running is stopped when the file ends. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

const START_LINE = /grpc:\/\/([^\s]+):(\d+) and http:\/\/([^\s;]+):(\d+)/;

export async function startCcTop(options: { store: string; args?: string[]; timeoutMs?: number }): Promise<CcTop> {
  const child: ChildProcess = spawn(process.execPath, [CC_TOP_BIN, '--headless', '--store', options.store, '--grpc-port', '0', '--http-port', '0', ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cc-top did not print its start line within ${options.timeoutMs ?? 20_000} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), options.timeoutMs ?? 20_000);
    const check = () => {
      const m = START_LINE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cc-top exited (${code}) before listening.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
  return {
    grpcEndpoint: `http://${match[1]}:${match[2]}`,
    httpEndpoint: `http://${match[3]}:${match[4]}`,
    output: () => ({ stdout, stderr }),
    stop: async (signal = 'SIGTERM', times = 1) => {
      for (let i = 0; i < times; i++) child.kill(signal);
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}

/** `cc-top --once --json` with these arguments (e.g. `--prometheus URL`), parsed. */
export async function onceJson<T = Summary>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [CC_TOP_BIN, '--once', '--json', ...args], { cwd: REPO_ROOT });
  return JSON.parse(stdout) as T;
}

export function runOnce(store: string, args: string[] = ['--window', 'all']): Promise<Summary> {
  return onceJson(['--store', store, ...args]);
}

const METRICS_LINE = /serving Prometheus metrics at (http:\/\/\S+)/;

/** The /metrics URL a cc-top started with `--metrics-port` printed (the line after its listening line). */
export async function metricsUrlOf(ccTop: CcTop): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = METRICS_LINE.exec(ccTop.output().stdout);
    if (m) return m[1]!;
    if (Date.now() > deadline) throw new Error(`cc-top printed no /metrics URL:\n${ccTop.output().stdout}\n${ccTop.output().stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Poll `--once --json` until `check` passes (it throws while the data is incomplete), or fail
 * with the last difference. cc-top writes its store within a second of a change and Claude Code
 * flushes telemetry at exit, so this converges quickly; the deadline is for a loaded CI machine.
 */
export async function waitForSummary(store: string, check: (s: Summary) => void, timeoutMs = 45_000): Promise<Summary> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const summary = await runOnce(store);
      check(summary);
      return summary;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, 250));
  }
}
