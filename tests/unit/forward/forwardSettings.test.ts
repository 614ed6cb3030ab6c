// Forwarding as a user configures it: the flags, config.json's "forward", and how they combine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../../src/commands/args.js';
import { resolveForward } from '../../../src/commands/forwardSettings.js';
import { loadConfig } from '../../../src/insights/config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-forward-config-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function config(value: unknown) {
  const path = join(dir, 'config.json');
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return loadConfig(path, { PATH: dir });
}

describe('the --forward flags', () => {
  it('are parsed and checked before anything starts', () => {
    const args = parseCli(['--headless', '--forward', 'grpc://collector:4317', '--forward-header', 'Authorization=Bearer x', '--forward-header', 'x-team=a', '--forward-queue-mib', '16'], {});
    expect(args.forwardFlags).toEqual({ url: 'grpc://collector:4317', headers: [['authorization', 'Bearer x'], ['x-team', 'a']], queueBytes: 16 * 1024 * 1024 });
    expect(parseCli([], {}).forwardFlags).toEqual({ headers: [] });
  });

  it('refuse what cannot work, naming the flag', () => {
    const refused = (argv: string[]) => {
      try {
        parseCli(argv, {});
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error('expected a usage error');
    };
    expect(refused(['--forward', 'collector'])).toMatch(/is not a URL/);
    expect(refused(['--forward', 'http://c:4318/v1/logs'])).toMatch(/without \/v1\/logs/);
    expect(refused(['--forward', 'http://c:4318', '--forward-protocol', 'http/json'])).toMatch(/use http\/protobuf/);
    expect(refused(['--forward', 'http://c:4318', '--forward-header', 'oops'])).toMatch(/KEY=VALUE/);
    expect(refused(['--forward', 'http://c:4318', '--forward-queue-mib', '0'])).toMatch(/--forward-queue-mib must be a size/);
    expect(refused(['--once', '--forward', 'http://c:4318'])).toMatch(/--forward goes with the live view or --headless/);
  });
});

describe("config.json's forward", () => {
  it('is read with its headers and queue size', async () => {
    const loaded = await config({ forward: { url: 'https://otel.example.com', headers: { authorization: 'Bearer t' }, queueMiB: 8 } });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.forward).toEqual({ url: 'https://otel.example.com', headers: [['authorization', 'Bearer t']], queueMiB: 8 });
    const resolved = resolveForward(undefined, loaded.config.forward, 'config.json');
    expect(resolved).toEqual({ settings: { target: { protocol: 'http/protobuf', url: 'https://otel.example.com', address: 'https://otel.example.com', tls: true, headers: [['authorization', 'Bearer t']] }, queueBytes: 8 * 1024 * 1024 } });
  });

  it('warns key by key about what it cannot use, and null means off', async () => {
    const bad = await config({ forward: { url: 5, headers: { a: 1 }, queueMiB: 0, protocol: 'udp', extra: true } });
    expect(bad.config.forward).toBeUndefined();
    expect(bad.warnings.join('\n')).toMatch(/forward.url must be the upstream OTLP endpoint/);
    expect(bad.warnings.join('\n')).toMatch(/forward.headers must be an object of up to 64 header names/);
    expect(bad.warnings.join('\n')).toMatch(/forward.queueMiB must be a size in MiB/);
    expect(bad.warnings.join('\n')).toMatch(/forward.protocol must be "grpc" or "http\/protobuf"/);
    expect(bad.warnings.join('\n')).toMatch(/unknown key "forward.extra"/);
    expect((await config({ forward: { headers: { a: 'b' } } })).warnings).toEqual([expect.stringMatching(/forward.url is missing, so nothing is forwarded/)]);
    const off = await config({ forward: null });
    expect(off.warnings).toEqual([]);
    expect(off.config.forward).toBeUndefined();
  });

  it('gives way to --forward, whose endpoint never gets the file\'s credentials', async () => {
    const { config: c } = await config({ forward: { url: 'https://otel.example.com', headers: { authorization: 'Bearer secret' } } });
    const resolved = resolveForward({ url: 'http://elsewhere:4318', headers: [] }, c.forward, 'config.json');
    expect(resolved).toMatchObject({ settings: { target: { url: 'http://elsewhere:4318', headers: [] } } });
    // Without --forward, the other flags adjust the file's forward.
    const adjusted = resolveForward({ headers: [['x-extra', '1']], queueBytes: 2 * 1024 * 1024 }, c.forward, 'config.json');
    expect(adjusted).toMatchObject({ settings: { target: { url: 'https://otel.example.com', headers: [['authorization', 'Bearer secret'], ['x-extra', '1']] }, queueBytes: 2 * 1024 * 1024 } });
  });

  it('a flag that needs a URL when there is none is a usage error; a bad URL in the file a warning', async () => {
    expect(resolveForward({ headers: [['a', 'b']] }, undefined, '/x/config.json')).toEqual({ usage: '--forward-header needs --forward URL (or "forward": {"url": ...} in /x/config.json)' });
    expect(resolveForward(undefined, undefined, 'c')).toEqual({ settings: undefined });
    const { config: c } = await config({ forward: { url: 'http://collector:4318/v1/metrics' } });
    expect(resolveForward(undefined, c.forward, '/x/config.json')).toEqual({ settings: undefined, warning: expect.stringMatching(/^\/x\/config.json: forward.url .*without \/v1\/metrics.*; nothing is forwarded\. Fix the file, or pass --forward URL\.$/) });
  });
});
