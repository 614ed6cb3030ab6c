// `cc-top`: the receiver, the store and the live view in one process. The terminal is always
// given back as it was: main screen, cursor shown, on `q`, Ctrl-C, SIGTERM or a crash.
import { render } from 'ink';
import { createElement } from 'react';
import { colorEnabled, DEFAULT_COST_THRESHOLDS, type CostThresholds } from '../report/paint.js';
import type { WindowName } from '../report/window.js';
import { exposureWarning, startService, type ServiceOptions } from '../service.js';
import { App } from '../ui/App.js';
import { MessageBoard } from '../ui/messageBoard.js';
import { createTheme } from '../ui/theme.js';
import { runHeadless } from './headless.js';
import type { CommandIO } from './io.js';
import { describeStartError } from './startErrors.js';

export interface TuiOptions extends Omit<ServiceOptions, 'onMessage'> {
  noColor: boolean;
  window: WindowName;
  thresholds?: CostThresholds;
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
  let service;
  try {
    service = await startService({ ...options, onMessage: (m, level) => board.post(level === 'warn' ? m : undefined) });
  } catch (err) {
    io.stderr(`cc-top: ${describeStartError(err, options.storePath)}`);
    return 1;
  }
  if (warning) board.post(warning);

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
      await service.stop();
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

    const { receiver, store } = service;
    const instance = render(
      createElement(App, {
        source: store,
        clock: store.clock,
        theme: createTheme(colorEnabled(process.stdout, io.env, options.noColor)),
        listening: { host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port },
        mode: 'live',
        thresholds: options.thresholds ?? DEFAULT_COST_THRESHOLDS,
        initialWindow: options.window,
        messages: board,
        onQuit: () => void finish(0),
      }),
      { exitOnCtrlC: false, patchConsole: true, maxFps: 10 },
    );
  });
}
