// dayStart keeps the last local day it worked out; it must still equal local midnight for any
// time, across daylight-saving changes (23- and 25-hour days) and zones whose clocks skip
// midnight itself.
import { afterAll, describe, expect, it, vi } from 'vitest';

const midnight = (t: number) => {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

const zoneBefore = process.env.TZ;
afterAll(() => {
  process.env.TZ = zoneBefore;
});

describe('dayStart', () => {
  for (const zone of ['Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'UTC']) {
    it(`is local midnight every 7 minutes of 2026 in ${zone}`, async () => {
      process.env.TZ = zone;
      // A fresh module for each zone: V8 reads the zone once, and so may the cache.
      vi.resetModules();
      const { dayStart } = await import('../../../src/store/rollups.js');
      const from = Date.UTC(2026, 0, 1);
      const to = Date.UTC(2027, 0, 1);
      let mismatches = 0;
      for (let t = from; t < to; t += 7 * 60_000) if (dayStart(t) !== midnight(t)) mismatches++;
      // and backwards in time (the cache must not assume time only moves on)
      for (let t = to; t > from; t -= 11 * 60_000 * 60) if (dayStart(t) !== midnight(t)) mismatches++;
      expect(mismatches).toBe(0);
    });
  }
});
