// Managed settings (an administrator's managed-settings.json, and the managed-settings.d/*.json
// drop-ins after it, in name order) win over the user's: when they send Claude Code's telemetry
// elsewhere, or turn it off, cc-top on this machine receives nothing whatever settings.json says.
// The folders are Claude Code's own (checked in its 2.1.330 binary). Only the files are read: MDM
// profiles and server-managed settings are not visible from here.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileTooLargeError, readFileBounded } from '../files/safeWrite.js';
import { escapeControls } from '../setup/terminalSafe.js';
import { fail, ok, warn, type Check } from './check.js';
import { mismatch, targetOf, type Listening, type Signal } from './telemetrySettings.js';

const MAX_BYTES = 4 * 1024 * 1024;
/** Drop-ins read at most; an administrator writes a handful. */
const MAX_DROP_INS = 100;

export function managedSettingsDir(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode';
  return '/etc/claude-code';
}

export interface ManagedEnv {
  /** The files that exist, in the order applied. */
  files: string[];
  /** Their `env`, merged (a later file wins). */
  env: Record<string, string>;
  /** Files that could not be read as settings. */
  unreadable: string[];
}

function envOf(text: string): Record<string, string> | undefined {
  const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const env = (parsed as Record<string, unknown>)['env'];
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

export async function readManagedEnv(dir: string): Promise<ManagedEnv> {
  const dropIns = await readdir(join(dir, 'managed-settings.d')).catch(() => [] as string[]);
  const paths = [join(dir, 'managed-settings.json'), ...dropIns.filter((n) => n.endsWith('.json')).sort().slice(0, MAX_DROP_INS).map((n) => join(dir, 'managed-settings.d', n))];
  const result: ManagedEnv = { files: [], env: {}, unreadable: [] };
  for (const path of paths) {
    let text: string;
    try {
      text = await readFileBounded(path, MAX_BYTES);
    } catch (err) {
      if (err instanceof FileTooLargeError || (err as NodeJS.ErrnoException).code !== 'ENOENT') result.unreadable.push(path);
      continue;
    }
    result.files.push(path);
    try {
      const env = envOf(text);
      if (env === undefined) result.unreadable.push(path);
      else Object.assign(result.env, env);
    } catch {
      result.unreadable.push(path);
    }
  }
  return result;
}

const ROUTING = /^(CLAUDE_CODE_ENABLE_TELEMETRY|OTEL_METRICS_EXPORTER|OTEL_LOGS_EXPORTER|OTEL_EXPORTER_OTLP_.*)$/;

/**
 * What the managed settings do to telemetry, given the user's effective environment. Undefined
 * when there are no managed settings files at all (the usual machine).
 */
export function managedSettingsCheck(managed: ManagedEnv, userEnv: Record<string, string | undefined>, listening: Listening): Check | undefined {
  const label = 'Managed settings';
  if (managed.files.length === 0 && managed.unreadable.length === 0) return undefined;
  const where = managed.files.map(escapeControls).join(', ') || managed.unreadable.map(escapeControls).join(', ');
  const routing = Object.keys(managed.env).filter((k) => ROUTING.test(k));
  const unreadable = managed.unreadable.length ? `; could not read ${managed.unreadable.map(escapeControls).join(', ')}` : '';
  if (routing.length === 0) {
    return unreadable ? warn('managed', label, `${where}: set nothing about telemetry${unreadable}`, 'nothing to do unless your administrator meant them to') : ok('managed', label, `${where}: set nothing about telemetry`);
  }
  // Managed values win; a managed endpoint also removes the user's per-signal endpoints (Claude Code 2.1.217+).
  const env: Record<string, string | undefined> = { ...userEnv, ...managed.env };
  if (managed.env['OTEL_EXPORTER_OTLP_ENDPOINT'] !== undefined) {
    for (const key of Object.keys(env)) if (/^OTEL_EXPORTER_OTLP_(METRICS|LOGS)_(ENDPOINT|PROTOCOL|HEADERS)$/.test(key) && !(key in managed.env)) delete env[key];
  }
  const problems: string[] = [];
  if (env['CLAUDE_CODE_ENABLE_TELEMETRY'] !== '1' && 'CLAUDE_CODE_ENABLE_TELEMETRY' in managed.env) problems.push(`they set CLAUDE_CODE_ENABLE_TELEMETRY=${escapeControls(managed.env['CLAUDE_CODE_ENABLE_TELEMETRY']!)}: telemetry is off`);
  const elsewhere = new Set<string>();
  for (const signal of ['metrics', 'logs'] as Signal[]) {
    const t = targetOf(env, signal);
    if ('error' in t) continue;
    if (mismatch(t, listening, signal)) elsewhere.add(t.url.replace(/\/v1\/(metrics|logs)$/, ''));
  }
  for (const url of elsewhere) problems.push(`they send Claude Code's telemetry to ${escapeControls(url)}`);
  if (problems.length === 0) return ok('managed', label, `${where}: telemetry goes to this cc-top${unreadable}`);
  const upstream = [...elsewhere][0];
  return fail(
    'managed',
    label,
    `${where}: ${problems.join('; ')}. Managed settings win over your settings.json, so cc-top on this machine receives nothing from Claude Code${unreadable}`,
    upstream
      ? `ask your administrator to point OTEL_EXPORTER_OTLP_ENDPOINT at cc-top (http://127.0.0.1:${listening.httpPort}) and run it as \`cc-top --forward ${escapeControls(upstream)}\`, so the company still gets everything; until then, your figures are in the company's own dashboards`
      : 'ask your administrator to turn telemetry on for cc-top; until then cc-top cannot show your sessions',
  );
}
