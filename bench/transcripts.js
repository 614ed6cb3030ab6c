// `cc-top import` against `ccusage daily --json` on the same generated transcripts (1 GiB,
// sessions over 90 days: see transcriptData.js), side by side: runs alternate, and each figure is
// the median of its runs. ccusage is installed for the bench only, into a folder of its own in the
// temp folder (never a dependency of cc-top). Also: the re-run with nothing new, a re-run after
// one session grew, and cc-top's peak resident memory during the import.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { generateTranscripts, growOneSession } from './transcriptData.js';

const CCUSAGE_VERSION = '20.0.24';
/** Runs of each tool, alternating; the shared machine's load varies, so the median of several. */
const RUNS = 5;

/** ccusage's CLI, installed into the temp folder on first use; undefined (with the reason) when it cannot be. */
function ccusage() {
  const prefix = join(os.tmpdir(), `cc-top-bench-ccusage-${CCUSAGE_VERSION}`);
  const cli = join(prefix, 'node_modules', 'ccusage', 'src', 'cli.js');
  if (!existsSync(cli)) {
    const r = spawnSync('npm', ['install', '--prefix', prefix, `ccusage@${CCUSAGE_VERSION}`, '--no-audit', '--no-fund', '--no-save'], { encoding: 'utf8' });
    if (r.status !== 0) return { error: `npm install ccusage@${CCUSAGE_VERSION} failed: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}` };
  }
  return { cli };
}

/** Run a command; its wall time (ms), peak resident memory (MiB, from /proc while it runs) and output. */
function timed(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      } catch {
        // exited between two looks
      }
    }, 10);
    child.on('close', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${err}`));
      else resolve({ ms, peakMiB: peak, out });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTranscripts(root, row, { gibibytes = 1 } = {}) {
  const bin = join(root, 'bin', 'cc-top.js');
  const { config, dir } = generateTranscripts(gibibytes * 2 ** 30);
  const { bytes, sessions } = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8'));
  const what = `${(bytes / 2 ** 30).toFixed(2)} GiB of transcripts, ${sessions} sessions over 90 days`;
  const tool = ccusage();
  // ccusage reads every agent's data it finds under HOME: an empty HOME keeps it to these files.
  const emptyHome = mkdtempSync(join(os.tmpdir(), 'cc-top-bench-home-'));
  const ours = [];
  const theirs = [];
  let peak = 0;
  let store;
  // Each run imports into a store of its own (a first import); all are removed at the end.
  const storeDirs = [];
  const freshStore = () => {
    storeDirs.push(mkdtempSync(join(os.tmpdir(), 'cc-top-bench-import-')));
    return join(storeDirs.at(-1), 'store.json');
  };
  // One untimed run of each first: both then read the files from the page cache, neither pays
  // for reading them from disk (the generator may have written them long ago).
  await timed(process.execPath, [bin, 'import', '--from', config, '--store', freshStore(), '--json'], {});
  if (tool.cli) await timed(process.execPath, [tool.cli, 'daily', '--json', '--offline'], { CLAUDE_CONFIG_DIR: config, HOME: emptyHome });
  for (let i = 0; i < RUNS; i++) {
    store = freshStore();
    const r = await timed(process.execPath, [bin, 'import', '--from', config, '--store', store, '--json'], {});
    ours.push(r.ms);
    peak = Math.max(peak, r.peakMiB);
    if (tool.cli) theirs.push((await timed(process.execPath, [tool.cli, 'daily', '--json', '--offline'], { CLAUDE_CONFIG_DIR: config, HOME: emptyHome })).ms);
  }
  const mine = median(ours);
  if (tool.cli) {
    const other = median(theirs);
    row(`import ${what}: cc-top import`, `${(mine / 1000).toFixed(2)} s`, `<= ccusage (${(other / 1000).toFixed(2)} s)`, mine <= other);
    row(`  ccusage ${CCUSAGE_VERSION} daily --json --offline, same files`, `${(other / 1000).toFixed(2)} s`, '');
  } else {
    row(`import ${what}: cc-top import`, `${(mine / 1000).toFixed(2)} s`, `ccusage not run: ${tool.error}`, undefined);
  }
  // The machine may be shared: how busy it was says how far to trust the figures.
  row('  load average (1 min) after the runs', os.loadavg()[0].toFixed(2), '');
  row('  cc-top import: peak resident memory', `${peak.toFixed(0)} MiB`, '<= 300 MiB', peak <= 300);
  const again = [];
  for (let i = 0; i < 5; i++) again.push((await timed(process.execPath, [bin, 'import', '--from', config, '--store', store], {})).ms);
  row('  import again, nothing changed (median of 5)', `${median(again).toFixed(0)} ms`, '<= 300 ms', median(again) <= 300);
  // One session goes on: only its new part is read.
  const projects = join(config, 'projects');
  const slug = readdirSync(projects)[0];
  const file = join(projects, slug, readdirSync(join(projects, slug)).find((f) => f.endsWith('.jsonl')));
  await growOneSession(config, file);
  const grown = await timed(process.execPath, [bin, 'import', '--from', config, '--store', store], {});
  row('  import after one session grew', `${grown.ms.toFixed(0)} ms`, '');
  rmSync(emptyHome, { recursive: true, force: true });
  for (const dir of storeDirs) rmSync(dir, { recursive: true, force: true });
}
