// One table from error kind to HTTP status and gRPC code, as the Collector's otlpreceiver keeps.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { RETRY_AFTER_SECONDS } from './limits.js';

export type OtlpErrorKind =
  | 'bad_request'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'overloaded'
  | 'internal'
  | 'unavailable';

export const ERROR_STATUS: Record<OtlpErrorKind, { http: number; grpc: GrpcStatus; retryAfterSeconds?: number }> = {
  bad_request: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  payload_too_large: { http: 413, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  unsupported_media_type: { http: 415, grpc: GrpcStatus.INVALID_ARGUMENT },
  not_found: { http: 404, grpc: GrpcStatus.UNIMPLEMENTED },
  method_not_allowed: { http: 405, grpc: GrpcStatus.UNIMPLEMENTED },
  request_timeout: { http: 408, grpc: GrpcStatus.DEADLINE_EXCEEDED },
  // Too many bytes in flight: the client should come back shortly (OTLP: 503 + Retry-After).
  overloaded: { http: 503, grpc: GrpcStatus.RESOURCE_EXHAUSTED, retryAfterSeconds: RETRY_AFTER_SECONDS },
  internal: { http: 500, grpc: GrpcStatus.INTERNAL },
  unavailable: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
};

/** A failure as a value: decoders and the pipeline return these instead of throwing. */
export class OtlpError {
  constructor(
    readonly kind: OtlpErrorKind,
    readonly message: string,
  ) {}

  get httpStatus(): number {
    return ERROR_STATUS[this.kind].http;
  }

  get grpcCode(): GrpcStatus {
    return ERROR_STATUS[this.kind].grpc;
  }

  /** Seconds to tell the client to wait before retrying, when the kind asks for one. */
  get retryAfterSeconds(): number | undefined {
    return ERROR_STATUS[this.kind].retryAfterSeconds;
  }
}
