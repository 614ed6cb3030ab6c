// A loopback port nothing listens on right now: for a server a test starts later on it (an
// upstream that is down first, a port given on a command line), where port 0 cannot be passed.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
