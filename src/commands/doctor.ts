// `cc-top doctor`: every reason Claude Code's telemetry might not reach this cc-top, one line
// each with its fix, ending with a marked request sent the way Claude Code sends its events.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { argsErrorLine } from '../text/argsError.js';
import { fail, ok, type Check } from '../doctor/check.js';
import { portCheck } from '../doctor/ports.js';
import { sendProbe } from '../doctor/sendProbe.js';
import { serviceCheck } from '../doctor/serviceCheck.js';
import { lastDataCheck, storeCheck } from '../doctor/storeChecks.js';
import { settingsChecks, shellOverrideCheck, type Listening, type Target } from '../doctor/telemetrySettings.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { configCheck, promptTextCheck } from '../doctor/configChecks.js';
import { colorEnabled, createPaint } from '../report/paint.js';
import { readSettings, SettingsFileError, settingsPath } from '../setup/settingsFile.js';
import { JsonFileAdapter } from '../store/persistence.js';
import { readLock } from '../store/lock.js';
import { EmptyStorePathError, resolveStorePath } from '../storePath.js';
import { defaultServiceContext } from '../userService/platformService.js';
import type { ServiceContext } from '../userService/userService.js';
import type { CommandIO } from './io.js';

export const DOCTOR_USAGE = `Usage: cc-top doctor [--store PATH] [--host HOST] [--grpc-port N] [--http-port N] [--json] [--no-color]

Checks that Claude Code's telemetry reaches this cc-top: Node.js, the ports, Claude Code's settings,
variables in this shell, the store, the last data received, the always-on receiver (cc-top
service), and an end-to-end probe (a marked request sent where Claude Code sends its events,
counted in no figure). Exit 0 when all is well.`;

/** How long to wait for the probe to show up in the store (cc-top writes it within ~1 s). */
export const PROBE_WAIT_MS = 5_000;

class DoctorUsageError extends Error {}

function portFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new DoctorUsageError(`${flag} must be a port number from 1 to 65535, not "${value}"`);
  return Number(value);
}

export interface DoctorDeps {
  sleep?: (ms: number) => Promise<void>;
  /** The user-service manager to ask about `cc-top service` (default: this machine's). */
  service?: { platform: NodeJS.Platform; context: ServiceContext };
}

export async function runDoctor(argv: string[], io: CommandIO, deps: DoctorDeps = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: { store: { type: 'string' }, host: { type: 'string' }, 'grpc-port': { type: 'string' }, 'http-port': { type: 'string' }, json: { type: 'boolean' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
    portFlag(values['grpc-port'], '--grpc-port');
    portFlag(values['http-port'], '--http-port');
  } catch (err) {
    io.stderr(`cc-top doctor: ${argsErrorLine(err)}`);
    io.stderr('Run `cc-top doctor --help` for the options.');
    return 2;
  }
  if (values.help) {
    io.stdout(DOCTOR_USAGE);
    return 0;
  }
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let storePath: string;
  try {
    storePath = resolveStorePath(values.store, io.env);
  } catch (err) {
    if (!(err instanceof EmptyStorePathError)) throw err;
    io.stderr(`cc-top doctor: ${err.message}`);
    io.stderr('Run `cc-top doctor --help` for the options.');
    return 2;
  }
  const owner = await readLock(storePath);
  // The running cc-top's own addresses unless the user names others.
  const listening: Listening = {
    host: values.host ?? owner?.host ?? DEFAULT_HOST,
    grpcPort: portFlag(values['grpc-port'], '--grpc-port') ?? owner?.grpcPort ?? DEFAULT_GRPC_PORT,
    httpPort: portFlag(values['http-port'], '--http-port') ?? owner?.httpPort ?? DEFAULT_HTTP_PORT,
  };

  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push(major >= 20 ? ok('node', 'Node.js', `v${process.versions.node}`) : fail('node', 'Node.js', `v${process.versions.node}`, 'install Node.js 20 or newer'));
  checks.push(await portCheck('gRPC', listening.host, listening.grpcPort, owner));
  checks.push(await portCheck('HTTP', listening.host, listening.httpPort, owner));

  const file = settingsPath(io.env);
  let targets: Partial<Record<'metrics' | 'logs', Target>> = {};
  let settingsEnv: Record<string, unknown> | undefined;
  try {
    const loaded = await readSettings(file);
    const env = loaded.settings.env;
    // A file Claude Code will not load (comments, trailing commas) sets nothing.
    settingsEnv = env && typeof env === 'object' && !Array.isArray(env) && !loaded.claudeCodeWillNotLoad ? (env as Record<string, unknown>) : undefined;
    const result = settingsChecks(loaded.exists ? file : `${file} (does not exist)`, settingsEnv, io.env, listening, loaded.claudeCodeWillNotLoad);
    checks.push(...result.checks);
    targets = result.targets;
  } catch (err) {
    if (!(err instanceof SettingsFileError)) throw err;
    checks.push(fail('settings', 'Claude Code settings', err.message.replace(/ Nothing was written\.$/, '').replace(/,? then run cc-top setup again\.?/, '.'), 'fix the file, then run `cc-top setup`'));
  }
  checks.push(shellOverrideCheck(settingsEnv, io.env, listening));
  checks.push(promptTextCheck(settingsEnv, io.env));
  checks.push(await configCheck(io.env));

  const store = await storeCheck(storePath);
  checks.push(store.check);
  checks.push(lastDataCheck(store.state, io.clock()));
  const service = deps.service ?? { platform: process.platform, context: defaultServiceContext(io.env) };
  checks.push(await serviceCheck(service.platform, service.context, storePath));
  checks.push(await probeCheck(targets.logs, storePath, io.clock, sleep));

  report(checks, io, values.json ?? false, values['no-color'] ?? false, storePath);
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

async function probeCheck(target: Target | undefined, storePath: string, clock: () => number, sleep: (ms: number) => Promise<void>): Promise<Check> {
  const label = 'End-to-end probe';
  if (!target) return fail('probe', label, 'not sent: the settings give no endpoint for events', 'run `cc-top setup`');
  const id = randomUUID();
  const start = clock();
  const sent = await sendProbe(target, id, start);
  if (!sent.sent) return fail('probe', label, `not delivered: ${sent.reason}`, 'start cc-top (or cc-top --headless) with the ports the settings name');
  const adapter = new JsonFileAdapter(storePath);
  for (let waited = 0; waited <= PROBE_WAIT_MS; waited += 250) {
    const state = await adapter.read().catch(() => null);
    if (state?.probes.some((p) => p.id === id)) return ok('probe', label, `${target.protocol} to ${target.url} arrived in this store (${((clock() - start) / 1000).toFixed(1)} s)`);
    await sleep(250);
  }
  return fail('probe', label, `${target.url} accepted the probe but it never reached ${storePath}`, 'something else answers there (another cc-top with another store, or a collector): stop it, or point Claude Code at this cc-top');
}

function report(checks: Check[], io: CommandIO, json: boolean, noColor: boolean, storePath: string): void {
  if (json) {
    io.stdout(JSON.stringify({ ok: !checks.some((c) => c.status === 'fail'), store: storePath, checks }, null, 2));
    return;
  }
  const paint = createPaint(colorEnabled(io.stdoutStream, io.env, noColor));
  const mark = { ok: paint.ok('✓'), warn: paint.warn('!'), fail: paint.error('✗') };
  const width = Math.max(...checks.map((c) => c.label.length));
  for (const c of checks) {
    io.stdout(`${mark[c.status]} ${paint.bold(c.label.padEnd(width))}  ${c.detail}`);
    if (c.fix) io.stdout(`  ${' '.repeat(width)}  ${paint.muted('→')} ${c.fix}`);
  }
  const failures = checks.filter((c) => c.status === 'fail').length;
  io.stdout(failures === 0 ? paint.ok('\nAll good: Claude Code telemetry reaches cc-top.') : paint.error(`\n${failures} problem${failures === 1 ? '' : 's'} found; fix from the top down.`));
}
