// Runs the real Claude Code CLI (the pinned devDependency) the way the e2e tests need it: a
// fresh HOME and git repository per session, a clean environment (the developer's own OTEL_* and
// ANTHROPIC_* variables never leak in), and its own accounting parsed from `--output-format json`.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  costUSD: number;
}

/** The part of `claude -p --output-format json` cc-top is checked against. */
export interface ClaudeResult {
  session_id: string;
  total_cost_usd: number;
  is_error: boolean;
  modelUsage: Record<string, ModelUsage>;
}

export interface RunClaudeOptions {
  anthropicUrl: string;
  /** Where telemetry goes; omit to send none (the CLI's settings may still configure it). */
  otlp?: {
    protocol: OtlpProtocol;
    endpoint: string;
    compression?: 'gzip';
    temporality?: 'delta' | 'cumulative';
    metricIntervalMs?: number;
    logsIntervalMs?: number;
  };
  model: string;
  /** Appended to the prompt; the CCTOP_WORKDIR marker is always added. */
  prompt?: string;
  /** Extra environment variables (e.g. CLAUDE_CODE_MAX_RETRIES). */
  env?: Record<string, string>;
  /** Use this HOME instead of a fresh one (e.g. one that `cc-top setup` configured). */
  home?: string;
  /** Work in this folder instead of a fresh repository (to resume a session where it ran). */
  cwd?: string;
  /** Resume this session (`--resume`): it continues in the same transcript, with the same id. */
  resume?: string;
  timeoutMs?: number;
}

export interface ClaudeRun {
  exitCode: number;
  result: ClaudeResult;
  stderr: string;
  cwd: string;
  home: string;
  gitLog: string[];
}

const PLATFORM_PACKAGE = `@anthropic-ai/claude-code-${process.platform}-${process.arch}`;

let verified: string | undefined;

/** The native `claude` binary, checked to run. Throws (never skips) with the reason and the fix. */
export function claudeBinary(): string {
  if (verified) return verified;
  const candidates = [
    join(REPO_ROOT, 'node_modules', PLATFORM_PACKAGE, 'claude'),
    join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `The Claude Code CLI is not installed (looked for ${candidates.join(', ')}). ` +
        'It is a pinned devDependency: run `npm install` (or `npm ci`) in the cc-top folder.',
    );
  }
  const probe = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() } });
  if (probe.status !== 0 || !/Claude Code/.test(probe.stdout)) {
    throw new Error(
      `The Claude Code CLI at ${found} does not run (exit ${probe.status}, ${probe.error?.message ?? probe.stderr.trim()}). ` +
        `If it is the npm placeholder, the platform package ${PLATFORM_PACKAGE} is missing: reinstall with \`npm ci\`.`,
    );
  }
  verified = found;
  return found;
}

export async function freshRepo(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'cc-top-e2e-repo-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });
  git('init', '-q', '.');
  git('config', 'user.email', 'e2e@cc-top.test');
  git('config', 'user.name', 'cc-top e2e');
  git('commit', '-q', '--allow-empty', '-m', 'initial');
  return cwd;
}

export async function freshHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'cc-top-e2e-home-'));
  await mkdir(join(home, '.claude'), { recursive: true });
  return home;
}

export function telemetryEnv(otlp: NonNullable<RunClaudeOptions['otlp']>): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: otlp.protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_METRIC_EXPORT_INTERVAL: String(otlp.metricIntervalMs ?? 1000),
    OTEL_LOGS_EXPORT_INTERVAL: String(otlp.logsIntervalMs ?? 500),
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: otlp.temporality ?? 'delta',
    // Give the final flush at exit time to finish on a loaded CI machine.
    CLAUDE_CODE_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
    ...(otlp.compression ? { OTEL_EXPORTER_OTLP_COMPRESSION: otlp.compression } : {}),
  };
}

export interface StartedClaude {
  child: ChildProcess;
  cwd: string;
  home: string;
  /** Exit code and output, when it ends. */
  ended: Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Start the CLI and return at once (a test that kills it midway uses this; runClaude waits). */
export async function startClaude(options: RunClaudeOptions): Promise<StartedClaude> {
  const binary = claudeBinary();
  const cwd = options.cwd ?? (await freshRepo());
  const home = options.home ?? (await freshHome());
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    // Its scratch folder (claude-<uid>) goes in the test's temp folder, removed with it.
    TMPDIR: tmpdir(),
    ANTHROPIC_BASE_URL: options.anthropicUrl,
    ANTHROPIC_API_KEY: 'sk-ant-e2e-test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...(options.otlp ? telemetryEnv(options.otlp) : {}),
    ...options.env,
  };
  const prompt = `CCTOP_WORKDIR=${cwd} ${options.prompt ?? 'Write hello.txt, change a line, and commit it.'}`;
  const args = ['-p', prompt, ...(options.resume ? ['--resume', options.resume] : []), '--model', options.model, '--allowedTools', 'Write Edit Bash', '--permission-mode', 'acceptEdits', '--output-format', 'json'];
  const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`claude -p did not finish within ${options.timeoutMs ?? 120_000} ms; stderr:\n${err}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c ?? -1, stdout: out, stderr: err });
    });
  });
  return { child, cwd, home, ended };
}

export async function runClaude(options: RunClaudeOptions): Promise<ClaudeRun> {
  const { cwd, home, ended } = await startClaude(options);
  const { code, stdout, stderr } = await ended;
  let result: ClaudeResult;
  try {
    result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ClaudeResult;
  } catch {
    throw new Error(`claude -p printed no result JSON (exit ${code}).\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  if (code !== 0) throw new Error(`claude -p exited ${code}: ${JSON.stringify(result).slice(0, 500)}\nstderr:\n${stderr}`);
  const gitLog = execFileSync('git', ['log', '--format=%s'], { cwd, encoding: 'utf8' }).trim().split('\n');
  return { exitCode: code, result, stderr, cwd, home, gitLog };
}
