// The store: can cc-top read and write it, and what has arrived in it lately.
import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';
import { shortId } from '../report/cells.js';
import { formatAgo } from '../report/format.js';
import { CorruptStoreError, JsonFileAdapter, NewerStoreError } from '../store/persistence.js';
import type { StoreState } from '../store/state.js';
import { fail, ok, warn, type Check } from './check.js';

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nearest existing folder on the way to `path`: where the store would be created. */
async function nearestExisting(path: string): Promise<string> {
  let dir = dirname(path);
  for (;;) {
    try {
      await access(dir, constants.F_OK);
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

export async function storeCheck(storePath: string): Promise<{ check: Check; state?: StoreState }> {
  const label = 'Store';
  let state: StoreState | null;
  try {
    state = await new JsonFileAdapter(storePath).read();
  } catch (err) {
    if (err instanceof CorruptStoreError) return { check: fail('store', label, `${storePath} is not a valid store`, 'start cc-top once: it moves the file aside and starts a fresh one') };
    if (err instanceof NewerStoreError) return { check: fail('store', label, err.message, 'update your cc-top checkout: git pull && npm install') };
    return { check: fail('store', label, `cannot read ${storePath}: ${(err as Error).message}`, 'fix its permissions, or pass --store PATH') };
  }
  if (!state) {
    const dir = await nearestExisting(storePath);
    return (await writable(dir))
      ? { check: warn('store', label, `${storePath} does not exist yet`, 'start cc-top: it creates the store on the first data') }
      : { check: fail('store', label, `${storePath} cannot be created: ${dir} is not writable`, 'fix the folder permissions, or pass --store PATH (or set CC_TOP_STORE)') };
  }
  if (!(await writable(storePath))) return { check: fail('store', label, `${storePath} is not writable`, 'fix its permissions (cc-top writes it as mode 0600), or pass --store PATH'), state };
  return { check: ok('store', label, `${storePath} readable and writable`), state };
}

export function lastDataCheck(state: StoreState | undefined, nowMs: number): Check {
  const label = 'Last data';
  const { metrics, events } = state?.lastData ?? {};
  if (!metrics && !events)
    return fail('data', label, 'nothing received from Claude Code yet', 'after `cc-top setup`, restart Claude Code and send a prompt; metrics follow within the export interval');
  const sessions = [...state!.sessions.values()]
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .slice(0, 3)
    .map((s) => `${shortId(s.id)} ${formatAgo(s.lastSeen, nowMs)}`);
  const detail = `metrics ${formatAgo(metrics, nowMs)}, events ${formatAgo(events, nowMs)}${sessions.length ? `; latest sessions: ${sessions.join(', ')}` : ''}`;
  if (!metrics) return warn('data', label, detail, 'events arrive but no metrics: check OTEL_METRICS_EXPORTER=otlp and wait one export interval');
  if (!events) return warn('data', label, detail, 'metrics arrive but no events: check OTEL_LOGS_EXPORTER=otlp');
  return ok('data', label, detail);
}
