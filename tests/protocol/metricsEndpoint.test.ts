// /metrics over HTTP, fed by a real receiver and a store file: the text format (checked by
// Prometheus's own promtool), OpenMetrics when asked, gzip, cc-top's own health, values that
// never go down when cc-top restarts on the same store, and clear answers to anything else.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIngest } from '../../src/ingest.js';
import { startMetricsEndpoint, type MetricsEndpoint, MetricsListenError } from '../../src/metricsEndpoint/endpoint.js';
import { RequestTally } from '../../src/metricsEndpoint/health.js';
import { startReceiver, type Receiver } from '../../src/otlp/receiver.js';
import { grpcExportPath } from '../../src/otlp/schema.js';
import { JsonFileAdapter } from '../../src/store/persistence.js';
import { Store } from '../../src/store/store.js';
import { CLAUDE_RESOURCE, encodeRequest, metricsRequest } from '../builders/otlpRequest.js';
import { parseExposition, seriesMap } from '../builders/exposition.js';

const SONNET = 'claude-sonnet-4-5';
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

interface Running {
  store: Store;
  receiver: Receiver;
  endpoint: MetricsEndpoint;
  close(): Promise<void>;
}

/** cc-top's receiving half on a store file: receiver -> store, /metrics beside it (as service.ts wires them). */
async function start(storePath: string, metricsPort = 0): Promise<Running> {
  const store = await Store.open({ adapter: new JsonFileAdapter(storePath) });
  const requests = new RequestTally();
  const receiver = await startReceiver({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    consumer: createIngest(store, { keepPrompts: false }),
    onAnswered: (protocol, signal, status) => requests.record(protocol, signal, status),
  });
  const endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: metricsPort, store, requests });
  return {
    store,
    receiver,
    endpoint,
    close: async () => {
      await endpoint.close();
      await receiver.close();
      await store.close();
    },
  };
}

let tick = 0;
/** One delta export of a session's response: cost and the four token types. */
async function sendResponse(r: Running, session: string, usd: number, input: number): Promise<void> {
  const timeNs = `${1_764_000_000_000 + ++tick * 1000}000000`;
  const attrs = { 'session.id': session, 'user.id': 'u-1', model: SONNET, query_source: 'main' };
  const body = encodeRequest(
    'metrics',
    metricsRequest({
      resource: { ...CLAUDE_RESOURCE, 'team.id': 'platform' },
      metrics: [
        { name: 'claude_code.cost.usage', points: [{ attrs, timeNs, value: usd }] },
        ...(['input', 'output', 'cacheRead', 'cacheCreation'] as const).map((type) => ({ name: 'claude_code.token.usage', points: [{ attrs: { ...attrs, type }, timeNs, value: type === 'input' ? input : 1 }] })),
      ],
    }),
    'protobuf',
  );
  const res = await fetch(`http://127.0.0.1:${r.receiver.http.port}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
  expect(res.status).toBe(200);
}

/** A raw GET (fetch would inflate gzip and hide the header). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function scrape(r: Running, accept?: string): Promise<string> {
  const res = await get(r.endpoint.url, accept ? { Accept: accept } : {});
  expect(res.status).toBe(200);
  return res.body.toString();
}

/** Prometheus's own parser and linter (`promtool check metrics`); a missing promtool fails, never skips. */
function promtoolCheck(text: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') return reject(new Error("promtool is not installed: `sudo apt-get install -y --no-install-recommends prometheus` (.ci/run does this)"));
      resolve({ code: err ? Number(code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(text);
  });
}

const claudeCodeSeries = (text: string) => new Map([...seriesMap(text)].filter(([k]) => k.startsWith('claude_code_')));

describe('/metrics', () => {
  let dir: string;
  let r: Running;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-metrics-'));
    r = await start(join(dir, 'store.json'));
  });
  afterAll(async () => {
    await r?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the Prometheus text format that promtool accepts, with exact values', async () => {
    await sendResponse(r, 'sess-1', 0.1, 100);
    await sendResponse(r, 'sess-1', 0.2, 50);
    await sendResponse(r, 'constructor', 0.019575000000000002, 7);
    const res = await get(r.endpoint.url);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body.toString();
    const checked = await promtoolCheck(text);
    expect(checked.out).toBe('');
    expect(checked.code).toBe(0);
    const cost = parseExposition(text).filter((s) => s.name === 'claude_code_cost_usage_total');
    expect(cost.map((s) => [s.labels['session_id'], s.text]).sort()).toEqual([
      ['constructor', '0.019575'],
      ['sess-1', '0.3'],
    ]);
    expect(cost[0]!.labels).toMatchObject({ team_id: 'platform', user_id: 'u-1', model: SONNET, query_source: 'main' });
  });

  it('serves OpenMetrics to a scraper that asks for it, and gzip when it takes it', async () => {
    const open = await get(r.endpoint.url, { Accept: PROMETHEUS_ACCEPT });
    expect(open.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const text = open.body.toString();
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE claude_code_cost_usage counter\n');
    // The same series as the text format: counters' samples end in _total in both.
    expect(claudeCodeSeries(text)).toEqual(claudeCodeSeries(await scrape(r)));
    const zipped = await get(r.endpoint.url, { 'Accept-Encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toBe(await scrape(r));
  });

  it('counts the export requests it answered by signal, protocol and status', async () => {
    const base = `http://127.0.0.1:${r.receiver.http.port}`;
    expect((await fetch(`${base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })).status).toBe(400);
    expect((await fetch(`${base}/v1/nothing`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(404);
    const code = await new Promise<number>((resolve) => {
      const client = new grpc.Client(`127.0.0.1:${r.receiver.grpc.port}`, grpc.credentials.createInsecure());
      client.makeUnaryRequest(grpcExportPath('metrics'), (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0xff, 0xff, 0xff]), (err) => {
        client.close();
        resolve(err ? err.code : grpc.status.OK);
      });
    });
    expect(code).toBe(grpc.status.INVALID_ARGUMENT);
    const series = seriesMap(await scrape(r));
    expect(series.get('cc_top_requests_total{protocol="http",signal="metrics",status="200"}')).toBe(3);
    expect(series.get('cc_top_requests_total{protocol="http",signal="logs",status="400"}')).toBe(1);
    expect(series.get('cc_top_requests_total{protocol="http",signal="unknown",status="404"}')).toBe(1);
    expect(series.get('cc_top_requests_total{protocol="grpc",signal="metrics",status="INVALID_ARGUMENT"}')).toBe(1);
    expect(series.get('cc_top_rejected_points_total{}')).toBe(0);
    expect(series.get('cc_top_store_write_failing{}')).toBe(0);
  });

  it('answers anything but GET /metrics clearly', async () => {
    const other = await get(r.endpoint.url.replace('/metrics', '/'));
    expect(other.status).toBe(404);
    expect(other.body.toString()).toMatch(/serves Prometheus metrics at \/metrics/);
    const post = await get(r.endpoint.url, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    const head = await get(r.endpoint.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
  });

  it('never goes down when cc-top restarts on the same store, and adds exactly after it', async () => {
    const before = claudeCodeSeries(await scrape(r));
    const port = r.endpoint.port;
    await r.close();
    r = await start(join(dir, 'store.json'), port);
    expect(r.endpoint.port).toBe(port);
    expect(claudeCodeSeries(await scrape(r))).toEqual(before);
    await sendResponse(r, 'sess-1', 0.7, 1);
    const after = claudeCodeSeries(await scrape(r));
    for (const [key, value] of before) expect(after.get(key), key).toBeGreaterThanOrEqual(value);
    const cost = parseExposition(await scrape(r)).find((s) => s.name === 'claude_code_cost_usage_total' && s.labels['session_id'] === 'sess-1');
    expect(cost?.text).toBe('1');
  });

  it('says which port is taken', async () => {
    await expect(startMetricsEndpoint({ host: '127.0.0.1', port: r.endpoint.port, store: r.store })).rejects.toThrow(MetricsListenError);
    await expect(startMetricsEndpoint({ host: '127.0.0.1', port: r.endpoint.port, store: r.store })).rejects.toThrow(`--metrics-port ${r.endpoint.port} is in use`);
  });
});

describe('/metrics beside other parts of cc-top', () => {
  const opened: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of opened.splice(0)) await close();
  });

  it('serves the families a provider adds (the forward queue hook), and refuses a name outside cc_top_', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-metrics-'));
    const store = await Store.open({ adapter: new JsonFileAdapter(join(dir, 'store.json')) });
    let name = 'cc_top_forward_queued_bytes';
    const endpoint = await startMetricsEndpoint({
      host: '127.0.0.1',
      port: 0,
      store,
      providers: [() => [{ name, help: 'Bytes waiting to be forwarded', type: 'gauge', series: [{ labels: { url: 'http://collector:4318' }, value: 1234 }] }]],
    });
    opened.push(() => endpoint.close(), () => store.close(), () => rm(dir, { recursive: true, force: true }));
    expect(seriesMap((await get(endpoint.url)).body.toString()).get('cc_top_forward_queued_bytes{url="http://collector:4318"}')).toBe(1234);
    name = 'forward_queued_bytes';
    const refused = await get(endpoint.url);
    expect(refused.status).toBe(500);
    expect(refused.body.toString()).toMatch(/must start with cc_top_, not "forward_queued_bytes"/);
  });

  it('tells when the store cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-metrics-'));
    const adapter = new JsonFileAdapter(join(dir, 'store.json'));
    const store = await Store.open({ adapter: Object.assign(adapter, { writeText: () => Promise.reject(new Error('ENOSPC: no space left on device')) }) });
    const endpoint = await startMetricsEndpoint({ host: '127.0.0.1', port: 0, store });
    opened.push(() => endpoint.close(), () => store.close(), () => rm(dir, { recursive: true, force: true }));
    store.noteMessage('test', 'a change to write');
    await store.flush();
    const series = seriesMap((await get(endpoint.url)).body.toString());
    expect(series.get('cc_top_store_write_failures_total{}')).toBe(1);
    expect(series.get('cc_top_store_write_failing{}')).toBe(1);
  });
});
