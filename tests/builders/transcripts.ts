// Claude Code transcripts as the tests need them, line for line in the shape Claude Code 2.1.330
// writes (see tests/e2e for the real CLI's own): `assistant` lines with message id, request
// reference, usage and content, `cost-state` lines with its running totals, and the other line
// types around them (prompts, tool results, attachments, API request records).
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  cacheCreation1h?: number;
}

export const USAGE: Usage = { input: 1200, output: 80, cacheRead: 9000, cacheCreation: 2500 };
/** claude-sonnet-4-5 list price of USAGE: 1200×$3 + 80×$15 + 9000×$0.30 + 2500×$3.75 per million. */
export const USAGE_SONNET_NANOS = 16_875_000;

export interface Answer {
  time: number;
  model?: string;
  messageId: string;
  requestId: string;
  usage?: Usage;
  sidechain?: boolean;
  text?: string;
  cwd?: string;
  gitBranch?: string;
  /** Write the id as `requestId` (older versions) instead of `requestRef` (2.1.330). */
  legacyRequestId?: boolean;
}

export function assistantLine(session: string, a: Answer): string {
  const u = a.usage ?? USAGE;
  return JSON.stringify({
    parentUuid: 'p',
    isSidechain: a.sidechain ?? false,
    message: {
      id: a.messageId,
      type: 'message',
      role: 'assistant',
      model: a.model ?? 'claude-sonnet-4-5',
      content: [{ type: 'text', text: a.text ?? 'Done: "quoted" {braces} [brackets] \\ backslash' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: u.input,
        cache_creation_input_tokens: u.cacheCreation,
        cache_read_input_tokens: u.cacheRead,
        output_tokens: u.output,
        service_tier: 'standard',
        cache_creation: { ephemeral_1h_input_tokens: u.cacheCreation1h ?? 0, ephemeral_5m_input_tokens: u.cacheCreation - (u.cacheCreation1h ?? 0) },
      },
    },
    ...(a.legacyRequestId ? { requestId: a.requestId } : { requestRef: a.requestId }),
    type: 'assistant',
    uuid: `u-${a.messageId}`,
    timestamp: new Date(a.time).toISOString(),
    userType: 'external',
    cwd: a.cwd ?? '/home/dev/project',
    sessionId: session,
    version: '2.1.330',
    gitBranch: a.gitBranch ?? 'main',
  });
}

export function userLine(session: string, time: number, text: string): string {
  return JSON.stringify({ parentUuid: null, isSidechain: false, message: { role: 'user', content: text }, type: 'user', uuid: `u-${time}`, timestamp: new Date(time).toISOString(), cwd: '/home/dev/project', sessionId: session, version: '2.1.330' });
}

export function attachmentLine(session: string, time: number, bytes: number): string {
  return JSON.stringify({ type: 'attachment', attachment: { type: 'skill_listing', content: 'x'.repeat(bytes) }, timestamp: new Date(time).toISOString(), sessionId: session });
}

export interface ModelTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  costUSD: number;
}

export function costStateLine(session: string, models: Record<string, ModelTotals>, lines = { added: 0, removed: 0 }, unknownModelCost = false): string {
  const total = Object.values(models).reduce((n, m) => n + m.costUSD, 0);
  return JSON.stringify({
    type: 'cost-state',
    sessionId: session,
    totalCostUSD: total,
    totalAPIDuration: 100,
    totalLinesAdded: lines.added,
    totalLinesRemoved: lines.removed,
    totalDuration: 1000,
    startTime: 1_796_000_000_000,
    modelUsage: Object.fromEntries(Object.entries(models).map(([k, m]) => [k, { ...m, thinkingTokens: 0, webSearchRequests: 0 }])),
    hasUnknownModelCost: unknownModelCost,
  });
}

/** Claude Code's totals for `n` answers of USAGE at `usd` each. */
export function totalsOf(n: number, usd: number, u: Usage = USAGE): ModelTotals {
  return { inputTokens: n * u.input, outputTokens: n * u.output, cacheReadInputTokens: n * u.cacheRead, cacheCreationInputTokens: n * u.cacheCreation, costUSD: n * usd };
}

/** `<root>/<slug>/<session>.jsonl` */
export function sessionPath(root: string, session: string, slug = '-home-dev-project'): string {
  return join(root, slug, `${session}.jsonl`);
}

export function subagentPath(root: string, session: string, agent: string, slug = '-home-dev-project'): string {
  return join(root, slug, session, 'subagents', `agent-${agent}.jsonl`);
}

export async function writeLines(path: string, lines: readonly string[], options: { append?: boolean; trailingNewline?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const text = lines.join('\n') + (options.trailingNewline === false ? '' : '\n');
  if (options.append) await appendFile(path, text);
  else await writeFile(path, text);
}
