// Which session a record belongs to, and what a session is labelled with.
//
// Claude Code puts `session.id` on every data point and event unless the user turned it off
// (OTEL_METRICS_INCLUDE_SESSION_ID=false, which also strips it from events). Records without it
// belong to no session: their figures count in the totals, and sessions are then counted from
// `claude_code.session.count`.
import { asName, asString } from './attributes.js';
import type { Attrs, Labels } from './model.js';
import { MAX_NAME_CHARS } from './wireText.js';

/** Labels kept per session: identity and grouping keys, not a place for arbitrary attributes. */
export const SESSION_LABELS_CAP = 24;
/** Longest label value kept (a repository URL, an email, a team id). */
export const MAX_LABEL_CHARS = 256;

export function sessionIdOf(attrs: Attrs, resource: Attrs): string | undefined {
  return asName(attrs.get('session.id')) ?? asName(resource.get('session.id'));
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
const PLATFORM_RESOURCE_PREFIXES = ['os.', 'host.', 'telemetry.sdk.', 'process.', 'wsl.', 'service.'];

function labelValue(v: unknown): string | undefined {
  const s = asString(v as string | number | boolean | undefined);
  return s ? s.slice(0, MAX_LABEL_CHARS) : undefined;
}

/**
 * What a session is labelled with: the user and repository identity, the client version, and any
 * custom resource attribute (`OTEL_RESOURCE_ATTRIBUTES=team.id=platform` becomes `team.id`), so
 * sessions can be grouped by them. At most SESSION_LABELS_CAP, keys at most MAX_NAME_CHARS.
 */
export function sessionLabels(attrs: Attrs, resource: Attrs): Labels {
  const labels = new Map<string, string>();
  for (const k of IDENTITY_ATTRIBUTES) {
    const v = labelValue(attrs.get(k));
    if (v) labels.set(k, v);
  }
  for (const [k, v] of resource) {
    if (labels.size >= SESSION_LABELS_CAP) break;
    if (k === 'session.id' || k.length > MAX_NAME_CHARS || PLATFORM_RESOURCE_PREFIXES.some((p) => k.startsWith(p))) continue;
    const value = labelValue(v);
    if (value) labels.set(k, value);
  }
  return labels;
}

/** The labels of a session, worked out once per session and request (they repeat on every record). */
export class LabelsPerRequest {
  private readonly seen = new Map<string, Labels>();

  of(sessionId: string | undefined, attrs: Attrs, resource: Attrs): Labels {
    const key = sessionId ?? '';
    let labels = this.seen.get(key);
    if (!labels) {
      labels = sessionLabels(attrs, resource);
      this.seen.set(key, labels);
    }
    return labels;
  }
}

/**
 * Whether a resource/scope block is Claude Code's. Its scope says so (`com.anthropic.claude_code`,
 * `….events`; the user can rename the service with OTEL_SERVICE_NAME but not the scope); without a
 * scope, its service name does; a block that names neither is given the benefit of the doubt.
 */
export function isClaudeCode(scopeName: string | undefined, resource: Attrs): boolean {
  if (scopeName) return scopeName.startsWith('com.anthropic.claude_code');
  const service = asString(resource.get('service.name'));
  return service === undefined || service.startsWith('claude-code') || service.startsWith('claude_code');
}
