// The launchd agent, exactly as written, read back, and parsed by an independent plist reader
// (Python's plistlib) where python3 is installed; plutil exists only on macOS.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLaunchdPlist, renderLaunchdPlist } from '../../../src/userService/launchdPlist.js';
import { receiverArgv, receiverFromArgv, type ReceiverSpec } from '../../../src/userService/receiverSpec.js';

const run = promisify(execFile);

const plain: ReceiverSpec = {
  nodePath: '/opt/homebrew/bin/node',
  scriptPath: '/Users/ann/src/cc-top/bin/cc-top.js',
  storePath: '/Users/ann/Library/Application Support/cc-top/store.json',
  host: '127.0.0.1',
  grpcPort: 4317,
  httpPort: 4318,
  keepPrompts: false,
};
const LOG = '/Users/ann/Library/Logs/cc-top.log';

describe('launchd agent', () => {
  it('is exactly this for the defaults (a path with spaces needs no quoting in a plist)', () => {
    expect(renderLaunchdPlist(plain, LOG)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- cc-top's always-on receiver, written by \`cc-top service install\`; \`cc-top service uninstall\` removes it. -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>dev.cc-top.receiver</string>
  <key>ProgramArguments</key>
  <array>
    <string>/opt/homebrew/bin/node</string>
    <string>--max-semi-space-size=2</string>
    <string>/Users/ann/src/cc-top/bin/cc-top.js</string>
    <string>--headless</string>
    <string>--store</string>
    <string>/Users/ann/Library/Application Support/cc-top/store.json</string>
    <string>--host</string>
    <string>127.0.0.1</string>
    <string>--grpc-port</string>
    <string>4317</string>
    <string>--http-port</string>
    <string>4318</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <true/>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>/Users/ann/Library/Logs/cc-top.log</string>
  <key>StandardErrorPath</key>
  <string>/Users/ann/Library/Logs/cc-top.log</string>
</dict>
</plist>
`);
  });

  it('escapes XML in paths, and carries --keep-prompts and CC_TOP_CONFIG', () => {
    const text = renderLaunchdPlist({ ...plain, storePath: '/Users/ann/R&D <cc>/store.json', keepPrompts: true, configPath: '/Users/ann/a&b.json' }, LOG);
    expect(text).toContain('    <string>/Users/ann/R&amp;D &lt;cc&gt;/store.json</string>\n');
    expect(text).toContain('    <string>4318</string>\n    <string>--keep-prompts</string>\n  </array>\n');
    expect(text).toContain('  <key>EnvironmentVariables</key>\n  <dict>\n    <key>CC_TOP_CONFIG</key>\n    <string>/Users/ann/a&amp;b.json</string>\n  </dict>\n');
  });

  it('carries /metrics (--metrics-port, --metrics-drop-labels) and reads it back', () => {
    const spec = { ...plain, metricsPort: 9464, metricsDropLabels: ['session_id'] };
    const text = renderLaunchdPlist(spec, LOG);
    expect(text).toContain('    <string>4318</string>\n    <string>--metrics-port</string>\n    <string>9464</string>\n    <string>--metrics-drop-labels</string>\n    <string>session_id</string>\n  </array>\n');
    const read = readLaunchdPlist(text);
    if ('unreadable' in read) throw new Error(read.unreadable);
    expect(receiverFromArgv(read.argv)).toEqual(spec);
  });

  it('reads back to the same command line and config, for any path', () => {
    const path = fc
      .array(fc.oneof(fc.constantFrom(' ', '&', '<', '>', '"', "'", '&amp;', ']]>', '\\', 'é'), fc.stringMatching(/^[a-z0-9._-]{1,6}$/)), { minLength: 1, maxLength: 8 })
      .map((parts) => `/${parts.join('')}`);
    fc.assert(
      fc.property(path, path, path, fc.boolean(), (scriptPath, storePath, configPath, keepPrompts) => {
        const spec = { ...plain, scriptPath, storePath, configPath, keepPrompts };
        expect(readLaunchdPlist(renderLaunchdPlist(spec, LOG))).toEqual({ argv: receiverArgv(spec), env: { CC_TOP_CONFIG: configPath } });
      }),
    );
  });

  it('an edited agent reads as unreadable', () => {
    expect(readLaunchdPlist('<plist><dict></dict></plist>')).toEqual({ unreadable: 'it has no readable ProgramArguments' });
    expect(readLaunchdPlist('<key>ProgramArguments</key><array><string>/a & b</string></array>')).toEqual({ unreadable: 'it has no readable ProgramArguments' });
  });
});

const python = await run('python3', ['-c', 'import plistlib']).then(
  () => true,
  () => false,
);

describe.runIf(python)('an independent plist reader (python3 plistlib, installed here)', () => {
  it('reads the same program arguments, keys and values', async () => {
    const spec = { ...plain, storePath: '/Users/ann/R&D <cc> "x"/store.json', keepPrompts: true, configPath: '/Users/ann/cfg 100%.json' };
    const script = 'import plistlib, sys, json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))';
    const child = run('python3', ['-c', script]);
    child.child.stdin!.end(renderLaunchdPlist(spec, LOG));
    const parsed = JSON.parse((await child).stdout) as Record<string, unknown>;
    expect(parsed).toEqual({
      Label: 'dev.cc-top.receiver',
      ProgramArguments: receiverArgv(spec),
      EnvironmentVariables: { CC_TOP_CONFIG: '/Users/ann/cfg 100%.json' },
      RunAtLoad: true,
      KeepAlive: true,
      ProcessType: 'Background',
      StandardOutPath: LOG,
      StandardErrorPath: LOG,
    });
  });
});
