// API latency and time to first token by model (samples kept in the window's hour buckets), errors
// by status, and the window's error rate.
import type { StoreState } from '../store/state.js';
import type { SliceFigures } from './figures.js';
import { percentiles } from './percentile.js';

export interface ModelLatency {
  model: string;
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
}

export interface ApiHealth {
  byModel: ModelLatency[];
  /** All time (not narrowed by window or filter). */
  errorsByStatus: { status: string; count: number }[];
  /** api_error / (api_request + api_error) in the window; null without any. */
  errorRate: number | null;
  /** Requests Claude Code gave up on after its retries (all time). */
  retriesExhausted: number;
}

export function apiLatency(figures: SliceFigures): ModelLatency[] {
  return [...figures.api]
    .map(([model, s]) => {
      const [p50Ms, p95Ms, p99Ms] = percentiles(s.durations, 50, 95, 99);
      const [ttftP50Ms, ttftP95Ms] = percentiles(s.ttfts, 50, 95);
      return { model, samples: s.durations.length, p50Ms: p50Ms!, p95Ms: p95Ms!, p99Ms: p99Ms!, ttftP50Ms: ttftP50Ms!, ttftP95Ms: ttftP95Ms! };
    })
    .sort((a, b) => b.samples - a.samples || a.model.localeCompare(b.model));
}

export function errorsByStatus(state: StoreState): { status: string; count: number }[] {
  return [...state.errorsByStatus].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
}

export function apiHealth(state: StoreState, figures: SliceFigures): ApiHealth {
  const requests = figures.live.apiRequests ?? 0;
  const errors = figures.live.apiErrors ?? 0;
  const attempts = requests + errors;
  return {
    byModel: apiLatency(figures),
    errorsByStatus: errorsByStatus(state),
    errorRate: attempts === 0 ? null : errors / attempts,
    retriesExhausted: state.eventCounts.get('api_retries_exhausted') ?? 0,
  };
}
