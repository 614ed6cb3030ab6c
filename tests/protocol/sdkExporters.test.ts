// The real OpenTelemetry JS SDK exporters, over all three OTLP protocols, in delta and cumulative
// temporality, with and without gzip, with an exporting process "restarted" mid-way (a new SDK
// instance: a new start time, counters back at zero). The store's totals must be exact.
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { AggregationTemporalityPreference, OTLPMetricExporter as HttpMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectSummary } from '../../src/report/summary.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

type Protocol = 'grpc' | 'http/json' | 'http/protobuf';
type Temporality = 'delta' | 'cumulative';

const RESOURCE = resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.1.330', 'os.type': 'linux' });
/** Costs like Claude Code's, including doubles that do not add exactly in floating point. */
const COSTS = [0.016875, 0.019575000000000002, 0.022275, 0.024974999999999997, 0.1, 0.2];

function metricExporter(protocol: Protocol, live: LiveReceiver, temporality: Temporality, gzip: boolean): PushMetricExporter {
  const temporalityPreference = temporality === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE;
  const compression = gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  if (protocol === 'grpc') return new GrpcMetricExporter({ url: live.grpcUrl, temporalityPreference, compression });
  const options = { url: `${live.httpUrl}/v1/metrics`, temporalityPreference, compression };
  return protocol === 'http/json' ? new HttpMetricExporter(options) : new ProtoMetricExporter(options);
}

/** One Claude Code process: its own SDK instance, so its own start time. */
function claudeProcess(protocol: Protocol, live: LiveReceiver, temporality: Temporality, gzip: boolean, session: string) {
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter(protocol, live, temporality, gzip), exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: RESOURCE, readers: [reader] });
  const meter = provider.getMeter('com.anthropic.claude_code', '2.1.330');
  const cost = meter.createCounter('claude_code.cost.usage', { unit: 'USD' });
  const tokens = meter.createCounter('claude_code.token.usage', { unit: 'tokens' });
  const commits = meter.createCounter('claude_code.commit.count');
  const attrs = { 'user.id': 'u1', 'session.id': session, model: 'claude-sonnet-4-5', query_source: 'main' };
  return {
    request(usd: number, input: number, output: number) {
      cost.add(usd, attrs);
      tokens.add(input, { ...attrs, type: 'input' });
      tokens.add(output, { ...attrs, type: 'output' });
    },
    commit: () => commits.add(1, { 'user.id': 'u1', 'session.id': session }),
    flush: () => reader.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Wait for the clock's millisecond to change. The SDK (like Claude Code) stamps points to the
 * millisecond, and a real exporter collects a stream at most once per export interval; flushing
 * twice within one millisecond would make two collections indistinguishable from a retry.
 */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() <= now) await new Promise((r) => setImmediate(r));
}

const cases: { protocol: Protocol; temporality: Temporality; gzip: boolean }[] = [];
for (const protocol of ['grpc', 'http/json', 'http/protobuf'] as const) {
  for (const temporality of ['delta', 'cumulative'] as const) {
    for (const gzip of [false, true]) cases.push({ protocol, temporality, gzip });
  }
}

describe('the OpenTelemetry JS SDK metric exporters into cc-top', () => {
  let live: LiveReceiver;
  beforeAll(async () => {
    live = await startLiveReceiver();
  });
  afterAll(async () => live.close());

  it.each(cases)('$protocol, $temporality, gzip $gzip: exact totals across exports and a process restart', async ({ protocol, temporality, gzip }) => {
    const session = `${protocol}-${temporality}-${gzip}`;
    const before = selectSummary(live.store.state, 'all', Date.now()).totals;
    let expectedNanos = 0;
    let expectedInput = 0;

    // First process: three exports, several increments between them.
    const first = claudeProcess(protocol, live, temporality, gzip, session);
    for (const [i, usd] of COSTS.slice(0, 3).entries()) {
      first.request(usd, 1000 + i, 10);
      first.request(usd, 1000 + i, 10);
      expectedNanos += 2 * Math.round(usd * 1e9);
      expectedInput += 2 * (1000 + i);
      await first.flush();
      await nextMillisecond();
    }
    first.commit();
    await first.shutdown();
    await nextMillisecond();

    // The process restarts: a new SDK instance, counters from zero, a new start time.
    const second = claudeProcess(protocol, live, temporality, gzip, session);
    for (const usd of COSTS.slice(3)) {
      second.request(usd, 500, 5);
      expectedNanos += Math.round(usd * 1e9);
      expectedInput += 500;
      await second.flush();
      await nextMillisecond();
      await second.flush(); // a cumulative exporter re-sends the same total: must count nothing
      await nextMillisecond();
    }
    second.commit();
    await second.shutdown();

    const after = selectSummary(live.store.state, 'all', Date.now());
    const s = after.sessions.find((x) => x.id === session)!;
    expect(s.tokens.input).toBe(expectedInput);
    expect(s.tokens.output).toBe(2 * 3 * 10 + 3 * 5);
    expect(s.commits).toBe(2);
    // Doubles summed inside the SDK may land one nano-dollar off the exact sum; that is the
    // whole tolerance (a cent is ten million times larger).
    expect(Math.abs(s.costUsd * 1e9 - expectedNanos)).toBeLessThanOrEqual(2);
    expect(after.totals.tokens.input - before.tokens.input).toBe(expectedInput);
  });
});

describe('the OpenTelemetry JS SDK log exporters into cc-top', () => {
  let live: LiveReceiver;
  beforeAll(async () => {
    live = await startLiveReceiver();
  });
  afterAll(async () => live.close());

  it.each([
    { protocol: 'grpc' as const, gzip: false },
    { protocol: 'grpc' as const, gzip: true },
    { protocol: 'http/json' as const, gzip: false },
    { protocol: 'http/json' as const, gzip: true },
    { protocol: 'http/protobuf' as const, gzip: false },
    { protocol: 'http/protobuf' as const, gzip: true },
  ])('$protocol, gzip $gzip: Claude Code events arrive typed and counted', async ({ protocol, gzip }) => {
    const compression = gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
    const exporter =
      protocol === 'grpc'
        ? new GrpcLogExporter({ url: live.grpcUrl, compression })
        : protocol === 'http/json'
          ? new HttpLogExporter({ url: `${live.httpUrl}/v1/logs`, compression })
          : new ProtoLogExporter({ url: `${live.httpUrl}/v1/logs`, compression });
    const provider = new LoggerProvider({ resource: RESOURCE, processors: [new BatchLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('com.anthropic.claude_code.events', '2.1.330');
    const session = `logs-${protocol}-${gzip}`;
    const base = { 'user.id': 'u1', 'session.id': session, 'event.timestamp': new Date().toISOString() };
    logger.emit({ body: 'claude_code.user_prompt', attributes: { ...base, 'event.name': 'user_prompt', 'event.sequence': 1, prompt_length: '11', prompt: '<REDACTED>' } });
    logger.emit({
      body: 'claude_code.api_request',
      attributes: { ...base, 'event.name': 'api_request', 'event.sequence': 2, model: 'claude-sonnet-4-5', input_tokens: 1200, output_tokens: 80, cache_read_tokens: 9000, cache_creation_tokens: 2500, cost_usd: 0.016875, duration_ms: 23, ttft_ms: 16 },
    });
    logger.emit({ body: 'claude_code.tool_result', attributes: { ...base, 'event.name': 'tool_result', 'event.sequence': 3, tool_name: 'Bash', success: 'false', duration_ms: '31' } });
    await provider.forceFlush();
    await provider.shutdown();

    const s = selectSummary(live.store.state, 'all', Date.now()).sessions.find((x) => x.id === session)!;
    expect(s).toMatchObject({ apiRequests: 1, prompts: 1 });
    expect(live.store.state.sessions.get(session)!.counters.evCostNanos).toBe(16_875_000);
    const entries = live.store.state.events.filter((e) => e.session === session).map((e) => e.name);
    expect(entries).toEqual(['user_prompt', 'api_request', 'tool_result']);
  });
});
