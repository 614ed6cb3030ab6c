// The forward queue's state on /metrics, so a team's Prometheus sees a cc-top that cannot reach
// its Collector (or drops requests) before anyone opens the live view.
import type { Family, LabelSet } from './families.js';

/** What /metrics needs of forwarding's status (src/forward/status.ts ForwardStatus has it). */
export interface ForwardHealth {
  state: string;
  queued: number;
  queuedBytes: number;
  capBytes: number;
  sent: number;
  droppedBy: { overflow: number; refused: number; shutdown: number };
  retries: number;
}

const labels = (entries: Record<string, string> = {}): LabelSet => Object.assign(Object.create(null) as LabelSet, entries);

const one = (name: string, help: string, type: Family['type'], value: number): Family => ({ name, help, type, series: [{ labels: labels(), value }] });

export function forwardFamilies(status: ForwardHealth): Family[] {
  return [
    one('cc_top_forward_sent_total', 'OTLP export requests forwarded and accepted by the upstream since cc-top started', 'counter', status.sent),
    {
      name: 'cc_top_forward_dropped_total',
      help: 'OTLP export requests dropped instead of forwarded since cc-top started, by reason (overflow: queue full; refused: the upstream refused for good; shutdown: still queued at stop)',
      type: 'counter',
      series: Object.entries(status.droppedBy).map(([reason, value]) => ({ labels: labels({ reason }), value })),
    },
    one('cc_top_forward_retries_total', 'Forwarded requests sent again after a retryable failure since cc-top started', 'counter', status.retries),
    one('cc_top_forward_queued_requests', 'OTLP export requests waiting to be forwarded (queued or on their way)', 'gauge', status.queued),
    one('cc_top_forward_queued_bytes', 'Bytes of OTLP export requests waiting to be forwarded', 'gauge', status.queuedBytes),
    one('cc_top_forward_queue_cap_bytes', 'The forward queue\'s cap in bytes: past it the oldest requests are dropped', 'gauge', status.capBytes),
    one('cc_top_forward_up', '1 while forwarding works (the last request reached the upstream), 0 while it retries or fails', 'gauge', status.state === 'ok' || status.state === 'idle' ? 1 : 0),
  ];
}
