// Limits on what requests may cost, one at a time and all together. Each has a name, a status and
// a message that says which limit was hit, so an operator can tell a misbehaving client from a bug.
export interface ReceiverLimits {
  /** Largest body accepted on the wire (compressed size); HTTP 413 / gRPC RESOURCE_EXHAUSTED past it. */
  maxWireBytes: number;
  /** Largest body after gzip inflation; inflation stops as soon as it is passed (a gzip bomb). */
  maxInflatedBytes: number;
  /** Deepest JSON nesting accepted; checked before parsing, so nesting cannot exhaust the stack. */
  maxJsonDepth: number;
  /** Data points, log records or spans in one request; past it the request is refused (400). */
  maxItemsPerRequest: number;
  /**
   * Request bytes held in memory at once, all requests of both transports together (bodies being
   * read, and inflated bodies); past it a request is refused: HTTP 503 with Retry-After, gRPC
   * RESOURCE_EXHAUSTED. Stalled bodies are evicted first (see stalledBodyMs).
   */
  maxBytesInFlight: number;
  /**
   * A body that has received nothing for this long is stalled: when the bytes in flight are at
   * their cap, stalled bodies are cut off (least recently active first) to make room.
   */
  stalledBodyMs: number;
  /** A request whose body has not fully arrived this long after it started is cut off (HTTP 408, gRPC DEADLINE_EXCEEDED). */
  bodyTimeoutMs: number;
  /** Open connections per transport; past it the least recently active connection is closed. */
  maxConnections: number;
}

export const MAX_WIRE_BYTES = 8 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;
/** Claude Code sends tens of points and at most 512 log records per export; this is far above. */
export const MAX_ITEMS_PER_REQUEST = 100_000;
/** Eight bodies of the largest size; Claude Code's exports are a few KiB. */
export const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
export const STALLED_BODY_MS = 2_000;
export const BODY_TIMEOUT_MS = 30_000;
/** Far above what exporters open (Claude Code: one per transport and process), far below the open-file limit. */
export const MAX_CONNECTIONS = 512;

export const DEFAULT_LIMITS: ReceiverLimits = {
  maxWireBytes: MAX_WIRE_BYTES,
  maxInflatedBytes: MAX_INFLATED_BYTES,
  maxJsonDepth: MAX_JSON_DEPTH,
  maxItemsPerRequest: MAX_ITEMS_PER_REQUEST,
  maxBytesInFlight: MAX_BYTES_IN_FLIGHT,
  stalledBodyMs: STALLED_BODY_MS,
  bodyTimeoutMs: BODY_TIMEOUT_MS,
  maxConnections: MAX_CONNECTIONS,
};

/** HTTP: request headers must arrive within this long (never more than the body timeout). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** HTTP: a kept-alive connection with no request for this long is closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** gRPC: a connection with no call for this long is closed (Claude Code exports metrics once a minute). */
export const GRPC_IDLE_CONNECTION_MS = 5 * 60_000;
/** gRPC: pings on a connection quiet for this long, and closes it when one goes unanswered this long (a vanished peer). */
export const GRPC_KEEPALIVE_MS = 60_000;
export const GRPC_KEEPALIVE_TIMEOUT_MS = 20_000;
/** gRPC: a connection is asked to reconnect after this long (GOAWAY), its calls given the body timeout to finish. */
export const GRPC_MAX_CONNECTION_AGE_MS = 30 * 60_000;
/** gRPC: concurrent calls per connection (Claude Code makes at most one per signal). */
export const GRPC_MAX_CONCURRENT_STREAMS = 32;
/** gRPC: memory one HTTP/2 session may use for its own state (header tables, queued frames), in MiB; past it, new calls on it are refused. */
export const GRPC_MAX_SESSION_MEMORY_MIB = 32;
/** Seconds an overloaded client is asked to wait (HTTP Retry-After). */
export const RETRY_AFTER_SECONDS = 2;

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}
