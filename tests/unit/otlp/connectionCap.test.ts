// Past the cap, the least recently active connection is closed, never the newcomer.
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionCap } from '../../../src/otlp/connectionCap.js';

function fakeSocket(name: string, closed: string[]): net.Socket {
  const socket = new EventEmitter() as EventEmitter & { destroy(): void };
  socket.destroy = () => {
    closed.push(name);
    socket.emit('close');
  };
  return socket as unknown as net.Socket;
}

describe('ConnectionCap', () => {
  it('closes the least recently active connection when a new one passes the cap', () => {
    const closed: string[] = [];
    const cap = new ConnectionCap(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => fakeSocket(n, closed));
    cap.admit(a!);
    cap.admit(b!);
    cap.touch(a!); // a answered a request: b is now the least recently active
    cap.admit(c!);
    expect(closed).toEqual(['b']);
    cap.admit(d!);
    expect(closed).toEqual(['b', 'a']);
    expect(cap.size).toBe(2);
  });

  it('forgets connections that close by themselves, and closes all on request', () => {
    const closed: string[] = [];
    const cap = new ConnectionCap(2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => fakeSocket(n, closed));
    cap.admit(a!);
    cap.admit(b!);
    a!.emit('close');
    cap.touch(a!); // a closed: touching it does not bring it back
    cap.admit(c!);
    expect(closed).toEqual([]);
    cap.closeAll();
    expect(closed.sort()).toEqual(['b', 'c']);
    expect(cap.size).toBe(0);
  });
});
