// "now" for the frame. Read afresh whenever the data changes (a label must never be computed
// against a clock older than the data it describes), and otherwise advanced only when something
// shown would change: an "ago" label crossing its unit (every 10 s while something is under a
// minute old, then at minute, hour and day boundaries) or a deadline (a notice that expires).
// An idle screen with old data therefore wakes up rarely, and with no data not at all. Keys do
// not move it: a key redraws against the same "now", so the figures need no recomputing.
import { useEffect, useMemo, useState } from 'react';
import { nextAgoChange } from '../../report/format.js';

export function useAgoClock(times: readonly (number | null | undefined)[], clock: () => number, version: number, deadlines: readonly number[] = []): number {
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const now = useMemo(() => clock(), [clock, version, tick]);
  const key = `${times.join(',')};${deadlines.join(',')}`;
  useEffect(() => {
    const at = clock();
    const waits = [nextAgoChange(times, at), ...deadlines.filter((d) => d > at).map((d) => d - at)].filter((w): w is number => w !== undefined);
    if (waits.length === 0) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(...waits));
    return () => clearTimeout(timer);
    // `key` stands for `times` and `deadlines` (new arrays each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, now, clock]);
  return now;
}
