import { describe, expect, it } from 'vitest';
import { ForwardQueue } from '../../../src/forward/queue.js';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('the forwarding queue', () => {
  it('keeps each signal in order and takes batches bounded in count and bytes', () => {
    const q = new ForwardQueue(1000);
    for (let i = 0; i < 5; i++) q.push('metrics', bytes(10, i), 'protobuf');
    q.push('logs', bytes(10), 'json');
    expect(q.queuedCount).toBe(6);
    const first = q.take('metrics', 2, 1000);
    expect(first.map((r) => r.body[0])).toEqual([0, 1]);
    expect(q.take('metrics', 10, 25).map((r) => r.body[0])).toEqual([2, 3]);
    expect(q.inFlightCount).toBe(4);
    expect(q.inFlightBytes).toBe(40);
    q.settle(first);
    expect(q.inFlightCount).toBe(2);
    // The first request is always taken, even when larger than the byte bound.
    expect(q.take('logs', 10, 1)).toHaveLength(1);
  });

  it('puts requests back at the front, in order, to be sent again', () => {
    const q = new ForwardQueue(1000);
    for (let i = 0; i < 4; i++) q.push('logs', bytes(10, i), 'protobuf');
    const taken = q.take('logs', 2, 1000);
    q.push('logs', bytes(10, 9), 'protobuf');
    q.putBack('logs', taken);
    expect(q.inFlightBytes).toBe(0);
    expect(q.queuedBytes).toBe(50);
    expect(q.take('logs', 10, 1000).map((r) => r.body[0])).toEqual([0, 1, 2, 3, 9]);
  });

  it('drops the oldest requests over all signals past its cap, counting what is on its way', () => {
    const q = new ForwardQueue(100);
    q.push('metrics', bytes(30, 1), 'protobuf');
    q.push('logs', bytes(30, 2), 'protobuf');
    q.push('metrics', bytes(30, 3), 'protobuf');
    const onItsWay = q.take('metrics', 1, 100);
    expect(q.push('logs', bytes(30, 4), 'protobuf')).toBe(1); // the oldest queued (logs #2) goes
    expect(q.queuedBytes + q.inFlightBytes).toBeLessThanOrEqual(100);
    expect(q.take('logs', 10, 1000).map((r) => r.body[0])).toEqual([4]);
    expect(onItsWay[0]!.body[0]).toBe(1);
    // A request larger than the whole cap is dropped at once.
    expect(q.push('traces', bytes(101), 'protobuf')).toBe(1);
    expect(q.count('traces')).toBe(0);
  });

  it('stays compact through many pushes and takes', () => {
    const q = new ForwardQueue(1 << 20);
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) q.push('metrics', bytes(1, i), 'protobuf');
      const got = q.take('metrics', 100, 1 << 20);
      expect(got.map((r) => r.body[0])).toEqual(Array.from({ length: 100 }, (_, i) => i));
      q.settle(got);
    }
    expect(q.queuedCount).toBe(0);
    expect(q.queuedBytes + q.inFlightBytes).toBe(0);
    q.push('metrics', bytes(5), 'protobuf');
    expect(q.clear()).toBe(1);
  });
});
