import { describe, expect, it } from 'vitest';
import { FrameCoalescer, type Timers } from '../../../src/ui/hooks/frameCoalescer.js';
import { nextAgoChange } from '../../../src/report/format.js';

/** Timers driven by hand with a manual clock. */
function manualTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      const id = ++ids;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (handle) => {
      const i = queue.findIndex((t) => t.id === handle);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > end) break;
      queue.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { timers, advance, clock: () => now, pending: () => queue.length };
}

describe('FrameCoalescer', () => {
  it('turns a burst of changes into at most one frame per 100 ms, ending with the last change', () => {
    const m = manualTimers();
    let frames = 0;
    const c = new FrameCoalescer(100, m.clock, () => frames++, m.timers);
    c.notify();
    m.advance(0);
    expect(frames).toBe(1);
    // 1,000 changes over one second: ten frames, not a thousand.
    for (let t = 0; t < 1000; t++) {
      c.notify();
      m.advance(1);
    }
    m.advance(200);
    expect(frames).toBeGreaterThanOrEqual(10);
    expect(frames).toBeLessThanOrEqual(12);
    expect(m.pending()).toBe(0);
  });

  it('holds no timer while nothing changes, and dispose cancels a pending frame', () => {
    const m = manualTimers();
    let frames = 0;
    const c = new FrameCoalescer(100, m.clock, () => frames++, m.timers);
    expect(m.pending()).toBe(0);
    c.notify();
    c.notify();
    expect(m.pending()).toBe(1);
    c.dispose();
    m.advance(1000);
    expect(frames).toBe(0);
    expect(m.pending()).toBe(0);
  });
});

describe('nextAgoChange', () => {
  const now = 1_000_000_000;
  it('wakes at the next 10-second step while a label shows seconds', () => {
    expect(nextAgoChange([now - 5_500], now)).toBe(4_500);
    expect(nextAgoChange([now - 5_500, now - 19_000], now)).toBe(1_000);
  });
  it('wakes at the next minute boundary past a minute, and hourly past an hour', () => {
    expect(nextAgoChange([now - 90_000], now)).toBe(30_000);
    expect(nextAgoChange([now - 3_600_000 - 60_000], now)).toBeGreaterThan(60_000 - 1);
  });
  it('never wakes with no times shown', () => {
    expect(nextAgoChange([], now)).toBeUndefined();
    expect(nextAgoChange([null, undefined, 0], now)).toBeUndefined();
  });
});
