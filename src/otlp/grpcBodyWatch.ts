// Request bodies arriving over gRPC: counted towards the bytes in flight, and timed out.
//
// grpc-js reads a call's whole message before the handler sees it and reports nothing on the
// way, so what a connection holds is measured on its socket: the bytes it has read since the
// oldest of its calls still receiving its request began, sampled every SAMPLE_MS into the shared
// count. (A call that begins on a quiet connection counts from when it was last quiet, so what
// came with its headers counts too; on a busy connection, calls that end let the count drop, so
// steady traffic does not add up.) A connection that cannot fit what it holds, whose body
// outlives the body timeout, or that is evicted as stalled, has those calls answered and is
// closed: grpc-js keeps a cut-off call's partial message until its stream closes, which a
// stalled client never does.
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import type { BytesInFlight, InFlightShare } from './bytesInFlight.js';
import type { GrpcConnections } from './grpcConnections.js';
import type { ReceiverLimits } from './limits.js';
import { OtlpError } from './status.js';

/** How often a receiving connection's bytes are counted (the memory a fast sender can add past the cap in between is its rate times this). */
export const SAMPLE_MS = 20;

/** Ends a call with an error. */
type Answer = (error: OtlpError) => void;

/** A call receiving its request: when it began, and the socket's bytesRead its bytes come after. */
interface CallStart {
  readonly at: number;
  readonly from: number;
}

/** A connection with calls still receiving their request. */
interface Receiving {
  readonly socket: net.Socket;
  readonly calls: Map<Answer, CallStart>;
  readonly share: InFlightShare;
}

export class GrpcBodyWatch {
  private readonly receiving = new Map<net.Socket, Receiving>();
  /** socket.bytesRead when each connection last had no call receiving (absent: none yet, 0). */
  private readonly quietAt = new WeakMap<net.Socket, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connections: GrpcConnections,
    private readonly inFlight: BytesInFlight,
    private readonly limits: ReceiverLimits,
  ) {}

  /** The grpc-js server interceptor that reports each call's start and the end of its request. */
  readonly interceptor: grpc.ServerInterceptor = (_method, call) => {
    const socket = this.connections.socketOf(call.getConnectionInfo());
    let receiving = false;
    const done = () => {
      if (!receiving) return;
      receiving = false;
      this.end(socket!, answer);
    };
    const intercepted = new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            if (socket) {
              // Refused before its body is read: grpc-js then discards the body as it comes.
              if (!this.inFlight.hasRoom()) return answer(this.inFlight.refusal());
              receiving = true;
              this.begin(socket, answer);
            }
            nextMetadata(metadata);
          },
          // A unary call's request ends with the client's half-close, not its message: until
          // then grpc-js holds the message, so it still counts (and can still time out).
          onReceiveHalfClose: (nextHalfClose) => {
            done();
            nextHalfClose();
          },
          onCancel: done,
        }),
      sendStatus: (status, nextStatus) => {
        done();
        nextStatus(status);
      },
    });
    const answer: Answer = (error) => intercepted.sendStatus({ code: error.grpcCode, details: error.message });
    return intercepted;
  };

  private begin(socket: net.Socket, answer: Answer): void {
    let r = this.receiving.get(socket);
    const from = r ? socket.bytesRead : (this.quietAt.get(socket) ?? 0);
    if (!r) {
      const share = this.inFlight.open(() => this.cutOff(r!, this.inFlight.eviction()));
      r = { socket, calls: new Map(), share };
      this.receiving.set(socket, r);
      this.timer ??= setInterval(this.sample, SAMPLE_MS).unref();
    }
    r.calls.set(answer, { at: performance.now(), from });
    this.connections.cap.touch(socket);
  }

  private end(socket: net.Socket, answer: Answer): void {
    const r = this.receiving.get(socket);
    if (!r?.calls.delete(answer)) return;
    this.connections.cap.touch(socket);
    if (r.calls.size > 0) return;
    r.share.close();
    this.receiving.delete(socket);
    this.quietAt.set(socket, socket.bytesRead);
    this.stopWhenIdle();
  }

  private readonly sample = (): void => {
    const now = performance.now();
    for (const r of this.receiving.values()) {
      let from = Infinity;
      for (const call of r.calls.values()) from = Math.min(from, call.from);
      const held = r.socket.bytesRead - from;
      if (held > r.share.bytes) {
        if (!r.share.add(held - r.share.bytes)) {
          this.cutOff(r, this.inFlight.refusal());
          continue;
        }
        this.connections.cap.touch(r.socket);
      } else r.share.release(r.share.bytes - held);
      for (const call of r.calls.values()) {
        if (now - call.at <= this.limits.bodyTimeoutMs) continue;
        this.cutOff(r, new OtlpError('request_timeout', `the request body did not arrive within ${this.limits.bodyTimeoutMs / 1000} s; check the network or the exporter`));
        break;
      }
    }
    this.stopWhenIdle();
  };

  /** Answer a connection's receiving calls with `error` and close it. */
  private cutOff(r: Receiving, error: OtlpError): void {
    if (this.receiving.get(r.socket) !== r) return;
    this.receiving.delete(r.socket);
    r.share.close();
    const answers = [...r.calls.keys()];
    r.calls.clear();
    for (const answer of answers) answer(error);
    // A turn later, so that the answers just queued are written first.
    setImmediate(() => r.socket.destroy());
    this.stopWhenIdle();
  }

  private stopWhenIdle(): void {
    if (this.receiving.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stop sampling (the receiver is closing). */
  close(): void {
    for (const r of this.receiving.values()) r.share.close();
    this.receiving.clear();
    this.stopWhenIdle();
  }
}
