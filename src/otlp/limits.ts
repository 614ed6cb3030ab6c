// Limits on what one request may cost. Each has a name, a status and a message that says which
// limit was hit, so an operator can tell a misbehaving client from a bug.
export interface ReceiverLimits {
  /** Largest body accepted on the wire (compressed size); HTTP 413 / gRPC RESOURCE_EXHAUSTED past it. */
  maxWireBytes: number;
  /** Largest body after gzip inflation; inflation stops as soon as it is passed (a gzip bomb). */
  maxInflatedBytes: number;
  /** Deepest JSON nesting accepted; checked before parsing, so nesting cannot exhaust the stack. */
  maxJsonDepth: number;
  /** Data points, log records or spans in one request; past it the request is refused (400). */
  maxItemsPerRequest: number;
}

export const MAX_WIRE_BYTES = 8 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;
/** Claude Code sends tens of points and at most 512 log records per export; this is far above. */
export const MAX_ITEMS_PER_REQUEST = 100_000;

export const DEFAULT_LIMITS: ReceiverLimits = {
  maxWireBytes: MAX_WIRE_BYTES,
  maxInflatedBytes: MAX_INFLATED_BYTES,
  maxJsonDepth: MAX_JSON_DEPTH,
  maxItemsPerRequest: MAX_ITEMS_PER_REQUEST,
};

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}
