// What the UI reads: the store's state, a version bumped per applied batch, and a way to hear of
// changes. The live Store is one; a read-only viewer of a store file can be another.
import type { StoreState } from '../store/state.js';

export interface LiveSource {
  readonly state: StoreState;
  readonly version: number;
  subscribe(listener: () => void): () => void;
}
