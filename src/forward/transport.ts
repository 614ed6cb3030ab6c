// The Sender for a target's protocol.
import { createGrpcSender } from './grpcSender.js';
import { createHttpSender } from './httpSender.js';
import { SEND_TIMEOUT_MS, type Sender } from './sender.js';
import type { ForwardTarget } from './target.js';

export function createSender(target: ForwardTarget, timeoutMs = SEND_TIMEOUT_MS): Sender {
  return target.protocol === 'grpc' ? createGrpcSender(target, timeoutMs) : createHttpSender(target, timeoutMs);
}
