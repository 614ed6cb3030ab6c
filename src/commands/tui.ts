// `cc-top`: the receiver, the store and the live view in one process. The terminal is always
// given back as it was: main screen, cursor shown, on `q`, Ctrl-C, SIGTERM or a crash.
import { render } from 'ink';
import { createElement } from 'react';
import { colorEnabled, DEFAULT_COST_THRESHOLDS, type CostThresholds } from '../report/paint.js';
import type { WindowName } from '../report/window.js';
import type { Filter } from '../report/grouping.js';
import { watchAlerts } from '../insights/alertWatcher.js';
import { configPath, type BudgetFlags, type BudgetSettings, type InsightsConfig } from '../insights/config.js';
import { desktopProtocol } from '../insights/desktopEscape.js';
import { createNotifier } from '../insights/notify.js';
import { loadInsights } from './insightsConfig.js';
import { exposureWarning, startService, type ServiceOptions } from '../service.js';
import { StoreFileSource } from '../store/fileSource.js';
import { StoreLockedError, type LockInfo } from '../store/lock.js';
import { App, type Listening } from '../ui/App.js';
import type { LiveSource } from '../ui/liveSource.js';
import { Board, MessageBoard } from '../ui/messageBoard.js';
import { readSideFile, sideFilePath, type SideFile } from '../store/sideFile.js';
import { watchFile } from '../store/watchFile.js';
import { createTheme } from '../ui/theme.js';
import { runHeadless } from './headless.js';
import type { CommandIO } from './io.js';
import { describeStartError } from './startErrors.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT } from '../defaults.js';
import { otlpEndpoint, telemetryEnv } from '../setup/telemetryEnv.js';
import type { SetupGuide } from '../ui/components/EmptyState.js';
import { metricsUrl } from '../metricsEndpoint/endpoint.js';
import type { ForwardBadge } from '../ui/components/Header.js';
import type { Forwarder } from '../forward/forwarder.js';
import { forwardStatusPath, readForwardStatus, type ForwardStatus } from '../forward/status.js';
import type { ForwardFlags, PrometheusArgs } from './args.js';
import { resolveForward } from './forwardSettings.js';

export interface TuiOptions extends Omit<ServiceOptions, 'onMessage'> {
  noColor: boolean;
  window: WindowName;
  thresholds?: CostThresholds;
  filter?: Filter | undefined;
  budgets?: BudgetFlags;
  forwardFlags?: ForwardFlags;
  /** Show a team's figures from Prometheus instead of the store. */
  prometheus?: PrometheusArgs | undefined;
  /** With --prometheus: a receiver is started only when ports were given. */
  portsGiven?: boolean;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export async function runTui(options: TuiOptions, io: CommandIO): Promise<number> {
  if (options.prometheus) return runTeamView(options, options.prometheus, io);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    io.stderr('cc-top: the live view needs a terminal; running headless instead (pass --headless to say so, or use --once for a summary)');
    return runHeadless(options, io);
  }
  const board = new MessageBoard();
  const warning = exposureWarning(options.host, options.metrics !== undefined);
  const { config, warnings } = await loadInsights(options.budgets ?? {}, io);
  const forward = resolveForward(options.forwardFlags, config.forward, configPath(io.env));
  if ('usage' in forward) {
    io.stderr(`cc-top: ${forward.usage}`);
    return 2;
  }
  if ('warning' in forward) warnings.push(forward.warning);
  let service;
  try {
    service = await startService({ ...options, forward: forward.settings, onMessage: (m, level) => board.post(level === 'warn' ? m : undefined) });
  } catch (err) {
    // Another cc-top already receives into this store: show what it stores instead of failing.
    if (err instanceof StoreLockedError) {
      // A viewer cannot write the log: its config warnings go on the message line.
      if (warnings.length) board.post(warnings.join('; '));
      return runViewer(options, io, err.owner, board, config);
    }
    io.stderr(`cc-top: ${describeStartError(err, options.storePath)}`);
    return 1;
  }
  if (warning) board.post(warning);
  const { receiver, store } = service;
  // Config warnings (a bad key, notify-send missing) go in the event log once per run, and doctor
  // lists them: they must not hold the tab bar for the whole run.
  for (const w of warnings) store.noteMessage('config_warning', w);
  // Alerts: kept in the event log, and a bell plus a desktop notification where the terminal has one.
  const notifier = createNotifier({ write: (s) => process.stdout.write(s), config: config.notify, protocol: desktopProtocol(io.env) });
  const alerts = watchAlerts({
    source: store,
    config,
    clock: store.clock,
    record: (a) => store.noteAlert({ id: a.id, level: a.level, title: a.title, message: a.message }),
    notify: (a) => notifier.notify(a),
  });
  return showApp(options, io, board, {
    source: store,
    clock: store.clock,
    listening: { host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port, ...(service.metrics ? { metricsUrl: service.metrics.url } : {}) },
    mode: 'live',
    budgets: config.budgets,
    ...(service.forwarder ? { forward: liveForwardBoard(service.forwarder) } : {}),
    stop: async () => {
      alerts.stop();
      await service.stop();
    },
  });
}

async function runViewer(options: TuiOptions, io: CommandIO, owner: LockInfo, board: MessageBoard, config: InsightsConfig): Promise<number> {
  let source: StoreFileSource;
  try {
    source = await StoreFileSource.open(options.storePath, Date.now, (m) => board.post(m));
  } catch (err) {
    io.stderr(`cc-top: another cc-top (pid ${owner.pid}) holds ${options.storePath}, and it cannot be read: ${(err as Error).message}`);
    return 1;
  }
  // Said once on the tab line (the header keeps it where there is room): the ports are the receiver's.
  board.post(`viewing the store of cc-top pid ${owner.pid} (grpc ${owner.host}:${owner.grpcPort} · http ${owner.host}:${owner.httpPort}): it receives the data, this window shows it`);
  const ownerMetrics = owner.metricsPort !== undefined ? metricsUrl(owner.host, owner.metricsPort) : undefined;
  if (options.metrics) board.post(`--metrics-port: /metrics is served by the receiving cc-top (pid ${owner.pid})${ownerMetrics ? ` at ${ownerMetrics}` : ', started without --metrics-port'}`);
  return showApp(options, io, board, {
    budgets: config.budgets,
    source,
    clock: Date.now,
    // The header says whose ports these are: "viewing the store of cc-top pid N (grpc …)".
    listening: { host: owner.host, grpcPort: owner.grpcPort, httpPort: owner.httpPort, pid: owner.pid, ...(ownerMetrics ? { metricsUrl: ownerMetrics } : {}) },
    mode: 'viewer',
    forward: await fileForwardBoard(options.storePath),
    stop: async () => source.close(),
  });
}

function badgeOf(status: ForwardStatus | null): ForwardBadge | null {
  if (!status) return null;
  let host = status.url;
  try {
    host = new URL(status.url).host;
  } catch {
    // Shown as written.
  }
  return { host, state: status.state, queued: status.queued, dropped: status.dropped };
}

/** The header's forwarding badge from this process's own forwarder. */
function liveForwardBoard(forwarder: Forwarder): { board: Board<ForwardBadge | null>; close(): void } {
  const board = new Board(badgeOf(forwarder.status()));
  const unsubscribe = forwarder.subscribe((s) => board.post(badgeOf(s)));
  return { board, close: unsubscribe };
}

/** A viewer's forwarding badge: from the file the receiving process keeps beside the store. */
async function fileForwardBoard(storePath: string): Promise<{ board: Board<ForwardBadge | null>; close(): void }> {
  const path = forwardStatusPath(storePath);
  const board = new Board(badgeOf(await readForwardStatus(path)));
  const watch = watchFile(path, () => void readForwardStatus(path).then((s) => board.post(badgeOf(s))), () => undefined);
  return { board, close: () => watch.close() };
}

/**
 * `cc-top --prometheus URL`: the same live view of a team's figures, read from Prometheus every
 * --refresh seconds. No receiver unless ports are given (then this machine's telemetry is still
 * received into the store while the team is shown).
 */
async function runTeamView(options: TuiOptions, prom: PrometheusArgs, io: CommandIO): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    io.stderr('cc-top: the live view needs a terminal; for a summary of the team, add --once (and --json for scripts)');
    return 1;
  }
  const [{ TeamLiveSource }, { promClient }, { resolveWindow }, { PrometheusError }] = await Promise.all([
    import('../prometheusSource/teamLiveSource.js'),
    import('./teamOnce.js'),
    import('../report/window.js'),
    import('../prometheusSource/promClient.js'),
  ]);
  const board = new MessageBoard();
  const { config, warnings } = await loadInsights(options.budgets ?? {}, io);
  if (warnings.length) board.post(warnings.join('; '));
  let client;
  try {
    client = promClient(prom, io.env);
  } catch (err) {
    if (!(err instanceof PrometheusError)) throw err;
    io.stderr(`cc-top: ${err.message}`);
    return 2;
  }
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  if (options.portsGiven) {
    try {
      service = await startService({ ...options, onMessage: (m, level) => board.post(level === 'warn' ? m : undefined) });
    } catch (err) {
      io.stderr(`cc-top: ${describeStartError(err, options.storePath)}`);
      return 1;
    }
  }
  const source = new TeamLiveSource({
    client,
    refreshMs: prom.refreshSec * 1000,
    clock: Date.now,
    resolveWindow,
    view: { window: options.window, sort: 'lastSeen', filter: options.filter },
    budgets: { day: config.budgets.dayUsd !== undefined || config.budgets.sessionUsd !== undefined, month: config.budgets.monthUsd !== undefined },
  });
  source.start();
  return showApp(options, io, board, {
    source,
    clock: Date.now,
    listening: service ? { host: options.host, grpcPort: service.receiver.grpc.port, httpPort: service.receiver.http.port } : { host: options.host, grpcPort: 0, httpPort: 0 },
    mode: 'live',
    budgets: config.budgets,
    team: true,
    stop: async () => {
      source.close();
      await service?.stop();
    },
  });
}

/** What the empty screen tells a new user: the variables `cc-top setup` writes, for these ports. */
export function setupGuide({ host, grpcPort, httpPort }: Listening): SetupGuide {
  const ports = httpPort === DEFAULT_HTTP_PORT && grpcPort === DEFAULT_GRPC_PORT ? '' : ` --http-port ${httpPort} --grpc-port ${grpcPort}`;
  return {
    setupCommand: `cc-top setup${ports}`,
    env: Object.entries(telemetryEnv({ protocol: 'http/protobuf', host, grpcPort, httpPort })),
    grpcEndpoint: otlpEndpoint({ protocol: 'grpc', host, grpcPort, httpPort }),
  };
}

interface Shown {
  source: LiveSource;
  /** A team's figures (Prometheus): no status-line side file, no setup guide. */
  team?: boolean;
  clock: () => number;
  listening: Listening;
  mode: 'live' | 'viewer';
  budgets: BudgetSettings;
  forward?: { board: Board<ForwardBadge | null>; close(): void };
  stop: () => Promise<void>;
}

async function showApp(options: TuiOptions, io: CommandIO, board: MessageBoard, shown: Shown): Promise<number> {
  // Plan usage and projects, from the side file `cc-top statusline` keeps next to the store.
  const sidePath = sideFilePath(options.storePath);
  const sideBoard = new Board<SideFile | null>(shown.team ? null : await readSideFile(sidePath));
  const sideWatch = shown.team ? { close: () => undefined } : watchFile(sidePath, () => void readSideFile(sidePath).then((v) => sideBoard.post(v)), () => undefined);

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    process.stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  process.stdout.write(ENTER_ALT_SCREEN);

  return new Promise<number>((resolve) => {
    let finishing = false;
    const finish = async (code: number, error?: unknown) => {
      if (finishing) return;
      finishing = true;
      instance.unmount();
      restore();
      if (error) io.stderr(`cc-top: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sideWatch.close();
      shown.forward?.close();
      await shown.stop();
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      process.off('uncaughtException', onCrash);
      resolve(code);
    };
    const onSignal = () => void finish(0);
    const onCrash = (err: unknown) => void finish(1, err);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('uncaughtException', onCrash);
    // Ink's own exit paths restore too, so an exception inside React also gives the terminal back.
    process.once('exit', restore);

    const instance = render(
      createElement(App, {
        source: shown.source,
        clock: shown.clock,
        theme: createTheme(colorEnabled(process.stdout, io.env, options.noColor)),
        listening: shown.listening,
        mode: shown.mode,
        thresholds: options.thresholds ?? DEFAULT_COST_THRESHOLDS,
        initialWindow: options.window,
        messages: board,
        sideFile: sideBoard,
        budgets: shown.budgets,
        ...(options.filter ? { filter: options.filter } : {}),
        ...(shown.team ? {} : { guide: setupGuide(shown.listening) }),
        ...(shown.forward ? { forward: shown.forward.board } : {}),
        onQuit: () => void finish(0),
      }),
      { exitOnCtrlC: false, patchConsole: true, maxFps: 10, incrementalRendering: true },
    );
  });
}
