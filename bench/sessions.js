// 2,000 sessions ingested: resident memory, store size, `--once --json` time and start-up time.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { claudeLogsPayload, claudePayloads, startProcess } from './processes.js';

const run = promisify(execFile);
const SESSIONS = 2_000;

async function post(port, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
}

/** Wall time of one run of a command, ms (stdin given, output discarded). */
function timed(command, args, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(command, args, { input, stdio: ['pipe', 'ignore', 'ignore'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchSessions(root, row) {
  const bin = join(root, 'bin', 'cc-top.js');
  const store = join(await mkdtemp(join(os.tmpdir(), 'cc-top-bench-')), 'store.json');
  // The binary itself, as a user runs it (its shebang carries cc-top's V8 flags).
  const args = ['--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'];
  const ready = /http:\/\/[^:]+:(\d+)/;
  let ccTop = await startProcess(bin, args, ready);
  const port = Number(ccTop.match[1]);
  const metrics = claudePayloads(SESSIONS);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < SESSIONS; i = next++) {
      await post(port, '/v1/metrics', metrics.protobuf[i]);
      await post(port, '/v1/logs', claudeLogsPayload(`bench-session-${i}`, i));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const rss = ccTop.rssMiB();
  row(`resident memory after ${SESSIONS} sessions`, `${rss.toFixed(0)} MiB`, '<= 250 MiB', rss <= 250);
  await ccTop.stop();
  const size = (await stat(store)).size / 2 ** 20;
  // The store's own budget (src/store/budget.ts): past it the store sheds its finest detail first.
  row('store size', `${size.toFixed(2)} MiB`, '<= 16 MiB (its budget)', size <= 16);

  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    const { stdout } = await run(bin, ['--once', '--json', '--window', 'all', '--store', store], { maxBuffer: 256 * 2 ** 20 });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (JSON.parse(stdout).totals.sessions < SESSIONS) throw new Error('the store does not hold every session');
  }
  row('`--once --json` wall time (median of 5)', `${median(times).toFixed(0)} ms`, '<= 800 ms', median(times) <= 800);

  // The status line, as Claude Code runs it on every refresh, against Node's own start-up.
  const runs = 15;
  const status = JSON.stringify({ session_id: 'bench-session-7', model: { display_name: 'Sonnet 4.5' }, cost: { total_cost_usd: 0.1 } });
  const nodeTimes = [];
  const lineTimes = [];
  for (let i = 0; i < runs; i++) {
    nodeTimes.push(timed(process.execPath, ['-e', '0'], ''));
    lineTimes.push(timed(bin, ['statusline', '--store', store], status));
  }
  const ratio = median(lineTimes) / median(nodeTimes);
  row(`status line with a ${SESSIONS}-session store vs \`node -e 0\` (median of ${runs})`, `${median(lineTimes).toFixed(0)} ms vs ${median(nodeTimes).toFixed(0)} ms: ${ratio.toFixed(2)}×`, '<= 1.5×', ratio <= 1.5);

  const starts = [];
  for (let i = 0; i < 3; i++) {
    ccTop = await startProcess(bin, args, ready);
    starts.push(ccTop.readyMs);
    await ccTop.stop();
  }
  row('start-up to listening, full store (median of 3)', `${median(starts).toFixed(0)} ms`, '', undefined);
}
