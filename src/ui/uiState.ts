// What the user has chosen on screen, and how each key action changes it. Pure: the App feeds it
// actions from the keymap and the few facts it needs about the data (counts, page size).
import { WINDOW_NAMES, type WindowName } from '../report/window.js';
import type { ActionId, Scope } from './keymap.js';
import { GROUP_KEYS } from '../report/grouping.js';

export type GroupKey = (typeof GROUP_KEYS)[number];

export const PANELS = ['overview', 'tokens', 'cost', 'sessions', 'tools', 'events'] as const;
export type PanelId = (typeof PANELS)[number];

export const PANEL_TITLES: Record<PanelId, string> = {
  overview: 'Overview',
  tokens: 'Tokens',
  cost: 'Cost',
  sessions: 'Sessions',
  tools: 'Tools',
  events: 'Events',
};

export const SESSION_SORTS = ['lastSeen', 'cost', 'tokens', 'requests'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];

export interface UiState {
  focused: PanelId;
  window: WindowName;
  paused: boolean;
  help: boolean;
  /** First help line shown when the help is taller than the screen (clamped when drawn). */
  helpOffset: number;
  /** The event filter: `editing` while the user types it (the draft), then applied as `text`. */
  filter: { editing: boolean; draft: string; text: string };
  sessions: { sort: SessionSort; selected: number; open: string | null };
  /** The event log: following the newest, or scrolled `offset` rows up from the newest. */
  events: { follow: boolean; offset: number };
  /** What the Cost and Tokens panels group spend by (`g` cycles). */
  groupBy: GroupKey;
  quit: boolean;
}

export function initialUiState(window: WindowName = 'today'): UiState {
  return {
    focused: 'overview',
    window,
    paused: false,
    help: false,
    helpOffset: 0,
    filter: { editing: false, draft: '', text: '' },
    sessions: { sort: 'lastSeen', selected: 0, open: null },
    events: { follow: true, offset: 0 },
    groupBy: 'model',
    quit: false,
  };
}

/** The facts about the data some actions need. */
export interface ActionContext {
  /** Session ids in table order. */
  sessionIds: readonly string[];
  /** Rows of the event log after filtering, and how many fit on screen. */
  eventRows: number;
  pageRows: number;
  /** Lines of help hidden below the screen (how far the help can scroll). */
  helpLines: number;
}

/** Scopes whose bindings apply now, first match wins: overlays, then the focused panel, then global. */
export function activeScopes(ui: UiState, tooSmall: boolean): Scope[] {
  if (tooSmall) return ['tooSmall'];
  if (ui.help) return ['help'];
  if (ui.filter.editing) return ['filter'];
  const panel: Scope[] =
    ui.focused === 'events' ? ['events'] : ui.focused === 'sessions' ? (ui.sessions.open ? ['session'] : ['sessions']) : ui.focused === 'cost' || ui.focused === 'tokens' ? ['spend'] : [];
  return [...panel, 'global'];
}

const cycle = <T>(list: readonly T[], current: T, step: number): T => list[(list.indexOf(current) + step + list.length) % list.length]!;

function scrollEvents(ui: UiState, ctx: ActionContext, by: number): UiState {
  const maxOffset = Math.max(0, ctx.eventRows - ctx.pageRows);
  const offset = Math.min(maxOffset, Math.max(0, (ui.events.follow ? 0 : ui.events.offset) + by));
  return { ...ui, events: { follow: offset === 0, offset } };
}

export function applyAction(ui: UiState, id: ActionId, ctx: ActionContext): UiState {
  switch (id) {
    case 'help':
      return { ...ui, help: !ui.help, helpOffset: 0 };
    case 'closeHelp':
      return { ...ui, help: false, helpOffset: 0 };
    case 'helpDown':
      return { ...ui, helpOffset: Math.min(ui.helpOffset + 1, ctx.helpLines) };
    case 'helpUp':
      return { ...ui, helpOffset: Math.max(0, ui.helpOffset - 1) };
    case 'quit':
      return { ...ui, quit: true };
    case 'nextPanel':
      return { ...ui, focused: cycle(PANELS, ui.focused, 1) };
    case 'previousPanel':
      return { ...ui, focused: cycle(PANELS, ui.focused, -1) };
    case 'panel1':
    case 'panel2':
    case 'panel3':
    case 'panel4':
    case 'panel5':
    case 'panel6':
      return { ...ui, focused: PANELS[Number(id.slice(-1)) - 1]! };
    case 'window':
      return { ...ui, window: cycle(WINDOW_NAMES, ui.window, 1) };
    case 'pause':
      return { ...ui, paused: !ui.paused };
    case 'filter':
      return { ...ui, filter: { ...ui.filter, editing: true, draft: ui.filter.text } };
    case 'clearFilter':
      return { ...ui, filter: { editing: false, draft: '', text: '' } };
    case 'group':
      return { ...ui, groupBy: cycle(GROUP_KEYS, ui.groupBy, 1) };
    case 'sort':
      return { ...ui, sessions: { ...ui.sessions, sort: cycle(SESSION_SORTS, ui.sessions.sort, 1), selected: 0 } };
    case 'drill': {
      const id = ctx.sessionIds[ui.sessions.selected];
      return id ? { ...ui, sessions: { ...ui.sessions, open: id } } : ui;
    }
    case 'back':
      return { ...ui, sessions: { ...ui.sessions, open: null } };
    case 'down':
    case 'up': {
      const step = id === 'down' ? 1 : -1;
      if (ui.focused === 'sessions') {
        const selected = Math.min(Math.max(0, ctx.sessionIds.length - 1), Math.max(0, ui.sessions.selected + step));
        return { ...ui, sessions: { ...ui.sessions, selected } };
      }
      // Down moves towards the newest event, which is at the bottom.
      return scrollEvents(ui, ctx, -step);
    }
    case 'pageDown':
      return scrollEvents(ui, ctx, -ctx.pageRows);
    case 'pageUp':
      return scrollEvents(ui, ctx, ctx.pageRows);
    case 'top':
      return scrollEvents(ui, ctx, ctx.eventRows);
    case 'bottom':
      return { ...ui, events: { follow: true, offset: 0 } };
  }
}

/** Keys while the filter line is open: text edits it, Enter applies, Escape cancels and clears. */
export function editFilter(ui: UiState, name: string): UiState {
  const f = ui.filter;
  if (name === 'enter') return { ...ui, filter: { editing: false, draft: '', text: f.draft.trim() }, events: { follow: true, offset: 0 } };
  if (name === 'escape') return { ...ui, filter: { editing: false, draft: '', text: '' } };
  if (name === 'backspace') return { ...ui, filter: { ...f, draft: f.draft.slice(0, -1) } };
  if ([...name].length === 1 && name >= ' ') return { ...ui, filter: { ...f, draft: f.draft + name } };
  return ui;
}
