// Generated Claude Code transcripts for the import bench: sessions over 90 days, line for line in
// the shape Claude Code 2.1.330 writes (prompts, attachments, API request records, answers written
// once per content block, tool results, subagent files, cost-state at the end of most runs, some
// resumed, some killed). Deterministic (a seeded generator), cached in the temp folder by size.
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const DAY = 86_400_000;
const FORMAT = 'v1';

/** mulberry32: the same data on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  { name: 'claude-sonnet-4-5', weight: 0.7, price: { in: 3, out: 15, read: 0.3, write: 3.75 } },
  { name: 'claude-opus-4-5', weight: 0.2, price: { in: 5, out: 25, read: 0.5, write: 6.25 } },
  { name: 'claude-haiku-4-5', weight: 0.1, price: { in: 1, out: 5, read: 0.1, write: 1.25 } },
];

const WORDS = 'the of and to in is it that for on with as this was be by are from at or an have not function return const value file test error type data import export class string number if else await async'.split(' ');

function text(rnd, bytes) {
  let s = '';
  while (s.length < bytes) s += `${WORDS[Math.floor(rnd() * WORDS.length)]}${rnd() < 0.08 ? '\\n' : ' '}`;
  return s;
}

const uuid = (rnd) =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () =>
    Math.floor(rnd() * 16)
      .toString(16),
  );
const id = (rnd, prefix) => `${prefix}${Array.from({ length: 24 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'[Math.floor(rnd() * 58)]).join('')}`;

function pickModel(rnd) {
  let r = rnd();
  for (const m of MODELS) if ((r -= m.weight) < 0) return m;
  return MODELS[0];
}

/** One session's lines (and its subagents'), with Claude Code's own totals per run. */
function session(rnd, sid, start, cwd) {
  const main = [];
  const subagents = [];
  const model = pickModel(rnd);
  const common = (t) => `"userType":"external","entrypoint":"cli","cwd":"${cwd}","sessionId":"${sid}","version":"2.1.330","gitBranch":"main","timestamp":"${new Date(t).toISOString()}"`;
  const totals = new Map();
  let lines = { added: 0, removed: 0 };
  let t = start;
  main.push(`{"type":"queue-operation","operation":"enqueue","timestamp":"${new Date(t).toISOString()}","sessionId":"${sid}","content":"${text(rnd, 80)}"}`);
  main.push(`{"type":"api-request-shape","sessionId":"${sid}","shapeHash":"${id(rnd, '')}","timestamp":"${new Date(t).toISOString()}","version":"2.1.330","shape":{"system":[{"type":"text","text":"${text(rnd, 60_000 + rnd() * 20_000)}"}]}}`);
  const runs = rnd() < 0.12 ? 2 : 1;
  const killed = rnd() < 0.1;
  for (let run = 0; run < runs; run++) {
    const requests = 8 + Math.floor(rnd() * 40);
    main.push(`{"parentUuid":null,"isSidechain":false,"message":{"role":"user","content":"${text(rnd, 200 + rnd() * 800)}"},"type":"user","uuid":"${uuid(rnd)}",${common(t)}}`);
    for (let r = 0; r < requests; r++) {
      t += 2_000 + Math.floor(rnd() * 40_000);
      main.push(`{"type":"attachment","attachment":{"type":"skill_listing","content":"${text(rnd, 2_000 + rnd() * 10_000)}"},"uuid":"${uuid(rnd)}",${common(t)}}`);
      main.push(`{"type":"api-request","sessionId":"${sid}","id":"${uuid(rnd)}","timestamp":"${new Date(t).toISOString()}","version":"2.1.330","querySource":"repl_main_thread","params":{"model":"${model.name}","max_tokens":32000},"keep":${r},"tail":["${id(rnd, '')}"]}`);
      const usage = { input: 1 + Math.floor(rnd() * 3_000), output: 20 + Math.floor(rnd() * 2_000), read: Math.floor(rnd() * 120_000), write: Math.floor(rnd() * 8_000) };
      const msg = id(rnd, 'msg_01');
      const req = id(rnd, 'req_011');
      // Written once per content block (thinking, text, tool use), each with the message's usage.
      const blocks = rnd() < 0.35 ? 2 + Math.floor(rnd() * 2) : 1;
      for (let b = 0; b < blocks; b++) {
        const content = b === blocks - 1 ? `{"type":"tool_use","id":"${id(rnd, 'toolu_01')}","name":"Edit","input":{"file_path":"${cwd}/src/app.ts","old_string":"${text(rnd, 300)}","new_string":"${text(rnd, 300 + rnd() * 3_000)}"}}` : `{"type":"text","text":"${text(rnd, 200 + rnd() * 600)}"}`;
        main.push(
          `{"parentUuid":"${uuid(rnd)}","isSidechain":false,"message":{"id":"${msg}","type":"message","role":"assistant","model":"${model.name}","content":[${content}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":${usage.input},"cache_creation_input_tokens":${usage.write},"cache_read_input_tokens":${usage.read},"output_tokens":${usage.output},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":${usage.write}}}},"requestRef":"${req}","type":"assistant","uuid":"${uuid(rnd)}",${common(t + b)}}`,
        );
      }
      const m = totals.get(model.name) ?? { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0 };
      m.inputTokens += usage.input;
      m.outputTokens += usage.output;
      m.cacheReadInputTokens += usage.read;
      m.cacheCreationInputTokens += usage.write;
      m.costUSD += (usage.input * model.price.in + usage.output * model.price.out + usage.read * model.price.read + usage.write * model.price.write) / 1e6;
      totals.set(model.name, m);
      main.push(`{"parentUuid":"${uuid(rnd)}","isSidechain":false,"message":{"role":"user","content":[{"tool_use_id":"${id(rnd, 'toolu_01')}","type":"tool_result","content":"${text(rnd, 500 + rnd() * 14_000)}"}]},"type":"user","uuid":"${uuid(rnd)}",${common(t + 5)}}`);
      main.push(`{"type":"tools-used","tools":["Read","Edit","Bash"],"sessionId":"${sid}"}`);
    }
    if (rnd() < 0.1) {
      // A subagent: its own file, its answers sidechain.
      const agent = [];
      for (let r = 0; r < 5 + Math.floor(rnd() * 8); r++) {
        t += 3_000;
        const usage = { input: 5 + Math.floor(rnd() * 800), output: 20 + Math.floor(rnd() * 900), read: Math.floor(rnd() * 30_000), write: Math.floor(rnd() * 4_000) };
        agent.push(
          `{"parentUuid":"${uuid(rnd)}","isSidechain":true,"agentId":"a1","message":{"id":"${id(rnd, 'msg_01')}","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"${text(rnd, 400)}"}],"usage":{"input_tokens":${usage.input},"cache_creation_input_tokens":${usage.write},"cache_read_input_tokens":${usage.read},"output_tokens":${usage.output},"cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":${usage.write}}}},"requestRef":"${id(rnd, 'req_011')}","type":"assistant","uuid":"${uuid(rnd)}",${common(t)}}`,
        );
        agent.push(`{"parentUuid":"${uuid(rnd)}","isSidechain":true,"message":{"role":"user","content":[{"type":"tool_result","content":"${text(rnd, 2_000)}"}]},"type":"user",${common(t + 1)}}`);
        const m = totals.get('claude-haiku-4-5') ?? { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0 };
        m.inputTokens += usage.input;
        m.outputTokens += usage.output;
        m.cacheReadInputTokens += usage.read;
        m.cacheCreationInputTokens += usage.write;
        m.costUSD += (usage.input * 1 + usage.output * 5 + usage.read * 0.1 + usage.write * 1.25) / 1e6;
        totals.set('claude-haiku-4-5', m);
      }
      subagents.push(agent);
    }
    lines = { added: lines.added + Math.floor(rnd() * 300), removed: lines.removed + Math.floor(rnd() * 80) };
    if (!(killed && run === runs - 1)) {
      const modelUsage = Object.fromEntries([...totals].map(([k, v]) => [k, { ...v, thinkingTokens: 0, webSearchRequests: 0 }]));
      const total = [...totals.values()].reduce((n, v) => n + v.costUSD, 0);
      main.push(`{"type":"cost-state","sessionId":"${sid}","totalCostUSD":${total},"totalAPIDuration":1000,"totalLinesAdded":${lines.added},"totalLinesRemoved":${lines.removed},"totalDuration":5000,"startTime":${start},"modelUsage":${JSON.stringify(modelUsage)},"hasUnknownModelCost":false}`);
    }
    t += 3_600_000 * (1 + rnd() * 20);
  }
  return { main, subagents };
}

/** Roughly `bytes` of transcripts under `<dir>/claude/projects`; returns the config dir and a summary. */
export function generateTranscripts(bytes, { now = Date.now() } = {}) {
  const dir = join(os.tmpdir(), `cc-top-bench-transcripts-${FORMAT}-${Math.round(bytes / 2 ** 20)}MiB`);
  const config = join(dir, 'claude');
  const marker = join(dir, 'done.json');
  if (existsSync(marker)) return { config, dir };
  rmSync(dir, { recursive: true, force: true });
  const rnd = random(17);
  let written = 0;
  let sessions = 0;
  const projects = Array.from({ length: 12 }, (_, i) => `/home/dev/project-${i}`);
  // Sessions spread over 90 days, oldest first; the newest end a few hours ago.
  const perDay = Math.max(1, Math.round(bytes / 90 / 700_000));
  for (let day = 89; day >= 0; day--) {
    for (let k = 0; k < perDay; k++) {
      const cwd = projects[Math.floor(rnd() * projects.length)];
      const slugDir = join(config, 'projects', cwd.replace(/\//g, '-'));
      mkdirSync(slugDir, { recursive: true });
      const sid = uuid(rnd);
      const start = now - day * DAY - 6 * 3_600_000 - Math.floor(rnd() * 10 * 3_600_000);
      const { main, subagents } = session(rnd, sid, start, cwd);
      const text = `${main.join('\n')}\n`;
      writeFileSync(join(slugDir, `${sid}.jsonl`), text);
      written += Buffer.byteLength(text);
      subagents.forEach((lines, i) => {
        const sub = join(slugDir, sid, 'subagents');
        mkdirSync(sub, { recursive: true });
        const t = `${lines.join('\n')}\n`;
        writeFileSync(join(sub, `agent-${i}.jsonl`), t);
        written += Buffer.byteLength(t);
      });
      sessions++;
    }
  }
  writeFileSync(marker, JSON.stringify({ bytes: written, sessions }));
  return { config, dir };
}

/** Append one answer to the newest transcript (a session that goes on): what the next import must read. */
export function growOneSession(config, file) {
  const line = `{"parentUuid":"p","isSidechain":false,"message":{"id":"msg_grow_${Date.now()}","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"more"}],"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":5}},"requestRef":"req_grow_${Date.now()}","type":"assistant","uuid":"u","timestamp":"${new Date().toISOString()}","cwd":"/home/dev/project-0","sessionId":"x","version":"2.1.330","gitBranch":"main"}\n`;
  const stream = createWriteStream(file, { flags: 'a' });
  return new Promise((resolve) => stream.end(line, resolve));
}
