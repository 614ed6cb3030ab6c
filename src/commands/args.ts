// The main command's flags (live view, --headless, --once) -> ParsedArgs, and its help text.
// Loaded only for those modes: the subcommands (statusline above all) parse their own.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { argsErrorLine } from '../text/argsError.js';
import { isWindowName, WINDOW_NAMES, type WindowName } from '../report/window.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../defaults.js';
import { EmptyStorePathError, resolveStorePath, STORE_ENV } from '../storePath.js';
import { BudgetUsageError, parseUsd, type BudgetFlags } from '../insights/budgetFlags.js';
import { GROUP_KEYS, GroupingError, parseFilter, type Filter } from '../report/grouping.js';
import { REPORT_BY, type ReportBy } from '../report/dailyTable.js';
import { DropLabelsError, parseDropLabels } from '../metricsEndpoint/labelNames.js';
import { ForwardConfigError, parseForwardTarget, parseHeaderFlag, queueBytesOf } from '../forward/target.js';

export const OPTIONS = {
  host: { type: 'string' },
  'grpc-port': { type: 'string' },
  'http-port': { type: 'string' },
  store: { type: 'string' },
  'keep-prompts': { type: 'boolean' },
  'metrics-port': { type: 'string' },
  'metrics-drop-labels': { type: 'string' },
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
  prometheus: { type: 'string' },
  'prometheus-header': { type: 'string', multiple: true },
  refresh: { type: 'string' },
  'no-color': { type: 'boolean' },
  forward: { type: 'string' },
  'forward-protocol': { type: 'string' },
  'forward-header': { type: 'string', multiple: true },
  'forward-queue-mib': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** How often the live view reads Prometheus again, by default. */
export const DEFAULT_REFRESH_SEC = 15;

export const USAGE = `cc-top: top for Claude Code. Live cost, tokens, sessions and tools from Claude Code's
OpenTelemetry, needing no Collector, Prometheus or Grafana (and working with them where a team has them).

Usage:
  cc-top [options]              receive telemetry and show it live
  cc-top --headless [options]   receive telemetry into the store, no UI
  cc-top --once [--json]        print a summary from the store and exit
  cc-top --prometheus URL       the team's figures, read from Prometheus (live view, or with --once)
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
  --keep-prompts     keep prompt and response text in the event log (default: never stored);
                     Claude Code sends the text only with OTEL_LOG_USER_PROMPTS=1 in its settings
  --metrics-port N   also serve /metrics for Prometheus on HOST:N (off by default; 0 picks a free port)
  --metrics-drop-labels a,b
                     sum those labels away in /metrics (e.g. session_id,user_email: fewer series)
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
  --forward URL      also send everything that arrives to this OTLP endpoint (a Collector):
                     http://host:4318 (OTLP/HTTP, /v1/<signal> added) or grpc://host:4317;
                     also "forward" in config.json
  --forward-protocol grpc|http/protobuf   when the URL does not say (default: from the URL)
  --forward-header KEY=VALUE   a header for the upstream, e.g. authorization=Bearer ... (repeatable)
  --forward-queue-mib N        memory for what the upstream has not taken yet (default 64)
  --prometheus URL   read a team's figures from Prometheus (or Thanos, Mimir...) instead of the
                     store: e.g. http://127.0.0.1:9090, https://user:password@host/prometheus
  --prometheus-header KEY=VALUE  a header for every request to it, e.g. "Authorization=Bearer TOKEN"
  --refresh SECONDS  with --prometheus: how often the live view reads it again (default ${DEFAULT_REFRESH_SEC})
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

/** `--metrics-port` and `--metrics-drop-labels`: undefined when /metrics is off. */
function metricsFlags(portText: string | undefined, dropText: string | undefined, mode: string): { port: number; dropLabels: string[] } | undefined {
  if (portText === undefined) {
    if (dropText !== undefined) throw new UsageError('--metrics-drop-labels goes with --metrics-port N');
    return undefined;
  }
  if (mode === 'once') throw new UsageError('--metrics-port goes with the live view or --headless (the process that receives serves /metrics), not --once');
  try {
    return { port: port(portText, '--metrics-port', 0), dropLabels: dropText === undefined ? [] : parseDropLabels(dropText) };
  } catch (err) {
    if (err instanceof DropLabelsError) throw new UsageError(err.message);
    throw err;
  }
}

/** The --forward flags as given (checked); config.json's forward fills in what they do not say. */
export interface ForwardFlags {
  url?: string;
  protocol?: string;
  headers: [string, string][];
  queueBytes?: number;
}

function forwardFlags(v: { forward?: string | undefined; 'forward-protocol'?: string | undefined; 'forward-header'?: string[] | undefined; 'forward-queue-mib'?: string | undefined }): ForwardFlags {
  try {
    const flags: ForwardFlags = {
      headers: (v['forward-header'] ?? []).map(parseHeaderFlag),
      ...(v.forward !== undefined ? { url: v.forward } : {}),
      ...(v['forward-protocol'] !== undefined ? { protocol: v['forward-protocol'] } : {}),
      ...(v['forward-queue-mib'] !== undefined ? { queueBytes: queueBytesOf(v['forward-queue-mib'], '--forward-queue-mib') } : {}),
    };
    // The URL and protocol are checked now, so a typo stops the command before it starts.
    if (flags.url !== undefined) parseForwardTarget({ url: flags.url, protocol: flags.protocol, headers: flags.headers });
    return flags;
  } catch (err) {
    if (err instanceof ForwardConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** `--prometheus`: where the team's figures are read from instead of the store. */
export interface PrometheusArgs {
  url: string;
  headers: [string, string][];
  refreshSec: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function prometheusArgs(url: string | undefined, headers: string[] | undefined, refresh: string | undefined): PrometheusArgs | undefined {
  if (url === undefined) {
    if (headers?.length) throw new UsageError('--prometheus-header goes with --prometheus URL');
    if (refresh !== undefined) throw new UsageError('--refresh goes with --prometheus URL (the local live view redraws as data arrives)');
    return undefined;
  }
  if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--prometheus takes the server's URL, e.g. http://127.0.0.1:9090, not "${url}"`);
  const parsed = (headers ?? []).map((h): [string, string] => {
    const at = h.indexOf('=');
    const name = h.slice(0, Math.max(0, at)).trim();
    if (at <= 0 || !HEADER_NAME.test(name) || /[\r\n]/.test(h)) throw new UsageError(`--prometheus-header takes KEY=VALUE, e.g. "Authorization=Bearer TOKEN", not "${h}"`);
    return [name, h.slice(at + 1).trim()];
  });
  const refreshSec = refresh === undefined ? DEFAULT_REFRESH_SEC : Number(refresh);
  if (!Number.isFinite(refreshSec) || refreshSec < 1 || refreshSec > 3600) throw new UsageError(`--refresh takes seconds from 1 to 3600, not "${refresh}"`);
  return { url, headers: parsed, refreshSec };
}

export interface ParsedArgs {
  mode: 'tui' | 'headless' | 'once' | 'help' | 'version';
  host: string;
  grpcPort: number;
  httpPort: number;
  /** Whether --grpc-port or --http-port was given (with --prometheus, only then is a receiver started). */
  portsGiven: boolean;
  /** Read the figures from Prometheus instead of the store. */
  prometheus: PrometheusArgs | undefined;
  storePath: string;
  keepPrompts: boolean;
  /** /metrics for Prometheus (`--metrics-port`), off when undefined. */
  metrics: { port: number; dropLabels: string[] } | undefined;
  window: WindowName;
  json: boolean;
  groupBy: string | undefined;
  by: ReportBy | undefined;
  filter: Filter | undefined;
  budgets: BudgetFlags;
  noColor: boolean;
  forwardFlags: ForwardFlags;
}

function storePathOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  try {
    return resolveStorePath(flag, env);
  } catch (err) {
    if (err instanceof EmptyStorePathError) throw new UsageError(err.message);
    throw err;
  }
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(argsErrorLine(err));
  }
  const v = parsed.values;
  if (parsed.positionals.length > 0) throw new UsageError(`unknown command "${parsed.positionals[0]}" (commands: ${SUBCOMMANDS.join(', ')})`);
  if (v.once && v.headless) throw new UsageError('--once and --headless cannot be combined');
  if (v.prometheus !== undefined && v.headless) throw new UsageError('--prometheus reads a team\'s figures to show them: it goes with the live view or --once, not --headless');
  if (v.json && !v.once) throw new UsageError('--json only goes with --once');
  if (v['group-by'] !== undefined && !v.once) throw new UsageError('--group-by goes with --once (in the live view, g groups the Cost and Tokens panels)');
  if (v.by !== undefined && !(REPORT_BY as readonly string[]).includes(v.by)) throw new UsageError(`--by takes ${REPORT_BY.join(', ')}, not "${v.by}"`);
  if (v.by !== undefined && !v.once) throw new UsageError(`--by ${v.by} goes with --once`);
  if (v['group-by'] !== undefined && v['group-by'].trim() === '') throw new UsageError(`--group-by needs a key: ${GROUP_KEYS.join(', ')} or an attribute name`);
  const window = v.window ?? 'today';
  if (!isWindowName(window)) throw new UsageError(`--window must be one of ${WINDOW_NAMES.join(', ')}, not "${window}"`);
  const host = v.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  const mode = v.help ? 'help' : v.version ? 'version' : v.once ? 'once' : v.headless ? 'headless' : 'tui';
  const forwardFlag = (['forward', 'forward-protocol', 'forward-header', 'forward-queue-mib'] as const).find((k) => v[k] !== undefined);
  if (forwardFlag && v.once) throw new UsageError(`--${forwardFlag} goes with the live view or --headless: --once only reads the store`);
  if (v.prometheus !== undefined) {
    // The team view shows what Prometheus holds; receiving, serving and forwarding stay with the
    // cc-top that receives this machine's telemetry (the service, or --headless).
    const receiverFlag = forwardFlag ? `--${forwardFlag}` : v['metrics-port'] !== undefined ? '--metrics-port' : undefined;
    if (receiverFlag) throw new UsageError(`${receiverFlag} goes with the cc-top that receives (e.g. cc-top --headless ${receiverFlag} ...), not with --prometheus`);
  }
  return {
    mode,
    host,
    grpcPort: port(v['grpc-port'], '--grpc-port', DEFAULT_GRPC_PORT),
    httpPort: port(v['http-port'], '--http-port', DEFAULT_HTTP_PORT),
    portsGiven: v['grpc-port'] !== undefined || v['http-port'] !== undefined,
    prometheus: prometheusArgs(v.prometheus, v['prometheus-header'], v.refresh),
    storePath: storePathOf(v.store, env),
    keepPrompts: v['keep-prompts'] ?? false,
    metrics: metricsFlags(v['metrics-port'], v['metrics-drop-labels'], mode),
    window,
    json: v.json ?? false,
    groupBy: v['group-by'],
    by: v.by as ReportBy | undefined,
    filter: filterOf(v.filter),
    budgets: budgetFlags(v['budget-day'], v['budget-session'], v['budget-month']),
    noColor: v['no-color'] ?? false,
    forwardFlags: forwardFlags(v),
  };
}

