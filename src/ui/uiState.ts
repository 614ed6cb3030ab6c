// What the user has chosen on screen, and how each key action changes it. Pure: the App feeds it
// actions from the keymap and the few facts it needs about the data (counts, page size).
import { WINDOW_NAMES, type WindowName } from '../report/window.js';
import type { ActionId, Scope } from './keymap.js';
import { GROUP_KEYS } from '../report/grouping.js';
import type { LogEntry } from '../store/state.js';

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
  /** The table's selection, the session open (Enter) and how far its event list is scrolled up from the newest. */
  sessions: { sort: SessionSort; selected: number; open: string | null; offset: number };
  /**
   * The event log: following the newest, or scrolled `offset` rows up from the newest; the marked
   * row (›) is the lowest one shown. `open` is the event opened with Enter (scrolled `detailOffset`
   * lines down); `showStartup` shows Claude Code's start-up events one by one.
   */
  events: { follow: boolean; offset: number; open: LogEntry | null; detailOffset: number; showStartup: boolean };
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
    sessions: { sort: 'lastSeen', selected: 0, open: null, offset: 0 },
    events: { follow: true, offset: 0, open: null, detailOffset: 0, showStartup: false },
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
  /** The event the log marks (›): what Enter opens. */
  markedEvent?: LogEntry | undefined;
  /** Rows of the open session's event list, and lines of the open event hidden below the panel. */
  sessionEventRows?: number;
  eventDetailLines?: number;
}

/** Scopes whose bindings apply now, first match wins: overlays, then the focused panel, then global. */
export function activeScopes(ui: UiState, tooSmall: boolean): Scope[] {
  if (tooSmall) return ['tooSmall'];
  if (ui.help) return ['help'];
  if (ui.filter.editing) return ['filter'];
  const panel: Scope[] =
    ui.focused === 'events'
      ? [ui.events.open ? 'event' : 'events']
      : ui.focused === 'sessions'
        ? [ui.sessions.open ? 'session' : 'sessions']
        : ui.focused === 'cost' || ui.focused === 'tokens'
          ? ['spend']
          : [];
  return [...panel, 'global'];
}

const cycle = <T>(list: readonly T[], current: T, step: number): T => list[(list.indexOf(current) + step + list.length) % list.length]!;

/** Move the log's mark `by` rows up (older; negative: newer). The mark is the lowest row shown, so any row can be marked. */
function scrollEvents(ui: UiState, ctx: ActionContext, by: number): UiState {
  const maxOffset = Math.max(0, ctx.eventRows - 1);
  const offset = Math.min(maxOffset, Math.max(0, (ui.events.follow ? 0 : ui.events.offset) + by));
  return { ...ui, events: { ...ui.events, follow: offset === 0, offset } };
}

/** Scroll the open session's events `by` rows up (older). */
function scrollSession(ui: UiState, ctx: ActionContext, by: number): UiState {
  const offset = Math.min(Math.max(0, (ctx.sessionEventRows ?? 0) - 1), Math.max(0, ui.sessions.offset + by));
  return { ...ui, sessions: { ...ui.sessions, offset } };
}

/** Scroll the open event's attributes `by` lines down. */
function scrollDetail(ui: UiState, ctx: ActionContext, by: number): UiState {
  const detailOffset = Math.min(ctx.eventDetailLines ?? 0, Math.max(0, ui.events.detailOffset + by));
  return { ...ui, events: { ...ui.events, detailOffset } };
}

/** Which list the movement keys act on. */
function target(ui: UiState): 'sessions' | 'session' | 'event' | 'events' {
  if (ui.focused === 'sessions') return ui.sessions.open ? 'session' : 'sessions';
  return ui.events.open ? 'event' : 'events';
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
      return id ? { ...ui, sessions: { ...ui.sessions, open: id, offset: 0 } } : ui;
    }
    case 'back':
      return { ...ui, sessions: { ...ui.sessions, open: null } };
    case 'openEvent':
      return ctx.markedEvent ? { ...ui, events: { ...ui.events, open: ctx.markedEvent, detailOffset: 0 } } : ui;
    case 'closeEvent':
      return { ...ui, events: { ...ui.events, open: null, detailOffset: 0 } };
    case 'startup':
      return { ...ui, events: { ...ui.events, showStartup: !ui.events.showStartup, follow: true, offset: 0 } };
    case 'down':
    case 'up': {
      const step = id === 'down' ? 1 : -1;
      switch (target(ui)) {
        case 'sessions': {
          const selected = Math.min(Math.max(0, ctx.sessionIds.length - 1), Math.max(0, ui.sessions.selected + step));
          return { ...ui, sessions: { ...ui.sessions, selected } };
        }
        // Down moves towards the newest event, which is at the bottom.
        case 'session':
          return scrollSession(ui, ctx, -step);
        case 'event':
          return scrollDetail(ui, ctx, step);
        case 'events':
          return scrollEvents(ui, ctx, -step);
      }
      return ui;
    }
    case 'pageDown':
      return target(ui) === 'session' ? scrollSession(ui, ctx, -ctx.pageRows) : scrollEvents(ui, ctx, -ctx.pageRows);
    case 'pageUp':
      return target(ui) === 'session' ? scrollSession(ui, ctx, ctx.pageRows) : scrollEvents(ui, ctx, ctx.pageRows);
    case 'top':
      return target(ui) === 'session' ? scrollSession(ui, ctx, ctx.sessionEventRows ?? 0) : scrollEvents(ui, ctx, ctx.eventRows);
    case 'bottom':
      return target(ui) === 'session' ? { ...ui, sessions: { ...ui.sessions, offset: 0 } } : { ...ui, events: { ...ui.events, follow: true, offset: 0 } };
  }
}

/** Keys while the filter line is open: text edits it, Enter applies, Escape cancels and clears. */
export function editFilter(ui: UiState, name: string): UiState {
  const f = ui.filter;
  if (name === 'enter') return { ...ui, filter: { editing: false, draft: '', text: f.draft.trim() }, events: { ...ui.events, follow: true, offset: 0 } };
  if (name === 'escape') return { ...ui, filter: { editing: false, draft: '', text: '' } };
  if (name === 'backspace') return { ...ui, filter: { ...f, draft: f.draft.slice(0, -1) } };
  if ([...name].length === 1 && name >= ' ') return { ...ui, filter: { ...f, draft: f.draft + name } };
  return ui;
}
