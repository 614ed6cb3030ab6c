// What a terminal shows, measured in cells as the terminal draws it (string-width: CJK and emoji
// take two cells, combining marks none): how wide a frame's lines are and whether every box's
// border is where it belongs.
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The widest line of a frame (ANSI already stripped), in terminal cells. */
export function widest(text: string): number {
  return Math.max(...text.split('\n').map((l) => stringWidth(l)));
}

/** A line as its cells: the grapheme that starts in each cell ('' for the second cell of a wide one). */
export function cellsOf(line: string): string[] {
  const cells: string[] = [];
  for (const { segment } of graphemes.segment(line)) {
    const width = stringWidth(segment);
    if (width === 0) {
      // Drawn on the cell before it: a terminal shows no cell for it.
      if (cells.length) cells[cells.length - 1] += segment;
      continue;
    }
    cells.push(segment, ...Array<string>(width - 1).fill(''));
  }
  return cells;
}

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The boxes of a frame (see brokenBorders). */
export function boxesOf(text: string): Box[] {
  const boxes: Box[] = [];
  brokenBorders(text, boxes);
  return boxes;
}

/** Per box, left to right and top to bottom: its title (first inner row) and how many of its inner rows are blank. */
export function blankRowsPerBox(text: string): { title: string; blank: number }[] {
  const rows = text.split('\n').map(cellsOf);
  return boxesOf(text).map((b) => {
    const inner = rows.slice(b.top + 1, b.bottom).map((cells) => cells.slice(b.left + 1, b.right).join(''));
    return { title: (inner[0] ?? '').trim(), blank: inner.filter((l) => l.trim() === '').length };
  });
}

/**
 * What is wrong with the boxes of a frame, or [] when every box is whole: each `╭…╮` top has a
 * `│` below both corners on every row down to its `╰…╯` bottom, in the same cells. Corners inside
 * a box (a chart's curve draws them too) are its content, not boxes. `found` collects the boxes.
 */
export function brokenBorders(text: string, found: Box[] = []): string[] {
  const rows = text.split('\n').map(cellsOf);
  const problems: string[] = [];
  const boxes = found;
  const inside = (r: number, c: number) => boxes.some((b) => r > b.top && r < b.bottom && c > b.left && c < b.right);
  rows.forEach((cells, top) => {
    cells.forEach((c, left) => {
      if (c !== '╭' || inside(top, left)) return;
      const right = cells.indexOf('╮', left + 1);
      if (right < 0) return void problems.push(`row ${top}: ╭ at cell ${left} has no ╮`);
      if (cells.slice(left + 1, right).some((x) => x !== '─')) problems.push(`row ${top}: the top border from cell ${left} to ${right} is not whole`);
      let bottom = rows.length;
      for (let r = top + 1; r < rows.length; r++) {
        const row = rows[r]!;
        if (row[left] === '╰') {
          if (row[right] !== '╯') problems.push(`row ${r}: the box from row ${top} ends in ${JSON.stringify(row[right] ?? '')} at cell ${right}, not ╯`);
          if (row.slice(left + 1, right).some((x) => x !== '─')) problems.push(`row ${r}: the bottom border from cell ${left} to ${right} is not whole`);
          bottom = r;
          break;
        }
        if (row[left] !== '│' || row[right] !== '│') problems.push(`row ${r}: the box from row ${top} has ${JSON.stringify(row[left] ?? '')} and ${JSON.stringify(row[right] ?? '')} at cells ${left} and ${right}, not │ and │`);
      }
      if (bottom === rows.length) problems.push(`row ${top}: the box at cell ${left} has no bottom`);
      boxes.push({ top, bottom, left, right });
    });
  });
  return problems;
}
