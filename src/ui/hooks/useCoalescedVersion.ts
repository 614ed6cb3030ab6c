// Re-render on data change, at most once per frame (see FrameCoalescer): the store may apply
// hundreds of batches a second; the screen needs at most 10 frames.
import { useEffect, useState } from 'react';
import type { LiveSource } from '../liveSource.js';
import { FrameCoalescer } from './frameCoalescer.js';

/** At most 10 frames per second. */
export const FRAME_MS = 100;

export function useCoalescedVersion(source: LiveSource, clock: () => number): number {
  const [version, setVersion] = useState(source.version);
  useEffect(() => {
    const coalescer = new FrameCoalescer(FRAME_MS, clock, () => setVersion(source.version));
    const unsubscribe = source.subscribe(() => coalescer.notify());
    return () => {
      unsubscribe();
      coalescer.dispose();
    };
  }, [source, clock]);
  return version;
}
