// cc-top's filter and grouping keys as Prometheus labels, and Prometheus labels as the session
// labels the reports read. OpenTelemetry's dots become underscores in Prometheus (`user.email` is
// `user_email`, `OTEL_RESOURCE_ATTRIBUTES=team.id=x` is `team_id`), so `team.id` and `team_id` name
// the same key here.
import { PrometheusError } from './promClient.js';

/** `--filter KEY=VALUE` (the same shape as the reports' filter). */
export interface TeamFilter {
  key: string;
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels a session carries under cc-top's (OpenTelemetry) names; any other label keeps its own. */
const SESSION_LABEL_NAMES: Readonly<Record<string, string>> = {
  user_email: 'user.email',
  user_id: 'user.id',
  user_account_uuid: 'user.account_uuid',
  user_account_id: 'user.account_id',
  organization_id: 'organization.id',
  terminal_type: 'terminal.type',
  app_version: 'app.version',
  app_entrypoint: 'app.entrypoint',
  vcs_repository_name: 'vcs.repository.name',
  vcs_owner_name: 'vcs.owner.name',
  vcs_provider_name: 'vcs.provider.name',
  vcs_repository_url_full: 'vcs.repository.url.full',
};

/** Labels that split one session's figures (or say how Prometheus got them), never a session's identity. */
export const POINT_LABELS = new Set(['__name__', 'session_id', 'model', 'query_source', 'type', 'decision', 'tool_name', 'language', 'source', 'otel_scope_name', 'otel_scope_version', 'job', 'instance', 'le']);

/** The session label a Prometheus label is read as. */
export function sessionLabelName(promLabel: string): string {
  return SESSION_LABEL_NAMES[promLabel] ?? promLabel;
}

/** The Prometheus label of a key that is not one of the named ones (`team.id` -> `team_id`). */
function labelOf(key: string, flag: string): string {
  const label = key.replace(/\./g, '_');
  if (!LABEL_NAME.test(label)) throw new PrometheusError(`${flag}: "${key}" is not a label name Prometheus can hold (letters, digits and _)`, 'usage');
  return label;
}

/** How a grouping key is answered: a dimension every figure has, the sessions themselves, or labels. */
export type GroupPlan =
  | { kind: 'dimension'; reportKey: 'model' | 'query_source' }
  | { kind: 'session'; reportKey: 'session' }
  | { kind: 'labels'; labels: string[]; reportKey: string };

export function groupPlan(key: string | undefined): GroupPlan | undefined {
  switch (key) {
    case undefined:
      return undefined;
    case 'model':
    case 'query_source':
      return { kind: 'dimension', reportKey: key };
    case 'session':
      return { kind: 'session', reportKey: 'session' };
    // user: its email, else its id (as the local reports read it).
    case 'user':
      return { kind: 'labels', labels: ['user_email', 'user_id'], reportKey: 'user' };
    case 'project':
      return { kind: 'labels', labels: ['vcs_repository_name'], reportKey: 'project' };
    case 'organization':
      return { kind: 'labels', labels: ['organization_id'], reportKey: sessionLabelName('organization_id') };
    default: {
      const label = labelOf(key, '--group-by');
      return { kind: 'labels', labels: [label], reportKey: sessionLabelName(label) };
    }
  }
}

/** The value of a labels-kind group for a series' labels (user: email, else id). */
export function groupValue(plan: GroupPlan, labels: Readonly<Record<string, string>>): string {
  if (plan.kind !== 'labels') return '';
  for (const l of plan.labels) if (labels[l]) return labels[l]!;
  return '';
}

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A filter as label matchers, so Prometheus narrows every figure before cc-top sees it. */
export function filterMatchers(filter: TeamFilter | undefined): Matcher[] {
  if (!filter) return [];
  const { key, value } = filter;
  switch (key) {
    case 'model':
    case 'query_source':
      return [{ label: key, op: '=', value }];
    case 'session':
      // Shown ids are short: a prefix matches, as in the local view.
      return [{ label: 'session_id', op: '=~', value: `${regexEscape(value)}.*` }];
    case 'user':
      return [{ label: value.includes('@') ? 'user_email' : 'user_id', op: '=', value }];
    case 'project':
      return [{ label: 'vcs_repository_name', op: '=', value }];
    case 'organization':
      return [{ label: 'organization_id', op: '=', value }];
    default:
      return [{ label: labelOf(key, '--filter'), op: '=', value }];
  }
}

/** RE2 metacharacters escaped, so a value matches only itself. */
export function regexEscape(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
