// Forwarding end to end in one process: the real OpenTelemetry JS exporters send to a cc-top that
// forwards to a second cc-top (a real OTLP receiver), over HTTP and gRPC; both end with the same
// figures. The upstream slow, down or answering 503: the client is answered without waiting for
// it, the local figures stay exact, the queue stays within its cap (drops counted), and what was
// queued arrives once the upstream is back. Every wait polls for an observable result.
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { AggregationTemporalityPreference, OTLPMetricExporter as HttpMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readForwardStatus, forwardStatusPath } from '../../src/forward/status.js';
import { probeRequest } from '../../src/probe.js';
import { encodeRequest } from '../builders/otlpRequest.js';
import { figures, freePort, logsBody, metricsBody, post, removeNodeDirs, startGate, startNode, type Gate, type Node } from './forwardingRig.js';

type Protocol = 'grpc' | 'http/json' | 'http/protobuf';
const RESOURCE = resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.1.330' });
/** The upstream counts a request before its answer reaches this side: statuses are polled too. */
const WAIT = { timeout: 20_000, interval: 50 };

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop().catch(() => undefined);
});
afterAll(removeNodeDirs);

async function node(options: Parameters<typeof startNode>[0] = {}): Promise<Node> {
  const n = await startNode(options);
  running.push(n);
  return n;
}

/** A Claude Code-like process through the real SDK exporters: two requests' cost, tokens and events. */
async function claudeSession(protocol: Protocol, to: Node, session: string, gzip: boolean): Promise<void> {
  const compression = gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  const url = (signal: string) => `${to.httpUrl}/v1/${signal}`;
  const options = { temporalityPreference: AggregationTemporalityPreference.DELTA, compression };
  const metricExporter =
    protocol === 'grpc'
      ? new GrpcMetricExporter({ url: to.grpcUrl, ...options })
      : protocol === 'http/json'
        ? new HttpMetricExporter({ url: url('metrics'), ...options })
        : new ProtoMetricExporter({ url: url('metrics'), ...options });
  const logExporter =
    protocol === 'grpc'
      ? new GrpcLogExporter({ url: to.grpcUrl, compression })
      : protocol === 'http/json'
        ? new HttpLogExporter({ url: url('logs'), compression })
        : new ProtoLogExporter({ url: url('logs'), compression });
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meters = new MeterProvider({ resource: RESOURCE, readers: [reader] });
  const loggers = new LoggerProvider({ resource: RESOURCE, processors: [new BatchLogRecordProcessor({ exporter: logExporter })] });
  const meter = meters.getMeter('com.anthropic.claude_code', '2.1.330');
  const logger = loggers.getLogger('com.anthropic.claude_code.events', '2.1.330');
  const cost = meter.createCounter('claude_code.cost.usage');
  const tokens = meter.createCounter('claude_code.token.usage');
  const attrs = { 'user.id': 'u1', 'session.id': session, model: 'claude-sonnet-4-5', query_source: 'main' };
  for (const [i, usd] of [0.016875, 0.019575000000000002].entries()) {
    cost.add(usd, attrs);
    tokens.add(1200 + i, { ...attrs, type: 'input' });
    tokens.add(80, { ...attrs, type: 'output' });
    logger.emit({
      body: 'claude_code.api_request',
      attributes: { 'session.id': session, 'event.name': 'api_request', 'event.sequence': i, 'event.timestamp': new Date().toISOString(), model: 'claude-sonnet-4-5', cost_usd: usd, input_tokens: 1200 + i, output_tokens: 80, duration_ms: 500 },
    });
    await reader.forceFlush();
    await loggers.forceFlush();
  }
  await meters.shutdown();
  await loggers.shutdown();
}

describe('forwarding to a second cc-top', () => {
  it.each([
    { forward: 'http/protobuf' as const },
    { forward: 'grpc' as const },
  ])('over $forward: the upstream ends with the same figures as the cc-top Claude Code talks to', async ({ forward }) => {
    const upstream = await node();
    const local = await node({ forward: forward === 'grpc' ? upstream.grpcTarget : upstream.httpUrl });
    // Three clients, three protocols, in parallel; one with gzip.
    await Promise.all([claudeSession('grpc', local, `${forward}-grpc`, false), claudeSession('http/json', local, `${forward}-json`, false), claudeSession('http/protobuf', local, `${forward}-proto`, true)]);
    const here = figures(local);
    expect(here.sessions).toHaveLength(3);
    expect(here.totals.apiRequests).toBe(6);
    expect(here.totals.tokens.input).toBe(3 * (1200 + 1201));
    await vi.waitFor(() => expect(figures(upstream)).toEqual(here), WAIT);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ state: 'ok', queued: 0, dropped: 0, lastError: null }), WAIT);
  });

  it("never forwards the doctor's probe", async () => {
    const upstream = await node();
    const local = await node({ forward: upstream.httpUrl });
    expect(await post(local.httpUrl, 'logs', encodeRequest('logs', probeRequest('probe-1', Date.now()), 'protobuf'))).toBe(200);
    expect(await post(local.httpUrl, 'logs', logsBody('after-probe', 1))).toBe(200);
    // Logs keep their order: once the request sent after the probe is there, the probe would be too.
    await vi.waitFor(() => expect(figures(upstream).sessions.map((s) => s.id)).toEqual(['after-probe']), WAIT);
    expect(local.service.store.state.probes.map((p) => p.id)).toEqual(['probe-1']);
    expect(upstream.service.store.state.probes).toEqual([]);
    await vi.waitFor(() => expect(local.service.forwarder!.status().sent).toBe(1), WAIT);
  });

  it('answers the client while the upstream still holds the forwarded request, then delivers all of it', async () => {
    const upstream = await node();
    const gate = await startGate(upstream.httpUrl);
    running.push({ stop: () => gate.close() });
    gate.mode = 'hold';
    const local = await node({ forward: gate.url });
    expect(await post(local.httpUrl, 'metrics', metricsBody('slow', 0))).toBe(200);
    await vi.waitFor(() => expect(gate.held).toBe(1), WAIT);
    // The upstream sits on that request; every further export is answered all the same.
    for (let i = 1; i <= 20; i++) {
      expect(await post(local.httpUrl, i % 2 ? 'logs' : 'metrics', i % 2 ? logsBody('slow', i) : metricsBody('slow', i))).toBe(200);
      expect(gate.held).toBeGreaterThanOrEqual(1);
    }
    expect(gate.seen).toBeLessThanOrEqual(2); // one per signal on its way, the rest queued
    expect(figures(local).totals.apiRequests).toBe(10);
    gate.mode = 'pass';
    gate.release();
    await vi.waitFor(() => expect(figures(upstream)).toEqual(figures(local)), WAIT);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ sent: 21, queued: 0, dropped: 0 }), WAIT);
  });

  it('retries an upstream answering 503, honouring Retry-After, and loses nothing', async () => {
    const upstream = await node();
    const gate: Gate = await startGate(upstream.httpUrl);
    running.push({ stop: () => gate.close() });
    gate.mode = { status: 503, retryAfter: '1' };
    const messages: string[] = [];
    const local = await node({ forward: gate.url, messages });
    for (let i = 0; i < 5; i++) expect(await post(local.httpUrl, 'logs', logsBody('throttled', i))).toBe(200);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ state: 'retrying', lastError: 'HTTP 503: gate says 503' }), WAIT);
    expect(figures(local).totals.apiRequests).toBe(5);
    const seenWhileFailing = gate.seen;
    gate.mode = 'pass';
    await vi.waitFor(() => expect(figures(upstream)).toEqual(figures(local)), WAIT);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ state: 'ok', sent: 5, dropped: 0 }), WAIT);
    expect(local.service.forwarder!.status().retries).toBeGreaterThanOrEqual(seenWhileFailing);
    expect(messages.some((m) => /failed \(HTTP 503: gate says 503\); requests wait in the queue/.test(m))).toBe(true);
    expect(local.service.store.state.events.some((e) => e.name === 'forward')).toBe(true);
  });

  it.each(['http', 'grpc'] as const)('queues while a %s upstream is down, within its cap, and delivers the queue once it is up', async (transport) => {
    const port = await freePort();
    const url = transport === 'grpc' ? `grpc://127.0.0.1:${port}` : `http://127.0.0.1:${port}`;
    const local = await node({ forward: url });
    for (let i = 0; i < 30; i++) expect(await post(local.httpUrl, i % 2 ? 'logs' : 'metrics', i % 2 ? logsBody(`down-${i}`, i) : metricsBody(`down-${i}`, i))).toBe(200);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ state: 'retrying', queued: 30 }), WAIT);
    expect(figures(local).sessions).toHaveLength(30);
    // The status file says so too, for --once and doctor.
    await vi.waitFor(async () => expect(await readForwardStatus(forwardStatusPath(local.storePath))).toMatchObject({ state: 'retrying', queued: 30, sent: 0 }), WAIT);
    const upstream = await node(transport === 'grpc' ? { grpcPort: port } : { httpPort: port });
    await vi.waitFor(() => expect(figures(upstream)).toEqual(figures(local)), WAIT);
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ state: 'ok', sent: 30, queued: 0, dropped: 0 }), WAIT);
  });

  it("shows the queue on /metrics: what waits for a down upstream, then what was sent", async () => {
    const port = await freePort();
    const local = await node({ forward: `http://127.0.0.1:${port}`, metricsPort: 0 });
    const scrape = async () => {
      const res = await fetch(local.service.metrics!.url);
      const text = await res.text();
      const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
      return { value, text };
    };
    for (let i = 0; i < 3; i++) expect(await post(local.httpUrl, 'logs', logsBody(`m-${i}`, i))).toBe(200);
    await vi.waitFor(async () => {
      const { value } = await scrape();
      expect(value('cc_top_forward_queued_requests')).toBe(3);
      expect(value('cc_top_forward_up')).toBe(0);
      expect(value('cc_top_forward_sent_total')).toBe(0);
    }, WAIT);
    await node({ httpPort: port });
    await vi.waitFor(async () => {
      const { value } = await scrape();
      expect(value('cc_top_forward_queued_requests')).toBe(0);
      expect(value('cc_top_forward_up')).toBe(1);
      expect(value('cc_top_forward_sent_total')).toBe(3);
      expect(value('cc_top_forward_dropped_total{reason="overflow"}')).toBe(0);
    }, WAIT);
  });

  it('past its cap drops the oldest and counts them, with one warning, and sends the rest when the upstream is back', async () => {
    const port = await freePort();
    const messages: string[] = [];
    const one = logsBody('x', 0).byteLength;
    const local = await node({ forward: `http://127.0.0.1:${port}`, queueBytes: one * 10 + one / 2, messages });
    for (let i = 0; i < 40; i++) {
      expect(await post(local.httpUrl, 'logs', logsBody(`cap-${String(i).padStart(2, '0')}`, i))).toBe(200);
      const s = local.service.forwarder!.status();
      expect(s.queuedBytes).toBeLessThanOrEqual(s.capBytes);
    }
    const status = local.service.forwarder!.status();
    expect(status.queued).toBe(10);
    expect(status.droppedBy.overflow).toBe(30);
    expect(figures(local).totals.apiRequests).toBe(40);
    expect(messages.filter((m) => /queue is full/.test(m))).toHaveLength(1);
    expect(local.service.store.state.events.filter((e) => e.name === 'forward' && /queue is full/.test(String(e.fields[0]?.[1])))).toHaveLength(1);
    const upstream = await node({ httpPort: port });
    // What was queued arrives: the newest, and the one that may have been on its way when the
    // queue filled (a request on the wire cannot be dropped, though older than those that were).
    await vi.waitFor(() => expect(local.service.forwarder!.status()).toMatchObject({ sent: 10, dropped: 30, queued: 0 }), WAIT);
    const arrived = figures(upstream).sessions.map((s) => s.id);
    expect(new Set(arrived).size).toBe(10);
    expect(arrived).toEqual(expect.arrayContaining(Array.from({ length: 9 }, (_, i) => `cap-${31 + i}`)));
  });

  it('refuses to forward to itself', async () => {
    const port = await freePort();
    await expect(startNode({ forward: `http://localhost:${port}`, httpPort: port })).rejects.toThrow(/is this cc-top's own address/);
  });
});
