// `npm run bench`: cc-top's speed and memory, measured on this machine, side by side with the
// stack's ceiling. Not a test: figures vary with the machine; the targets are printed beside them.
//
//   npm run bench                      everything
//   npm run bench -- --only ingest     one part (ingest, forward, hostile, sessions, tui, team, transcripts)
//   npm run bench -- --readme          also write the table into README.md's Performance section
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchHostile } from './hostile.js';
import { benchHostileStore } from './hostileStore.js';
import { grpcLoad, httpLoad } from './load.js';
import { benchSessions } from './sessions.js';
import { benchForward } from './forward.js';
import { writeReadme } from './readme.js';
import { claudePayloads, freshBodies, startProcess } from './processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { only: { type: 'string' }, readme: { type: 'boolean' }, seconds: { type: 'string' }, scrape: { type: 'string' }, keep: { type: 'string' } } });
const parts = new Set((values.only ?? 'ingest,forward,hostile,sessions,tui,team,transcripts').split(','));
const SECONDS = Number(values.seconds ?? 5);
const CONCURRENCY = 16;

const rows = [];
const row = (what, value, target, ok) => {
  rows.push({ what, value, target, ok });
  console.log(`${ok === undefined ? ' ' : ok ? '✓' : '✗'} ${what.padEnd(52)} ${value.padEnd(28)} ${target}`);
};

async function benchIngest() {
  const payloads = claudePayloads(400);
  const pointsPerRequest = payloads.points;
  const fresh = freshBodies(payloads);
  const bare = await startProcess(process.execPath, [join(ROOT, 'bench', 'bareReceiver.js')], /"httpPort":(\d+),"grpcPort":(\d+)/);
  const ceiling = { http: Number(bare.match[1]), grpc: Number(bare.match[2]) };
  const store = join(await mkdtemp(join(os.tmpdir(), 'cc-top-bench-')), 'store.json');
  // The binary itself, as a user runs it (its shebang carries cc-top's V8 flags).
  const ccTop = await startProcess(join(ROOT, 'bin', 'cc-top.js'), ['--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'], /grpc:\/\/[^:]+:(\d+) and http:\/\/[^:]+:(\d+)/);
  const ours = { grpc: Number(ccTop.match[1]), http: Number(ccTop.match[2]) };

  // Floors, not ratios to the bare receiver: about 100x what real use needs (one Claude Code
  // session sends a few requests a minute; 500 req/s is some 30,000 sessions exporting every
  // minute), while a ratio only rewarded machinery that real load never needs.
  const cases = [
    { name: 'HTTP/protobuf', floor: 500, run: (port) => httpLoad({ port, path: '/v1/metrics', contentType: 'application/x-protobuf', nextBody: fresh.protobuf, concurrency: CONCURRENCY, seconds: SECONDS }), port: 'http' },
    { name: 'HTTP/JSON', floor: undefined, run: (port) => httpLoad({ port, path: '/v1/metrics', contentType: 'application/json', nextBody: fresh.json, concurrency: CONCURRENCY, seconds: SECONDS }), port: 'http' },
    { name: 'gRPC', floor: 400, run: (port) => grpcLoad({ port, path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', nextBody: fresh.protobuf, concurrency: CONCURRENCY, seconds: SECONDS }), port: 'grpc' },
  ];
  for (const c of cases) {
    await c.run(ceiling[c.port]); // warm-up, short
    const bareResult = await c.run(ceiling[c.port]);
    const ourResult = await c.run(ours[c.port]);
    const value = `${Math.round(ourResult.perSecond)} req/s, ${Math.round(ourResult.perSecond * pointsPerRequest)} pts/s`;
    row(`ingest ${c.name} (bare receiver: ${Math.round(bareResult.perSecond)} req/s)`, value, c.floor ? `>= ${c.floor} req/s` : '', c.floor ? ourResult.perSecond >= c.floor : undefined);
    if (ourResult.failed > 0) row(`  failed requests (${c.name})`, String(ourResult.failed), '0', false);
  }
  await ccTop.stop();
  await bare.stop();
}

console.log(`cc-top bench on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`  ${'measure'.padEnd(52)} ${'value'.padEnd(28)} target`);
if (parts.has('ingest')) await benchIngest();
if (parts.has('forward')) await benchForward(ROOT, row, { seconds: SECONDS, concurrency: CONCURRENCY });
if (parts.has('hostile')) {
  await benchHostile(ROOT, row);
  await benchHostileStore(ROOT, row);
}
if (parts.has('sessions')) await benchSessions(ROOT, row);
if (parts.has('tui')) await (await import('./tui.js')).benchTui(ROOT, row);
if (parts.has('team')) await (await import('./team.js')).benchTeam(ROOT, row, { scrape: Number(values.scrape ?? 300), ...(values.keep ? { keep: values.keep } : {}) });
if (parts.has('transcripts')) await (await import('./transcripts.js')).benchTranscripts(ROOT, row);
if (values.readme) writeReadme(join(ROOT, 'README.md'), rows, readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU');
if (rows.some((r) => r.ok === false)) process.exitCode = 1;
