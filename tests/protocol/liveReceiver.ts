// An in-process cc-top pipeline (receiver -> telemetry -> store, in memory) on free ports, for
// protocol tests that send real OTLP and read the resulting figures.
import { Memory } from 'lowdb';
import { createIngest } from '../../src/ingest.js';
import { startReceiver, type AcceptedHook, type Receiver, type ReceiverLimits } from '../../src/otlp/receiver.js';
import type { ExportConsumer } from '../../src/otlp/types.js';
import type { StoreState } from '../../src/store/state.js';
import { Store } from '../../src/store/store.js';

export interface LiveReceiver {
  store: Store;
  receiver: Receiver;
  httpUrl: string;
  grpcUrl: string;
  close(): Promise<void>;
}

export async function startLiveReceiver(options: { consumer?: ExportConsumer; limits?: Partial<ReceiverLimits>; onAccepted?: AcceptedHook } = {}): Promise<LiveReceiver> {
  const store = await Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }) });
  const receiver = await startReceiver({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    consumer: options.consumer ?? createIngest(store, { keepPrompts: false }),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onAccepted ? { onAccepted: options.onAccepted } : {}),
  });
  return {
    store,
    receiver,
    httpUrl: `http://127.0.0.1:${receiver.http.port}`,
    grpcUrl: `http://127.0.0.1:${receiver.grpc.port}`,
    close: async () => {
      await receiver.close();
      await store.close();
    },
  };
}
