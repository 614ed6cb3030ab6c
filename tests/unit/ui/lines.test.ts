// clip: a line of styled segments cut to a width in terminal cells, never wider, wide characters
// never split, the ellipsis one cell.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { clip, line, seg, type Line } from '../../../src/ui/components/Lines.js';

const text = (l: Line) => l.map((s) => s.text).join('');
const FAMILY = '👨‍👩‍👧';
const ACCENTED = 'e\u0301';

describe('clip', () => {
  it('keeps a line that fits, segments and styles untouched', () => {
    const l = line(seg('東京', 'accent', true), '-api');
    expect(clip(l, 8)).toEqual(l);
    expect(clip(l, 20)).toEqual(l);
  });

  it('cuts across segments in cells, the cut segment keeping its style', () => {
    const l = line(seg('model ', 'muted'), seg('読み込み', 'accent'), ' tail');
    const out = clip(l, 11);
    expect(text(out)).toBe('model 読み…');
    expect(out[1]).toEqual({ text: '読み…', role: 'accent' });
    expect(out).toHaveLength(2);
    expect(stringWidth(text(out))).toBe(11);
  });

  it('stops after a cut segment: nothing is drawn past the ellipsis', () => {
    expect(text(clip(line('東京東京', 'abc'), 5))).toBe('東京…');
    expect(clip(line('東京東京', 'abc'), 5)).toHaveLength(1);
  });

  it('marks a cut between two segments too, and a wide character that no longer fits becomes a space', () => {
    expect(text(clip(line('ab', '東京'), 3))).toBe('ab…');
    expect(text(clip(line('abc', '東京'), 5))).toBe('abc …');
    expect(clip(line(seg('ab'), seg('東京', 'error')), 3)[1]).toEqual({ text: '…', role: 'error' });
  });

  it.each([
    [0, ''],
    [1, '…'],
    [2, ' …'],
    [3, '🚀…'],
  ])('at width %i: %j', (width, want) => {
    const out = clip(line(seg('🚀'), seg(FAMILY), seg(`caf${ACCENTED}`)), width);
    expect(text(out)).toBe(want);
    expect(stringWidth(text(out))).toBe(width);
  });

  it('counts a combining accent as no cell and a ZWJ sequence as two', () => {
    const l = line(`caf${ACCENTED}`, FAMILY);
    expect(text(clip(l, 6))).toBe(`caf${ACCENTED}${FAMILY}`);
    expect(text(clip(l, 5))).toBe(`caf${ACCENTED}…`);
  });

  it('draws a stray control or zero-width character as nothing, even in a segment that fits', () => {
    expect(text(clip(line('a\u200bb', 'c\x1b[2Jd'), 20))).toBe('abc[2Jd');
  });
});
