// The live service: store + lock + OTLP receiver, started and stopped as one unit. Both the
// headless mode and the TUI run it.
import { isIP } from 'node:net';
import { createIngest } from './ingest.js';
import { startReceiver, type Receiver } from './otlp/receiver.js';
import { acquireLock, type StoreLock } from './store/lock.js';
import { JsonFileAdapter } from './store/persistence.js';
import { Store, type Clock } from './store/store.js';
import { DEFAULT_HOST } from './defaults.js';
import { statusSummaryWriter } from './report/statusSummary.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metricsEndpoint/endpoint.js';
import type { FamilyProvider } from './metricsEndpoint/families.js';
import { RequestTally } from './metricsEndpoint/health.js';
import { forwardFamilies } from './metricsEndpoint/forwardFamilies.js';
import { Forwarder } from './forward/forwarder.js';
import { ForwardStatusWriter, forwardStatusPath, removeForwardStatus } from './forward/status.js';
import { targetHostPort, type ForwardSettings } from './forward/target.js';
import { applyBatch, type BatchResult } from './transcripts/batch.js';
import { watchImports } from './transcripts/inbox.js';


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
  /** Pass every accepted export request on to this upstream (see src/forward/). */
  forward?: ForwardSettings | undefined;
  clock?: Clock;
  onMessage: (message: string, level: 'warn' | 'info') => void;
}

export interface Service {
  store: Store;
  receiver: Receiver;
  /** /metrics, when `metrics` asked for it. */
  metrics: MetricsEndpoint | undefined;
  /** Present when forwarding: its status() is what the header, the status file and /metrics show. */
  forwarder?: Forwarder;
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

/** Forwarding to cc-top's own listener would send every request round in a loop. */
export class ForwardLoopError extends Error {}

function checkNoLoop(forward: ForwardSettings, host: string, ports: number[]): void {
  const to = targetHostPort(forward.target);
  const sameHost = to.host === host || (isLoopback(to.host) && (isLoopback(host) || host === '0.0.0.0' || host === '::'));
  if (sameHost && ports.includes(to.port)) {
    throw new ForwardLoopError(`--forward ${forward.target.url} is this cc-top's own address: every request would come back to it; forward to the Collector (or another cc-top) instead`);
  }
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const lock: StoreLock = await acquireLock(options.storePath, {
    host: options.host,
    grpcPort: options.grpcPort,
    httpPort: options.httpPort,
  });
  let store: Store | undefined;
  let receiver: Receiver | undefined;
  let forwarder: Forwarder | undefined;
  let metrics: MetricsEndpoint | undefined;
  try {
    const clock = options.clock ?? Date.now;
    store = await Store.open({
      adapter: new JsonFileAdapter(options.storePath),
      clock,
      onMessage: options.onMessage,
      // The status line reads this small summary instead of the whole store (see statusSummary.ts).
      onWritten: statusSummaryWriter(options.storePath, clock),
    });
    const openStore = store;
    if (options.forward) checkNoLoop(options.forward, options.host, [options.grpcPort, options.httpPort]);
    const statusPath = forwardStatusPath(options.storePath);
    // Forwarding's state is kept beside the store for --once, doctor and viewers; a file left by
    // an earlier run that forwarded would tell them about forwarding that no longer happens.
    if (!options.forward) await removeForwardStatus(statusPath);
    forwarder = options.forward
      ? new Forwarder({
          settings: options.forward,
          clock,
          onMessage: (message, level) => {
            openStore.noteMessage('forward', message);
            options.onMessage(message, level);
          },
        })
      : undefined;
    const statusFile = forwarder ? new ForwardStatusWriter(statusPath) : undefined;
    if (forwarder && statusFile) {
      forwarder.subscribe((status) => statusFile.write(status));
      statusFile.write(forwarder.status());
    }
    const requests = options.metrics ? new RequestTally() : undefined;
    receiver = await startReceiver({
      host: options.host,
      grpcPort: options.grpcPort,
      httpPort: options.httpPort,
      consumer: createIngest(store, { keepPrompts: options.keepPrompts }),
      ...(requests ? { onAnswered: (protocol, signal, status) => requests.record(protocol, signal, status) } : {}),
      ...(forwarder ? { onAccepted: forwarder.accept } : {}),
    });
    if (options.forward) checkNoLoop(options.forward, options.host, [receiver.grpc.port, receiver.http.port]);
    const forwarding = forwarder;
    const providers = [...(options.metricsProviders ?? []), ...(forwarding ? [() => forwardFamilies(forwarding.status())] : [])];
    metrics = options.metrics
      ? await startMetricsEndpoint({ host: options.host, port: options.metrics.port, store, dropLabels: options.metrics.dropLabels, ...(requests ? { requests } : {}), providers })
      : undefined;
    await lock.update({ host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port, ...(metrics ? { metricsPort: metrics.port } : {}) });
    const openReceiver = receiver;
    const openForwarder = forwarder;
    const openMetrics = metrics;
    // `cc-top import` hands its imports to the process that holds the store (see transcripts/inbox.ts).
    const inbox = await watchImports(
      options.storePath,
      async (batch) => {
        let result: BatchResult | undefined;
        openStore.update((state, now) => {
          result = applyBatch(state, batch, now);
        });
        await openStore.flush();
        if (openStore.writeError) throw new Error(openStore.writeError);
        return result!;
      },
      (m) => options.onMessage(m, 'warn'),
    );
    let stopping: Promise<void> | undefined;
    return {
      store: openStore,
      receiver: openReceiver,
      metrics: openMetrics,
      ...(openForwarder ? { forwarder: openForwarder } : {}),
      stop: () =>
        (stopping ??= (async () => {
          inbox.close();
          await openMetrics?.close();
          await openReceiver.close();
          // Nothing new arrives now: what is queued gets a short deadline to reach the upstream.
          if (openForwarder) {
            await openForwarder.stop();
            statusFile!.write(openForwarder.status());
            await statusFile!.flush();
          }
          await openStore.close();
          await lock.release();
        })()),
    };
  } catch (err) {
    await metrics?.close().catch(() => {});
    await receiver?.close().catch(() => {});
    await forwarder?.stop(0).catch(() => {});
    await store?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
