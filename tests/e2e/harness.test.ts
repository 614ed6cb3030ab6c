// The harness itself, independent of cc-top: the real Claude Code CLI against the mock API really
// writes, edits and commits, and the cost and tokens on its own api_request events add up to the
// accounting it prints. That pins the ground truth the other e2e tests compare cc-top against.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBinary, runClaude } from './harness/claudeCli.js';
import { DEFAULT_USAGE, startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';

interface Captured {
  path: string;
  body: { resourceLogs?: { scopeLogs: { logRecords: { attributes: { key: string; value: Record<string, unknown> }[] }[] }[] }[] };
}

function startCapture(): Promise<{ url: string; captured: Captured[]; close: () => void }> {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      captured.push({ path: req.url ?? '', body: JSON.parse(text) as Captured['body'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, captured, close: () => server.close() })),
  );
}

const value = (v: Record<string, unknown> | undefined): unknown => (v ? Object.values(v)[0] : undefined);

describe('e2e harness: the real Claude Code CLI against the mock API', { timeout: 120_000 }, () => {
  let mock: MockAnthropic;
  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic();
  });
  afterAll(async () => mock?.close());

  it('writes, edits and commits, and its api_request events add up to its own accounting', async () => {
    const capture = await startCapture();
    try {
      const run = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', otlp: { protocol: 'http/json', endpoint: capture.url } });
      expect(run.gitLog[0]).toBe('cc-top e2e');
      expect(readFileSync(`${run.cwd}/hello.txt`, 'utf8')).toBe('alpha\nBETA\ngamma\n');
      expect(run.result.is_error).toBe(false);

      const apiRequests = capture.captured
        .filter((c) => c.path === '/v1/logs')
        .flatMap((c) => c.body.resourceLogs ?? [])
        .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))
        .map((r) => Object.fromEntries(r.attributes.map((a) => [a.key, value(a.value)])))
        .filter((a) => a['event.name'] === 'api_request');
      const main = mock.requests.filter((r) => r.main);
      expect(main).toHaveLength(4);
      expect(apiRequests).toHaveLength(mock.requests.length);
      for (const a of apiRequests) expect(a['session.id']).toBe(run.result.session_id);

      const [model, usage] = Object.entries(run.result.modelUsage)[0]!;
      expect(model).toBe('claude-sonnet-4-5');
      const sum = (k: string) => apiRequests.reduce((n, a) => n + Number(a[k]), 0);
      expect(usage.inputTokens).toBe(sum('input_tokens'));
      expect(usage.outputTokens).toBe(sum('output_tokens'));
      expect(usage.cacheReadInputTokens).toBe(sum('cache_read_tokens'));
      expect(usage.cacheCreationInputTokens).toBe(sum('cache_creation_tokens'));
      expect(Math.abs(usage.costUSD - sum('cost_usd'))).toBeLessThan(1e-12);
      expect(usage.inputTokens).toBe(main.length * DEFAULT_USAGE.input);
    } finally {
      capture.close();
    }
  });
});
