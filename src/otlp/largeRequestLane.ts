// Large requests take turns. Claude Code's exports are a few KiB; a request of hundreds of KiB
// (thousands of items: only a misbehaving client sends one) costs tens of milliseconds to decode,
// which cannot be split. Decoded and applied one at a time, with a turn of the event loop before
// each, they let a real export in between any two of them instead of behind all of them.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bodies from this size on (after inflation) go through the lane. */
export const LARGE_REQUEST_BYTES = 64 * 1024;

export class LargeRequestLane {
  private tail: Promise<void> = Promise.resolve();

  /** Do `work` for a request of `bytes` (decoded): at once when it is small, in its turn when it is large. */
  async take<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    if (bytes < LARGE_REQUEST_BYTES) return work();
    const leave = await this.enter();
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /** Wait for this request's turn; call the function returned when it has been answered. */
  private async enter(): Promise<() => void> {
    let leave!: () => void;
    const done = new Promise<void>((resolve) => (leave = resolve));
    const before = this.tail;
    this.tail = before.then(() => done);
    await before;
    // Requests that arrived meanwhile (small ones do not queue here) are read first.
    await nextTurn();
    return leave;
  }
}
