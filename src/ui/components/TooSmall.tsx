// Below the minimum size: one centred message; `q` still quits.
import { Box, Text } from 'ink';
import { cellWidth, truncateToCells } from '../../report/cells.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';
import type { Theme } from '../theme.js';

export function tooSmallText(columns: number, rows: number): string {
  return `terminal too small (${columns}x${rows}, need ${MIN_COLUMNS}x${MIN_ROWS})`;
}

export function TooSmall({ columns, rows, theme }: { columns: number; rows: number; theme: Theme }) {
  const text = tooSmallText(columns, rows);
  const shown = cellWidth(text) > columns ? truncateToCells(`${MIN_COLUMNS}x${MIN_ROWS} needed`, columns) : text;
  return (
    <Box width={columns} height={Math.max(1, rows)} alignItems="center" justifyContent="center" flexDirection="column">
      <Text color={theme.color('warn')} wrap="truncate-end">
        {shown}
      </Text>
      {rows >= 3 ? (
        <Text color={theme.color('muted')} wrap="truncate-end">
          {truncateToCells('q quits', columns)}
        </Text>
      ) : null}
    </Box>
  );
}
