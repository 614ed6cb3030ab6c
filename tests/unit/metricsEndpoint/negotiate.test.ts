// The format a scraper asked for, and whether it takes gzip.
import { describe, expect, it } from 'vitest';
import { acceptsGzip, formatFor } from '../../../src/metricsEndpoint/negotiate.js';

/** What Prometheus 2.42 sends. */
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('content negotiation', () => {
  it('serves OpenMetrics to a scraper that prefers it, the text format otherwise', () => {
    expect(formatFor(PROMETHEUS_ACCEPT)).toBe('openmetrics');
    expect(formatFor('application/openmetrics-text; version=1.0.0')).toBe('openmetrics');
    expect(formatFor(undefined)).toBe('prometheus');
    expect(formatFor('*/*')).toBe('prometheus');
    expect(formatFor('text/plain;version=0.0.4')).toBe('prometheus');
    expect(formatFor('text/plain;version=0.0.4,application/openmetrics-text;version=1.0.0;q=0.5')).toBe('prometheus');
    expect(formatFor('application/openmetrics-text;q=0')).toBe('prometheus');
  });

  it('gzips for a scraper that takes it', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
