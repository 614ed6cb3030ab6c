// Which format a scraper asked for. Prometheus asks for OpenMetrics first, e.g.
//   application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,
//   text/plain;version=0.0.4;q=0.5,*/*;q=0.1
// A plain `curl` (or no Accept at all) gets the Prometheus text format.
import type { ExpositionFormat } from './registry.js';

/** The highest q the Accept header gives a media type (0 when it does not name it). */
function qualityOf(accept: string, mediaType: string): number {
  let best = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== mediaType) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(value) && value > best) best = value;
  }
  return best;
}

export function formatFor(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'prometheus';
  const openMetrics = qualityOf(accept, 'application/openmetrics-text');
  return openMetrics > 0 && openMetrics >= qualityOf(accept, 'text/plain') ? 'openmetrics' : 'prometheus';
}

/** Whether the scraper takes a gzip body (Prometheus does). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    return coding === 'gzip' && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}
