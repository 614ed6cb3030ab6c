// Who holds a port: nobody, this store's cc-top (from its lock file), or something else.
import { connect } from 'node:net';
import type { LockInfo } from '../store/lock.js';
import { fail, ok, warn, type Check } from './check.js';

export function portInUse(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function portCheck(name: 'gRPC' | 'HTTP', host: string, port: number, owner: LockInfo | undefined): Promise<Check> {
  const id = `port-${name.toLowerCase()}`;
  const label = `${name} port ${port}`;
  const ownerPort = owner ? (name === 'gRPC' ? owner.grpcPort : owner.httpPort) : undefined;
  if (owner && ownerPort === port) return ok(id, label, `held by cc-top (pid ${owner.pid}) with this store`);
  const inUse = await portInUse(host, port);
  if (!inUse) return warn(id, label, 'free: no cc-top is running on it', `start cc-top (or cc-top --headless) to receive telemetry`);
  const also = owner ? ` (this store's cc-top, pid ${owner.pid}, listens on ${owner.grpcPort}/${owner.httpPort})` : '';
  return fail(id, label, `in use by another process${also}`, `stop it, or run cc-top with --${name === 'gRPC' ? 'grpc' : 'http'}-port N and \`cc-top setup\` with the same port`);
}
