// The checks the UI tests measure screens with: cells as a terminal draws them, and boxes whose
// borders line up. They must catch a border pushed out of place by a wide character.
import { describe, expect, it } from 'vitest';
import { blankRowsPerBox, brokenBorders, cellsOf, widest } from './screenCells.js';

describe('widest', () => {
  it('counts CJK and emoji as two cells and a combining accent as none', () => {
    expect(widest('ab\n東京\n🚀x')).toBe(4);
    expect(widest('cafe\u0301')).toBe(4);
  });
});

describe('cellsOf', () => {
  it('puts a wide character in its first cell and nothing in its second', () => {
    expect(cellsOf('a東b')).toEqual(['a', '東', '', 'b']);
    expect(cellsOf('e\u0301x')).toEqual(['e\u0301', 'x']);
  });
});

describe('brokenBorders', () => {
  const box = (...inner: string[]) => ['╭────╮', ...inner.map((l) => `│${l}│`), '╰────╯'].join('\n');

  it('passes whole boxes, side by side, with wide characters inside', () => {
    expect(brokenBorders(box('東京', 'abcd'))).toEqual([]);
    expect(brokenBorders(['╭──╮ ╭─╮', '│東│ │x│', '╰──╯ ╰─╯'].join('\n'))).toEqual([]);
  });

  it('ignores corners drawn inside a box (a chart)', () => {
    expect(brokenBorders(box('╭╮  ', '│╰─╯'))).toEqual([]);
  });

  it('finds a right border pushed out by a wide character counted as one cell', () => {
    expect(brokenBorders(box('東京-', 'abcd'))).toEqual([expect.stringContaining('row 1')]);
  });

  it('finds a right border pulled in, a missing bottom and a broken top', () => {
    expect(brokenBorders(box('abc', 'abcd'))).toEqual([expect.stringContaining('row 1')]);
    expect(brokenBorders('╭────╮\n│abcd│')).toEqual([expect.stringContaining('no bottom')]);
    expect(brokenBorders('╭─x──╮\n│abcd│\n╰────╯')).toEqual([expect.stringContaining('top border')]);
  });
});

describe('blankRowsPerBox', () => {
  it('counts the blank inner rows of each box, side by side', () => {
    const frame = ['╭───╮ ╭──╮', '│ A │ │B │', '│   │ │x │', '│   │ │  │', '╰───╯ ╰──╯'].join('\n');
    expect(blankRowsPerBox(frame)).toEqual([
      { title: 'A', blank: 2 },
      { title: 'B', blank: 1 },
    ]);
  });
});
