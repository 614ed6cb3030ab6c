// The live service: store + lock + OTLP receiver, started and stopped as one unit. Both the
// headless mode and the TUI run it.
import { isIP } from 'node:net';
import { createIngest } from './ingest.js';
import { startReceiver, type Receiver } from './otlp/receiver.js';
import { acquireLock, type StoreLock } from './store/lock.js';
import { JsonFileAdapter } from './store/persistence.js';
import { Store, type Clock } from './store/store.js';
import { DEFAULT_HOST } from './defaults.js';
import { writeFileVerified } from './files/safeWrite.js';
import { computeStatusSummary } from './report/statusSummary.js';
import { statusSummaryPath } from './report/statusSummaryFile.js';
import type { StoreState } from './store/state.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metricsEndpoint/endpoint.js';
import type { FamilyProvider } from './metricsEndpoint/families.js';
import { RequestTally } from './metricsEndpoint/health.js';


export interface ServiceOptions {
  host: string;
  grpcPort: number;
  httpPort: number;
  storePath: string;
  keepPrompts: boolean;
  /** `--metrics-port`: serve /metrics for Prometheus on `host`, beside the receiver. */
  metrics?: { port: number; dropLabels: readonly string[] } | undefined;
  /** More `cc_top_*` families for /metrics (e.g. the forward queue's state), read at each scrape. */
  metricsProviders?: readonly FamilyProvider[];
  clock?: Clock;
  onMessage: (message: string, level: 'warn' | 'info') => void;
}

export interface Service {
  store: Store;
  receiver: Receiver;
  /** /metrics, when `metrics` asked for it. */
  metrics: MetricsEndpoint | undefined;
  /** Stop listening, write the store, release the lock. Safe to call twice. */
  stop(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

export function exposureWarning(host: string, servesMetrics = false): string | undefined {
  if (isLoopback(host)) return undefined;
  return (
    `warning: listening on ${host}, not loopback: anyone who can reach ports on this address can send data into cc-top${servesMetrics ? ' and read its figures at /metrics' : ''}. ` +
    `Use --host ${DEFAULT_HOST} unless you mean it.`
  );
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const lock: StoreLock = await acquireLock(options.storePath, {
    host: options.host,
    grpcPort: options.grpcPort,
    httpPort: options.httpPort,
  });
  let store: Store | undefined;
  let receiver: Receiver | undefined;
  try {
    const clock = options.clock ?? Date.now;
    const summaryPath = statusSummaryPath(options.storePath);
    store = await Store.open({
      adapter: new JsonFileAdapter(options.storePath),
      clock,
      onMessage: options.onMessage,
      // The status line reads this small summary instead of the whole store (see statusSummary.ts).
      onWritten: (state: StoreState) => void writeFileVerified(summaryPath, JSON.stringify(computeStatusSummary(state, clock())), { fsync: false }).catch(() => undefined),
    });
    const requests = options.metrics ? new RequestTally() : undefined;
    const openReceiver = (receiver = await startReceiver({
      host: options.host,
      grpcPort: options.grpcPort,
      httpPort: options.httpPort,
      consumer: createIngest(store, { keepPrompts: options.keepPrompts }),
      ...(requests ? { onAnswered: (protocol, signal, status) => requests.record(protocol, signal, status) } : {}),
    }));
    const metrics = options.metrics
      ? await startMetricsEndpoint({ host: options.host, port: options.metrics.port, store, dropLabels: options.metrics.dropLabels, ...(requests ? { requests } : {}), providers: options.metricsProviders ?? [] })
      : undefined;
    await lock.update({ host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port, ...(metrics ? { metricsPort: metrics.port } : {}) });
    let stopping: Promise<void> | undefined;
    const openStore = store;
    return {
      store: openStore,
      receiver: openReceiver,
      metrics,
      stop: () =>
        (stopping ??= (async () => {
          await metrics?.close();
          await openReceiver.close();
          await openStore.close();
          await lock.release();
        })()),
    };
  } catch (err) {
    await receiver?.close().catch(() => {});
    await store?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
