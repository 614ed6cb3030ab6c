// Prometheus label names from attribute keys, the way Claude Code's own Prometheus exporter (the
// OpenTelemetry JS one) makes them, so dashboards written against it work unchanged: every
// character outside [a-zA-Z0-9_] becomes `_`, runs of `_` become one (`team.id` -> `team_id`).

/** Labels cc-top sets itself; an attribute that maps to one of them is left out (as Claude Code does). */
export const BUILT_IN_LABELS: ReadonlySet<string> = new Set(['session_id', 'model', 'query_source', 'type', 'decision']);

const VALID_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The Prometheus label name of an attribute key, or undefined when nothing usable is left. */
export function labelNameOf(key: string): string | undefined {
  let name = key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
  // Prometheus refuses a leading digit (the OpenTelemetry exporter would print it anyway).
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return VALID_LABEL.test(name) ? name : undefined;
}

export class DropLabelsError extends Error {}

/**
 * `--metrics-drop-labels session_id,user_email`: label names, or the attribute keys they come
 * from (`team.id` means `team_id`).
 */
export function parseDropLabels(text: string): string[] {
  const names = new Set<string>();
  for (const part of text.split(',')) {
    const key = part.trim();
    if (key === '') throw new DropLabelsError(`--metrics-drop-labels takes label names separated by commas, e.g. session_id,user_email; "${text}" has an empty one`);
    const name = labelNameOf(key);
    if (name === undefined) throw new DropLabelsError(`--metrics-drop-labels: "${key}" is not a label name (letters, digits and _; e.g. session_id)`);
    names.add(name);
  }
  return [...names];
}
