// The change setup is about to make, as a diff-like list: `+` added, `~` changed, `-` removed.
// Values come from the user's file, so they are shown through showJson (nothing raw reaches the terminal).
import type { Paint } from '../report/paint.js';
import type { Change } from './settingsMerge.js';
import { showJson } from './terminalSafe.js';

/** OTLP header variables carry credentials: shown as `authorization=…`, which headers but not what they say. */
const HEADERS_VARIABLE = /^env\.OTEL_EXPORTER_OTLP_(?:[A-Z]+_)?HEADERS$/;

function masked(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((part) => `${part.split('=')[0]!.trim()}=…`)
    .join(',');
}

export function formatChange(input: Change, paint: Paint): string {
  const change = HEADERS_VARIABLE.test(input.path) ? { ...input, before: masked(input.before), after: masked(input.after) } : input;
  const note = change.note ? ` (${change.note})` : '';
  switch (change.kind) {
    case 'add':
      return paint.ok(`  + ${change.path}: ${showJson(change.after)}${note}`);
    case 'change':
      return paint.warn(`  ~ ${change.path}: ${showJson(change.before)} -> ${showJson(change.after)}${note}`);
    case 'remove':
      return paint.error(`  - ${change.path}: ${showJson(change.before)}${note}`);
  }
}

export function formatChanges(changes: readonly Change[], paint: Paint): string[] {
  return changes.map((c) => formatChange(c, paint));
}
