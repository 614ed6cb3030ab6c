// Claude Code's metric families from the store: one series per session, model, query source and
// type, with the session's labels, as Claude Code's own exporter would show them; but cumulative
// over the store's whole life, so they never go down when Claude Code or cc-top restarts and a
// session's last increments are there after it exits. Sessions the store folded past its cap
// are one `session_id="(other)"`; figures sent without a session id have no `session_id`.
// Values are summed as exact integers (nano-USD, µs) and turned into the unit shown last.
// Only what arrived as telemetry is served: figures imported from transcripts (each usage entry
// keeps their part) are left out, so an import never makes a series jump (Prometheus, and a team
// view reading it, would put months of history into the hour of the import).
import { OVERFLOW_KEY, type SessionRecord, type StoreState, type Usage } from '../store/state.js';
import { CLAUDE_CODE_FAMILIES, valueOfUnits, type ClaudeCodeFamily, type Family, type LabelSet } from './families.js';
import { BUILT_IN_LABELS, labelNameOf } from './labelNames.js';
import type { CounterKey } from '../telemetry/model.js';

export interface StoreFamiliesOptions {
  /** Label names summed away (`--metrics-drop-labels`). */
  dropLabels?: readonly string[];
}

type Pair = readonly [name: string, value: string];

interface SeriesBuilding {
  /** The owner's labels (shared by all its series). */
  shared: LabelSet;
  model: string | undefined;
  source: string | undefined;
  part: Pair | undefined;
  units: number;
}

interface Building {
  spec: ClaudeCodeFamily;
  /** The series' labels as a key -> the series. */
  series: Map<string, SeriesBuilding>;
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

function labelSet(pairs: readonly Pair[]): LabelSet {
  const set = Object.create(null) as LabelSet;
  for (const [name, value] of pairs) set[name] = value;
  return set;
}

/**
 * What the usage entries of one owner (a session, the evicted ones, no session) are added with:
 * its labels, less the dropped ones, as one shared object, and as a key worked out once. (Owners'
 * labels never include model, query_source, type or decision, so the key of a series is the
 * owner's key and those values, in a fixed order.)
 */
class Owner {
  private readonly shared: LabelSet;
  private readonly key: string;

  constructor(
    pairs: Pair[],
    private readonly drop: ReadonlySet<string>,
  ) {
    const kept = pairs.filter(([name]) => !drop.has(name)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.shared = labelSet(kept);
    this.key = JSON.stringify(kept);
  }

  add(families: readonly Building[], usage: Usage): void {
    const model = this.drop.has('model') ? undefined : usage.model;
    const source = this.drop.has('query_source') ? undefined : usage.source;
    const usageKey = `${this.key}\u0000${model ?? '\u0001'}\u0000${source ?? '\u0001'}`;
    const received = telemetryOf(usage);
    for (const family of families) {
      const present = family.spec.presentWith?.some((k) => received(k) > 0) ?? false;
      for (const part of family.spec.parts) {
        const units = received(part.counter);
        if (units <= 0 && !present) continue;
        // The same labels are the same series, whichever owner they came from (labels dropped).
        const kept = part.label && !this.drop.has(part.label[0]) ? part.label : undefined;
        const key = kept ? `${usageKey}\u0000${kept[1]}` : usageKey;
        const series = family.series.get(key);
        if (series) series.units += units;
        else family.series.set(key, { shared: this.shared, model, source, part: kept, units });
      }
    }
  }
}

/** A usage entry's counters less what was imported from transcripts: what arrived as telemetry. */
function telemetryOf(usage: Usage): (key: CounterKey) => number {
  const imported = usage.imported;
  if (!imported) return (key) => usage.counters[key] ?? 0;
  return (key) => Math.max(0, (usage.counters[key] ?? 0) - (imported[key] ?? 0));
}

function ownLabels(s: SeriesBuilding): LabelSet {
  const set = Object.create(null) as LabelSet;
  if (s.model !== undefined) set['model'] = s.model;
  if (s.source !== undefined) set['query_source'] = s.source;
  if (s.part) set[s.part[0]] = s.part[1];
  return set;
}

export function claudeCodeFamilies(state: StoreState, options: StoreFamiliesOptions = {}): Family[] {
  const drop = new Set(options.dropLabels ?? []);
  const names = new LabelNames();
  const families: Building[] = CLAUDE_CODE_FAMILIES.map((spec) => ({ spec, series: new Map() }));
  for (const session of state.sessions.values()) {
    const owner = new Owner(sessionPairs(session, names), drop);
    for (const usage of session.usage.values()) owner.add(families, usage);
  }
  const evicted = new Owner([['session_id', OVERFLOW_KEY]], drop);
  for (const usage of state.evicted.usage.values()) evicted.add(families, usage);
  const sessionless = new Owner([], drop);
  for (const usage of state.sessionless.values()) sessionless.add(families, usage);
  return families
    .filter((f) => f.series.size > 0)
    .map((f) => ({
      name: f.spec.name,
      help: f.spec.help,
      type: 'counter',
      series: [...f.series.values()].map((s) => ({ labels: ownLabels(s), shared: s.shared, value: valueOfUnits(s.units, f.spec.unitsPerValue) })),
    }));
}
