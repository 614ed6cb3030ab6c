// Escape sequences sent over the wire never reach the user's terminal: a model name carrying an
// OSC 52 clipboard write, a team.id carrying an OSC 0 title change, a tool name with an OSC 8 link
// and blinking reverse video arrive through the real receiver, and every text surface (--once,
// the live view, --headless alert lines) shows them visibly; --json keeps what was sent (JSON
// escapes it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnce } from '../../src/commands/once.js';
import type { CommandIO } from '../../src/commands/io.js';
import { createIngest } from '../../src/ingest.js';
import { startReceiver, type Receiver } from '../../src/otlp/receiver.js';
import { JsonFileAdapter } from '../../src/store/persistence.js';
import { Store } from '../../src/store/store.js';
import { encodeRequest, logsRequest, metricsRequest, postOtlp } from '../builders/otlpRequest.js';
import { renderApp } from '../ui/renderApp.js';

const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
const TITLE = '\x1b]0;pwned\x07';
const LINK = '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\';
const BLINK = '\x1b[5m\x1b[7m';
const MODEL = `sonnet${OSC52}`;
const TEAM = `platform${TITLE}`;
const TOOL = `Bash${LINK}${BLINK}`;
/** Any escape or bell reaching the terminal from the data. Our own styling is off (no colour) in these runs. */
// eslint-disable-next-line no-control-regex
const RAW = /[\x07\x1b\x9b\u202e]/;

let dir: string;
let storePath: string;
let store: Store;
let receiver: Receiver;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-escapes-'));
  storePath = join(dir, 'store.json');
  store = await Store.open({ adapter: new JsonFileAdapter(storePath) });
  receiver = await startReceiver({ host: '127.0.0.1', grpcPort: 0, httpPort: 0, consumer: createIngest(store, { keepPrompts: false }) });
  const url = `http://127.0.0.1:${receiver.http.port}`;
  const now = `${Date.now()}000000`;
  const resource = { 'service.name': 'claude-code', 'team.id': TEAM };
  const metrics = metricsRequest({ resource, metrics: [{ name: 'claude_code.cost.usage', points: [{ attrs: { 'session.id': 's-1', model: MODEL }, timeNs: now, value: 0.25 }] }] });
  const logs = logsRequest({
    resource,
    records: [
      { eventName: 'tool_result', timeNs: now, attrs: { 'session.id': 's-1', tool_name: TOOL, success: 'false', duration_ms: 5, error_type: `Shell${TITLE}` } },
      { eventName: 'api_request', timeNs: now, attrs: { 'session.id': 's-1', model: MODEL, cost_usd: 0.25 } },
    ],
  });
  expect((await postOtlp(url, 'metrics', encodeRequest('metrics', metrics, 'protobuf'), { contentType: 'application/x-protobuf' })).status).toBe(200);
  expect((await postOtlp(url, 'logs', encodeRequest('logs', logs, 'json'), { contentType: 'application/json' })).status).toBe(200);
  await store.flush();
});

afterAll(async () => {
  await receiver.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function once(args: { json: boolean; groupBy?: string }): Promise<string> {
  const out: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: {}, clock: Date.now };
  expect(await runOnce({ storePath, window: 'all', noColor: true, ...args }, io)).toBe(0);
  return out.join('\n');
}

describe('text from the wire on the terminal', () => {
  it('--once shows the model, team and tool with their escapes made visible', async () => {
    const text = await once({ json: false, groupBy: 'team.id' });
    expect(text).not.toMatch(RAW);
    expect(text).toContain('sonnet\\x1b]52;c;ZWNob');
    expect(text).toContain('platform\\x1b]0;pwned\\x07');
  });

  it('--json keeps what was sent, escaped by JSON itself', async () => {
    const text = await once({ json: true, groupBy: 'team.id' });
    expect(text).not.toMatch(RAW);
    const json = JSON.parse(text) as { byModel: { model: string }[]; groups: { rows: { key: string }[] }; sessions: { labels: Record<string, string> }[]; tools: { name: string }[] };
    expect(json.byModel.map((m) => m.model)).toContain(MODEL);
    expect(json.groups.rows.map((r) => r.key)).toContain(TEAM);
    expect(json.sessions[0]!.labels['team.id']).toBe(TEAM);
    expect(json.tools.map((t) => t.name)).toContain(TOOL);
  });

  it('the live view draws no escape it was sent, in any panel', async () => {
    const screen = await renderApp(store, { columns: 160, rows: 40 });
    try {
      for (const key of ['1', '2', '3', '4', '5', '6']) {
        await screen.press(key);
        // The escapes are on screen as text: had they reached the terminal, only "sonnet" would show.
        await screen.until((t) => expect(t).toContain(key === '5' ? 'Bash\\x1b]8' : 'sonnet\\x1b'));
      }
    } finally {
      screen.unmount();
    }
  });
});
