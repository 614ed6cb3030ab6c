// What the always-on receiver runs: `node bin/cc-top.js --headless` with the store, address,
// ports and /metrics given to `cc-top service install`, as an argument list that each service
// manager writes down in its own syntax, and reads back for `cc-top service status`.
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { hasControlCharacter } from './controlCharacters.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { labelNameOf } from '../metricsEndpoint/labelNames.js';

export interface ReceiverSpec {
  /** Absolute path of the node binary that runs cc-top (the one running `service install`). */
  nodePath: string;
  /** Absolute path of this checkout's bin/cc-top.js. */
  scriptPath: string;
  storePath: string;
  host: string;
  grpcPort: number;
  httpPort: number;
  keepPrompts: boolean;
  /** `--metrics-port`: also serve /metrics for Prometheus on `host` (absent: off). */
  metricsPort?: number | undefined;
  /** `--metrics-drop-labels`: label names summed away in /metrics (only with metricsPort). */
  metricsDropLabels?: readonly string[] | undefined;
  /** $CC_TOP_CONFIG at install time: the service reads the same budgets and rules as the user. */
  configPath?: string | undefined;
}

/** The flags of `cc-top --headless` a service carries: `service install` takes them, status reads them back. */
export const RECEIVER_FLAGS = {
  store: { type: 'string' },
  host: { type: 'string' },
  'grpc-port': { type: 'string' },
  'http-port': { type: 'string' },
  'keep-prompts': { type: 'boolean' },
  'metrics-port': { type: 'string' },
  'metrics-drop-labels': { type: 'string' },
} as const;

/** The flag bin/cc-top.js's shebang gives node (a small young generation keeps the process small). */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

export class ReceiverSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiverSpecError';
  }
}

function checkPath(path: string, what: string): void {
  // A line of a unit file cannot hold a newline, and a control character in a path is a mistake.
  if (hasControlCharacter(path)) throw new ReceiverSpecError(`the ${what} path ${JSON.stringify(path)} contains a control character; choose a path without one`);
  if (!isAbsolute(path)) throw new ReceiverSpecError(`the ${what} path must be absolute, not "${path}"`);
}

function checkPort(port: number, flag: string, needs = 'Claude Code needs a fixed port'): void {
  // Port 0 picks a free port at start: Claude Code (or Prometheus) could never be pointed at it.
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ReceiverSpecError(`${flag} must be a port number from 1 to 65535 for the service (${needs}), not ${port}`);
}

function checkMetrics(spec: ReceiverSpec): void {
  const drop = spec.metricsDropLabels ?? [];
  if (spec.metricsPort === undefined) {
    if (drop.length > 0) throw new ReceiverSpecError('--metrics-drop-labels goes with --metrics-port N');
    return;
  }
  checkPort(spec.metricsPort, '--metrics-port', 'Prometheus needs a fixed port to scrape');
  const taken = spec.metricsPort === spec.grpcPort ? '--grpc-port' : spec.metricsPort === spec.httpPort ? '--http-port' : undefined;
  if (taken) throw new ReceiverSpecError(`--metrics-port ${spec.metricsPort} is also the service's ${taken}; choose another port for /metrics (e.g. 9464)`);
  for (const label of drop) if (labelNameOf(label) !== label) throw new ReceiverSpecError(`--metrics-drop-labels: "${label}" is not a label name (letters, digits and _; e.g. session_id)`);
}

/** Refuses what no service file can carry faithfully; the message names the field and the fix. */
export function checkReceiverSpec(spec: ReceiverSpec): void {
  checkPath(spec.nodePath, 'node');
  checkPath(spec.scriptPath, 'cc-top script');
  checkPath(spec.storePath, 'store');
  if (spec.configPath !== undefined) checkPath(spec.configPath, 'config ($CC_TOP_CONFIG)');
  if (spec.host.trim() === '' || /[\s"'\\]/.test(spec.host) || hasControlCharacter(spec.host)) throw new ReceiverSpecError(`--host must be an address such as 127.0.0.1, not ${JSON.stringify(spec.host)}`);
  checkPort(spec.grpcPort, '--grpc-port');
  checkPort(spec.httpPort, '--http-port');
  checkMetrics(spec);
}

/** The command line, program first. */
export function receiverArgv(spec: ReceiverSpec): string[] {
  checkReceiverSpec(spec);
  return [
    spec.nodePath,
    ...NODE_FLAGS,
    spec.scriptPath,
    '--headless',
    '--store',
    spec.storePath,
    '--host',
    spec.host,
    '--grpc-port',
    String(spec.grpcPort),
    '--http-port',
    String(spec.httpPort),
    ...(spec.keepPrompts ? ['--keep-prompts'] : []),
    ...(spec.metricsPort !== undefined ? ['--metrics-port', String(spec.metricsPort)] : []),
    ...(spec.metricsPort !== undefined && spec.metricsDropLabels?.length ? ['--metrics-drop-labels', spec.metricsDropLabels.join(',')] : []),
  ];
}

/**
 * The spec back from a command line read out of an installed service file, or a reason it is not
 * one cc-top wrote (the user may have edited it).
 */
export function receiverFromArgv(argv: readonly string[], configPath?: string): ReceiverSpec | { unreadable: string } {
  const headless = argv.indexOf('--headless');
  if (headless < 2) return { unreadable: 'its command line is not `node … cc-top.js --headless …`' };
  let values;
  try {
    values = parseArgs({
      args: argv.slice(headless + 1),
      options: RECEIVER_FLAGS,
      strict: false,
    }).values;
  } catch (err) {
    return { unreadable: `its command line cannot be read: ${(err as Error).message}` };
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const store = text(values.store);
  if (!store) return { unreadable: 'its command line names no --store' };
  const grpcPort = Number(text(values['grpc-port']) ?? DEFAULT_GRPC_PORT);
  const httpPort = Number(text(values['http-port']) ?? DEFAULT_HTTP_PORT);
  const metricsText = text(values['metrics-port']);
  const metricsPort = metricsText === undefined ? undefined : Number(metricsText);
  if (!Number.isInteger(grpcPort) || !Number.isInteger(httpPort) || (metricsPort !== undefined && !Number.isInteger(metricsPort))) return { unreadable: 'its command line has a port that is not a number' };
  const dropText = text(values['metrics-drop-labels']);
  return {
    nodePath: argv[0]!,
    scriptPath: argv[headless - 1]!,
    storePath: store,
    host: text(values.host) ?? DEFAULT_HOST,
    grpcPort,
    httpPort,
    keepPrompts: values['keep-prompts'] === true,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(dropText ? { metricsDropLabels: dropText.split(',') } : {}),
    configPath,
  };
}

/** The spec from a service file's command and environment, as read by its manager's reader. */
export function receiverFromCommand(command: { argv: string[]; env: Record<string, string> } | { unreadable: string }): ReceiverSpec | { unreadable: string } {
  if ('unreadable' in command) return command;
  return receiverFromArgv(command.argv, command.env.CC_TOP_CONFIG);
}
