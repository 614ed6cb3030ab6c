// The main command's flags (live view, --headless, --once) -> ParsedArgs, and its help text.
// Loaded only for those modes: the subcommands (statusline above all) parse their own.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isWindowName, WINDOW_NAMES, type WindowName } from '../report/window.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { resolveStorePath, STORE_ENV } from '../storePath.js';
import { BudgetUsageError, parseUsd, type BudgetFlags } from '../insights/budgetFlags.js';
import { GROUP_KEYS, GroupingError, parseFilter, type Filter } from '../report/grouping.js';
import { REPORT_BY, type ReportBy } from '../report/dailyTable.js';

export const OPTIONS = {
  host: { type: 'string' },
  'grpc-port': { type: 'string' },
  'http-port': { type: 'string' },
  store: { type: 'string' },
  'keep-prompts': { type: 'boolean' },
  window: { type: 'string' },
  json: { type: 'boolean' },
  'group-by': { type: 'string' },
  by: { type: 'string' },
  'budget-day': { type: 'string' },
  'budget-session': { type: 'string' },
  'budget-month': { type: 'string' },
  filter: { type: 'string' },
  once: { type: 'boolean' },
  headless: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

export const USAGE = `cc-top: top for Claude Code. Live cost, tokens, sessions and tools from Claude Code's
OpenTelemetry, with no Collector, Prometheus or Grafana.

Usage:
  cc-top [options]              receive telemetry and show it live
  cc-top --headless [options]   receive telemetry into the store, no UI
  cc-top --once [--json]        print a summary from the store and exit
  cc-top setup                  point Claude Code at cc-top (edits ~/.claude/settings.json; asks first)
  cc-top doctor                 check that Claude Code's telemetry reaches cc-top, with fixes
  cc-top statusline             one line for Claude Code's status line (reads its JSON on stdin)
  cc-top service install        keep a receiver running as a user service (also: uninstall, status)
  cc-top import                 add Claude Code's history from its transcripts (~/.claude/projects)
  cc-top COMMAND --help         a command's own options

Options:
  --host HOST        address to listen on (default ${DEFAULT_HOST})
  --grpc-port N      OTLP/gRPC port (default ${DEFAULT_GRPC_PORT}; 0 picks a free port)
  --http-port N      OTLP/HTTP port (default ${DEFAULT_HTTP_PORT}; 0 picks a free port)
  --store PATH       store file (default $${STORE_ENV}, else the user data dir's cc-top/store.json)
  --keep-prompts     keep prompt and response text in the event log (default: never stored)
  --window W         ${WINDOW_NAMES.join(' | ')} (default today, local time)
  --json             with --once: print JSON for scripts
  --group-by KEY     with --once: spend by model, session, user, project, query_source, or any
                     attribute (e.g. team.id from OTEL_RESOURCE_ATTRIBUTES)
  --by day|week|month|session
                     with --once: a table per local day, week, month or session (cost, tokens,
                     top model)
  --filter KEY=VAL   only sessions matching, e.g. project=cc-top or team.id=platform
  --budget-day USD, --budget-session USD, --budget-month USD
                     budgets (also in config.json): the header warns at 80 %, alerts once at 80 %
                     and 100 %; --once exits 3 when one is exceeded
  --no-color         no colours (NO_COLOR is honoured too)
  -h, --help         show this help
  -v, --version      print the version

Point Claude Code at cc-top with \`cc-top setup\`, or add to ~/.claude/settings.json and restart Claude Code:
  "env": {
    "CLAUDE_CODE_ENABLE_TELEMETRY": "1",
    "OTEL_METRICS_EXPORTER": "otlp",
    "OTEL_LOGS_EXPORTER": "otlp",
    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:${DEFAULT_HTTP_PORT}"
  }`;

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export class UsageError extends Error {}

/** The subcommands `cli.ts` dispatches before these flags are parsed. */
export const SUBCOMMANDS = ['setup', 'doctor', 'statusline', 'service', 'import'] as const;

function budgetFlags(day: string | undefined, session: string | undefined, month: string | undefined): BudgetFlags {
  try {
    return {
      ...(day !== undefined ? { budgetDay: parseUsd(day, '--budget-day') } : {}),
      ...(session !== undefined ? { budgetSession: parseUsd(session, '--budget-session') } : {}),
      ...(month !== undefined ? { budgetMonth: parseUsd(month, '--budget-month') } : {}),
    };
  } catch (err) {
    if (err instanceof BudgetUsageError) throw new UsageError(err.message);
    throw err;
  }
}

function filterOf(text: string | undefined): Filter | undefined {
  if (text === undefined) return undefined;
  try {
    return parseFilter(text);
  } catch (err) {
    if (err instanceof GroupingError) throw new UsageError(err.message);
    throw err;
  }
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}"`);
  return Number(value);
}

export interface ParsedArgs {
  mode: 'tui' | 'headless' | 'once' | 'help' | 'version';
  host: string;
  grpcPort: number;
  httpPort: number;
  storePath: string;
  keepPrompts: boolean;
  window: WindowName;
  json: boolean;
  groupBy: string | undefined;
  by: ReportBy | undefined;
  filter: Filter | undefined;
  budgets: BudgetFlags;
  noColor: boolean;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (parsed.positionals.length > 0) throw new UsageError(`unknown command "${parsed.positionals[0]}" (commands: ${SUBCOMMANDS.join(', ')})`);
  if (v.once && v.headless) throw new UsageError('--once and --headless cannot be combined');
  if (v.json && !v.once) throw new UsageError('--json only goes with --once');
  if (v['group-by'] !== undefined && !v.once) throw new UsageError('--group-by goes with --once (in the live view, g groups the Cost and Tokens panels)');
  if (v.by !== undefined && !(REPORT_BY as readonly string[]).includes(v.by)) throw new UsageError(`--by takes ${REPORT_BY.join(', ')}, not "${v.by}"`);
  if (v.by !== undefined && !v.once) throw new UsageError(`--by ${v.by} goes with --once`);
  if (v['group-by'] !== undefined && v['group-by'].trim() === '') throw new UsageError(`--group-by needs a key: ${GROUP_KEYS.join(', ')} or an attribute name`);
  const window = v.window ?? 'today';
  if (!isWindowName(window)) throw new UsageError(`--window must be one of ${WINDOW_NAMES.join(', ')}, not "${window}"`);
  const host = v.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  return {
    mode: v.help ? 'help' : v.version ? 'version' : v.once ? 'once' : v.headless ? 'headless' : 'tui',
    host,
    grpcPort: port(v['grpc-port'], '--grpc-port', DEFAULT_GRPC_PORT),
    httpPort: port(v['http-port'], '--http-port', DEFAULT_HTTP_PORT),
    storePath: resolveStorePath(v.store, env),
    keepPrompts: v['keep-prompts'] ?? false,
    window,
    json: v.json ?? false,
    groupBy: v['group-by'],
    by: v.by as ReportBy | undefined,
    filter: filterOf(v.filter),
    budgets: budgetFlags(v['budget-day'], v['budget-session'], v['budget-month']),
    noColor: v['no-color'] ?? false,
  };
}

