// The live view: header, one or two panels, footer; `?` help; every key through one dispatcher
// and the keymap table.
import { Box, useInput } from 'ink';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { eventRows } from '../report/eventLog.js';
import type { CostThresholds } from '../report/paint.js';
import { sortSessions } from '../report/sessionTable.js';
import type { StoreState } from '../store/state.js';
import { EmptyState, type SetupGuide } from './components/EmptyState.js';
import { Footer } from './components/Footer.js';
import { Header, type ForwardBadge } from './components/Header.js';
import { HelpOverlay, helpOverflow } from './components/HelpOverlay.js';
import { TooSmall } from './components/TooSmall.js';
import { useAgoClock } from './hooks/useAgoClock.js';
import { useCoalescedVersion } from './hooks/useCoalescedVersion.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { keyNames, lookup } from './keymap.js';
import { computeLayout } from './layout.js';
import type { LiveSource } from './liveSource.js';
import type { Board, MessageBoard } from './messageBoard.js';
import type { SideFile } from '../store/sideFile.js';
import type { WindowName } from '../report/window.js';
import { FrameViews } from './frameViews.js';
import { projectDirs } from '../report/projectDirs.js';
import { knownKeys, parseFilter, type Filter } from '../report/grouping.js';
import type { BudgetStatus } from '../insights/budgets.js';
import type { BudgetSettings } from '../insights/config.js';
import { PanelView } from './panels/PanelView.js';
import { openEventOverflow, markedIndex } from './panels/EventsPanel.js';
import type { View } from './panels/panelProps.js';
import type { Theme } from './theme.js';
import { activeScopes, applyAction, editFilter, initialUiState, type PanelId } from './uiState.js';

export interface Listening {
  host: string;
  grpcPort: number;
  httpPort: number;
  /** Where /metrics is served for Prometheus, when it is. */
  metricsUrl?: string;
  /** The process that listens, when it is not this one (a viewer shows another cc-top's store). */
  pid?: number;
}

export interface AppProps {
  source: LiveSource;
  clock: () => number;
  theme: Theme;
  listening: Listening;
  mode: 'live' | 'viewer';
  thresholds: CostThresholds;
  initialWindow?: WindowName;
  messages?: MessageBoard;
  /** Plan usage and projects from the status line's side file. */
  sideFile?: Board<SideFile | null>;
  /** Budgets (flags and config file): the header shows the closest to its limit. */
  budgets?: BudgetSettings;
  /** --filter: every panel shows only matching sessions. */
  filter?: Filter;
  /** What the empty screen tells a new user to run (worked out by the command for its ports). */
  guide?: SetupGuide;
  /** Forwarding to an upstream, when on. */
  forward?: Board<ForwardBadge | null>;
  onQuit: () => void;
}

/** The event-log filter text as a session filter, when it reads KEY=VALUE. */
function sessionFilterOf(text: string): Filter | undefined {
  if (!/^[\w.-]+=\S/.test(text)) return undefined;
  try {
    return parseFilter(text);
  } catch {
    return undefined;
  }
}

/** How long a new message takes the tab line before it moves beside the tabs. */
export const NOTICE_MS = 8_000;

/** The filter's key checked against the keys the store has: a message naming them when it is not one. */
function filterProblem(state: StoreState, filter: Filter | undefined): string | undefined {
  if (!filter) return undefined;
  const keys = knownKeys(state);
  return keys.includes(filter.key) ? undefined : `no key "${filter.key}"; the keys are ${keys.join(', ')}`;
}

function mostPressing(statuses: readonly BudgetStatus[]): BudgetStatus | undefined {
  return [...statuses].sort((a, b) => b.fraction - a.fraction)[0];
}

function hasData(state: StoreState): boolean {
  return state.sessionsSeen > 0 || state.events.length > 0;
}

/** The newest times shown as "ago" labels: the header's and the most recent sessions'. */
function shownTimes(state: StoreState): number[] {
  const recent = [...state.sessions.values()]
    .map((s) => s.lastSeen)
    .sort((a, b) => b - a)
    .slice(0, 20);
  return [state.lastData.metrics ?? 0, state.lastData.events ?? 0, ...recent];
}

export function App({ source, clock, theme, listening, mode, thresholds, initialWindow, messages, sideFile: sideBoard, filter, budgets, guide, forward: forwardBoard, onQuit }: AppProps) {
  const size = useTerminalSize();
  const layout = computeLayout(size.columns, size.rows);
  const version = useCoalescedVersion(source, clock);
  const [ui, setUi] = useState(() => initialUiState(initialWindow));
  // While paused the screen shows a copy: the store keeps changing underneath.
  const [frozen, setFrozen] = useState<StoreState | null>(null);
  // A message takes the tab line for NOTICE_MS after it is posted, then stays beside the tabs.
  const [message, setMessage] = useState(() => (messages?.latest ? { text: messages.latest, at: clock() } : undefined));
  useEffect(() => messages?.subscribe((text) => setMessage(text ? { text, at: clock() } : undefined)), [messages, clock]);
  const [sideFile, setSideFile] = useState(sideBoard?.latest ?? null);
  useEffect(() => sideBoard?.subscribe(setSideFile), [sideBoard]);
  const [forward, setForward] = useState(forwardBoard?.latest ?? null);
  useEffect(() => forwardBoard?.subscribe(setForward), [forwardBoard]);

  const state = frozen ?? source.state;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const times = useMemo(() => shownTimes(state), [state, version]);
  const now = useAgoClock(times, clock, version, message ? [message.at + NOTICE_MS] : []);
  // `/team.id=platform` (KEY=VALUE) narrows every panel to matching sessions, as --filter does;
  // any other text filters the event log.
  const typed = sessionFilterOf(ui.filter.text);
  const wanted = filter ?? typed;
  // A source that reads only what is shown (Prometheus) is told the view, and narrows by the
  // filter itself: its figures are not filtered again here.
  // The filter is a new object per frame: its key and value say when it changed.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => source.want?.({ window: ui.window, groupBy: ui.groupBy, sort: ui.sessions.sort, filter: wanted }), [source, ui.window, ui.groupBy, ui.sessions.sort, wanted?.key, wanted?.value]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const problem = useMemo(() => (source.want ? undefined : filterProblem(state, wanted)), [source, state, version, wanted?.key]);
  // A key the store does not have narrows nothing: the panels say so rather than show everyone.
  const sessionFilter = source.want || problem ? undefined : wanted;
  const dirs = useMemo(() => (sideFile ? projectDirs(sideFile) : undefined), [sideFile]);
  // Worked out again when the data (or the filter, the side file, the thresholds) changes; within
  // one store version, every window's view is kept (see FrameViews).
  const views = useMemo(
    () => new FrameViews({ state, thresholds, sideFile, filter: sessionFilter, dirs, problem }),
    // `version` stands for changes inside the (mutable) store state; the filter is a new object per frame.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, version, thresholds, sideFile, dirs, sessionFilter?.key, sessionFilter?.value, problem],
  );
  const view: View = views.view(ui.window, ui.groupBy, now);
  const showStartup = ui.events.showStartup;
  // The filtered sessions' ids, when a filter narrows the log (a window change alone leaves the log as it is).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filteredIds = useMemo(() => (sessionFilter ? new Set(view.summary.sessions.map((s) => s.id)) : undefined), [view, sessionFilter?.key, sessionFilter?.value]);
  const rows = useMemo(
    () => eventRows(state, { showStartup, ...(filteredIds ? { sessions: filteredIds } : {}), ...(typed ? {} : { filter: ui.filter.text }) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, version, ui.filter.text, filteredIds, showStartup],
  );
  const openSession = ui.focused === 'sessions' ? ui.sessions.open : null;
  const sessionRows = useMemo(
    () => (openSession ? eventRows(state, { session: openSession, showStartup }) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, version, openSession, showStartup],
  );
  const sessionIds = useMemo(() => sortSessions(view.summary.sessions, ui.sessions.sort).map((s) => s.id), [view, ui.sessions.sort]);
  // The budget nearest its limit (or past it), for the header.
  const budgetShown = mostPressing(views.budgetStatuses(budgets, now));
  const scopes = activeScopes(ui, layout.tooSmall);
  const side: PanelId = ui.focused === 'overview' ? 'events' : 'overview';
  const mainColumns = layout.split ? layout.mainColumns : layout.columns;
  const panelProps = { view, ui, height: layout.bodyRows, theme, rows, sessionRows };

  // Keys can arrive faster than React re-renders (key repeat, paste, a quick `/Bash`): each key
  // must act on the state left by the previous one, not on the last rendered one.
  const uiRef = useRef(ui);
  const context = {
    sessionIds,
    eventRows: rows.length,
    pageRows: Math.max(1, layout.bodyRows - 3),
    helpLines: helpOverflow(layout.columns, layout.bodyRows),
    tooSmall: layout.tooSmall,
    markedEvent: rows[markedIndex(rows, ui.events)]?.entry,
    sessionEventRows: sessionRows.length,
    eventDetailLines: ui.focused === 'events' ? openEventOverflow({ ...panelProps, width: mainColumns, focused: true }) : 0,
  };
  const contextRef = useRef(context);
  // Synchronously after each commit, before any further key is read.
  useLayoutEffect(() => {
    contextRef.current = context;
  });

  useInput((input, key) => {
    const current = uiRef.current;
    let next = current;
    for (const name of keyNames(input, key)) {
      const facts = contextRef.current;
      const scopesNow = activeScopes(next, facts.tooSmall);
      if (scopesNow[0] === 'filter') next = editFilter(next, name);
      else {
        const binding = lookup(name, scopesNow);
        if (binding) next = applyAction(next, binding.id, facts);
      }
      if (next.quit) break;
    }
    if (next === current) return;
    uiRef.current = next;
    if (next.paused !== current.paused) setFrozen(next.paused ? structuredClone(source.state) : null);
    setUi(next);
    if (next.quit) onQuit();
  });

  if (layout.tooSmall) return <TooSmall columns={layout.columns} rows={layout.rows} theme={theme} />;

  const shown: PanelId[] = layout.split ? [ui.focused, side] : [ui.focused];
  const capWarning = state.capsReached.size ? `over the cap of distinct ${[...state.capsReached.keys()].join(', ')}: the rest is counted under "(other)"` : undefined;

  let body;
  if (ui.help) body = <HelpOverlay width={layout.columns} height={layout.bodyRows} offset={ui.helpOffset} theme={theme} />;
  else if (!hasData(state)) body = <EmptyState width={layout.columns} height={layout.bodyRows} theme={theme} guide={guide} origin={state.origin} window={ui.window} />;
  else if (layout.split)
    body = (
      <Box>
        <PanelView id={ui.focused} focused width={layout.mainColumns} {...panelProps} />
        <Box width={1} />
        <PanelView id={side} focused={false} width={layout.sideColumns} {...panelProps} />
      </Box>
    );
  else body = <PanelView id={ui.focused} focused width={layout.columns} {...panelProps} />;

  const filterText = wanted ? ` · ${wanted.key}=${wanted.value}${problem ? ' (no such key)' : ''}` : '';
  // A team view whose Prometheus stopped answering says so, in full, for as long as it lasts.
  const stale = state.origin?.stale ? `stale: ${state.origin.stale.error} (retrying)` : undefined;
  const notice = stale ? { text: stale, fresh: true } : message ? { text: message.text, fresh: now < message.at + NOTICE_MS } : capWarning ? { text: capWarning, fresh: false } : undefined;
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.rows}>
      <Header
        width={layout.columns}
        theme={theme}
        addresses={{ grpc: `${listening.host}:${listening.grpcPort}`, http: `${listening.host}:${listening.httpPort}`, ...(listening.metricsUrl ? { metrics: listening.metricsUrl } : {}) }}
        mode={mode}
        receiverPid={listening.pid}
        window={`${ui.window}${filterText}`}
        origin={state.origin}
        lastMetrics={state.lastData.metrics}
        lastEvents={state.lastData.events}
        now={now}
        paused={ui.paused}
        focused={ui.focused}
        shown={shown}
        notice={notice}
        plan={view.plan}
        budget={budgetShown}
        forward={forward}
      />
      <Box height={layout.bodyRows}>{body}</Box>
      <Footer scopes={scopes} width={layout.columns} theme={theme} />
    </Box>
  );
}
