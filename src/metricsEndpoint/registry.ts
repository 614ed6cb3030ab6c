// The families as prom-client exposes them: a Registry per format (the Prometheus text format,
// and OpenMetrics for scrapers that ask for it), each holding one collector per family that
// reads the families of the scrape being rendered. prom-client writes the format: names, HELP and
// TYPE lines, escaping, OpenMetrics' `_total` samples and `# EOF`.
//
// The collectors hand prom-client their series as collected rather than through Counter.inc():
// inc() needs every label name up front (a session's labels come from the wire), and it keys a
// series by `name:value,` text, which would merge two sessions whose label values contain `,`
// and `:`. The store's series are already one per label set, so nothing is left to key.
import { Registry, type Metric, type RegistryContentType } from 'prom-client';
import type { Family, LabelSet } from './families.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A family that could not be served as it is (a bug in whoever built it). */
export class FamilyError extends Error {}

function checkLabels(family: Family, labels: LabelSet): void {
  for (const name in labels) if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new FamilyError(`${family.name}: label name "${name}" is not valid in Prometheus`);
}

function check(family: Family, sharedChecked: WeakSet<LabelSet>): void {
  if (!METRIC_NAME.test(family.name)) throw new FamilyError(`metric name "${family.name}" is not valid in Prometheus`);
  if (family.type === 'counter' && !family.name.endsWith('_total')) throw new FamilyError(`counter "${family.name}" must end in _total`);
  for (const s of family.series) {
    checkLabels(family, s.labels);
    if (s.shared && !sharedChecked.has(s.shared)) {
      checkLabels(family, s.shared);
      for (const name in s.shared) if (name in s.labels) throw new FamilyError(`${family.name}: label "${name}" is both a series' own and shared`);
      sharedChecked.add(s.shared);
    }
    if (!Number.isFinite(s.value)) throw new FamilyError(`${family.name}: value ${s.value} is not a finite number`);
  }
}

/** One family, read when the Registry renders it (prom-client calls get() on each metric it holds). */
class FamilyCollector {
  readonly aggregator = 'sum';

  constructor(
    /** prom-client renames an OpenMetrics counter (drops `_total`, then adds it to each sample). */
    public name: string,
    readonly help: string,
    readonly type: Family['type'],
    private readonly read: () => Family | undefined,
  ) {}

  get() {
    const family = this.read();
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      // A shared label object is formatted once by prom-client (it caches it by identity).
      values: (family?.series ?? []).map((s) => (s.shared ? { labels: s.labels, sharedLabels: s.shared, value: s.value } : { labels: s.labels, value: s.value })),
    });
  }

  reset(): void {}
}

interface FormatRegistry {
  registry: Registry<RegistryContentType>;
  collectors: Map<string, FamilyCollector>;
}

function registryOf(contentType: RegistryContentType): FormatRegistry {
  // The format is set once here and never changed: scrapes of both formats may overlap.
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  return { registry, collectors: new Map() };
}

export class FamilyRegistry {
  private current = new Map<string, Family>();
  private readonly formats: Record<ExpositionFormat, FormatRegistry> = {
    prometheus: registryOf(Registry.PROMETHEUS_CONTENT_TYPE),
    openmetrics: registryOf(Registry.OPENMETRICS_CONTENT_TYPE),
  };

  /** Render `families` in `format`: the text and its Content-Type. */
  async render(families: readonly Family[], format: ExpositionFormat): Promise<{ text: string; contentType: string }> {
    const names = new Set<string>();
    const sharedChecked = new WeakSet<LabelSet>();
    for (const f of families) {
      check(f, sharedChecked);
      if (names.has(f.name)) throw new FamilyError(`two families are named "${f.name}"`);
      names.add(f.name);
    }
    const { registry, collectors } = this.formats[format];
    const current = new Map(families.map((f) => [f.name, f]));
    // Collectors follow the families: a new family gets one, a family gone (or changed type) loses it.
    for (const [name, collector] of collectors) {
      const family = current.get(name);
      if (family && family.type === collector.type && family.help === collector.help) continue;
      registry.removeSingleMetric(name);
      collectors.delete(name);
    }
    for (const f of families) {
      if (collectors.has(f.name)) continue;
      const collector = new FamilyCollector(f.name, f.help, f.type, () => this.current.get(f.name));
      registry.registerMetric(collector as unknown as Metric);
      collectors.set(f.name, collector);
    }
    // metrics() asks every collector for its family at once, before it awaits anything: this
    // scrape's families are the ones read, whatever another scrape sets next.
    this.current = current;
    const text = await registry.metrics();
    return { text, contentType: registry.contentType };
  }
}
