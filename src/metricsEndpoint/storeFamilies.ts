// Claude Code's metric families from the store: one series per session, model, query source and
// type, with the session's labels, as Claude Code's own exporter would show them; but cumulative
// over the store's whole life, so they never go down when Claude Code or cc-top restarts and a
// session's last increments are there after it exits. Sessions the store folded past its cap
// are one `session_id="(other)"`; figures sent without a session id have no `session_id`.
// Values are summed as exact integers (nano-USD, µs) and turned into the unit shown last.
import { OVERFLOW_KEY, type SessionRecord, type StoreState, type Usage } from '../store/state.js';
import { CLAUDE_CODE_FAMILIES, valueOfUnits, type ClaudeCodeFamily, type Family, type LabelSet } from './families.js';
import { BUILT_IN_LABELS, labelNameOf } from './labelNames.js';

export interface StoreFamiliesOptions {
  /** Label names summed away (`--metrics-drop-labels`). */
  dropLabels?: readonly string[];
}

type Pair = readonly [name: string, value: string];

interface Building {
  spec: ClaudeCodeFamily;
  /** Sorted label pairs (as JSON) -> the series' labels and exact units. */
  series: Map<string, { labels: Pair[]; units: number }>;
}

/** Label names of attribute keys, worked out once per scrape. */
class LabelNames {
  private readonly names = new Map<string, string | undefined>();

  of(key: string): string | undefined {
    if (!this.names.has(key)) {
      const name = labelNameOf(key);
      this.names.set(key, name === undefined || BUILT_IN_LABELS.has(name) ? undefined : name);
    }
    return this.names.get(key);
  }
}

/** A session's own labels: its id, then each of its labels (the first of two keys that map to one name wins). */
function sessionPairs(session: SessionRecord, names: LabelNames): Pair[] {
  const pairs: Pair[] = [['session_id', session.id]];
  const taken = new Set<string>();
  for (const [key, value] of session.labels) {
    const name = names.of(key);
    if (name === undefined || value === '' || taken.has(name)) continue;
    taken.add(name);
    pairs.push([name, value]);
  }
  return pairs;
}

function addUsage(families: readonly Building[], owner: readonly Pair[], usage: Usage, drop: ReadonlySet<string>): void {
  const base: Pair[] = [...owner];
  if (usage.model !== undefined) base.push(['model', usage.model]);
  if (usage.source !== undefined) base.push(['query_source', usage.source]);
  for (const family of families) {
    const present = family.spec.presentWith?.some((k) => (usage.counters[k] ?? 0) > 0) ?? false;
    for (const part of family.spec.parts) {
      const units = usage.counters[part.counter] ?? 0;
      if (units <= 0 && !present) continue;
      const all = part.label ? [...base, part.label] : base;
      // Sorted, so that the same labels from sessions that list them in another order are one series.
      const labels = (drop.size > 0 ? all.filter(([name]) => !drop.has(name)) : [...all]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const key = JSON.stringify(labels);
      const series = family.series.get(key);
      if (series) series.units += units;
      else family.series.set(key, { labels, units });
    }
  }
}

function labelSet(pairs: readonly Pair[]): LabelSet {
  const set = Object.create(null) as LabelSet;
  for (const [name, value] of pairs) set[name] = value;
  return set;
}

export function claudeCodeFamilies(state: StoreState, options: StoreFamiliesOptions = {}): Family[] {
  const drop = new Set(options.dropLabels ?? []);
  const names = new LabelNames();
  const families: Building[] = CLAUDE_CODE_FAMILIES.map((spec) => ({ spec, series: new Map() }));
  for (const session of state.sessions.values()) {
    const owner = sessionPairs(session, names);
    for (const usage of session.usage.values()) addUsage(families, owner, usage, drop);
  }
  const evicted: Pair[] = [['session_id', OVERFLOW_KEY]];
  for (const usage of state.evicted.usage.values()) addUsage(families, evicted, usage, drop);
  for (const usage of state.sessionless.values()) addUsage(families, [], usage, drop);
  return families
    .filter((f) => f.series.size > 0)
    .map((f) => ({
      name: f.spec.name,
      help: f.spec.help,
      type: 'counter',
      series: [...f.series.values()].map((s) => ({ labels: labelSet(s.labels), value: valueOfUnits(s.units, f.spec.unitsPerValue) })),
    }));
}
