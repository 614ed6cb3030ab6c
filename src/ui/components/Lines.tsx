// Lines of styled text, each cut to an exact width: whatever a panel puts in, no line is ever
// wider than its box (and so than the terminal).
import { Text } from 'ink';
import { cellWidth, cutToCells, drawnText } from '../../report/cells.js';
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
 * inside a segment or between two.
 */
export function clip(l: Line, width: number): Line {
  if (width <= 0) return [];
  // As drawn even when it fits: a stray zero-width or control character is dropped.
  const drawn = l.map((s) => {
    const text = drawnText(s.text);
    return text === s.text ? s : { ...s, text };
  });
  if (drawn.reduce((n, s) => n + cellWidth(s.text), 0) <= width) return drawn;
  const out: Line = [];
  let room = width - 1;
  for (const s of drawn) {
    const cells = cellWidth(s.text);
    if (cells <= room) {
      out.push(s);
      room -= cells;
      continue;
    }
    const start = cutToCells(s.text, room);
    out.push({ ...s, text: `${start.text}${' '.repeat(room - start.cells)}…` });
    break;
  }
  return out;
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
