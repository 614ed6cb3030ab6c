// `cc-top`: the receiver, the store and the live view in one process. The terminal is always
// given back as it was: main screen, cursor shown, on `q`, Ctrl-C, SIGTERM or a crash.
import { render } from 'ink';
import { createElement } from 'react';
import { colorEnabled, DEFAULT_COST_THRESHOLDS, type CostThresholds } from '../report/paint.js';
import type { WindowName } from '../report/window.js';
import type { Filter } from '../report/grouping.js';
import { watchAlerts } from '../insights/alertWatcher.js';
import type { BudgetFlags, BudgetSettings, InsightsConfig } from '../insights/config.js';
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

export interface TuiOptions extends Omit<ServiceOptions, 'onMessage'> {
  noColor: boolean;
  window: WindowName;
  thresholds?: CostThresholds;
  filter?: Filter | undefined;
  budgets?: BudgetFlags;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export async function runTui(options: TuiOptions, io: CommandIO): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    io.stderr('cc-top: the live view needs a terminal; running headless instead (pass --headless to say so, or use --once for a summary)');
    return runHeadless(options, io);
  }
  const board = new MessageBoard();
  const warning = exposureWarning(options.host);
  const { config, warnings } = await loadInsights(options.budgets ?? {}, io);
  if (warnings.length) board.post(warnings.join('; '));
  let service;
  try {
    service = await startService({ ...options, onMessage: (m, level) => board.post(level === 'warn' ? m : undefined) });
  } catch (err) {
    // Another cc-top already receives into this store: show what it stores instead of failing.
    if (err instanceof StoreLockedError) return runViewer(options, io, err.owner, board, config);
    io.stderr(`cc-top: ${describeStartError(err, options.storePath)}`);
    return 1;
  }
  if (warning) board.post(warning);
  const { receiver, store } = service;
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
    listening: { host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port },
    mode: 'live',
    budgets: config.budgets,
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
  return showApp(options, io, board, {
    budgets: config.budgets,
    source,
    clock: Date.now,
    // The header says whose ports these are: "viewing the store of cc-top pid N (grpc …)".
    listening: { host: owner.host, grpcPort: owner.grpcPort, httpPort: owner.httpPort, pid: owner.pid },
    mode: 'viewer',
    stop: async () => source.close(),
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
  clock: () => number;
  listening: Listening;
  mode: 'live' | 'viewer';
  budgets: BudgetSettings;
  stop: () => Promise<void>;
}

async function showApp(options: TuiOptions, io: CommandIO, board: MessageBoard, shown: Shown): Promise<number> {
  // Plan usage and projects, from the side file `cc-top statusline` keeps next to the store.
  const sidePath = sideFilePath(options.storePath);
  const sideBoard = new Board<SideFile | null>(await readSideFile(sidePath));
  const sideWatch = watchFile(sidePath, () => void readSideFile(sidePath).then((v) => sideBoard.post(v)), () => undefined);

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
        guide: setupGuide(shown.listening),
        onQuit: () => void finish(0),
      }),
      { exitOnCtrlC: false, patchConsole: true, maxFps: 10, incrementalRendering: true },
    );
  });
}
