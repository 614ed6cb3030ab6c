import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { footerLine } from '../../../src/ui/components/Footer.js';
import { helpLines } from '../../../src/ui/components/HelpOverlay.js';
import { KEYMAP, keyName, keyNames, lookup } from '../../../src/ui/keymap.js';
import type { Key } from 'ink';
import { keymapMarkdown } from './keymapTable.js';

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('keymap table', () => {
  it('every binding has keys, a label, a description and a group', () => {
    for (const b of KEYMAP) {
      expect(b.keys.length, b.id).toBeGreaterThan(0);
      expect(b.label.trim(), b.id).not.toBe('');
      expect(b.description.trim().length, b.id).toBeGreaterThan(8);
      expect(b.group, b.id).toBeTruthy();
    }
  });

  it('no key is bound twice in one scope', () => {
    const seen = new Map<string, string>();
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        const slot = `${b.scope} ${k}`;
        expect(seen.get(slot), `${slot} bound to ${seen.get(slot)} and ${b.id}`).toBeUndefined();
        seen.set(slot, b.id);
      }
    }
  });

  it('the keys DEVELOPERS.md promises are bound', () => {
    for (const [key, id] of [['?', 'help'], ['q', 'quit'], ['tab', 'nextPanel'], ['shift-tab', 'previousPanel'], ['1', 'panel1'], ['6', 'panel6'], ['p', 'pause'], ['w', 'window']] as const) expect(lookup(key, ['global'])?.id).toBe(id);
    expect(lookup('/', ['events'])?.id).toBe('filter');
    expect(lookup('j', ['events'])?.id).toBe('down');
    expect(lookup('k', ['sessions'])?.id).toBe('up');
    expect(lookup('enter', ['sessions'])?.id).toBe('drill');
    expect(lookup('escape', ['session'])?.id).toBe('back');
  });

  it('overlays take keys first: q closes help instead of quitting', () => {
    expect(lookup('q', ['help', 'global'])?.id).toBe('closeHelp');
    expect(lookup('q', ['events', 'global'])?.id).toBe('quit');
  });

  it('help lists every binding that can be used from a panel', () => {
    const help = helpLines(100).map(text).join('\n');
    for (const b of KEYMAP.filter((b) => b.scope !== 'help' && b.scope !== 'tooSmall')) expect(help).toContain(b.description);
  });

  it('the footer keeps ? and q at any width and drops the rest from the right', () => {
    const wide = text(footerLine(['events', 'global'], 200));
    expect(wide).toContain('/ filter');
    const narrow = text(footerLine(['events', 'global'], 24));
    expect(narrow).toContain('? help');
    expect(narrow).toContain('q quit');
    expect([...narrow].length).toBeLessThanOrEqual(24);
    expect(narrow).not.toContain('window');
  });

  it('the README lists exactly the keymap table (UPDATE_README=1 rewrites it)', () => {
    const file = new URL('../../../README.md', import.meta.url);
    if (process.env.UPDATE_README === '1') writeFileSync(file, readFileSync(file, 'utf8').replace(/<!-- keys:start -->\n[\s\S]*?\n<!-- keys:end -->/, `<!-- keys:start -->\n${keymapMarkdown()}\n<!-- keys:end -->`));
    const readme = readFileSync(file, 'utf8');
    const section = /<!-- keys:start -->\n([\s\S]*?)\n<!-- keys:end -->/.exec(readme)?.[1];
    expect(section?.trim()).toBe(keymapMarkdown());
  });
});

describe('keyName', () => {
  const key = (k: Partial<Key>) => ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, home: false, end: false, super: false, hyper: false, capsLock: false, numLock: false, ...k }) as Key;

  it('matches the key name before modifiers: Escape sets meta, uppercase sets shift in Ink 6', () => {
    expect(keyName('', key({ escape: true, meta: true }))).toBe('escape');
    expect(keyName('G', key({ shift: true }))).toBe('G');
    expect(keyName('', key({ tab: true, shift: true }))).toBe('shift-tab');
    expect(keyName('c', key({ ctrl: true }))).toBe('ctrl-c');
    expect(keyName('', key({ pageDown: true }))).toBe('pagedown');
  });

  it('splits a read holding several keys into each key', () => {
    expect(keyNames('jjj', key({}))).toEqual(['j', 'j', 'j']);
    expect(keyNames('q', key({}))).toEqual(['q']);
    expect(keyNames('', key({ escape: true, meta: true }))).toEqual(['escape']);
    expect(keyNames('', key({ leftArrow: false }))).toEqual([]);
  });
});
