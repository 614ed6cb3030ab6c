// One table of key bindings drives input dispatch, the footer and the `?` help.
import type { Key } from 'ink';

export type Scope = 'global' | 'events' | 'event' | 'sessions' | 'session' | 'spend' | 'help' | 'filter' | 'tooSmall';
export type Group = 'General' | 'Panels' | 'Navigation' | 'Events' | 'Sessions' | 'Cost and tokens';

export type ActionId =
  | 'help'
  | 'quit'
  | 'nextPanel'
  | 'previousPanel'
  | 'panel1'
  | 'panel2'
  | 'panel3'
  | 'panel4'
  | 'panel5'
  | 'panel6'
  | 'window'
  | 'pause'
  | 'down'
  | 'up'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'filter'
  | 'clearFilter'
  | 'sort'
  | 'group'
  | 'drill'
  | 'back'
  | 'openEvent'
  | 'closeEvent'
  | 'startup'
  | 'closeHelp'
  | 'helpDown'
  | 'helpUp';

export interface Binding {
  id: ActionId;
  keys: string[];
  scope: Scope;
  /** Short text for the footer. */
  label: string;
  /** One sentence for the help overlay. */
  description: string;
  group: Group;
  /** Shown in the footer (in its scope); the footer keeps `?` and `q` whatever the width. */
  footer?: boolean;
}

export const KEYMAP: readonly Binding[] = [
  { id: 'help', keys: ['?'], scope: 'global', label: 'help', description: 'Show or hide this help', group: 'General', footer: true },
  { id: 'quit', keys: ['q', 'ctrl-c'], scope: 'global', label: 'quit', description: 'Quit cc-top and restore the terminal', group: 'General', footer: true },
  { id: 'window', keys: ['w'], scope: 'global', label: 'window', description: 'Cycle the time window: today, 24h, 7d, 30d, all', group: 'General', footer: true },
  { id: 'pause', keys: ['p'], scope: 'global', label: 'pause', description: 'Freeze the display (data is still received and stored)', group: 'General', footer: true },
  { id: 'nextPanel', keys: ['tab'], scope: 'global', label: 'panel', description: 'Focus the next panel', group: 'Panels', footer: true },
  { id: 'previousPanel', keys: ['shift-tab'], scope: 'global', label: 'previous panel', description: 'Focus the previous panel', group: 'Panels' },
  { id: 'panel1', keys: ['1'], scope: 'global', label: 'overview', description: 'Overview: cost, tokens, sessions, code and the ratios', group: 'Panels' },
  { id: 'panel2', keys: ['2'], scope: 'global', label: 'tokens', description: 'Tokens by type and by model, over time', group: 'Panels' },
  { id: 'panel3', keys: ['3'], scope: 'global', label: 'cost', description: 'Cost by model and by session, over time', group: 'Panels' },
  { id: 'panel4', keys: ['4'], scope: 'global', label: 'sessions', description: 'Sessions table; Enter opens one', group: 'Panels' },
  { id: 'panel5', keys: ['5'], scope: 'global', label: 'tools', description: 'Tools, API latency and errors', group: 'Panels' },
  { id: 'panel6', keys: ['6'], scope: 'global', label: 'events', description: 'The live event log', group: 'Panels' },
  { id: 'down', keys: ['j', 'down'], scope: 'events', label: 'scroll', description: 'Move down the log (newer)', group: 'Events', footer: true },
  { id: 'up', keys: ['k', 'up'], scope: 'events', label: 'scroll up', description: 'Move up the log (older); stops following', group: 'Events' },
  { id: 'pageDown', keys: ['pagedown'], scope: 'events', label: 'page down', description: 'Scroll the log down a page', group: 'Events' },
  { id: 'pageUp', keys: ['pageup'], scope: 'events', label: 'page up', description: 'Scroll the log up a page', group: 'Events' },
  { id: 'top', keys: ['g'], scope: 'events', label: 'oldest', description: 'Jump to the oldest event', group: 'Events' },
  { id: 'bottom', keys: ['G'], scope: 'events', label: 'follow', description: 'Jump to the newest event and follow new ones', group: 'Events', footer: true },
  { id: 'openEvent', keys: ['enter'], scope: 'events', label: 'open', description: 'Open the marked event (›) with all its attributes', group: 'Events', footer: true },
  { id: 'filter', keys: ['/'], scope: 'events', label: 'filter', description: 'Filter events by text; KEY=VALUE (e.g. project=api) narrows every panel', group: 'Events', footer: true },
  { id: 'startup', keys: ['s'], scope: 'events', label: 'start-up', description: "Show Claude Code's start-up events one by one, or folded into one line per session", group: 'Events', footer: true },
  { id: 'clearFilter', keys: ['escape'], scope: 'events', label: 'clear', description: 'Clear the filter', group: 'Events' },
  { id: 'closeEvent', keys: ['escape'], scope: 'event', label: 'back', description: 'Back to the event log', group: 'Events', footer: true },
  { id: 'down', keys: ['j', 'down'], scope: 'event', label: 'scroll', description: "Scroll the event's attributes down", group: 'Events', footer: true },
  { id: 'up', keys: ['k', 'up'], scope: 'event', label: 'scroll up', description: "Scroll the event's attributes up", group: 'Events' },
  { id: 'down', keys: ['j', 'down'], scope: 'sessions', label: 'move', description: 'Select the next session', group: 'Sessions', footer: true },
  { id: 'up', keys: ['k', 'up'], scope: 'sessions', label: 'move up', description: 'Select the previous session', group: 'Sessions' },
  { id: 'sort', keys: ['s'], scope: 'sessions', label: 'sort', description: 'Cycle the sort: last seen, cost, tokens, requests', group: 'Sessions', footer: true },
  { id: 'drill', keys: ['enter'], scope: 'sessions', label: 'open', description: 'Open the selected session: its figures and events', group: 'Sessions', footer: true },
  { id: 'back', keys: ['escape'], scope: 'session', label: 'back', description: 'Back to the sessions table', group: 'Sessions', footer: true },
  { id: 'down', keys: ['j', 'down'], scope: 'session', label: 'scroll', description: "Scroll the session's events down (newer)", group: 'Sessions', footer: true },
  { id: 'up', keys: ['k', 'up'], scope: 'session', label: 'scroll up', description: "Scroll the session's events up (older)", group: 'Sessions' },
  { id: 'top', keys: ['g'], scope: 'session', label: 'oldest', description: "Jump to the session's oldest event", group: 'Sessions' },
  { id: 'bottom', keys: ['G'], scope: 'session', label: 'newest', description: "Jump to the session's newest event", group: 'Sessions', footer: true },
  { id: 'group', keys: ['g'], scope: 'spend', label: 'group', description: 'Group cost and tokens by model, session, user, project, query source', group: 'Cost and tokens', footer: true },
  { id: 'closeHelp', keys: ['escape', '?', 'q'], scope: 'help', label: 'close', description: 'Close the help', group: 'General', footer: true },
  { id: 'helpDown', keys: ['j', 'down'], scope: 'help', label: 'scroll', description: 'Scroll the help down when it is taller than the terminal', group: 'General', footer: true },
  { id: 'helpUp', keys: ['k', 'up'], scope: 'help', label: 'scroll up', description: 'Scroll the help up', group: 'General' },
  { id: 'quit', keys: ['q', 'ctrl-c'], scope: 'tooSmall', label: 'quit', description: 'Quit (the terminal is too small to show more)', group: 'General', footer: true },
];

/**
 * Ink's (input, key) as one key name. The key name is matched first: in Ink 6 Escape also sets
 * `key.meta`, and an uppercase letter sets `key.shift`.
 */
export function keyName(input: string, key: Key): string | undefined {
  if (key.escape) return 'escape';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (input.length === 1) return input;
  return undefined;
}

/**
 * Every key in one read from the terminal. Keys typed or repeated faster than Ink reads them
 * arrive together ("jjj", or "Bash" pasted into the filter) and must each count.
 */
export function keyNames(input: string, key: Key): string[] {
  const plain = !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab;
  if (plain && [...input].length > 1) return [...input].filter((ch) => ch >= ' ');
  const name = keyName(input, key);
  return name ? [name] : [];
}

/** The first binding for `name` in the given scopes, searched in order (overlays first). */
export function lookup(name: string, scopes: readonly Scope[]): Binding | undefined {
  for (const scope of scopes) {
    const binding = KEYMAP.find((b) => b.scope === scope && b.keys.includes(name));
    if (binding) return binding;
  }
  return undefined;
}

/** How a key is written in the footer and help. */
export function keyLabel(k: string): string {
  return ({ 'ctrl-c': '^C', 'shift-tab': 'S-Tab', tab: 'Tab', enter: 'Enter', escape: 'Esc', pagedown: 'PgDn', pageup: 'PgUp', down: '↓', up: '↑' } as Record<string, string>)[k] ?? k;
}
