// Where this store's cc-top serves /metrics for Prometheus (from its lock file), and whether a
// scrape of it works from here.
import { metricsUrl } from '../metricsEndpoint/metricsUrl.js';
import type { LockInfo } from '../store/lock.js';
import { fail, ok, type Check } from './check.js';

const SCRAPE_TIMEOUT_MS = 3_000;
const LABEL = 'Prometheus /metrics';

/** An address to connect to for one a server listens on (a wildcard is reached on loopback). */
function reachableHost(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}

export async function metricsCheck(owner: LockInfo | undefined): Promise<Check> {
  if (!owner) return ok('metrics', LABEL, 'not served: no cc-top is receiving into this store');
  if (owner.metricsPort === undefined) return ok('metrics', LABEL, `off (cc-top pid ${owner.pid} was started without --metrics-port; add --metrics-port 9464 to let Prometheus scrape it)`);
  const shown = metricsUrl(owner.host, owner.metricsPort);
  const url = metricsUrl(reachableHost(owner.host), owner.metricsPort);
  const fix = `check that cc-top (pid ${owner.pid}) is running and that nothing blocks port ${owner.metricsPort}; restart it with --metrics-port`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    const text = await res.text();
    if (!res.ok) return fail('metrics', LABEL, `${shown} answered HTTP ${res.status}: ${text.trim().slice(0, 120)}`, fix);
    const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    return ok('metrics', LABEL, `served at ${shown} (${series} series)`);
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    return fail('metrics', LABEL, `${shown} is not reachable (${cause})`, fix);
  }
}
