// "now" for relative-time labels, advanced only when one of the shown labels would change: every
// second while something is under a minute old, then at minute, hour and day boundaries. An idle
// screen with old data therefore wakes up rarely, and with no data not at all.
import { useEffect, useState } from 'react';
import { nextAgoChange } from '../../report/format.js';

export function useAgoClock(times: readonly (number | null | undefined)[], clock: () => number): number {
  const [now, setNow] = useState(clock);
  const key = times.join(',');
  useEffect(() => {
    const wait = nextAgoChange(times, clock());
    if (wait === undefined) return;
    const timer = setTimeout(() => setNow(clock()), wait);
    return () => clearTimeout(timer);
    // `key` stands for `times` (a new array each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, now, clock]);
  return now;
}
