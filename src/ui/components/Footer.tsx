// The key hints, from the keymap: what the current scopes offer, dropped from the right as the
// terminal narrows; `?` and `q` always stay.
import { cellWidth } from '../../report/cells.js';
import { KEYMAP, keyLabel, type Scope } from '../keymap.js';
import type { Theme } from '../theme.js';
import { Lines, seg, type Line, type Segment } from './Lines.js';

export function footerLine(scopes: readonly Scope[], width: number): Line {
  const seen = new Set<string>();
  const items = scopes
    .flatMap((scope) => KEYMAP.filter((b) => b.scope === scope && b.footer))
    .filter((b) => (seen.has(b.id) ? false : (seen.add(b.id), true)));
  const pinned = items.filter((b) => b.id === 'help' || b.id === 'quit' || b.id === 'closeHelp');
  const rest = items.filter((b) => !pinned.includes(b));
  const render = (list: typeof items): Segment[] => list.flatMap((b) => [seg(` ${keyLabel(b.keys[0]!)}`, 'accent', true), seg(` ${b.label} `, 'muted')]);
  const len = (segs: Segment[]) => segs.reduce((n, s) => n + cellWidth(s.text), 0);
  const kept = [...rest];
  while (kept.length && len(render([...kept, ...pinned])) > width) kept.pop();
  return render([...kept, ...pinned]);
}

export function Footer({ scopes, width, theme }: { scopes: readonly Scope[]; width: number; theme: Theme }) {
  return <Lines lines={[footerLine(scopes, width)]} width={width} theme={theme} />;
}
