// API latency and time to first token by model (from api_request events), and errors by status.
import type { StoreState } from '../store/state.js';
import { percentile } from './percentile.js';

export interface ModelLatency {
  model: string;
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
}

export function apiLatency(state: StoreState): ModelLatency[] {
  return Object.entries(state.api)
    .map(([model, s]) => ({
      model,
      samples: s.durations.length,
      p50Ms: percentile(s.durations, 50),
      p95Ms: percentile(s.durations, 95),
      p99Ms: percentile(s.durations, 99),
      ttftP50Ms: percentile(s.ttfts, 50),
      ttftP95Ms: percentile(s.ttfts, 95),
    }))
    .sort((a, b) => b.samples - a.samples || a.model.localeCompare(b.model));
}

export function errorsByStatus(state: StoreState): { status: string; count: number }[] {
  return Object.entries(state.errorsByStatus)
    .map(([status, count]) => ({ status, count }))
    .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
}

export interface ApiHealth {
  byModel: ModelLatency[];
  errorsByStatus: { status: string; count: number }[];
  /** api_error / (api_request + api_error) in the window; null without any. */
  errorRate: number | null;
  /** Requests Claude Code gave up on after its retries (all time). */
  retriesExhausted: number;
}

/** Latency percentiles (recent samples), errors by status (all time), and the window's error rate. */
export function apiHealth(state: StoreState, windowRequests: number, windowErrors: number): ApiHealth {
  const attempts = windowRequests + windowErrors;
  return {
    byModel: apiLatency(state),
    errorsByStatus: errorsByStatus(state),
    errorRate: attempts === 0 ? null : windowErrors / attempts,
    retriesExhausted: state.eventCounts['api_retries_exhausted'] ?? 0,
  };
}
