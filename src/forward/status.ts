// Forwarding's state as everyone outside the forwarding process sees it: the header of a viewer,
// `--once --json`, `doctor` and `/metrics` read the same numbers. The receiving process keeps it
// in a small file beside the store (`forward.json`), written verified; readers treat it as
// untrusted (bounded, checked with valibot, text made safe again).
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { readFileBounded, writeFileVerified } from '../files/safeWrite.js';
import { upstreamText } from './retryPolicy.js';
import { FORWARD_PROTOCOLS, type ForwardProtocol } from './target.js';

export const FORWARD_STATUS_NAME = 'forward.json';
const FORWARD_STATUS_MAX_BYTES = 16 * 1024;

/**
 * idle: nothing sent yet; ok: the last request was delivered; retrying: the upstream is down or
 * throttling and requests wait in the queue; refused: the upstream refused the last request for
 * good (it was dropped); stopped: the forwarding process has stopped.
 */
export const FORWARD_STATES = ['idle', 'ok', 'retrying', 'refused', 'stopped'] as const;
export type ForwardState = (typeof FORWARD_STATES)[number];

export interface DroppedRequests {
  /** Oldest requests dropped to keep the queue within its memory cap. */
  overflow: number;
  /** Refused by the upstream for good (400, INVALID_ARGUMENT, ...). */
  refused: number;
  /** Still queued when cc-top stopped and the drain deadline passed. */
  shutdown: number;
}

export interface ForwardStatus {
  url: string;
  protocol: ForwardProtocol;
  state: ForwardState;
  /** Requests not delivered yet: queued, or on their way. */
  queued: number;
  queuedBytes: number;
  capBytes: number;
  /** Export requests delivered (as they arrived; several may travel in one forwarded request). */
  sent: number;
  dropped: number;
  droppedBy: DroppedRequests;
  /** Forwarded requests tried again after a retryable failure. */
  retries: number;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSentAt: number | null;
  /** When this status was taken, epoch ms. */
  at: number;
}

export function forwardStatusPath(storePath: string): string {
  return join(dirname(storePath), FORWARD_STATUS_NAME);
}

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const time = v.nullable(count);
const STATUS_FILE = v.object({
  version: v.literal(1),
  url: v.pipe(v.string(), v.maxLength(2048), v.transform((s) => upstreamText(s))),
  protocol: v.picklist(FORWARD_PROTOCOLS),
  state: v.picklist(FORWARD_STATES),
  queued: count,
  queuedBytes: count,
  capBytes: count,
  sent: count,
  dropped: count,
  droppedBy: v.object({ overflow: count, refused: count, shutdown: count }),
  retries: count,
  lastError: v.nullable(v.pipe(v.string(), v.maxLength(4096), v.transform((s) => upstreamText(s)))),
  lastErrorAt: time,
  lastSentAt: time,
  at: count,
});

/** The status the forwarding process last wrote, or null (no file: not forwarding; unreadable or not valid: unknown). */
export async function readForwardStatus(path: string): Promise<ForwardStatus | null> {
  try {
    const parsed = v.safeParse(STATUS_FILE, JSON.parse(await readFileBounded(path, FORWARD_STATUS_MAX_BYTES)));
    if (!parsed.success) return null;
    const { version: _version, ...status } = parsed.output;
    return status;
  } catch {
    return null;
  }
}

/** A stale file from an earlier run that forwarded, when this one does not. */
export async function removeForwardStatus(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
}

/** Writes the latest status, one write at a time; a status that comes while one is written waits for it and replaces any older one waiting. */
export class ForwardStatusWriter {
  private writing: Promise<void> | undefined;
  private next: ForwardStatus | undefined;

  constructor(private readonly path: string) {}

  write(status: ForwardStatus): void {
    this.next = status;
    this.writing ??= this.drain();
  }

  /** Wait until the latest status is on disk (or its write failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    while (this.next) {
      const status = this.next;
      this.next = undefined;
      // A lost status write costs nothing the next one does not bring back; the store is not touched.
      await writeFileVerified(this.path, JSON.stringify({ version: 1, ...status }), { fsync: false }).catch(() => undefined);
    }
    this.writing = undefined;
  }
}
