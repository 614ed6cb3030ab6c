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
import { applyBatch, type BatchResult } from './transcripts/batch.js';
import { watchImports } from './transcripts/inbox.js';


export interface ServiceOptions {
  host: string;
  grpcPort: number;
  httpPort: number;
  storePath: string;
  keepPrompts: boolean;
  clock?: Clock;
  onMessage: (message: string, level: 'warn' | 'info') => void;
}

export interface Service {
  store: Store;
  receiver: Receiver;
  /** Stop listening, write the store, release the lock. Safe to call twice. */
  stop(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

export function exposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  return (
    `warning: listening on ${host}, not loopback: anyone who can reach ports on this address can send data into cc-top. ` +
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
    const receiver = await startReceiver({
      host: options.host,
      grpcPort: options.grpcPort,
      httpPort: options.httpPort,
      consumer: createIngest(store, { keepPrompts: options.keepPrompts }),
    });
    await lock.update({ host: options.host, grpcPort: receiver.grpc.port, httpPort: receiver.http.port });
    const openStore = store;
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
      receiver,
      stop: () =>
        (stopping ??= (async () => {
          inbox.close();
          await receiver.close();
          await openStore.close();
          await lock.release();
        })()),
    };
  } catch (err) {
    await store?.close().catch(() => {});
    await lock.release();
    throw err;
  }
}
