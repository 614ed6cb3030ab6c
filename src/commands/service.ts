// `cc-top service install | uninstall | status`: an always-on receiver as a user service
// (systemd on Linux, launchd on macOS) running `cc-top --headless`, so telemetry Claude Code sends
// while the live view is closed still reaches the store. Exit codes: 0 done (status: receiving
// or waiting for the store), 1 no service manager here or a command failed, 2 a usage error,
// 3 status: not installed or not receiving.
import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorLine } from '../text/argsError.js';
import { DropLabelsError, parseDropLabels } from '../metricsEndpoint/labelNames.js';
import { metricsUrl } from '../metricsEndpoint/metricsUrl.js';
import { WriteError } from '../files/safeWrite.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { EmptyStorePathError, resolveStorePath, STORE_ENV } from '../storePath.js';
import { CONFIG_ENV } from '../insights/config.js';
import { assessService, printable, type Assessment } from '../userService/assessService.js';
import { CHECKOUT_SCRIPT, defaultServiceContext, unsupportedReason, userServiceFor } from '../userService/platformService.js';
import { checkReceiverSpec, RECEIVER_FLAGS, ReceiverSpecError, type ReceiverSpec } from '../userService/receiverSpec.js';
import { RUN_IT_YOURSELF, ServiceCommandError, ServiceUnavailableError, type ServiceContext, type ServiceStatus, type UserServiceManager } from '../userService/userService.js';
import type { CommandIO } from './io.js';

export const SERVICE_USAGE = `Usage: cc-top service install [--store PATH] [--host HOST] [--grpc-port N] [--http-port N] [--keep-prompts]
                             [--metrics-port N [--metrics-drop-labels a,b]]
       cc-top service uninstall
       cc-top service status

Claude Code does not keep telemetry it could not send: whatever it sends while cc-top is closed is
lost. \`cc-top service install\` keeps a receiver running: a user service (a systemd user unit on
Linux, a launchd agent on macOS) that runs \`cc-top --headless\` from this checkout with the store,
address, ports and /metrics given here, starts at login and restarts after a failure. \`cc-top\`
then opens as a viewer of its store.

  install     write the service, start it now and at every login (again: replace it)
  uninstall   stop it and remove it (the store stays)
  status      installed or not, running or not, its store and ports (exit 0 when it receives,
              or waits for a running cc-top to let go of the store; 3 otherwise)

Options for install (the defaults are cc-top's own):
  --store PATH       store file (default $${STORE_ENV}, else the user data dir's cc-top/store.json)
  --host HOST        address to listen on (default ${DEFAULT_HOST})
  --grpc-port N      OTLP/gRPC port (default ${DEFAULT_GRPC_PORT})
  --http-port N      OTLP/HTTP port (default ${DEFAULT_HTTP_PORT})
  --keep-prompts     keep prompt and response text in the event log
  --metrics-port N   also serve /metrics for Prometheus on HOST:N (off by default)
  --metrics-drop-labels a,b
                     sum those labels away in /metrics (e.g. session_id: fewer series)
  -h, --help         show this help

The service reads config.json as \`cc-top\` does (budgets, rules, forwarding to a Collector);
$${CONFIG_ENV}, when set, is passed on to it. Where there is no systemd user session (a
container, WSL without systemd) or no launchd, keep \`cc-top --headless\` running another way, e.g.
  tmux new-session -d -s cc-top cc-top --headless`;

export interface ServiceDeps {
  platform: NodeJS.Platform;
  context: ServiceContext;
  nodePath: string;
  scriptPath: string;
  sleep: (ms: number) => Promise<void>;
}

/** How often and how long `install` looks for the new service receiving before it reports. */
export const START_POLL_MS = 250;
export const START_POLLS = 40;

class ServiceUsageError extends Error {}

function port(value: string, flag: string, needs = 'the service needs a fixed port for Claude Code to send to'): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new ServiceUsageError(`${flag} must be a port number from 1 to 65535 (${needs}), not "${value}"`);
  return Number(value);
}

/** `--metrics-port` and `--metrics-drop-labels`, checked as the main command checks them. */
function metricsFlags(portText: string | undefined, dropText: string | undefined): { metricsPort?: number; metricsDropLabels?: string[] } {
  if (portText === undefined) {
    if (dropText !== undefined) throw new ServiceUsageError('--metrics-drop-labels goes with --metrics-port N');
    return {};
  }
  const metricsPort = port(portText, '--metrics-port', 'Prometheus needs a fixed port to scrape');
  if (dropText === undefined) return { metricsPort };
  try {
    return { metricsPort, metricsDropLabels: parseDropLabels(dropText) };
  } catch (err) {
    if (err instanceof DropLabelsError) throw new ServiceUsageError(err.message);
    throw err;
  }
}

type ServiceArgs =
  | { action: 'help' }
  | { action: 'install' | 'uninstall' | 'status'; storePath: string; host: string; grpcPort: number; httpPort: number; keepPrompts: boolean; metricsPort?: number; metricsDropLabels?: string[] };

function parse(argv: string[], env: NodeJS.ProcessEnv): ServiceArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...RECEIVER_FLAGS, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new ServiceUsageError(argsErrorLine(err));
  }
  const v = parsed.values;
  const [action, ...extra] = parsed.positionals;
  if (v.help) return { action: 'help' };
  if (action === undefined) throw new ServiceUsageError('say what to do: install, uninstall or status');
  if (action !== 'install' && action !== 'uninstall' && action !== 'status') throw new ServiceUsageError(`unknown action "${action}" (install, uninstall or status)`);
  if (extra.length > 0) throw new ServiceUsageError(`unexpected "${extra[0]}" after ${action}`);
  const flags = (Object.keys(RECEIVER_FLAGS) as (keyof typeof RECEIVER_FLAGS)[]).filter((f) => v[f] !== undefined);
  if (action !== 'install' && flags.length > 0) throw new ServiceUsageError(`--${flags[0]} goes with install (${action} uses what was installed)`);
  return {
    action,
    storePath: (() => {
      try {
        return resolveStorePath(v.store, env);
      } catch (err) {
        throw err instanceof EmptyStorePathError ? new ServiceUsageError(err.message) : err;
      }
    })(),
    host: v.host ?? DEFAULT_HOST,
    grpcPort: v['grpc-port'] === undefined ? DEFAULT_GRPC_PORT : port(v['grpc-port'], '--grpc-port'),
    httpPort: v['http-port'] === undefined ? DEFAULT_HTTP_PORT : port(v['http-port'], '--http-port'),
    keepPrompts: v['keep-prompts'] ?? false,
    ...metricsFlags(v['metrics-port'], v['metrics-drop-labels']),
  };
}

export function defaultServiceDeps(env: NodeJS.ProcessEnv): ServiceDeps {
  return {
    platform: process.platform,
    context: defaultServiceContext(env),
    nodePath: process.execPath,
    scriptPath: CHECKOUT_SCRIPT,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

export async function runService(argv: string[], io: CommandIO, deps: ServiceDeps = defaultServiceDeps(io.env)): Promise<number> {
  let args: ServiceArgs;
  try {
    args = parse(argv, io.env);
  } catch (err) {
    if (!(err instanceof ServiceUsageError)) throw err;
    io.stderr(`cc-top service: ${err.message}`);
    io.stderr('Run `cc-top service --help` for the options.');
    return 2;
  }
  if (args.action === 'help') {
    io.stdout(SERVICE_USAGE);
    return 0;
  }
  const manager = userServiceFor(deps.platform, deps.context);
  if (!manager) {
    io.stderr(`cc-top service: ${unsupportedReason(deps.platform)}; ${RUN_IT_YOURSELF}.`);
    return 1;
  }
  try {
    if (args.action === 'uninstall') return await uninstall(manager, io);
    if (args.action === 'status') return await status(manager, io);
    const configPath = io.env[CONFIG_ENV] ? resolve(io.env[CONFIG_ENV]) : undefined;
    const { action: _action, ...flags } = args;
    return await install(manager, { ...flags, nodePath: deps.nodePath, scriptPath: deps.scriptPath, configPath }, io, deps);
  } catch (err) {
    return failure(err, manager, args.action, io);
  }
}

function failure(err: unknown, manager: UserServiceManager, action: string, io: CommandIO): number {
  if (err instanceof ServiceUnavailableError) {
    // Uninstalling needs the manager: the file alone could leave a service running unseen.
    const instead = action === 'uninstall' ? `run this from your login session, or remove ${printable(manager.file)} by hand` : RUN_IT_YOURSELF;
    io.stderr(`cc-top service: ${err.reason}; ${instead}.`);
    return 1;
  }
  if (err instanceof ReceiverSpecError) {
    io.stderr(`cc-top service: ${err.message}`);
    io.stderr('Run `cc-top service --help` for the options.');
    return 2;
  }
  if (err instanceof ServiceCommandError || err instanceof WriteError) {
    io.stderr(`cc-top service: ${err.message}`);
    if (err instanceof ServiceCommandError && action === 'install') io.stderr(`The service file is ${printable(manager.file)}; \`cc-top service uninstall\` removes it.`);
    return 1;
  }
  // A file that cannot be read or removed (EACCES, too large): its message names it. A bug keeps its stack.
  if (err instanceof Error && !(err instanceof TypeError || err instanceof ReferenceError)) {
    io.stderr(`cc-top service: ${err.message}`);
    return 1;
  }
  throw err;
}

async function install(manager: UserServiceManager, spec: ReceiverSpec, io: CommandIO, deps: ServiceDeps): Promise<number> {
  checkReceiverSpec(spec);
  // Loaded here only: the receiver's module brings gRPC with it, which status and uninstall never need.
  const exposure = (await import('../service.js')).exposureWarning(spec.host);
  if (exposure) io.stderr(`cc-top service: ${exposure}`);
  try {
    await access(spec.scriptPath, constants.R_OK);
  } catch {
    io.stderr(`cc-top service: ${printable(spec.scriptPath)} cannot be read: run \`cc-top service install\` from a complete cc-top checkout (after npm install).`);
    return 1;
  }
  const outcome = await manager.install(spec);
  io.stdout(`cc-top service: wrote ${printable(outcome.file)}, then ran ${outcome.commands.map((c) => `\`${c}\``).join(', ')}.`);
  let status: ServiceStatus | undefined;
  let verdict: Assessment | undefined;
  // The service needs a moment to start and take the store; report what it does, not what was asked.
  for (let poll = 0; poll < START_POLLS; poll++) {
    status = await manager.status();
    verdict = await assessService(status);
    if (verdict.level === 'ok' || (!status.running && !status.retrying)) break;
    await deps.sleep(START_POLL_MS);
  }
  printStatus(status!, verdict!, io);
  io.stdout('');
  const ports = spec.grpcPort !== DEFAULT_GRPC_PORT || spec.httpPort !== DEFAULT_HTTP_PORT ? ` --grpc-port ${spec.grpcPort} --http-port ${spec.httpPort}` : '';
  io.stdout(`Point Claude Code at it with \`cc-top setup${ports}\` if you have not yet (then restart Claude Code).`);
  if (spec.metricsPort !== undefined) io.stdout(`Prometheus scrapes it at ${metricsUrl(spec.host, spec.metricsPort)} (a minimal prometheus.yml is in the README's "Teams and pipelines").`);
  io.stdout('`cc-top` (with the same store) now opens as a viewer of what the service receives; `cc-top service status` checks it.');
  if (manager.manager === 'systemd') io.stdout('systemd runs user services while you are logged in; to keep it running after you log out: loginctl enable-linger $USER');
  return verdict!.level === 'ok' ? 0 : 1;
}

async function uninstall(manager: UserServiceManager, io: CommandIO): Promise<number> {
  const result = await manager.uninstall();
  io.stdout(
    result === 'absent'
      ? `cc-top service: not installed (${printable(manager.file)} does not exist); nothing to do.`
      : `cc-top service: stopped and removed ${printable(manager.file)}. The store is kept; telemetry now reaches cc-top only while it runs.`,
  );
  return 0;
}

async function status(manager: UserServiceManager, io: CommandIO): Promise<number> {
  const current = await manager.status();
  const verdict = await assessService(current);
  printStatus(current, verdict, io);
  return verdict.level === 'ok' ? 0 : 3;
}

function printStatus(status: ServiceStatus, verdict: Assessment, io: CommandIO): void {
  io.stdout(`cc-top service: ${verdict.summary}`);
  if (verdict.fix) io.stdout(`  → ${verdict.fix}`);
  if (!status.installed) return;
  const rows: [string, string][] = [[status.manager === 'systemd' ? 'unit' : 'agent', `${printable(status.file)} (${status.manager}: ${status.state})`]];
  const spec = verdict.spec;
  if (spec) {
    rows.push(['store', printable(spec.storePath)]);
    rows.push(['listens', `${printable(spec.host)}: grpc ${spec.grpcPort}, http ${spec.httpPort}${spec.keepPrompts ? ' (keeps prompt text)' : ''}`]);
    rows.push(['metrics', metricsRow(spec)]);
    rows.push(['runs', `${printable(spec.nodePath)} ${printable(spec.scriptPath)} --headless`]);
    if (spec.configPath) rows.push(['config', printable(spec.configPath)]);
  }
  rows.push(['output', status.logs]);
  for (const [label, value] of rows) io.stdout(`  ${label.padEnd(8)} ${value}`);
}

/** Where the service serves /metrics, as installed (it serves it while it holds the store). */
function metricsRow(spec: ReceiverSpec): string {
  if (spec.metricsPort === undefined) return 'off (`cc-top service install --metrics-port 9464` lets Prometheus scrape it)';
  const drop = spec.metricsDropLabels?.length ? ` (summing away ${spec.metricsDropLabels.join(', ')})` : '';
  return `${printable(metricsUrl(spec.host, spec.metricsPort))}${drop}`;
}
