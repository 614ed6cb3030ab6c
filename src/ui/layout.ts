// Where things go on screen, as a pure function of the terminal size.
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
/** At this width the focused panel gets a second panel beside it. */
export const WIDE_COLUMNS = 120;

export interface Layout {
  columns: number;
  rows: number;
  tooSmall: boolean;
  /** Two panels side by side (overview, or events when overview is focused) or one with tabs. */
  split: boolean;
  headerRows: number;
  footerRows: number;
  /** Rows for panels (between header and footer). */
  bodyRows: number;
  /** Width of the main (focused) panel and of the side panel (0 when not split). */
  mainColumns: number;
  sideColumns: number;
}

/** The side panel's share of a wide terminal, and its bounds: room for an event line, never more than the focused panel. */
const SIDE_SHARE = 0.42;
const SIDE_MIN = 48;
const SIDE_MAX = 84;

export function computeLayout(columns: number, rows: number): Layout {
  const cols = Math.max(0, Math.floor(columns));
  const lines = Math.max(0, Math.floor(rows));
  const tooSmall = cols < MIN_COLUMNS || lines < MIN_ROWS;
  const split = !tooSmall && cols >= WIDE_COLUMNS;
  const headerRows = 2;
  const footerRows = 1;
  const bodyRows = Math.max(0, lines - headerRows - footerRows);
  const sideColumns = split ? Math.max(SIDE_MIN, Math.min(SIDE_MAX, Math.floor(cols * SIDE_SHARE))) : 0;
  const mainColumns = split ? cols - sideColumns - 1 : cols;
  // Panels fill their height themselves: their charts take the rows their figures leave.
  return { columns: cols, rows: lines, tooSmall, split, headerRows, footerRows, bodyRows, mainColumns, sideColumns };
}
