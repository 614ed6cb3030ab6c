// What the UI reads: the store's state, a version bumped per applied batch, and a way to hear of
// changes. The live Store is one; a read-only viewer of a store file can be another; a team's
// Prometheus a third, which reads what the screen shows (`want`) rather than holding everything.
import type { StoreState } from '../store/state.js';
import type { Filter } from '../report/grouping.js';
import type { WindowName } from '../report/window.js';
import type { SessionSort } from './uiState.js';

/** What the screen shows, for a source that reads only that. */
export interface WantedView {
  window: WindowName;
  groupBy: string;
  sort: SessionSort;
  filter: Filter | undefined;
}

export interface LiveSource {
  readonly state: StoreState;
  readonly version: number;
  subscribe(listener: () => void): () => void;
  /** Told whenever the view changes, by a source that reads only what is shown (Prometheus). */
  want?(view: WantedView): void;
}
