// A panel's box: a rounded border and a title line carrying the panel's hotkey. The focused panel
// shows a `▸` marker and a bold title, so focus is visible without colour too.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { cellWidth, truncateToCells } from '../../report/cells.js';
import type { Theme } from '../theme.js';

export interface FrameProps {
  title: string;
  hotkey?: string;
  focused: boolean;
  width: number;
  height: number;
  theme: Theme;
  /** Right-aligned note on the title line (sort order, filter, paused…). */
  note?: string;
  children: ReactNode;
}

/** Columns and rows inside a frame: borders and one column of padding each side, title line. */
export function innerSize(width: number, height: number): { width: number; height: number } {
  return { width: Math.max(0, width - 4), height: Math.max(0, height - 3) };
}

export function Frame({ title, hotkey, focused, width, height, theme, note, children }: FrameProps) {
  const inner = innerSize(width, height);
  // Measured in cells: a title or note may carry a wide character (a session id, a filter).
  const label = truncateToCells(`${focused ? '▸ ' : ''}${hotkey ? `${hotkey} ` : ''}${title}`, inner.width);
  const labelCells = cellWidth(label);
  const noteText = note && inner.width - labelCells > cellWidth(note) + 1 ? truncateToCells(note, inner.width) : '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.color(focused ? 'accent' : 'muted')} width={width} height={height} paddingX={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold={focused} color={theme.color(focused ? 'accent' : 'muted')}>
          {label}
        </Text>
        {noteText ? <Text color={theme.color('muted')}>{' '.repeat(Math.max(1, inner.width - labelCells - cellWidth(noteText)))}{noteText}</Text> : null}
      </Text>
      {children}
    </Box>
  );
}
