// Which session a record belongs to.
//
// Claude Code puts `session.id` on every data point and event unless the user turned it off
// (OTEL_METRICS_INCLUDE_SESSION_ID=false, which also strips it from events). Records without it
// are grouped per user so that totals stay right and the session table says what happened.
import { asString, type Attrs } from './attributes.js';
import { setOwn } from './wireKeys.js';

export const ANONYMOUS_SESSION_PREFIX = 'no-session-id:';

export function sessionIdOf(attrs: Attrs, resource: Attrs): string {
  const id = asString(attrs['session.id']) ?? asString(resource['session.id']);
  if (id) return id;
  const user = asString(attrs['user.id']) ?? asString(resource['user.id']);
  return `${ANONYMOUS_SESSION_PREFIX}${user ? user.slice(0, 12) : 'unknown'}`;
}

/**
 * The labels of all but the first record of a session in one request: Claude Code puts the same
 * identity attributes on every record of a session, so they are read once per request.
 */
export const EMPTY_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Labels once per session within one request (see EMPTY_LABELS). */
export class LabelsOncePerSession {
  private readonly seen = new Set<string>();

  labels(sessionId: string, attrs: Attrs, resource: Attrs): Record<string, string> {
    if (this.seen.has(sessionId)) return EMPTY_LABELS;
    this.seen.add(sessionId);
    return sessionLabels(attrs, resource);
  }

  /** The same, with the labels already worked out (sessionLabels of the record's attributes). */
  given(sessionId: string, labels: Record<string, string>): Record<string, string> {
    if (this.seen.has(sessionId)) return EMPTY_LABELS;
    this.seen.add(sessionId);
    return labels;
  }
}

/** Point attributes that describe the session rather than one increment. */
const IDENTITY_ATTRIBUTES = [
  'user.id',
  'user.email',
  'organization.id',
  'terminal.type',
  'app.entrypoint',
  'app.version',
  'vcs.repository.name',
  'vcs.owner.name',
  'vcs.provider.name',
  'vcs.repository.url.full',
];

/** Resource attributes every Claude Code export has: not useful to group by. */
const PLATFORM_RESOURCE_PREFIXES = ['os.', 'host.', 'telemetry.sdk.', 'process.', 'wsl.'];

/**
 * What a session is labelled with: the user and repository identity, the client version, and any
 * custom resource attribute (`OTEL_RESOURCE_ATTRIBUTES=team.id=platform` becomes `team.id`), so
 * sessions can be grouped by them.
 */
export function sessionLabels(attrs: Attrs, resource: Attrs): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const k of IDENTITY_ATTRIBUTES) {
    const v = asString(attrs[k]);
    if (v) labels[k] = v;
  }
  for (const [k, v] of Object.entries(resource)) {
    if (k === 'session.id' || PLATFORM_RESOURCE_PREFIXES.some((p) => k.startsWith(p))) continue;
    setOwn(labels, k, String(v));
  }
  return labels;
}
