// The team view's flags: --prometheus URL, --prometheus-header KEY=VALUE (repeatable), --refresh.
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/commands/args.js';
import { formatOnceText, NO_EVENTS_NOTE } from '../../src/report/onceText.js';
import { createPaint } from '../../src/report/paint.js';
import { selectSummary } from '../../src/report/summary.js';
import { emptyState } from '../../src/store/state.js';
import { applyMetricSample } from '../../src/store/aggregate.js';
import { costSample, T0 } from '../builders/samples.js';

describe('team view flags', () => {
  it('reads the URL, the headers and the refresh', () => {
    const a = parseCli(['--prometheus', 'http://p:9090', '--prometheus-header', 'Authorization=Bearer x=y', '--prometheus-header', 'X-Scope-OrgID=acme', '--refresh', '5'], {});
    expect(a.prometheus).toEqual({ url: 'http://p:9090', headers: [['Authorization', 'Bearer x=y'], ['X-Scope-OrgID', 'acme']], refreshSec: 5 });
    expect(a.portsGiven).toBe(false);
    expect(parseCli(['--prometheus', 'http://p:9090', '--http-port', '0'], {}).portsGiven).toBe(true);
    expect(parseCli(['--prometheus', 'http://p:9090'], {}).prometheus?.refreshSec).toBe(15);
  });

  it.each([
    [['--refresh', '5'], /--refresh goes with --prometheus/],
    [['--prometheus-header', 'A=b'], /--prometheus-header goes with --prometheus/],
    [['--prometheus', 'p:9090'], /--prometheus takes the server's URL/],
    [['--prometheus', 'http://p', '--refresh', '0'], /--refresh takes seconds from 1 to 3600/],
    [['--prometheus', 'http://p', '--prometheus-header', 'novalue'], /--prometheus-header takes KEY=VALUE/],
    [['--prometheus', 'http://p', '--headless'], /goes with the live view or --once, not --headless/],
    [['--prometheus', 'http://p', '--metrics-port', '9464'], /--metrics-port goes with the cc-top that receives/],
    [['--prometheus', 'http://p', '--forward', 'http://c:4318'], /--forward goes with the cc-top that receives/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
    expect(() => parseCli(argv, {})).toThrow(message);
  });
});

describe('--once text without events', () => {
  it('says that requests and prompts are not in Prometheus instead of counting zero of them', () => {
    const state = emptyState(T0);
    applyMetricSample(state, costSample(1.25), T0);
    const text = formatOnceText(selectSummary(state, 'today', T0), createPaint(false), T0, { noEvents: true, sourceLabel: 'http://p:9090' });
    expect(text).toContain(NO_EVENTS_NOTE);
    expect(text).toContain('from http://p:9090');
    expect(text).not.toMatch(/API request/);
    expect(text).toMatch(/claude-sonnet-4-5\s+\$1\.25\s+\S+\s+–/);
  });
});
