// The shared count of request bytes in flight: a cap, and stalled requests evicted (least
// recently active first) to make room before anyone is refused.
import { describe, expect, it } from 'vitest';
import { BytesInFlight } from '../../../src/otlp/bytesInFlight.js';

function setup(cap: number, stalledMs: number) {
  let now = 0;
  const inFlight = new BytesInFlight(cap, stalledMs, () => now);
  const evicted: string[] = [];
  const open = (name: string) => inFlight.open(() => evicted.push(name));
  return { inFlight, evicted, open, advance: (ms: number) => (now += ms) };
}

describe('BytesInFlight', () => {
  it('counts up to the cap, refuses past it, and releases on close (once)', () => {
    const { inFlight, open } = setup(100, 1_000);
    const a = open('a');
    const b = open('b');
    expect(a.add(60)).toBe(true);
    expect(b.add(40)).toBe(true);
    expect(inFlight.bytes).toBe(100);
    expect(inFlight.hasRoom()).toBe(false);
    expect(b.add(1)).toBe(false);
    b.release(15);
    b.release(1_000); // never below nothing
    expect([b.bytes, inFlight.bytes]).toEqual([0, 60]);
    expect(b.add(40)).toBe(true);
    a.close();
    a.close();
    expect(inFlight.bytes).toBe(40);
    expect(inFlight.hasRoom()).toBe(true);
    expect(a.add(1)).toBe(false);
  });

  it('evicts stalled shares, least recently active first, only as many as needed', () => {
    const { inFlight, evicted, open, advance } = setup(100, 1_000);
    const a = open('a');
    const b = open('b');
    const c = open('c');
    a.add(30);
    advance(10);
    b.add(30);
    advance(10);
    a.add(10); // a is now more recent than b
    advance(2_000);
    c.add(20); // c is active; a and b have stalled
    expect(inFlight.bytes).toBe(90);
    const d = open('d');
    expect(d.add(40)).toBe(true); // needs 30 more: b (least recently active, 30 bytes) goes
    expect(evicted).toEqual(['b']);
    expect(inFlight.bytes).toBe(100);
    expect(b.add(1)).toBe(false);
  });

  it('never evicts a share that is still active, nor one holding nothing', () => {
    const { evicted, open, advance } = setup(100, 1_000);
    open('idle'); // the least recently active, but holding nothing: evicting it frees nothing
    const active = open('active');
    active.add(90);
    advance(500);
    expect(open('new').add(20)).toBe(false);
    advance(600);
    expect(open('newer').add(20)).toBe(true);
    expect(evicted).toEqual(['active']);
  });

  it('hasRoom evicts stalled shares when the cap is reached', () => {
    const { inFlight, evicted, open, advance } = setup(100, 1_000);
    open('a').add(100);
    expect(inFlight.hasRoom()).toBe(false);
    advance(1_000);
    expect(inFlight.hasRoom()).toBe(true);
    expect(evicted).toEqual(['a']);
    expect(inFlight.bytes).toBe(0);
  });
});
