// Status listeners, told of changes at most every `everyMs` (a burst of requests is one update,
// and the last change is always told). No timer runs while nothing changes.
export class StatusFeed<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastAt = -Infinity;
  private closed = false;

  constructor(
    private readonly read: () => T,
    private readonly everyMs: number,
    private readonly clock: () => number,
  ) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something changed: tell the listeners soon. */
  changed(): void {
    if (this.timer || this.closed || this.listeners.size === 0) return;
    const wait = Math.max(0, this.lastAt + this.everyMs - this.clock());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tell();
    }, wait);
    // A pending update never keeps the process alive; stopping tells the last one itself.
    this.timer.unref();
  }

  /** Tell the listeners now, one last time, and stop. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tell();
    this.closed = true;
  }

  private tell(): void {
    this.lastAt = this.clock();
    const value = this.read();
    for (const listener of this.listeners) listener(value);
  }
}
