// The change setup is about to make, as a diff-like list: `+` added, `~` changed, `-` removed.
import type { Paint } from '../report/paint.js';
import type { Change } from './settingsMerge.js';

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

export function formatChange(change: Change, paint: Paint): string {
  switch (change.kind) {
    case 'add':
      return paint.ok(`  + ${change.path}: ${show(change.after)}`);
    case 'change':
      return paint.warn(`  ~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`);
    case 'remove':
      return paint.error(`  - ${change.path}: ${show(change.before)}`);
  }
}

export function formatChanges(changes: readonly Change[], paint: Paint): string[] {
  return changes.map((c) => formatChange(c, paint));
}
