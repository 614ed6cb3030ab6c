// The receiver's consumer: OTLP requests -> Claude Code semantics -> the store.
// The one place the three layers meet, so each of them stays ignorant of the others.
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

export function createIngest(store: Store, options: IngestOptions): ExportConsumer {
  return <S extends Signal>(signal: S, request: RequestBySignal[S]): ExportResult => {
    const probe = probeIdOf(signal, request);
    if (probe !== undefined) {
      store.noteProbe(probe, signal);
      // It checks the way to this cc-top: an upstream it forwards to must not see it.
      return { rejected: 0, local: true };
    }
    switch (signal) {
      case 'metrics': {
        const r = store.ingestMetrics(interpretMetrics(request as RequestBySignal['metrics']));
        return { rejected: r.rejected, ...(r.errorMessage ? { errorMessage: r.errorMessage } : {}) };
      }
      case 'logs': {
        const batch = interpretLogs(request as RequestBySignal['logs'], { keepPrompts: options.keepPrompts, nowMs: store.clock() });
        const r = store.ingestLogs(batch);
        return { rejected: r.rejected, ...(r.errorMessage ? { errorMessage: r.errorMessage } : {}) };
      }
      default:
        store.noteTraces(spanCount(request as RequestBySignal['traces']));
        return { rejected: 0 };
    }
  };
}
