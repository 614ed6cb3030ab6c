// A local stand-in for the Anthropic Messages API, enough for the real Claude Code CLI in `-p`
// mode: it streams SSE like the real API and scripts tool calls, so the CLI really writes, edits
// and commits files and sends its real telemetry.
//
// The script is decided statelessly from the conversation (how many tool results it already
// holds), so any number of sessions can run in parallel against one mock. The working directory
// for file paths comes from a marker in the prompt: `CCTOP_WORKDIR=<absolute path>`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export const DEFAULT_USAGE: Usage = { input: 1200, output: 80, cacheRead: 9000, cacheCreation: 2500 };
/** Usage for side requests (titles, classifiers): anything without tools. */
export const SIDE_USAGE: Usage = { input: 50, output: 5, cacheRead: 0, cacheCreation: 0 };

export interface ToolStep {
  name: 'Write' | 'Edit' | 'Bash';
  input: (workdir: string) => Record<string, unknown>;
}

/** Write a 3-line file, change one line, commit: +3/-0 then +1/-1 lines, one commit. */
export const EDIT_AND_COMMIT: ToolStep[] = [
  { name: 'Write', input: (w) => ({ file_path: `${w}/hello.txt`, content: 'alpha\nbeta\ngamma\n' }) },
  { name: 'Edit', input: (w) => ({ file_path: `${w}/hello.txt`, old_string: 'beta', new_string: 'BETA' }) },
  { name: 'Bash', input: () => ({ command: 'git add -A && git commit -q -m "cc-top e2e"', description: 'Commit the change' }) },
];

export interface MockOptions {
  steps?: ToolStep[];
  /** Usage reported for the n-th main-conversation request (0-based) of a session. */
  usage?: (model: string, step: number) => Usage;
  /** Answer the main request with this HTTP status at these steps instead (error injection). */
  failAt?: { step: number; status: number }[];
  /**
   * Wait this long before answering a main request, so a session spans several metric export
   * intervals (and cumulative exports really re-send running totals).
   */
  delayMs?: number;
}

export interface RecordedRequest {
  model: string;
  main: boolean;
  step: number;
  status: number;
  usage?: Usage;
  workdir?: string;
}

export interface MockAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface ContentBlock {
  type: string;
  text?: string;
}
interface MessagesBody {
  model?: string;
  tools?: unknown[];
  messages?: { role: string; content: string | ContentBlock[] }[];
}

function blocks(body: MessagesBody): ContentBlock[] {
  return (body.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content : [{ type: 'text', text: m.content }]));
}

function workdirOf(body: MessagesBody): string | undefined {
  for (const b of blocks(body)) {
    const m = b.type === 'text' ? /CCTOP_WORKDIR=(\S+)/.exec(b.text ?? '') : null;
    if (m) return m[1];
  }
  return undefined;
}

type Content = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

let messageSeq = 0;

function streamMessage(res: http.ServerResponse, model: string, content: Content[], stopReason: string, usage: Usage): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', {
    message: {
      id: `msg_mock_${++messageSeq}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1, cache_read_input_tokens: usage.cacheRead, cache_creation_input_tokens: usage.cacheCreation },
    },
  });
  content.forEach((c, index) => {
    if (c.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: c.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(c.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } });
  send('message_stop', {});
  res.end();
}

export async function startMockAnthropic(options: MockOptions = {}): Promise<MockAnthropic> {
  const steps = options.steps ?? EDIT_AND_COMMIT;
  const usageFor = options.usage ?? (() => DEFAULT_USAGE);
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      if (path === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 100 }));
        return;
      }
      if (path !== '/v1/messages') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: path } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesBody;
      const model = body.model ?? 'unknown';
      const main = Array.isArray(body.tools) && body.tools.length > 0;
      if (!main) {
        requests.push({ model, main, step: -1, status: 200, usage: SIDE_USAGE });
        streamMessage(res, model, [{ type: 'text', text: 'cc-top e2e' }], 'end_turn', SIDE_USAGE);
        return;
      }
      const step = blocks(body).filter((b) => b.type === 'tool_result').length;
      const workdir = workdirOf(body);
      const failure = options.failAt?.find((f) => f.step === step);
      if (failure) {
        requests.push({ model, main, step, status: failure.status, workdir });
        res.writeHead(failure.status, { 'content-type': 'application/json' }).end(
          JSON.stringify({ type: 'error', error: { type: failure.status === 529 ? 'overloaded_error' : 'api_error', message: 'injected by the e2e mock' } }),
        );
        return;
      }
      const usage = usageFor(model, step);
      requests.push({ model, main, step, status: 200, usage, workdir });
      const tool = steps[step];
      const answer = () => {
        if (tool && workdir) {
          streamMessage(res, model, [{ type: 'tool_use', id: `toolu_e2e_${step}`, name: tool.name, input: tool.input(workdir) }], 'tool_use', usage);
        } else {
          streamMessage(res, model, [{ type: 'text', text: workdir ? 'All done.' : 'No CCTOP_WORKDIR marker in the prompt.' }], 'end_turn', usage);
        }
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
