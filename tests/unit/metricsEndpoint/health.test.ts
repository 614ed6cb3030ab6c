// cc-top's own request counts stay bounded whatever clients send.
import { describe, expect, it } from 'vitest';
import { REQUEST_KINDS_CAP, RequestTally } from '../../../src/metricsEndpoint/health.js';

describe('request tally', () => {
  it('counts by signal, protocol and status, and folds kinds past its cap into "other"', () => {
    const tally = new RequestTally();
    tally.record('http', 'metrics', '200');
    tally.record('http', 'metrics', '200');
    tally.record('grpc', 'logs', 'OK');
    for (let i = 0; i < REQUEST_KINDS_CAP + 10; i++) tally.record('http', 'unknown', String(1000 + i));
    const series = tally.family().series;
    expect(series).toHaveLength(REQUEST_KINDS_CAP + 1);
    expect(series.find((s) => s.labels['status'] === '200')?.value).toBe(2);
    expect(series.find((s) => s.labels['status'] === 'other')).toMatchObject({ labels: { signal: 'other', protocol: 'http', status: 'other' }, value: 12 });
    expect(series.reduce((n, s) => n + s.value, 0)).toBe(3 + REQUEST_KINDS_CAP + 10);
  });
});
