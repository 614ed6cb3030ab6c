// Lines of styled text, each cut to an exact width: whatever a panel puts in, no line is ever
// wider than its box (and so than the terminal).
import { Text } from 'ink';
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

/** Cut segments so their text fits `width` cells (one cell per code point: the UI draws no wide glyphs). */
export function clip(l: Line, width: number): Line {
  const out: Line = [];
  let room = width;
  for (const s of l) {
    if (room <= 0) break;
    const chars = [...s.text];
    if (chars.length <= room) {
      out.push(s);
      room -= chars.length;
    } else {
      out.push({ ...s, text: room > 1 ? `${chars.slice(0, room - 1).join('')}…` : '…' });
      room = 0;
    }
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
