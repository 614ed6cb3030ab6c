// What every source of a whole state shows the live view (a store file another cc-top writes, a
// team's Prometheus): the state now, a version that moves on each new one, and who to tell.
import type { StoreState } from './state.js';

export class StateBoard {
  private bumped = 0;
  private readonly listeners = new Set<() => void>();

  constructor(protected current: StoreState) {}

  get state(): StoreState {
    return this.current;
  }

  get version(): number {
    return this.bumped;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new state (or the same one, changed): the version moves on and every listener hears of it. */
  protected publish(next: StoreState): void {
    this.current = next;
    this.bumped++;
    for (const listener of this.listeners) listener();
  }
}
