// Send the doctor's marked OTLP request where Claude Code would send its events, over the same
// protocol, and report what came back.
import * as grpc from '@grpc/grpc-js';
import { probeRequest } from '../probe.js';
import { grpcExportPath, REQUEST_TYPE } from '../otlp/schema.js';
import type { Target } from './telemetrySettings.js';

export type ProbeResult = { sent: true } | { sent: false; reason: string };

const TIMEOUT_MS = 3_000;

export async function sendProbe(target: Target, id: string, nowMs: number): Promise<ProbeResult> {
  const request = probeRequest(id, nowMs);
  const protobuf = Buffer.from(REQUEST_TYPE.logs.encode(REQUEST_TYPE.logs.fromObject(request)).finish());
  if (target.protocol === 'grpc') return sendGrpc(target.url, protobuf);
  const json = target.protocol === 'http/json';
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' },
      body: json ? JSON.stringify(request) : protobuf,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.ok ? { sent: true } : { sent: false, reason: `${target.url} answered HTTP ${res.status}` };
  } catch (err) {
    return { sent: false, reason: `${target.url}: ${describeNetError(err)}` };
  }
}

function sendGrpc(url: string, body: Buffer): Promise<ProbeResult> {
  let address: string;
  try {
    address = new URL(url).host;
  } catch {
    return Promise.resolve({ sent: false, reason: `"${url}" is not a URL` });
  }
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    const pass = (b: Buffer) => b;
    client.makeUnaryRequest(grpcExportPath('logs'), pass, pass, body, new grpc.Metadata(), { deadline: Date.now() + TIMEOUT_MS }, (err) => {
      client.close();
      resolve(err ? { sent: false, reason: `${address}: gRPC ${grpc.status[err.code]} ${err.details}` } : { sent: true });
    });
  });
}

function describeNetError(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused: nothing listens there';
  if ((err as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.code ?? (err as Error).message;
}
