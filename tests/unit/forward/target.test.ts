import { describe, expect, it } from 'vitest';
import { ForwardConfigError, parseForwardTarget, parseHeaderFlag, queueBytesOf, targetHostPort } from '../../../src/forward/target.js';

const parse = (url: string, protocol?: string, headers?: [string, string][]) => parseForwardTarget({ url, protocol, headers });
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ForwardConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ForwardConfigError');
};

describe('the forwarding target', () => {
  it('follows the URL: http(s) is OTLP/HTTP to <base>/v1/<signal>, grpc(s) is OTLP/gRPC', () => {
    expect(parse('http://collector:4318')).toEqual({ protocol: 'http/protobuf', url: 'http://collector:4318', address: 'http://collector:4318', tls: false, headers: [] });
    expect(parse('https://otel.example.com/otlp/')).toMatchObject({ protocol: 'http/protobuf', address: 'https://otel.example.com/otlp', tls: true });
    expect(parse('grpc://collector:4317')).toMatchObject({ protocol: 'grpc', address: 'collector:4317', url: 'grpc://collector:4317', tls: false });
    expect(parse('grpcs://collector')).toMatchObject({ protocol: 'grpc', address: 'collector:4317', tls: true });
    expect(parse('http://collector:4317', 'grpc')).toMatchObject({ protocol: 'grpc', address: 'collector:4317', tls: false });
    expect(parse('https://collector', 'grpc')).toMatchObject({ protocol: 'grpc', address: 'collector:443', tls: true });
    expect(parse('http://[::1]:4318')).toMatchObject({ address: 'http://[::1]:4318' });
  });

  it('refuses what cannot be an OTLP endpoint, naming the fix', () => {
    expect(refusal(() => parse('collector:4318'))).toMatch(/is not a URL|cc-top forwards to http/);
    expect(refusal(() => parse('not a url'))).toMatch(/not a URL; give one like http:\/\/collector:4318/);
    expect(refusal(() => parse('ftp://collector'))).toMatch(/not ftp:\/\//);
    expect(refusal(() => parse('http://user:secret@collector:4318'))).toMatch(/credentials in a header/);
    expect(refusal(() => parse('http://collector:4318/v1/metrics'))).toMatch(/without \/v1\/metrics; cc-top adds/);
    expect(refusal(() => parse('http://collector:4318?x=1'))).toMatch(/query or fragment/);
    expect(refusal(() => parse('grpc://collector:4317/path'))).toMatch(/no path/);
    expect(refusal(() => parse('grpc://collector:4317', 'http/protobuf'))).toMatch(/gRPC URL/);
    expect(refusal(() => parse('http://collector:4318', 'http/json'))).toMatch(/forwards protobuf.*use http\/protobuf/);
    expect(refusal(() => parse('http://collector:4318', 'udp'))).toMatch(/grpc or http\/protobuf, not "udp"/);
  });

  it('takes headers for auth, lowercased, and refuses ones that would break the transport or the terminal', () => {
    expect(parseHeaderFlag('Authorization=Bearer a=b')).toEqual(['authorization', 'Bearer a=b']);
    expect(parse('http://c:4318', undefined, [['X-Key', '1'], ['x-key', '2']]).headers).toEqual([['x-key', '2']]);
    expect(refusal(() => parseHeaderFlag('novalue'))).toMatch(/KEY=VALUE/);
    expect(refusal(() => parseHeaderFlag('=x'))).toMatch(/KEY=VALUE/);
    expect(refusal(() => parseHeaderFlag('bad name=x'))).toMatch(/not a header name/);
    expect(refusal(() => parseHeaderFlag('content-type=text/plain'))).toMatch(/cc-top sets content-type itself/);
    expect(refusal(() => parseHeaderFlag('grpc-timeout=1S'))).toMatch(/sets grpc-timeout itself/);
    expect(refusal(() => parseHeaderFlag('x-evil=a\r\nx-injected: 1'))).toMatch(/line break or control character/);
    // A name someone typed with an escape sequence is shown escaped, never raw.
    expect(refusal(() => parseHeaderFlag('\x1b[31m=x'))).toContain('\\x1b');
  });

  it('sizes the queue in MiB within sane bounds', () => {
    expect(queueBytesOf(undefined, '--forward-queue-mib')).toBe(64 * 1024 * 1024);
    expect(queueBytesOf('8', '--forward-queue-mib')).toBe(8 * 1024 * 1024);
    expect(queueBytesOf(1.5, 'forward.queueMiB')).toBe(1.5 * 1024 * 1024);
    for (const bad of ['0', '-1', 'lots', '1e3', '99999']) expect(refusal(() => queueBytesOf(bad, '--forward-queue-mib'))).toMatch(/--forward-queue-mib must be a size in MiB from 1 to 16384/);
  });

  it('knows the host and port it connects to', () => {
    expect(targetHostPort(parse('http://127.0.0.1:4318'))).toEqual({ host: '127.0.0.1', port: 4318 });
    expect(targetHostPort(parse('https://otel.example.com'))).toEqual({ host: 'otel.example.com', port: 443 });
    expect(targetHostPort(parse('grpc://[::1]:4317'))).toEqual({ host: '::1', port: 4317 });
  });
});
