// Text measured and cut in terminal cells, the way Ink lays it out: string-width per grapheme, so
// a CJK label or an emoji takes two cells and a combining accent none. Every place that pads or
// cuts text for the terminal goes through here: `fit` for columns, `truncateToCells` for the UI's
// lines. Kept apart from format.ts: loading string-width takes ~30 ms, which the status line
// (format.ts's figures, no columns) must not pay.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Printable ASCII: one cell per character, nothing to check (the common case, kept fast). */
const PLAIN = /^[\x20-\x7e]*$/;

/** Line breaks and tabs inside a label would break the line; they read as one space. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/** U+FFFD: stands in for a grapheme whose width the libraries Ink uses do not agree on. */
const REPLACEMENT = '\ufffd';

interface Grapheme {
  text: string;
  cells: number;
}

/** Whether slice-ansi, which Ink clips each line with, measures `segment` as string-width does. */
function slicesWhole(segment: string, cells: number): boolean {
  // A grapheme is never split, so probe with a character after it: it is dropped when slice-ansi
  // counts the grapheme wider.
  return sliceAnsi(`${segment}.`, 0, cells + 1) === `${segment}.`;
}

/**
 * A grapheme as it can be drawn. A zero-width one on its own (a stray combining mark, a zero-width
 * space, a control character) is dropped: Ink gives it a cell that the terminal does not draw,
 * which shifts the frame's right border. One that slice-ansi counts wider than string-width (a
 * text-style character with an emoji variation selector, a lone regional indicator) is drawn
 * without the selector, or replaced: Ink clips each line with slice-ansi at the width
 * string-width gave, and would otherwise drop the end of the line.
 */
function drawable(segment: string): Grapheme | null {
  const cells = stringWidth(segment);
  if (cells === 0) return null;
  if (slicesWhole(segment, cells)) return { text: segment, cells };
  const plain = segment.replace(/[\ufe0e\ufe0f]/g, '');
  const plainCells = stringWidth(plain);
  if (plainCells > 0 && slicesWhole(plain, plainCells)) return { text: plain, cells: plainCells };
  return { text: REPLACEMENT, cells: 1 };
}

/** Graphemes already measured: labels repeat on every frame. Cleared when full, to stay small. */
const measured = new Map<string, Grapheme | null>();
const MEASURED_CAP = 4_096;

function measure(segment: string): Grapheme | null {
  let g = measured.get(segment);
  if (g === undefined) {
    if (measured.size >= MEASURED_CAP) measured.clear();
    g = drawable(segment);
    measured.set(segment, g);
  }
  return g;
}

/** The graphemes of `text` as drawn, lazily: a long text cut short is not measured to its end. */
function* graphemes(text: string): Generator<Grapheme> {
  for (const { segment } of graphemeSegmenter.segment(text.replace(BREAKS, ' '))) {
    const g = measure(segment);
    if (g) yield g;
  }
}

/** The start of `text` that fits `width` cells, and whether that is all of it. */
function take(text: string, width: number): { text: string; cells: number; whole: boolean } {
  let out = '';
  let cells = 0;
  for (const g of graphemes(text)) {
    if (cells + g.cells > width) return { text: out, cells, whole: false };
    out += g.text;
    cells += g.cells;
  }
  return { text: out, cells, whole: true };
}

/** Cells `text` takes on the terminal, as `truncateToCells` draws it. */
export function cellWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  return take(text, Number.POSITIVE_INFINITY).cells;
}

/** `text` as the terminal draws it: breaks as spaces, stray zero-width and control characters gone. */
export function drawnText(text: string): string {
  return PLAIN.test(text) ? text : take(text, Number.POSITIVE_INFINITY).text;
}

/**
 * The longest start of `text` that fits `width` cells, whole graphemes only (a wide character is
 * never split), and how many cells it takes: one less than `width` when the next one is wide.
 */
export function cutToCells(text: string, width: number): { text: string; cells: number } {
  if (width <= 0) return { text: '', cells: 0 };
  if (PLAIN.test(text)) return { text: text.slice(0, width), cells: Math.min(width, text.length) };
  const { text: cut, cells } = take(text, width);
  return { text: cut, cells };
}

/**
 * `text` in at most `width` cells: as it is when it fits, else cut with an ellipsis (one cell) at
 * the end, a wide character that no longer fits before it replaced by a space, so that a cut
 * result takes exactly `width` cells.
 */
export function truncateToCells(text: string, width: number): string {
  if (width <= 0) return '';
  if (PLAIN.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  const all = take(text, width);
  if (all.whole) return all.text;
  const start = take(text, width - 1);
  return `${start.text}${' '.repeat(width - 1 - start.cells)}…`;
}

/**
 * Pad or cut to exactly `width` terminal cells: wide characters take two, combining marks none;
 * a cut ends in an ellipsis, and a wide character that does not fit becomes padding.
 */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const shown = truncateToCells(text, width);
  const pad = ' '.repeat(width - cellWidth(shown));
  return align === 'left' ? shown + pad : pad + shown;
}

/** The first 8 cells of a session id: enough to tell sessions apart on screen. */
export function shortId(id: string): string {
  return cutToCells(id, 8).text;
}
