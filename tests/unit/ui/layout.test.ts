import { describe, expect, it } from 'vitest';
import { computeLayout, MIN_COLUMNS, MIN_ROWS } from '../../../src/ui/layout.js';

describe('computeLayout', () => {
  it.each([
    [60, 20, false],
    [80, 24, false],
    [100, 30, false],
    [120, 40, true],
    [200, 60, true],
  ])('%ix%i: fits exactly, split=%s', (columns, rows, split) => {
    const l = computeLayout(columns, rows);
    expect(l.tooSmall).toBe(false);
    expect(l.split).toBe(split);
    expect(l.headerRows + l.bodyRows + l.footerRows).toBe(rows);
    if (split) {
      expect(l.mainColumns + 1 + l.sideColumns).toBe(columns);
      expect(l.sideColumns).toBeGreaterThanOrEqual(48);
      expect(l.mainColumns).toBeGreaterThan(l.sideColumns);
    } else {
      expect(l.mainColumns).toBe(columns);
      expect(l.sideColumns).toBe(0);
    }
  });

  it('gives the side panel room for an event line, and the focused panel more than half', () => {
    expect(computeLayout(120, 40).sideColumns).toBe(50);
    expect(computeLayout(200, 50)).toMatchObject({ sideColumns: 84, mainColumns: 115 });
    expect(computeLayout(400, 50)).toMatchObject({ sideColumns: 84, mainColumns: 315 });
  });

  it.each([
    [59, 20],
    [60, 19],
    [10, 5],
    [0, 0],
  ])('%ix%i is too small', (columns, rows) => {
    const l = computeLayout(columns, rows);
    expect(l.tooSmall).toBe(true);
    expect(l.split).toBe(false);
  });

  it('treats fractional and negative sizes sanely', () => {
    expect(computeLayout(MIN_COLUMNS + 0.7, MIN_ROWS + 0.2).tooSmall).toBe(false);
    expect(computeLayout(-5, -5)).toMatchObject({ columns: 0, rows: 0, tooSmall: true, bodyRows: 0 });
  });
});
