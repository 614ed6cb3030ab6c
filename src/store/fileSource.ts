// A read-only view of a store file another cc-top writes: re-read whenever the writer renames a
// new version into place (the folder's change events; no polling while nothing changes).
import { JsonFileAdapter } from './persistence.js';
import { emptyState, type StoreState } from './state.js';
import { StateBoard } from './stateBoard.js';
import { watchFile, type FileWatch } from './watchFile.js';

export class StoreFileSource extends StateBoard {
  private watcher: FileWatch | undefined;
  private reading = false;
  private again = false;

  private constructor(
    private readonly adapter: JsonFileAdapter,
    initial: StoreState,
    private readonly onError: (message: string) => void,
  ) {
    super(initial);
  }

  static async open(path: string, clock: () => number, onError: (message: string) => void): Promise<StoreFileSource> {
    const adapter = new JsonFileAdapter(path);
    const source = new StoreFileSource(adapter, (await adapter.read()) ?? emptyState(clock()), onError);
    source.watcher = watchFile(path, () => void source.reload(), onError);
    return source;
  }

  close(): void {
    this.watcher?.close();
  }

  /** Re-read now (also what a change event leads to). */
  async reload(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      const next = await this.adapter.read();
      if (next) {
        this.publish(next);
      }
    } catch (err) {
      // A half-seen file cannot happen (the writer renames whole files); anything else is shown.
      this.onError(`cannot read the store: ${(err as Error).message}`);
    } finally {
      this.reading = false;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    }
  }
}
