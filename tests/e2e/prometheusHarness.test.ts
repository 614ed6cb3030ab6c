// The Prometheus harness itself, independent of cc-top: history backfilled with promtool is there
// to query, a scrape wait sees what the target served after a moment, and a missing binary fails
// with the command that installs it (it never skips).
import { afterAll, describe, expect, it } from 'vitest';
import { engineBinary, scrapedAfter, startExposition, startPrometheus, type Exposition, type TestPrometheus } from './harness/prometheus.js';

describe('the Prometheus test harness', { timeout: 120_000 }, () => {
  const started: TestPrometheus[] = [];
  let expo: Exposition | undefined;
  afterAll(async () => {
    for (const p of started) await p.stop();
    await expo?.close();
  });

  it('backfills history with promtool before Prometheus starts', async () => {
    // Three hours ago, for an hour: older than the head block Prometheus would keep in memory.
    const start = Math.floor(Date.now() / 1000) - 3 * 3600;
    const lines = ['# TYPE harness_backfilled counter'];
    for (let i = 0; i <= 60; i++) lines.push(`harness_backfilled_total{who="a"} ${i * 2} ${start + i * 60}`);
    lines.push('# EOF', '');
    const prom = await startPrometheus({ backfill: lines.join('\n') });
    started.push(prom);
    const at = await prom.query('harness_backfilled_total', start + 30 * 60);
    expect(at.map((s) => [s.metric['who'], s.value])).toEqual([['a', '60']]);
    expect((await prom.query('increase(harness_backfilled_total[2h])', start + 60 * 60)).length).toBe(1);
  });

  it('waits for a scrape after a moment: what the target served then is queryable', async () => {
    expo = await startExposition();
    const prom = await startPrometheus({ targets: [expo.target] });
    started.push(prom);
    expo.set('# TYPE harness_value gauge\nharness_value 1\n', 1);
    await scrapedAfter(prom, Date.now());
    expo.set('# TYPE harness_value gauge\nharness_value 2\n', 2);
    await scrapedAfter(prom, Date.now());
    expect((await prom.query('harness_value'))[0]?.value).toBe('2');
  });

  it('a missing binary fails with the reason and the fix', () => {
    expect(engineBinary('prometheus')).toMatch(/\/prometheus$/);
    expect(() => engineBinary('no-such-engine', '/nonexistent-for-cc-top')).toThrow(
      "no-such-engine is not installed (looked for /usr/bin/no-such-engine, /nonexistent-for-cc-top/no-such-engine); install Debian's package: `sudo apt-get install -y --no-install-recommends prometheus`",
    );
  });
});
