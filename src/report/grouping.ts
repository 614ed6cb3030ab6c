// "Which project / user / model is spending?": a filter that narrows every figure, and the keys
// spend can be grouped by. Model, session and query source are dimensions of every bucket cell;
// user, project and any other label (e.g. `team.id` from OTEL_RESOURCE_ATTRIBUTES) come from the
// session records, so a filter on them keeps the cells of the matching sessions.
import { basename } from 'node:path';
import type { Cell, SessionRecord, StoreState } from '../store/state.js';

/** Keys with a meaning of their own; any other key is read from the sessions' labels (e.g. team.id). */
export const GROUP_KEYS = ['model', 'session', 'user', 'project', 'query_source'] as const;
export const NO_VALUE = '(none)';

export class GroupingError extends Error {}

export interface Filter {
  key: string;
  value: string;
}

/** Where each session works, as far as cc-top knows besides its labels (the status line's folder). */
export type ProjectDirs = ReadonlyMap<string, string>;

/** `--filter team.id=platform` -> {key, value}; a usage error names the expected shape. */
export function parseFilter(text: string): Filter {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new GroupingError(`--filter takes KEY=VALUE (e.g. project=cc-top or team.id=platform), not "${text}"`);
  return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() };
}

export function userOf(s: Pick<SessionRecord, 'labels'>): string | undefined {
  return s.labels.get('user.email') ?? s.labels.get('user.id') ?? s.labels.get('user.account_uuid');
}

/** The session's project: its repository (OTEL_METRICS_INCLUDE_REPOSITORY), else the folder it works in. */
export function projectOf(s: Pick<SessionRecord, 'id' | 'labels'>, dirs: ProjectDirs | undefined): string | undefined {
  const repo = s.labels.get('vcs.repository.name');
  if (repo) return repo;
  const dir = s.labels.get('project.dir') ?? dirs?.get(s.id);
  return dir ? basename(dir) || dir : undefined;
}

/** The keys a filter or grouping can use in this state: the named ones and every label seen. */
export function knownKeys(state: StoreState): string[] {
  const labels = new Set<string>();
  for (const s of state.sessions.values()) for (const k of s.labels.keys()) labels.add(k);
  return [...GROUP_KEYS, ...[...labels].filter((k) => !(GROUP_KEYS as readonly string[]).includes(k)).sort()];
}

/** A filter or grouping key that nothing has: a usage error listing the keys that exist. */
export function checkKey(state: StoreState, key: string, flag: string): void {
  const keys = knownKeys(state);
  if (!keys.includes(key)) throw new GroupingError(`${flag}: no key "${key}"; the keys are ${keys.join(', ')}`);
}

/** The values a session has for a session-level key (user, project, a label). */
export function sessionValue(s: SessionRecord, key: string, dirs: ProjectDirs | undefined): string {
  switch (key) {
    case 'session':
      return s.id;
    case 'user':
      return userOf(s) ?? NO_VALUE;
    case 'project':
      return projectOf(s, dirs) ?? NO_VALUE;
    default:
      return s.labels.get(key) ?? NO_VALUE;
  }
}

/** A cell's value for a key (undefined: the cell says nothing about it, e.g. a tool cell's model). */
export function cellValue(cell: Cell, key: string, sessions: ReadonlyMap<string, SessionRecord>, dirs: ProjectDirs | undefined): string | undefined {
  switch (key) {
    case 'model':
      return cell.model;
    case 'query_source':
      return cell.source;
    case 'session':
      return cell.session || undefined;
    default: {
      const s = sessions.get(cell.session);
      return s ? sessionValue(s, key, dirs) : undefined;
    }
  }
}

/** Whether a cell passes the filter (a session id may be given short, as the tables show it). */
export function cellMatches(cell: Cell, filter: Filter | undefined, sessions: ReadonlyMap<string, SessionRecord>, dirs: ProjectDirs | undefined): boolean {
  if (!filter) return true;
  const value = cellValue(cell, filter.key, sessions, dirs);
  if (value === undefined) return false;
  return filter.key === 'session' ? value.startsWith(filter.value) : value === filter.value || (filter.key === 'project' && matchesDir(cell.session, filter.value, dirs));
}

function matchesDir(session: string, value: string, dirs: ProjectDirs | undefined): boolean {
  return dirs?.get(session) === value;
}

/** Whether a session passes the filter (for model: whether it used the model). */
export function sessionMatches(s: SessionRecord, filter: Filter | undefined, dirs: ProjectDirs | undefined): boolean {
  if (!filter) return true;
  if (filter.key === 'model') return [...s.usage.values()].some((u) => u.model === filter.value);
  if (filter.key === 'query_source') return [...s.usage.values()].some((u) => u.source === filter.value);
  if (filter.key === 'session') return s.id.startsWith(filter.value);
  const value = sessionValue(s, filter.key, dirs);
  return value === filter.value || (filter.key === 'project' && dirs?.get(s.id) === filter.value);
}
