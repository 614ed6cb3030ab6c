// Turns any number of change notifications into at most one frame per `frameMs`, always ending
// with a frame after the last change (trailing edge). No timer exists while nothing changes.
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const NODE_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class FrameCoalescer {
  private pending: unknown;
  private lastFrame = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly frameMs: number,
    private readonly clock: () => number,
    private readonly onFrame: () => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  notify(): void {
    if (this.pending !== undefined) return;
    const wait = Math.max(0, this.lastFrame + this.frameMs - this.clock());
    this.pending = this.timers.set(() => {
      this.pending = undefined;
      this.lastFrame = this.clock();
      this.onFrame();
    }, wait);
  }

  dispose(): void {
    if (this.pending !== undefined) this.timers.clear(this.pending);
    this.pending = undefined;
  }
}
