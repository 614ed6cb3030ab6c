// Hear of changes to one file that its writer replaces atomically (temp file + rename): watch the
// folder, keep the events for that name, and coalesce a burst into one call. No polling.
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Changes closer together than this are reported once (the writer's temp file and rename). */
export const CHANGE_DEBOUNCE_MS = 100;

export interface FileWatch {
  close(): void;
}

export function watchFile(path: string, onChange: () => void, onError: (message: string) => void): FileWatch {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), (_event, file) => {
    if ((file !== null && file !== name) || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, CHANGE_DEBOUNCE_MS);
  });
  watcher.on('error', (err) => onError(`cannot watch ${dirname(path)} for changes: ${err.message}`));
  return {
    close() {
      watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
}
