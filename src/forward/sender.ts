// How a batch reaches the upstream: what every transport (HTTP, gRPC) offers.
import type { Signal } from '../otlp/types.js';
import type { SendOutcome } from './retryPolicy.js';

export interface Sender {
  /** Send one Export<Signal>ServiceRequest (protobuf bytes); never rejects. */
  send(signal: Signal, body: Buffer): Promise<SendOutcome>;
  /** Abort what is on its way and close the connections. */
  close(): void;
}

/** The OpenTelemetry exporters' default: an upstream that has not answered in 10 s is retried. */
export const SEND_TIMEOUT_MS = 10_000;
