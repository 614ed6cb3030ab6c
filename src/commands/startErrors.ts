// Start-up failures a user can fix, as one line naming the cause and the fix (no stack trace).
import { ListenError } from '../otlp/receiver.js';
import { StoreLockedError } from '../store/lock.js';
import { NewerStoreError } from '../store/persistence.js';

export function describeStartError(err: unknown, storePath: string): string {
  if (err instanceof ListenError || err instanceof StoreLockedError || err instanceof NewerStoreError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
    return `cannot write the store ${storePath} (${e.code}): make its folder writable, or pass --store PATH (or set CC_TOP_STORE) to put it elsewhere`;
  }
  if (e.code === 'ENOTDIR') return `cannot create the store ${storePath}: a parent path is a file, not a folder; pass --store PATH`;
  return `cannot start: ${e.message ?? String(err)}`;
}
