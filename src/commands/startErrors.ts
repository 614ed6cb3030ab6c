// Start-up failures a user can fix, as one line naming the cause and the fix (no stack trace).
import { ListenError } from '../otlp/receiver.js';
import { StoreLockedError } from '../store/lock.js';
import { NewerStoreError } from '../store/persistence.js';
import { ForwardLoopError } from '../service.js';

export function describeStartError(err: unknown, storePath: string): string {
  if (err instanceof ListenError || err instanceof StoreLockedError || err instanceof NewerStoreError || err instanceof ForwardLoopError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
    return `cannot write the store ${storePath} (${e.code}): make its folder writable, or pass --store PATH (or set CC_TOP_STORE) to put it elsewhere`;
  }
  // A recursive mkdir through a file reports EEXIST; opening through one reports ENOTDIR.
  if (e.code === 'ENOTDIR' || e.code === 'EEXIST') {
    return `cannot create the store ${storePath}: part of that path is a file, not a folder; pass --store PATH (or set CC_TOP_STORE) to put it elsewhere`;
  }
  return `cannot start: ${e.message ?? String(err)}`;
}
