// The shapes setup relies on, checked with valibot: Claude Code's settings (only what setup reads
// or writes; every other key is Claude Code's business) and setup's own undo record. A failure is
// one sentence that names the field, e.g. "env.FOO must be a string, but it is null".
import * as v from 'valibot';
import { showKey } from './terminalSafe.js';

/**
 * Claude Code turns numbers and true/false in `env` into text (checked with Claude Code 2.1.330:
 * `"OTEL_METRIC_EXPORT_INTERVAL": 1000` is honoured), so those pass; null, objects and arrays
 * are not values a variable can hold.
 */
const ENV_VALUE = v.union([v.string(), v.number(), v.boolean()], 'a string (like "1")');

/** valibot's object and record schemas take arrays too: JSON's object is checked first. */
const jsonObject = (message: string) => v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message);

const ENV_MESSAGE = 'an object of variable names to string values';

export const SettingsSchema = v.pipe(
  jsonObject('a JSON object ({ ... })'),
  v.looseObject({ env: v.optional(v.pipe(jsonObject(ENV_MESSAGE), v.record(v.string(), ENV_VALUE, ENV_MESSAGE))) }),
);

export const StatusLineSchema = v.object({ type: v.literal('command'), command: v.string() });

const SetValueSchema = <T extends v.GenericSchema>(value: T) =>
  v.object({ had: v.boolean(), previous: v.optional(v.unknown()), value });

/** A key setup removed (a per-signal override that sent telemetry elsewhere): undo puts it back. */
const RemovedSchema = v.object({ had: v.literal(true), previous: v.unknown(), removed: v.literal(true), after: v.nullable(v.string()) });

export const SetupRecordSchema = v.object({
  version: v.literal(1),
  createdEnv: v.boolean(),
  env: v.record(v.string(), v.union([SetValueSchema(v.string()), RemovedSchema])),
  statusLine: v.optional(SetValueSchema(StatusLineSchema)),
  forward: v.optional(v.object({ file: v.string(), url: v.string() })),
});

export function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** "env.FOO must be a string, but it is null" for the first problem valibot found. */
export function describeIssue(issue: v.BaseIssue<unknown>, rootName: string): string {
  // A union's own message is the one to show; its sub-issues only say which option failed how.
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const field = keys.length === 0 ? rootName : keys.map(showKey).join('.');
  return `${field} must be ${issue.message}, but it is ${describeJsonType(issue.input)}`;
}
