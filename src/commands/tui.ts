// `cc-top` with no mode flag: the live view. Until the Ink TUI lands it runs the service
// headless, which the "Receiver, store and --once" issue allows.
import type { ServiceOptions } from '../service.js';
import { runHeadless } from './headless.js';
import type { CommandIO } from './io.js';

export async function runTui(options: Omit<ServiceOptions, 'onMessage'> & { noColor: boolean }, io: CommandIO): Promise<number> {
  return runHeadless(options, io);
}
