// A failed connection as a person reads it: what happened, not a bare errno.
export function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens there (is the upstream running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the upstream closed the connection';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the upstream cannot be reached';
    default:
      if (typeof e.code === 'string' && /CERT|SSL|TLS/.test(e.code)) return `TLS failed (${e.code}): ${e.message}`;
      return e.message || String(err);
  }
}
