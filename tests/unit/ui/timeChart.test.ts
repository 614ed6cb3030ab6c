// Time charts: a round scale, columns in eighths, a time axis labelled at round times, every line
// exactly the width it was given.
import { describe, expect, it } from 'vitest';
import { cellWidth } from '../../../src/report/cells.js';
import { formatUsdShort } from '../../../src/report/format.js';
import { columnEdges, columnRows, niceTop, stackedChart, timeAxis } from '../../../src/ui/components/timeChart.js';

const H = 3_600_000;
const DAY = Date.UTC(2026, 10, 25);
const text = (l: { text: string }[]) => l.map((s) => s.text).join('');

describe('niceTop', () => {
  it.each([
    [2.86, 3],
    [1.2345, 1.5],
    [0.0031, 0.004],
    [520_000, 600_000],
    [1, 1],
    [0, 0],
  ])('%d -> %d', (v, top) => expect(niceTop(v)).toBeCloseTo(top, 12));
});

describe('columns', () => {
  it('fill eighths from the bottom; a tiny amount still shows; a bucket to come stays blank', () => {
    expect(columnRows([4, 1, 0.001, null, 0], 4, 2, columnEdges(5, 5))).toEqual(['█    ', '█▄▁  ']);
  });

  it('share the width out: no cell is left over', () => {
    const edges = columnEdges(3, 10);
    expect(edges).toEqual([0, 3, 6, 10]);
    expect(columnRows([1, 1, 1], 1, 1, edges)[0]).toHaveLength(10);
  });
});

describe('timeAxis', () => {
  it('labels round hours under ticks, as far apart as the labels need', () => {
    const starts = Array.from({ length: 24 }, (_, i) => DAY + i * H);
    const { axis, labels } = timeAxis({ starts, stepMs: H }, columnEdges(24, 48), 48);
    expect(axis).toHaveLength(48);
    expect(labels.trimEnd()).toBe('00:00 03:00 06:00 09:00 12:00 15:00 18:00 21:00');
    expect(axis.startsWith('┬─────┬')).toBe(true);
  });

  it('shows the date at midnight when the axis spans days', () => {
    const starts = Array.from({ length: 12 }, (_, i) => DAY + 18 * H + i * H);
    expect(timeAxis({ starts, stepMs: H }, columnEdges(12, 36), 36).labels).toContain('11-26');
  });
});

describe('stackedChart', () => {
  it('every line is the width it was given; scales in units; zero on the axis', () => {
    const starts = Array.from({ length: 20 }, (_, i) => DAY + 12 * H + i * 15 * 60_000);
    const values = starts.map((_, i) => (i === 5 ? 1.2 : i === 6 ? 0.3 : 0));
    const lines = stackedChart({ starts, stepMs: 15 * 60_000 }, [{ name: '', values }], { width: 40, rows: 4, format: formatUsdShort }).map(text);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^\$1\.2 ┤/);
    expect(lines[2]).toMatch(/^\$0\.6 ┤/);
    expect(lines[4]).toMatch(/^ {2}\$0 └/);
    expect(lines[5]).toContain('12:00');
  });
});
