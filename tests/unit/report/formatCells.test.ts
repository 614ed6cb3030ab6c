// Text is measured and cut in terminal cells, as Ink lays it out: a wide character takes two
// cells and is never split, a combining mark takes none, the ellipsis takes one.
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cellWidth, cutToCells, fit, shortId, truncateToCells } from '../../../src/report/cells.js';

const FAMILY = '👨‍👩‍👧‍👦'; // four emoji joined by ZWJ: one grapheme, two cells
const ACCENTED = 'e\u0301'; // e + combining acute: one grapheme, one cell

describe('cellWidth', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['東京-api', 8],
    ['読み込み', 8],
    ['🚀', 2],
    [FAMILY, 2],
    ['🇯🇵', 2],
    [ACCENTED, 1],
    ['claude-🚀-ünïcöde\u0301', 17],
  ])('%j takes %i cells', (text, cells) => {
    expect(cellWidth(text)).toBe(cells);
    expect(stringWidth(text)).toBe(cells);
  });
});

describe('fit', () => {
  it('pads ASCII left or right, and cuts it with a one-cell ellipsis', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abcd', 4)).toBe('abcd');
  });

  it.each([
    [0, ''],
    [1, '…'],
    [2, ' …'],
    [3, '東…'],
    [4, '東 …'],
    [5, '東京…'],
    [8, '東京-api'],
    [10, '東京-api  '],
  ])('a CJK label at width %i: %j', (width, want) => {
    expect(fit('東京-api', width)).toBe(want);
    expect(stringWidth(fit('東京-api', width))).toBe(width);
  });

  it('right-aligns in cells', () => {
    expect(fit('東京', 5, 'right')).toBe(' 東京');
    expect(fit('🚀', 3, 'right')).toBe(' 🚀');
  });

  it('never splits a ZWJ emoji sequence', () => {
    expect(fit(FAMILY, 2)).toBe(FAMILY);
    expect(fit(`${FAMILY}x`, 2)).toBe(' …');
    expect(fit(`${FAMILY}${FAMILY}`, 3)).toBe(`${FAMILY}…`);
    expect(fit(`a${FAMILY}`, 1)).toBe('…');
  });

  it('keeps a combining accent with its letter and gives it no cell', () => {
    const word = `caf${ACCENTED}`;
    expect(fit(word, 4)).toBe(word);
    expect(fit(word, 6)).toBe(`${word}  `);
    expect(fit(`${ACCENTED}${ACCENTED}${ACCENTED}`, 2)).toBe(`${ACCENTED}…`);
  });

  it('at widths 0, 1 and 2, with wide, emoji and accented text', () => {
    for (const text of ['東京', '🚀', FAMILY, ACCENTED, `${ACCENTED}x`, 'ab']) {
      expect(fit(text, 0)).toBe('');
      expect(stringWidth(fit(text, 1))).toBe(1);
      expect(stringWidth(fit(text, 2))).toBe(2);
    }
    expect(fit('東京', 1)).toBe('…');
    expect(fit('東京', 2)).toBe(' …');
    expect(fit('東', 2)).toBe('東');
    expect(fit(ACCENTED, 1)).toBe(ACCENTED);
  });

  it('drops what the terminal would not draw in a cell: controls, stray zero-width characters', () => {
    expect(fit('a\u200bb', 3)).toBe('ab ');
    expect(fit('\u0301ab', 3)).toBe('ab ');
    expect(fit('a\u00adb', 2)).toBe('ab');
    expect(fit('red\x1b[31mX', 12)).not.toContain('\x1b');
    expect(fit('two\nlines\tand tab', 20)).toBe('two lines and tab   ');
  });

  it('draws a grapheme the width libraries disagree on so Ink does not drop the end of the line', () => {
    // string-width: 1 cell; slice-ansi (Ink's clipping): 2. Without the selector both say 1.
    expect(fit('x\ufe0fy', 3)).toBe('xy ');
    // A lone regional indicator: replaced, not left to push the border.
    expect(fit('\u{1F1EF}z', 3)).toBe('\ufffdz ');
  });

  it('takes exactly the width asked for, whatever the text (property)', () => {
    const pieces = ['a', 'Z', ' ', '東', '読', '🚀', FAMILY, '🇯🇵', ACCENTED, '\u0301', '\u200b', '\u200d', '\ufe0f', 'x\ufe0f', '\u{1F1EF}', '\x1b', '\n', '\t', '·', '…', '\ud83d'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.integer({ min: 0, max: 14 }), fc.boolean(), (parts, width, right) => {
        const out = fit(parts.join(''), width, right ? 'right' : 'left');
        expect(stringWidth(out)).toBe(width);
        expect(cellWidth(out)).toBe(width);
        // Ink clips each line with slice-ansi at its string-width: nothing may be lost there.
        expect(sliceAnsi(out, 0, width)).toBe(out);
        // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
        expect(out).not.toMatch(/[\x00-\x1f\x7f]/);
      }),
    );
  });
});

describe('text as drawn', () => {
  const drawnText = (text: string) => cutToCells(text, Number.POSITIVE_INFINITY).text;
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  /** The same text segmented whole, zero-width graphemes dropped: what the fast path must equal. */
  const reference = (text: string) => [...segmenter.segment(text)].map((g) => g.segment).filter((g) => stringWidth(g) > 0).join('');

  it('keeps an accent on the ASCII letter before it, wherever the letter sits in a run', () => {
    expect(drawnText(`abcde\u0301fgh`)).toBe(`abcde\u0301fgh`);
    expect(drawnText(`東a\u0301`)).toBe(`東a\u0301`);
    expect(drawnText(`東ab\u0301c`)).toBe(`東ab\u0301c`);
  });

  it('segments like the whole text would, ASCII runs or not (property)', () => {
    const pieces = ['abc', 'a', 'xy', ' ', '東', ACCENTED, '\u0301', '🚀', FAMILY, '\u0600', '1', '\u200d', '🇯🇵', 'ก\u0e33'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        // Graphemes the width libraries disagree on are drawn differently on purpose (see above).
        fc.pre([...segmenter.segment(text)].every(({ segment: g }) => stringWidth(g) === 0 || sliceAnsi(`${g}.`, 0, stringWidth(g) + 1) === `${g}.`));
        expect(drawnText(text)).toBe(reference(text));
        expect(cellWidth(text)).toBe(stringWidth(reference(text)));
      }),
    );
  });
});

describe('truncateToCells', () => {
  it('leaves text that fits as it is and cuts the rest to exactly the width', () => {
    expect(truncateToCells('東京', 4)).toBe('東京');
    expect(truncateToCells('東京', 3)).toBe('東…');
    expect(truncateToCells('abc', 0)).toBe('');
  });
});

describe('cutToCells', () => {
  it('keeps whole graphemes and says how many cells they take', () => {
    expect(cutToCells('東京', 3)).toEqual({ text: '東', cells: 2, whole: false });
    expect(cutToCells('東京', 4)).toEqual({ text: '東京', cells: 4, whole: true });
    expect(cutToCells(`${FAMILY}a`, 1)).toEqual({ text: '', cells: 0, whole: false });
    expect(cutToCells('abc', 2)).toEqual({ text: 'ab', cells: 2, whole: false });
    expect(cutToCells('abc', 3)).toEqual({ text: 'abc', cells: 3, whole: true });
    expect(cutToCells('abc', -1)).toEqual({ text: '', cells: 0, whole: false });
  });
});

describe('shortId', () => {
  it('is the first 8 cells of an id', () => {
    expect(shortId('9b1f0c55-1111-2222-3333-444455556666')).toBe('9b1f0c55');
    expect(shortId('会話セッション-1')).toBe('会話セッ');
    expect(shortId('セ🚀x')).toBe('セ🚀x');
    expect(shortId('abc')).toBe('abc');
  });
});
