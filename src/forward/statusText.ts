// Forwarding's status in one line of words, for `--once` and `doctor`.
import type { ForwardStatus } from './status.js';

const STATE_WORDS: Record<ForwardStatus['state'], string> = {
  idle: 'nothing to send yet',
  ok: 'delivering',
  retrying: 'the upstream fails, retrying',
  refused: 'the upstream refuses requests',
  stopped: 'stopped',
};

export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib >= 10 || mib === 0 ? Math.round(mib) : mib.toFixed(1)} MiB`;
}

export function describeForward(s: ForwardStatus): string {
  const parts = [`${s.url} (${s.protocol}): ${STATE_WORDS[s.state]}`, `${s.sent} sent`, `${s.queued} queued (${formatMiB(s.queuedBytes)} of ${formatMiB(s.capBytes)})`];
  if (s.dropped > 0) parts.push(`${s.dropped} dropped (${s.droppedBy.overflow} over the cap, ${s.droppedBy.refused} refused, ${s.droppedBy.shutdown} at stop)`);
  if (s.lastError && s.state !== 'ok') parts.push(`last error: ${s.lastError}`);
  return parts.join(' · ');
}

/** The `forward` member of `--once --json`. */
export function forwardJson(s: ForwardStatus | null) {
  if (!s) return null;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    url: s.url,
    protocol: s.protocol,
    state: s.state,
    queued: s.queued,
    queuedBytes: s.queuedBytes,
    capBytes: s.capBytes,
    sent: s.sent,
    dropped: s.dropped,
    droppedBy: s.droppedBy,
    retries: s.retries,
    lastError: s.lastError,
    lastErrorAt: iso(s.lastErrorAt),
    lastSentAt: iso(s.lastSentAt),
    updatedAt: iso(s.at),
  };
}
