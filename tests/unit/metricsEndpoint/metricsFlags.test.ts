// --metrics-port and --metrics-drop-labels on the command line.
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { parseCli } from '../../../src/commands/args.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { exposureWarning } from '../../../src/service.js';

describe('/metrics flags', () => {
  it('are off by default, and read a port (0 picks one) and the labels to sum away', () => {
    expect(parseCli([], {}).metrics).toBeUndefined();
    expect(parseCli(['--metrics-port', '9464'], {}).metrics).toEqual({ port: 9464, dropLabels: [] });
    expect(parseCli(['--headless', '--metrics-port', '0', '--metrics-drop-labels', 'session_id,team.id'], {}).metrics).toEqual({ port: 0, dropLabels: ['session_id', 'team_id'] });
  });

  it.each([
    [['--metrics-port', 'x'], /--metrics-port must be a port number from 0 to 65535, not "x"/],
    [['--metrics-port', '70000'], /--metrics-port must be a port number/],
    [['--metrics-drop-labels', 'session_id'], /--metrics-drop-labels goes with --metrics-port N/],
    [['--metrics-port', '9464', '--metrics-drop-labels', 'a,,b'], /empty one/],
    [['--once', '--metrics-port', '9464'], /--metrics-port goes with the live view or --headless/],
  ])('refuses %j with exit 2 and the cause', async (argv, cause) => {
    const err: string[] = [];
    const io: CommandIO = { stdout: () => {}, stderr: (l) => err.push(l), stdoutStream: {}, env: {}, clock: () => 0 };
    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(cause);
  });
});

describe('/metrics off loopback', () => {
  it('is named in the warning that the address is reachable by others', () => {
    expect(exposureWarning('0.0.0.0', true)).toContain('send data into cc-top and read its figures at /metrics');
    expect(exposureWarning('0.0.0.0')).not.toContain('/metrics');
    expect(exposureWarning('127.0.0.1', true)).toBeUndefined();
  });
});
