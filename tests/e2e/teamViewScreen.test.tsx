// The live view of a team's Prometheus (a real one, so with the end-to-end tests), as a lead sees
// it: the team's cost, where it comes from, one line where events would be, a Users table when
// grouped by user, and the last figures kept and marked stale when Prometheus goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromClient } from '../../src/prometheusSource/promClient.js';
import { TeamLiveSource } from '../../src/prometheusSource/teamLiveSource.js';
import { formatUsd } from '../../src/report/format.js';
import { resolveWindow } from '../../src/report/window.js';
import { phaseText, PHASES, truth } from './harness/teamFixtures.js';
import { scraped, startExposition, startPrometheus, type Exposition, type TestPrometheus } from './harness/prometheus.js';
import { renderApp, type Screen } from '../ui/renderApp.js';

let expo: Exposition;
let prom: TestPrometheus;
let source: TeamLiveSource;
let screen: Screen;
const costOf = (sessions?: string[]) => [...truth('claude')].filter(([k]) => k.startsWith('claude_code.cost.usage|') && (!sessions || sessions.some((s) => k.includes(s)))).reduce((n, [, v]) => n + v, 0);

beforeAll(async () => {
  expo = await startExposition();
  prom = await startPrometheus({ targets: [expo.target] });
  for (let p = 1; p <= PHASES; p++) {
    expo.set(phaseText('claude', p), p);
    await scraped(prom, p);
  }
  source = new TeamLiveSource({
    client: new PromClient({ url: prom.url }),
    refreshMs: 500,
    clock: Date.now,
    resolveWindow,
    view: { window: '24h', sort: 'lastSeen' },
    budgets: { day: false, month: false },
  });
  source.start();
  screen = await renderApp(source, { columns: 120, rows: 36 }, { clock: Date.now, initialWindow: '24h' });
}, 120_000);

afterAll(async () => {
  screen?.unmount();
  source?.close();
  await prom?.stop();
  await expo?.close();
});

describe('the team view', () => {
  it("shows the team's cost from Prometheus, and says where it comes from", async () => {
    await screen.until((t) => expect(t).toContain(`prometheus ${prom.url}`));
    await screen.until((t) => expect(t).toMatch(new RegExp(`Cost\\s+\\${formatUsd(costOf())}`)));
    expect(screen.text()).not.toMatch(/\d+ requests/);
    // The chart has the spend too (it reads whichever tier its step needs): a running total ending at the figure.
    expect(screen.text()).toMatch(new RegExp(`running total: \\${formatUsd(costOf())}`));
  });

  it('says in one line that tools, latency and events are not in Prometheus', async () => {
    await screen.press('5');
    await screen.until((t) => expect(t).toContain('Tools, latency and API errors are events: not in Prometheus.'));
    await screen.press('6');
    await screen.until((t) => expect(t).toContain('Events are not in Prometheus.'));
  });

  it('shows a Users table in the Sessions panel when grouped by user', async () => {
    await screen.press('3');
    await screen.press('g');
    await screen.press('g');
    await screen.until((t) => expect(t).toContain('by user (g)'));
    await screen.press('4');
    await screen.until((t) => expect(t).toMatch(/Users/));
    await screen.until((t) => expect(t).toMatch(new RegExp(`alice@example\\.com\\s+\\${formatUsd(costOf(['3286bc07']))}`)));
    expect(screen.text()).toMatch(/bob@example\.com\s+\S+\s+\S+\s+\S+\s+2\b/);
  });

  it('keeps the last figures, marked stale, when Prometheus stops answering', async () => {
    await prom.stop();
    await screen.until((t) => expect(t).toContain('STALE'));
    await screen.until((t) => expect(t).toMatch(/stale: Prometheus at http:\/\/127\.0\.0\.1:\d+ cannot be reached/));
    expect(screen.text()).toContain('alice@example.com');
  });
});
