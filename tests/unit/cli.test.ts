import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { parseCli, packageVersion } from '../../src/commands/args.js';
import type { CommandIO } from '../../src/commands/io.js';
import { defaultStorePath } from '../../src/storePath.js';

function fakeIO(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env, clock: () => 0 };
  return { io, out, err };
}

describe('command line', () => {
  it.each([
    [['--bogus'], /^cc-top: unknown option --bogus$/m],
    [['--window'], /^cc-top: --window needs a value$/m],
    [['--once=1'], /^cc-top: --once takes no value$/m],
    [['--grpc-port', 'abc'], /--grpc-port must be a port number/],
    [['--http-port', '70000'], /--http-port must be a port number/],
    [['--window', 'year'], /--window must be one of today, 24h, 7d, 30d, all/],
    [['--json'], /--json only goes with --once/],
    [['--once', '--headless'], /cannot be combined/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('rejects %j with exit 2: one line naming the cause, and where the help is', async (argv, cause) => {
    const { io, err } = fakeIO();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(cause);
    expect(err).toHaveLength(2);
    expect(err[1]).toBe('Run `cc-top --help` for the options.');
    // No unbalanced quote from Node's own message, and not forty lines of help.
    expect(err.join('\n')).not.toMatch(/Usage:|positional argument/);
  });

  it('prints help with the settings block for Claude Code, and the version', async () => {
    const help = fakeIO();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT": "http:\/\/127\.0\.0\.1:4318"/);
    const version = fakeIO();
    expect(await main(['-v'], version.io)).toBe(0);
    expect(version.out).toEqual([packageVersion()]);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reads defaults, and resolves the store from --store, then CC_TOP_STORE, then the data dir', () => {
    const d = parseCli([], {});
    expect(d).toMatchObject({ mode: 'tui', host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, window: 'today', keepPrompts: false });
    expect(d.storePath).toBe(defaultStorePath());
    expect(defaultStorePath()).toMatch(/cc-top[/\\]store\.json$/);
    expect(parseCli([], { CC_TOP_STORE: '/tmp/x.json' }).storePath).toBe('/tmp/x.json');
    expect(parseCli(['--store', '/tmp/y.json'], { CC_TOP_STORE: '/tmp/x.json' }).storePath).toBe('/tmp/y.json');
    expect(parseCli(['--once', '--json', '--window', '7d', '--grpc-port', '0'], {})).toMatchObject({ mode: 'once', json: true, window: '7d', grpcPort: 0 });
  });
});

describe('--store with no path', () => {
  it('is a usage error naming the flag, not a silent fall back to the default store', async () => {
    const { main } = await import('../../src/cli.js');
    for (const argv of [['--once', '--store', ''], ['doctor', '--store', '  '], ['service', 'install', '--store', '']]) {
      const out: string[] = [];
      const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => out.push(l), stdoutStream: { isTTY: false }, env: { PATH: '' }, clock: () => 0 };
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(out.join('\n')).toMatch(/--store needs a path/);
    }
  });
});
