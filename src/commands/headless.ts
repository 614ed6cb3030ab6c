// `cc-top --headless`: receiver + store, no UI. Logs a line at start and at stop; SIGINT and
// SIGTERM stop listening, write the store and exit 0.
import { exposureWarning, startService, type ServiceOptions } from '../service.js';
import type { CommandIO } from './io.js';
import { describeStartError } from './startErrors.js';
import { watchAlerts } from '../insights/alertWatcher.js';
import type { BudgetFlags } from '../insights/config.js';
import { loadInsights } from './insightsConfig.js';

export function formatAddress(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A stop signal this soon after the first is the same stop delivered twice, not "stop now". */
export const STOP_REPEAT_GRACE_MS = 1_000;

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM. */
  signal: Promise<NodeJS.Signals>;
  /** Stop listening (when the command ends another way). */
  cancel(): void;
}

/**
 * Listen for SIGINT/SIGTERM from now on. Call it before anything can tell the world the process
 * is up: a signal that arrives before a listener exists kills the process outright.
 */
export function listenForStop(): StopSignal {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (sig: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second signal while stopping means "now": leave without waiting for the write. Not
      // one right behind the first, though: Ctrl-C under `npm run`, or `timeout` and `kill`
      // together, deliver the same stop twice, and that must not cost the last write.
      const firstAt = Date.now();
      const force = () => {
        if (Date.now() - firstAt >= STOP_REPEAT_GRACE_MS) process.exit(1);
      };
      process.on('SIGINT', force);
      process.on('SIGTERM', force);
      resolve(sig);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    cancel() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function runHeadless(options: Omit<ServiceOptions, 'onMessage'> & { budgets?: BudgetFlags }, io: CommandIO): Promise<number> {
  const warning = exposureWarning(options.host);
  if (warning) io.stderr(`cc-top: ${warning}`);
  // Before the service starts: once it listens, nothing may delay the stop-signal handlers.
  const { config, warnings } = await loadInsights(options.budgets ?? {}, io);
  for (const w of warnings) io.stderr(`cc-top: ${w}`);
  const stop = listenForStop();
  let service;
  try {
    service = await startService({ ...options, onMessage: (m) => io.stderr(`cc-top: ${m}`) });
  } catch (err) {
    stop.cancel();
    io.stderr(`cc-top: ${describeStartError(err, options.storePath)}`);
    return 1;
  }
  for (const w of warnings) service.store.noteMessage('config_warning', w);
  const { grpc, http } = service.receiver;
  io.stdout(
    `cc-top: listening on ${formatAddress('grpc', grpc.host, grpc.port)} and ${formatAddress('http', http.host, http.port)}; store ${options.storePath}`,
  );
  const alerts = watchAlerts({
    source: service.store,
    config,
    clock: service.store.clock,
    record: (a) => service.store.noteAlert({ id: a.id, level: a.level, title: a.title, message: a.message }),
    notify: (a) => io.stdout(`cc-top: ${a.level === 'error' ? 'ALERT' : 'warning'}: ${a.title}: ${a.message}`),
  });
  const signal = await stop.signal;
  alerts.stop();
  await service.stop();
  const { store } = service;
  // Say what happened: saved, nothing to save, or the write failed (the data is then lost: exit 1).
  if (store.writeError) {
    io.stderr(`cc-top: stopped (${signal}); ${store.writeError.replace(/; keeping data in memory and retrying$/, '')}: the data since the last successful write is lost`);
    return 1;
  }
  io.stdout(`cc-top: stopped (${signal}); ${store.wroteAny ? `store saved to ${options.storePath}` : `nothing new to save in ${options.storePath}`}`);
  return 0;
}
