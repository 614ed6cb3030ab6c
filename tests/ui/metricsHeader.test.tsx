// The live header says where /metrics is served, when it is, and gives that place up first when
// the terminal is narrow.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { renderApp, type Screen } from './renderApp.js';
import { scenarioStore } from './scenario.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const listening = { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, metricsUrl: 'http://127.0.0.1:9464/metrics' };

describe('header: /metrics', () => {
  it('shows where Prometheus can scrape cc-top beside the OTLP ports', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 200, rows: 30 }, { listening });
    await screen.until((text) => expect(text.split('\n')[0]).toContain('grpc 127.0.0.1:4317 · http 127.0.0.1:4318 · 127.0.0.1:9464/metrics'));
  });

  it('drops it before the OTLP ports when the line is too narrow, and shows nothing of it when it is off', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 }, { listening });
    await screen.until((text) => expect(text.split('\n')[0]).toContain('http 127.0.0.1:4318'));
    expect(screen.text().split('\n')[0]).not.toContain('/metrics');
    screen.unmount();
    screen = await renderApp(store, { columns: 200, rows: 30 });
    await screen.until((text) => expect(text.split('\n')[0]).toContain('http 127.0.0.1:4318'));
    expect(screen.text().split('\n')[0]).not.toContain('/metrics');
  });
});
