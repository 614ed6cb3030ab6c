// `?`: every binding of the keymap, grouped, with its description.
import { Box } from 'ink';
import { fit } from '../../report/cells.js';
import { KEYMAP, keyLabel, type Group } from '../keymap.js';
import type { Theme } from '../theme.js';
import { Frame, innerSize } from './Frame.js';
import { Lines, line, seg, type Line } from './Lines.js';

const GROUPS: Group[] = ['General', 'Panels', 'Navigation', 'Events', 'Sessions', 'Cost and tokens'];

export function helpLines(width: number): Line[] {
  const lines: Line[] = [];
  const keyWidth = 14;
  for (const group of GROUPS) {
    const bindings = KEYMAP.filter((b) => b.group === group && b.scope !== 'help' && b.scope !== 'tooSmall');
    const seen = new Set<string>();
    const unique = bindings.filter((b) => (seen.has(`${b.keys.join()} ${b.description}`) ? false : (seen.add(`${b.keys.join()} ${b.description}`), true)));
    if (unique.length === 0) continue;
    lines.push(line(seg(group, 'accent', true)));
    for (const b of unique) lines.push(line(seg(fit(b.keys.map(keyLabel).join(' '), keyWidth), undefined, true), seg(fit(b.description, Math.max(0, width - keyWidth)), 'muted')));
  }
  return lines;
}

/** How many help lines do not fit in a panel of this size (how far `j` can scroll). */
export function helpOverflow(width: number, height: number): number {
  const inner = innerSize(width, height);
  return Math.max(0, helpLines(inner.width).length - inner.height);
}

export function HelpOverlay({ width, height, offset, theme }: { width: number; height: number; offset: number; theme: Theme }) {
  const inner = innerSize(width, height);
  const all = helpLines(inner.width);
  const first = Math.min(offset, helpOverflow(width, height));
  const more = first + inner.height < all.length;
  // How to close (and to scroll, when it does not fit) stays on the title line, always visible.
  const note = `${more ? 'j/k more · ' : first > 0 ? 'k back · ' : ''}Esc, ? or q closes this help`;
  return (
    <Box width={width} height={height}>
      <Frame title="Keys" focused width={width} height={height} theme={theme} note={note}>
        <Lines lines={all.slice(first, first + inner.height)} width={inner.width} theme={theme} />
      </Frame>
    </Box>
  );
}
