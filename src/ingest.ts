// The receiver's consumer: OTLP requests -> Claude Code semantics -> the store.
// The one place the three layers meet, so each of them stays ignorant of the others.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportConsumer, ExportResult, RequestBySignal, Signal } from './otlp/types.js';
import { interpretLogs } from './telemetry/events.js';
import { interpretMetrics } from './telemetry/metrics.js';
import type { Store } from './store/store.js';
import { probeIdOf } from './probe.js';

export interface IngestOptions {
  /** Keep prompt and response text in the event log (off by default: privacy). */
  keepPrompts: boolean;
}

function spanCount(request: RequestBySignal['traces']): number {
  let n = 0;
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}

/**
 * Items applied in one turn of the event loop. Claude Code sends tens per export; a request of
 * thousands (a flood of new session ids, up to the 100,000-item cap) is applied in slices of this
 * many, so an export arriving meanwhile is answered between two slices, not after the whole flood.
 */
export const ITEMS_PER_TURN = 1_000;

const NO_ORIGINALS: ReadonlyMap<string, string> = new Map();

/**
 * Apply `items` a slice per turn; the first slice carries the request's own notes (rejections,
 * unknown names...), so its answer is the request's. A small request is applied at once.
 */
function applyInSlices<T>(items: readonly T[], apply: (slice: T[], first: boolean) => ExportResult): ExportResult | Promise<ExportResult> {
  if (items.length <= ITEMS_PER_TURN) return apply(items as T[], true);
  return (async () => {
    const answer = apply(items.slice(0, ITEMS_PER_TURN), true);
    for (let i = ITEMS_PER_TURN; i < items.length; i += ITEMS_PER_TURN) {
      await nextTurn();
      apply(items.slice(i, i + ITEMS_PER_TURN), false);
    }
    return answer;
  })();
}

const answerOf = (r: { rejected: number; errorMessage?: string }): ExportResult => ({ rejected: r.rejected, ...(r.errorMessage ? { errorMessage: r.errorMessage } : {}) });

export function createIngest(store: Store, options: IngestOptions): ExportConsumer {
  return <S extends Signal>(signal: S, request: RequestBySignal[S]): ExportResult | Promise<ExportResult> => {
    const probe = probeIdOf(signal, request);
    if (probe !== undefined) {
      store.noteProbe(probe, signal);
      // It checks the way to this cc-top: an upstream it forwards to must not see it.
      return { rejected: 0, local: true };
    }
    switch (signal) {
      case 'metrics': {
        const batch = interpretMetrics(request as RequestBySignal['metrics']);
        return applyInSlices(batch.samples, (samples, first) =>
          answerOf(store.ingestMetrics(first ? { ...batch, samples } : { samples, unknown: [], rejected: [], foreign: 0, originals: NO_ORIGINALS })),
        );
      }
      case 'logs': {
        const batch = interpretLogs(request as RequestBySignal['logs'], { keepPrompts: options.keepPrompts, nowMs: store.clock() });
        return applyInSlices(batch.events, (events, first) => answerOf(store.ingestLogs(first ? { ...batch, events } : { events, rejected: [], foreign: 0, originals: NO_ORIGINALS })));
      }
      default:
        store.noteTraces(spanCount(request as RequestBySignal['traces']));
        return { rejected: 0 };
    }
  };
}
