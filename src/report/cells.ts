// Text measured and cut in terminal cells, the way Ink lays it out: string-width per grapheme, so
// a CJK label or an emoji takes two cells and a combining accent none. Every place that pads or
// cuts text for the terminal goes through here: `fit` for columns, `cutToCells` for the UI's
// lines (clip), `truncateToCells` for a title. What comes out is text as the terminal draws it:
// line breaks as spaces, stray zero-width and control characters gone. Kept apart from format.ts:
// loading string-width takes ~30 ms, which the status line (format.ts's figures) must not pay.
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

const ASCII_CELL: Grapheme[] = Array.from({ length: 0x7f }, (_, c) => ({ text: String.fromCharCode(c), cells: 1 }));

/** Runs of printable ASCII, the rest between them. */
const RUNS = /[\x20-\x7e]+|[^\x20-\x7e]+/g;

/** The graphemes of a piece of text that starts and ends on grapheme boundaries. */
function* segmented(piece: string): Generator<Grapheme> {
  if (PLAIN.test(piece)) {
    for (let k = 0; k < piece.length; k++) yield ASCII_CELL[piece.charCodeAt(k)]!;
    return;
  }
  for (const { segment } of graphemeSegmenter.segment(piece)) {
    const g = measure(segment);
    if (g) yield g;
  }
}

/**
 * The graphemes of `text` as drawn, lazily: a long text cut short is not measured to its end.
 * Two printable ASCII characters side by side are always two graphemes, so only what lies
 * around other characters goes through the (slow) grapheme segmenter: a run of ASCII gives its
 * first and last character to the pieces beside it (a combining mark joins the letter before it).
 */
function* graphemesOf(text: string): Generator<Grapheme> {
  let pending = '';
  for (const [run] of text.matchAll(RUNS)) {
    if (!PLAIN.test(run)) {
      pending += run.replace(BREAKS, ' ');
      continue;
    }
    if (run.length < 3) {
      pending += run;
      continue;
    }
    yield* segmented(pending + run[0]!);
    yield* segmented(run.slice(1, -1));
    pending = run[run.length - 1]!;
  }
  yield* segmented(pending);
}

/** Labels already split: the same ones are drawn on every frame, and the segmenter is slow. */
const split = new Map<string, readonly Grapheme[]>();
const SPLIT_CAP = 2_048;
/** Longer text (a prompt in the event log) is split lazily, as far as it is drawn, every time. */
const SPLIT_MAX_LENGTH = 256;

function graphemes(text: string): Iterable<Grapheme> {
  if (text.length > SPLIT_MAX_LENGTH) return graphemesOf(text);
  let gs = split.get(text);
  if (!gs) {
    if (split.size >= SPLIT_CAP) split.clear();
    gs = [...graphemesOf(text)];
    split.set(text, gs);
  }
  return gs;
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

/**
 * The longest start of `text` that fits `width` cells, whole graphemes only (a wide character is
 * never split), how many cells it takes (one less than `width` when the next one is wide), and
 * whether it is all of `text`. Only as much of `text` as fits is measured.
 */
export function cutToCells(text: string, width: number): { text: string; cells: number; whole: boolean } {
  if (PLAIN.test(text)) return { text: text.slice(0, Math.max(0, width)), cells: Math.max(0, Math.min(width, text.length)), whole: text.length <= width };
  return take(text, Math.max(0, width));
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
