// The README's key list, as it must read given the keymap table.
import { KEYMAP, keyLabel } from '../../../src/ui/keymap.js';

export function keymapMarkdown(): string {
  const seen = new Set<string>();
  const rows = ['| Keys | Where | What |', '| --- | --- | --- |'];
  for (const b of KEYMAP) {
    const id = `${b.scope}:${b.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const where = b.scope === 'global' ? 'anywhere' : b.scope === 'tooSmall' ? 'terminal too small' : b.scope === 'session' ? 'one session open' : b.scope === 'event' ? 'one event open' : b.scope === 'spend' ? 'cost, tokens' : b.scope;
    rows.push(`| ${b.keys.map((k) => `\`${keyLabel(k)}\``).join(' ')} | ${where} | ${b.description} |`);
  }
  return rows.join('\n');
}
