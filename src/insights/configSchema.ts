// The config file's shape, checked key by key: a bad value costs that key alone (it keeps its
// default) and yields a warning that names the file, the key, what was found and how to fix it.
//
//   {
//     "budgets": { "dayUsd": 5, "sessionUsd": 2, "monthUsd": 100 },
//     "notify":  { "bell": true, "desktop": true, "command": "notify-send" },
//     "rules":   { "errorRateThreshold": 0.2, "cacheEfficiencyMin": 0.5, "stalledSessionMinutes": 10 }
//   }
//
// Every key is optional. `"command": null` (or "") turns the notification command off.
import { locateJsonError } from '../setup/jsonError.js';
import type { BudgetSettings, InsightsConfig, RuleSettings } from './config.js';

/** How much of a bad value a warning quotes. */
const QUOTED_VALUE_MAX = 40;
/** A session silent for an hour no longer counts as active (see stalledSessions.ts), so the threshold stays below it. */
const STALLED_MINUTES_MAX = 59;

export interface ValidatedConfig {
  config: InsightsConfig;
  /** The notification command as written: undefined = not set (look for notify-send), null = off. */
  command: string | null | undefined;
  warnings: string[];
}

type Check = (value: unknown) => boolean;

interface NumberKey<K extends string> {
  key: K;
  check: Check;
  expected: string;
  /** What applies instead, said as a person would. */
  instead: string;
}

const isPositiveNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const inRange = (lo: number, hi: number, loInclusive: boolean): Check => (v) => typeof v === 'number' && (loInclusive ? v >= lo : v > lo) && v <= hi;

const BUDGET_KEYS: NumberKey<keyof BudgetSettings>[] = [
  { key: 'dayUsd', check: isPositiveNumber, expected: 'a positive amount in USD, e.g. 5 or 12.5', instead: 'no daily budget is set' },
  { key: 'sessionUsd', check: isPositiveNumber, expected: 'a positive amount in USD, e.g. 5 or 12.5', instead: 'no session budget is set' },
  { key: 'monthUsd', check: isPositiveNumber, expected: 'a positive amount in USD, e.g. 100', instead: 'no monthly budget is set' },
];

function ruleKeys(defaults: RuleSettings): NumberKey<keyof RuleSettings>[] {
  return [
    { key: 'errorRateThreshold', check: inRange(0, 1, false), expected: 'a share above 0 and at most 1, e.g. 0.2 for 20 %', instead: `using ${defaults.errorRateThreshold}` },
    { key: 'cacheEfficiencyMin', check: inRange(0, 1, true), expected: 'a share from 0 to 1, e.g. 0.5 for 50 %', instead: `using ${defaults.cacheEfficiencyMin}` },
    { key: 'stalledSessionMinutes', check: inRange(1, STALLED_MINUTES_MAX, true), expected: `a number of minutes from 1 to ${STALLED_MINUTES_MAX}`, instead: `using ${defaults.stalledSessionMinutes}` },
  ];
}

const SECTIONS = ['budgets', 'notify', 'rules'] as const;
const NOTIFY_KEYS = ['bell', 'desktop', 'command'] as const;

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTED_VALUE_MAX ? `${text.slice(0, QUOTED_VALUE_MAX - 1)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Validator {
  readonly warnings: string[] = [];
  constructor(private readonly file: string) {}

  bad(path: string, expected: string, value: unknown, instead: string): void {
    this.warnings.push(`${this.file}: ${path} must be ${expected}, not ${quote(value)}; ${instead}. Fix the value or remove the key.`);
  }

  unknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.warnings.push(`${this.file}: unknown key "${prefix}${key}" ignored (known here: ${known.join(', ')}). Check its spelling.`);
    }
  }

  /** The section as an object, or undefined (with a warning when present but not an object). */
  section(root: Record<string, unknown>, name: string, known: readonly string[]): Record<string, unknown> | undefined {
    const value = root[name];
    if (value === undefined) return undefined;
    if (!isObject(value)) {
      this.bad(name, `an object like {${known.map((k) => `"${k}": …`).join(', ')}}`, value, 'using its defaults');
      return undefined;
    }
    this.unknownKeys(value, known, `${name}.`);
    return value;
  }

  numbers<K extends string>(obj: Record<string, unknown> | undefined, name: string, keys: NumberKey<K>[], into: Partial<Record<K, number>>): void {
    for (const spec of keys) {
      const value = obj?.[spec.key];
      // null reads as "not set", as a person clearing a value would write it.
      if (value === undefined || value === null) continue;
      if (spec.check(value)) into[spec.key] = value as number;
      else this.bad(`${name}.${spec.key}`, spec.expected, value, spec.instead);
    }
  }
}

function parse(text: string, file: string): { root?: unknown; warning?: string } {
  try {
    return { root: JSON.parse(text) };
  } catch (err) {
    const at = locateJsonError(text, err as Error);
    return { warning: `${file}: not valid JSON at line ${at.line}, column ${at.column} (${at.cause}); using the defaults for everything. Fix the file, or move it aside to start over.` };
  }
}

/** The settings a config file's text holds, over `defaults`. Never throws. */
export function validateConfig(text: string, file: string, defaults: InsightsConfig): ValidatedConfig {
  const config: InsightsConfig = { budgets: { ...defaults.budgets }, notify: { ...defaults.notify }, rules: { ...defaults.rules } };
  // An empty file is a file someone is about to fill in, not an error.
  if (text.trim() === '') return { config, command: undefined, warnings: [] };
  const { root, warning } = parse(text, file);
  if (warning) return { config, command: undefined, warnings: [warning] };
  const v = new Validator(file);
  if (!isObject(root)) {
    v.warnings.push(`${file}: must hold a JSON object such as {"budgets": {"dayUsd": 5}}, not ${quote(root)}; using the defaults. Fix the file.`);
    return { config, command: undefined, warnings: v.warnings };
  }
  v.unknownKeys(root, SECTIONS, '');
  v.numbers(v.section(root, 'budgets', BUDGET_KEYS.map((k) => k.key)), 'budgets', BUDGET_KEYS, config.budgets);
  const rules = ruleKeys(defaults.rules);
  v.numbers(v.section(root, 'rules', rules.map((k) => k.key)), 'rules', rules, config.rules);

  const notify = v.section(root, 'notify', NOTIFY_KEYS);
  for (const key of ['bell', 'desktop'] as const) {
    const value = notify?.[key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') config.notify[key] = value;
    else v.bad(`notify.${key}`, 'true or false', value, `using ${defaults.notify[key]}`);
  }
  let command: string | null | undefined;
  const rawCommand = notify?.['command'];
  if (rawCommand === null) command = null;
  else if (typeof rawCommand === 'string') command = rawCommand.trim() === '' ? null : rawCommand.trim();
  else if (rawCommand !== undefined) v.bad('notify.command', 'a program name or path such as "notify-send", or null for none', rawCommand, 'looking for notify-send');
  return { config, command, warnings: v.warnings };
}
