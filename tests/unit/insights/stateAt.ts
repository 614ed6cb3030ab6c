// Building store states for the insights tests: cost metrics and events at given times, each
// received at its own time (as live ingest does), so receive times and rollups are realistic.
import { applyEvent, applyMetricSample } from '../../../src/store/aggregate.js';
import type { StoreState } from '../../../src/store/state.js';
import type { EventDetail, MetricSample } from '../../../src/telemetry/model.js';
import { costSample, event, metricSample, SESSION_A } from '../../builders/samples.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A cost metric point of `usd` at `atMs` for a session, received at `receivedMs` (default: at once). */
export function costAt(state: StoreState, usd: number, atMs: number, sessionId = SESSION_A, receivedMs = atMs): void {
  applyMetricSample(state, costSample(usd, { timeMs: atMs, sessionId }), receivedMs);
}

export function tokensAt(state: StoreState, counter: MetricSample['counter'], units: number, atMs: number, sessionId = SESSION_A): void {
  applyMetricSample(state, metricSample({ counter, units, timeMs: atMs, sessionId, model: 'claude-sonnet-4-5' }), atMs);
}

/** An event at `atMs`, received at `receivedMs` (default: at once). */
export function eventAt(state: StoreState, detail: EventDetail, atMs: number, sessionId = SESSION_A, receivedMs = atMs): void {
  applyEvent(state, event(detail, { timeMs: atMs, sessionId }), receivedMs);
}

export function apiRequestAt(state: StoreState, atMs: number, usd = 0, sessionId = SESSION_A, tokens: Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheCreation', number>> = {}): void {
  eventAt(state, { type: 'api_request', model: 'claude-sonnet-4-5', costNanos: Math.round(usd * 1e9), tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, ...tokens } }, atMs, sessionId);
}

export function apiErrorAt(state: StoreState, atMs: number, sessionId = SESSION_A): void {
  eventAt(state, { type: 'api_error', model: 'claude-sonnet-4-5', statusCode: 529 }, atMs, sessionId);
}
