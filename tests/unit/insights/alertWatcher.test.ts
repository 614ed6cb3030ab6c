// Alerts where the data arrives: a daily budget crossed while data flows is recorded and notified
// exactly once per threshold; --once exits 3 past a budget.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory } from 'lowdb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli.js';
import type { CommandIO } from '../../../src/commands/io.js';
import type { Alert } from '../../../src/insights/alertRules.js';
import { watchAlerts } from '../../../src/insights/alertWatcher.js';
import { defaultConfig } from '../../../src/insights/config.js';
import { eventRows } from '../../../src/report/eventLog.js';
import { applyMetricSample } from '../../../src/store/aggregate.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { Store } from '../../../src/store/store.js';
import { costSample, T0 } from '../../builders/samples.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchAlerts', () => {
  it('raises the 80 % and 100 % crossings of a daily budget once each, into the event log and to notify', async () => {
    vi.useFakeTimers({ now: T0 });
    const store = await Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }), clock: () => Date.now() });
    const config = { ...defaultConfig(), budgets: { dayUsd: 1 } };
    const notified: Alert[] = [];
    const watcher = watchAlerts({ source: store, config, clock: () => Date.now(), record: (a) => store.noteAlert(a), notify: (a) => notified.push(a) });
    const spend = (usd: number) => store.ingestMetrics({ samples: [costSample(usd, { timeMs: Date.now(), startNs: `${Date.now() - 500}000000`, timeNs: `${Date.now()}000000` })], unknown: [], rejected: [], foreign: 0, originals: new Map() });
    for (let i = 0; i < 12; i++) {
      spend(0.1);
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(notified.map((a) => a.id)).toEqual([expect.stringMatching(/^budget-day-80-/), expect.stringMatching(/^budget-day-100-/)]);
    const log = eventRows(store.state).filter((r) => r.kind === 'alert');
    expect(log).toHaveLength(2);
    expect(log[1]!.text).toMatch(/^✗ /);
    watcher.stop();
    await store.close();
  });
});

describe('cc-top --once with budgets', () => {
  it('prints the budget and exits 3 once it is exceeded (0 below it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-budget-'));
    try {
      const store = join(dir, 'store.json');
      const state = emptyState(T0);
      applyMetricSample(state, costSample(4.5), T0);
      await new JsonFileAdapter(store).write(state);
      const out: string[] = [];
      const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { CC_TOP_CONFIG: join(dir, 'none.json'), PATH: '' }, clock: () => T0 };
      expect(await main(['--once', '--store', store, '--budget-day', '5'], io)).toBe(0);
      expect(out.join('\n')).toMatch(/Budget\s+day budget \$4\.50 of \$5\.00 \(90%\)/);
      out.length = 0;
      expect(await main(['--once', '--json', '--store', store, '--budget-day', '4'], io)).toBe(3);
      const json = JSON.parse(out.join('\n')) as { budgets: { kind: string; level: string; spentUsd: number }[] };
      expect(json.budgets).toEqual([expect.objectContaining({ kind: 'day', level: 'error', spentUsd: 4.5, limitUsd: 4 })]);
      out.length = 0;
      expect(await main(['--once', '--store', store, '--budget-day', 'lots'], io)).toBe(2);
      expect(out.join('\n')).toContain('--budget-day must be a positive amount in USD');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
