// Lines of styled text, each cut to an exact width: whatever a panel puts in, no line is ever
// wider than its box (and so than the terminal).
import { Text } from 'ink';
import { cellWidth, cutToCells } from '../../report/cells.js';
import type { Theme, UiRole } from '../theme.js';

export interface Segment {
  text: string;
  role?: UiRole;
  bold?: boolean;
  inverse?: boolean;
}

export type Line = Segment[];

/** A line from plain text and segments. */
export function line(...parts: (string | Segment)[]): Line {
  return parts.map((p) => (typeof p === 'string' ? { text: p } : p));
}

export const seg = (text: string, role?: UiRole, bold?: boolean): Segment => ({ text, ...(role ? { role } : {}), ...(bold ? { bold } : {}) });

/**
 * Cut segments so their text fits `width` terminal cells (wide characters take two). A line that
 * does not fit ends in an ellipsis, in the style of the segment it cuts, whether the cut falls
 * inside a segment or between two. Text comes out as the terminal draws it (a stray zero-width or
 * control character dropped, see cells.ts) and is measured only as far as the width: a long
 * prompt in the event log costs little more than a short one.
 */
export function clip(l: Line, width: number): Line {
  if (width <= 0) return [];
  const out: Line = [];
  let used = 0;
  for (let i = 0; i < l.length; i++) {
    const s = l[i]!;
    // Room for this segment while keeping a cell for the ellipsis.
    const part = cutToCells(s.text, width - 1 - used);
    if (part.whole) {
      out.push(part.text === s.text ? s : { ...s, text: part.text });
      used += part.cells;
      continue;
    }
    const rest = fitsWhole(l.slice(i), width - used);
    if (rest) return [...out, ...rest];
    out.push({ ...s, text: `${part.text}${' '.repeat(width - 1 - used - part.cells)}…` });
    return out;
  }
  return out;
}

/** The segments as drawn if all of them fit `width` cells, else null. */
function fitsWhole(segments: Line, width: number): Line | null {
  const out: Line = [];
  let room = width;
  for (const s of segments) {
    const part = cutToCells(s.text, room);
    if (!part.whole) return null;
    out.push(part.text === s.text ? s : { ...s, text: part.text });
    room -= part.cells;
  }
  return out;
}

/** The line cut to `width` cells and padded to exactly that many. */
export function padTo(l: Line, width: number): Line {
  const cut = clip(l, width);
  const used = cut.reduce((n, s) => n + cellWidth(s.text), 0);
  return used < width ? [...cut, { text: ' '.repeat(width - used) }] : cut;
}

/** Two columns of lines side by side: the left one `leftWidth` cells wide, then a gap. */
export function beside(left: readonly Line[], right: readonly Line[], leftWidth: number, gap = 2): Line[] {
  const rows = Math.max(left.length, right.length);
  return Array.from({ length: rows }, (_, i) => [...padTo(left[i] ?? [], leftWidth), { text: ' '.repeat(gap) }, ...(right[i] ?? [])]);
}

export function Lines({ lines, width, theme }: { lines: Line[]; width: number; theme: Theme }) {
  return (
    <>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {clip(l, width).map((s, j) => (
            <Text key={j} color={s.role ? theme.color(s.role) : undefined} bold={s.bold ?? false} inverse={s.inverse ?? false}>
              {s.text}
            </Text>
          ))}
          {l.length === 0 ? ' ' : ''}
        </Text>
      ))}
    </>
  );
}
