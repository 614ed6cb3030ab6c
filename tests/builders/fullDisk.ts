// A file system for the verified writer (src/files/safeWrite.ts) on which writes stop after a
// number of bytes, as on a full disk: with ENOSPC, or (reportSuccess) through a layer that claims
// every byte was written (the short write that used to replace good files with truncated ones).
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { NODE_FS, type WriteFs } from '../../src/files/safeWrite.js';

export interface FullDisk {
  /** Only files whose name matches are affected (default: all). */
  victim?: RegExp;
  /** Bytes each affected file may still take. */
  room: number;
  reportSuccess: boolean;
  /** Whether the disk is full now (default: always). */
  full?: () => boolean;
}

export function fullDisk({ victim, room, reportSuccess, full = () => true }: FullDisk): WriteFs {
  return {
    ...NODE_FS,
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      if (!full() || (victim && !victim.test(basename(String(args[0]))))) return handle;
      let left = room;
      const write = handle.write.bind(handle) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === 'write') {
            return async (buffer: Uint8Array, offset: number, length: number) => {
              const n = Math.min(left, length);
              left -= n;
              if (n > 0) await write(buffer, offset, n);
              if (n === 0 && !reportSuccess) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
              return { bytesWritten: reportSuccess ? length : n };
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    }) as typeof fsp.open,
  };
}
