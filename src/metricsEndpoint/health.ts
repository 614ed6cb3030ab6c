// cc-top's own health beside Claude Code's figures: the export requests it answered (by signal,
// protocol and answer), what it refused, and whether its store can be written.
import type { StoreState } from '../store/state.js';
import type { Family, LabelSet } from './families.js';

/** Distinct (signal, protocol, status) kept; a flood of odd paths cannot grow it past this. */
export const REQUEST_KINDS_CAP = 64;

function labelSet(entries: Record<string, string>): LabelSet {
  return Object.assign(Object.create(null) as LabelSet, entries);
}

/** Export requests answered since cc-top started, by signal, protocol and answer. */
export class RequestTally {
  private readonly counts = new Map<string, { labels: LabelSet; count: number }>();

  /**
   * @param signal `metrics`, `logs`, `traces`, or `unknown` for a path that is none of them
   * @param status the HTTP status (`200`, `400`…) or the gRPC code's name (`OK`, `INVALID_ARGUMENT`…)
   */
  record(protocol: 'http' | 'grpc', signal: string, status: string): void {
    let key = `${protocol} ${signal} ${status}`;
    let entry = this.counts.get(key);
    if (!entry) {
      if (this.counts.size >= REQUEST_KINDS_CAP) {
        key = `${protocol} other other`;
        signal = status = 'other';
        entry = this.counts.get(key);
      }
      if (!entry) {
        entry = { labels: labelSet({ signal, protocol, status }), count: 0 };
        this.counts.set(key, entry);
      }
    }
    entry.count++;
  }

  family(): Family {
    return {
      name: 'cc_top_requests_total',
      help: 'OTLP export requests cc-top answered since it started, by signal, protocol (http, grpc) and status (HTTP status or gRPC code)',
      type: 'counter',
      series: [...this.counts.values()].map((e) => ({ labels: e.labels, value: e.count })),
    };
  }
}

export interface StoreHealth {
  state: StoreState;
  /** Writes that failed since cc-top started. */
  writeFailures: number;
  /** Whether the last write failed (the data since the last good write is in memory only). */
  writeFailing: boolean;
}

const single = (name: string, help: string, type: Family['type'], value: number): Family => ({ name, help, type, series: [{ labels: labelSet({}), value }] });

export function healthFamilies(store: StoreHealth, requests: RequestTally): Family[] {
  const { rejected } = store.state;
  return [
    requests.family(),
    single('cc_top_rejected_points_total', 'Metric data points cc-top refused (answered as a partial success), over the store\'s life', 'counter', rejected.points),
    single('cc_top_rejected_records_total', 'Log records cc-top refused (answered as a partial success), over the store\'s life', 'counter', rejected.records),
    single('cc_top_store_write_failures_total', 'Writes of the store file that failed since cc-top started', 'counter', store.writeFailures),
    single('cc_top_store_write_failing', '1 while the store file cannot be written: what arrived since the last good write is in memory only', 'gauge', store.writeFailing ? 1 : 0),
  ].filter((f) => f.series.length > 0);
}
