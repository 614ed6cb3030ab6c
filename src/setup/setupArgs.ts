// `cc-top setup` flags -> options. Usage mistakes throw SetupUsageError (exit 2).
import { parseArgs } from 'node:util';
import { argsErrorLine } from '../text/argsError.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { SHELLS, isShell, type Shell } from './shellExports.js';
import { DEFAULT_METRIC_INTERVAL_MS, DEFAULT_PROTOCOL, OTLP_PROTOCOLS, isOtlpProtocol, type OtlpProtocol } from './telemetryEnv.js';

const OPTIONS = {
  protocol: { type: 'string' },
  host: { type: 'string' },
  'grpc-port': { type: 'string' },
  'http-port': { type: 'string' },
  interval: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  shell: { type: 'string' },
  undo: { type: 'boolean' },
  statusline: { type: 'boolean' },
  force: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Below 1 s exports cost more than they tell; above an hour the view is no longer live. */
export const MIN_INTERVAL_MS = 1_000;
export const MAX_INTERVAL_MS = 3_600_000;

export const SETUP_USAGE = `Usage: cc-top setup [options]

Points Claude Code at cc-top: merges the telemetry variables into the "env" of Claude Code's user
settings ($CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json), editing the file in place
(everything else kept as written) and backing the old file up first. Per-signal endpoints and
protocols that would send telemetry elsewhere are taken out. Shows the change and asks before
writing; --undo puts back exactly what it changed.

Options:
  --protocol P       ${OTLP_PROTOCOLS.join(' | ')} (default ${DEFAULT_PROTOCOL})
  --host HOST        where cc-top listens (default ${DEFAULT_HOST})
  --grpc-port N      cc-top's OTLP/gRPC port (default ${DEFAULT_GRPC_PORT}), used with --protocol grpc
  --http-port N      cc-top's OTLP/HTTP port (default ${DEFAULT_HTTP_PORT})
  --interval MS      metric export interval (default ${DEFAULT_METRIC_INTERVAL_MS}; Claude Code's own is 60000)
  --statusline       also set Claude Code's status line to "cc-top statusline"
  --force            with --statusline: replace an existing status line
  -y, --yes          apply without asking
  --dry-run          only show what would change
  --shell SHELL      print the variables for ${SHELLS.join(' | ')} instead of changing the settings
  --undo             put back what cc-top setup changed
  --no-color         no colours (NO_COLOR is honoured too)
  -h, --help         show this help`;

export class SetupUsageError extends Error {}

export interface SetupOptions {
  mode: 'apply' | 'shell' | 'undo' | 'help';
  shell?: Shell;
  protocol: OtlpProtocol;
  host: string;
  grpcPort: number;
  httpPort: number;
  intervalMs: number;
  statusline: boolean;
  force: boolean;
  yes: boolean;
  dryRun: boolean;
  noColor: boolean;
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  // Port 0 means "any free port" when listening, but Claude Code needs the real one.
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new SetupUsageError(`${flag} must be a port number from 1 to 65535, not "${value}"`);
  }
  return Number(value);
}

function interval(value: string | undefined): number {
  if (value === undefined) return DEFAULT_METRIC_INTERVAL_MS;
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
    throw new SetupUsageError(`--interval must be milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, not "${value}"`);
  }
  return ms;
}

export function parseSetupArgs(argv: string[]): SetupOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new SetupUsageError(argsErrorLine(err));
  }
  const v = parsed.values;
  if (parsed.positionals.length > 0) throw new SetupUsageError(`unexpected argument "${parsed.positionals[0]}"`);
  const protocol = v.protocol ?? DEFAULT_PROTOCOL;
  if (!isOtlpProtocol(protocol)) throw new SetupUsageError(`--protocol must be one of ${OTLP_PROTOCOLS.join(', ')}, not "${protocol}"`);
  if (v.shell !== undefined && !isShell(v.shell)) throw new SetupUsageError(`--shell must be one of ${SHELLS.join(', ')}, not "${v.shell}"`);
  if (v.undo && v.shell !== undefined) throw new SetupUsageError('--undo and --shell cannot be combined: --shell never changes the settings file');
  if (v.statusline && v.shell !== undefined) throw new SetupUsageError('--statusline changes the settings file, and --shell prints variables instead; use one');
  if (v.undo && v.statusline) throw new SetupUsageError('--undo already removes the status line setup set; drop --statusline');
  if (v.force && !v.statusline) throw new SetupUsageError('--force only goes with --statusline');
  const host = v.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new SetupUsageError('--host needs an address, e.g. 127.0.0.1');
  const shell = v.shell as Shell | undefined;
  return {
    mode: v.help ? 'help' : shell ? 'shell' : v.undo ? 'undo' : 'apply',
    ...(shell ? { shell } : {}),
    protocol,
    host,
    grpcPort: port(v['grpc-port'], '--grpc-port', DEFAULT_GRPC_PORT),
    httpPort: port(v['http-port'], '--http-port', DEFAULT_HTTP_PORT),
    intervalMs: interval(v.interval),
    statusline: v.statusline ?? false,
    force: v.force ?? false,
    yes: v.yes ?? false,
    dryRun: v['dry-run'] ?? false,
    noColor: v['no-color'] ?? false,
  };
}
