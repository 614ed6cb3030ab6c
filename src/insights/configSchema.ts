// The config file's shape, checked key by key with valibot: a bad value costs that key alone (it
// keeps its default) and yields a warning that names the file, the key, what was found and how to
// fix it. Unknown keys (typos) are warned about and ignored.
//
//   {
//     "budgets": { "dayUsd": 5, "sessionUsd": 2, "monthUsd": 100 },
//     "notify":  { "bell": true, "desktop": true, "command": "notify-send" },
//     "rules":   { "errorRateThreshold": 0.2, "cacheEfficiencyMin": 0.5, "stalledSessionMinutes": 10 },
//     "forward": { "url": "https://otel.example.com:4318", "protocol": "http/protobuf",
//                  "headers": { "authorization": "Bearer ..." }, "queueMiB": 64 }
//   }
//
// Every key is optional; null reads as "not set", as a person clearing a value would write it.
// `"command": null` (or "") turns the notification command off.
import * as v from 'valibot';
import { locateJsonError } from '../files/jsonText.js';
import type { BudgetSettings, ForwardConfig, InsightsConfig, RuleSettings } from './configTypes.js';

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

interface Field<T> {
  schema: v.GenericSchema<unknown, T>;
  /** What the value must be, as a person would say it. */
  expected: string;
  /** What applies instead when it is not. */
  instead: string;
}

/** One field per key of a section; `null` in the output means "not set". */
type Fields<S> = { [K in keyof S]-?: Field<NonNullable<S[K]> | null> };

const PlainObject = v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
const PositiveUsd = v.nullable(v.pipe(v.number(), v.finite(), v.gtValue(0)));
const share = (min: v.GenericPipeItem<number, number, v.BaseIssue<unknown>>) => v.nullable(v.pipe(v.number(), v.finite(), min, v.maxValue(1)));

const BUDGETS: Fields<BudgetSettings> = {
  dayUsd: { schema: PositiveUsd, expected: 'a positive amount in USD, e.g. 5 or 12.5', instead: 'no daily budget is set' },
  sessionUsd: { schema: PositiveUsd, expected: 'a positive amount in USD, e.g. 5 or 12.5', instead: 'no session budget is set' },
  monthUsd: { schema: PositiveUsd, expected: 'a positive amount in USD, e.g. 100', instead: 'no monthly budget is set' },
};

function ruleFields(defaults: RuleSettings): Fields<RuleSettings> {
  return {
    errorRateThreshold: { schema: share(v.gtValue(0)), expected: 'a share above 0 and at most 1, e.g. 0.2 for 20 %', instead: `using ${defaults.errorRateThreshold}` },
    cacheEfficiencyMin: { schema: share(v.minValue(0)), expected: 'a share from 0 to 1, e.g. 0.5 for 50 %', instead: `using ${defaults.cacheEfficiencyMin}` },
    stalledSessionMinutes: {
      schema: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(STALLED_MINUTES_MAX))),
      expected: `a number of minutes from 1 to ${STALLED_MINUTES_MAX}`,
      instead: `using ${defaults.stalledSessionMinutes}`,
    },
  };
}

interface NotifyFile {
  bell: boolean;
  desktop: boolean;
  /** Trimmed; null for none. */
  command: string | null;
}

function notifyFields(defaults: InsightsConfig['notify']): { [K in keyof NotifyFile]: Field<NotifyFile[K] | null> } {
  return {
    bell: { schema: v.nullable(v.boolean()), expected: 'true or false', instead: `using ${defaults.bell}` },
    desktop: { schema: v.nullable(v.boolean()), expected: 'true or false', instead: `using ${defaults.desktop}` },
    command: {
      schema: v.nullable(
        v.pipe(
          v.string(),
          v.trim(),
          v.transform((s) => (s === '' ? null : s)),
        ),
      ),
      expected: 'a program name or path such as "notify-send", or null for none',
      instead: 'looking for notify-send',
    },
  };
}

/** Headers a forward may carry; far more is not a header list. */
const FORWARD_HEADERS_MAX = 64;

const HeaderEntries = v.pipe(
  PlainObject,
  v.check((o) => Object.keys(o).length <= FORWARD_HEADERS_MAX && Object.values(o).every((x) => typeof x === 'string' && x.length <= 8192)),
  v.transform((o) => Object.entries(o) as [string, string][]),
);

const FORWARD: Fields<ForwardConfig> = {
  url: {
    schema: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2048))),
    expected: 'the upstream OTLP endpoint, e.g. "http://collector:4318" or "grpc://collector:4317"',
    instead: 'nothing is forwarded',
  },
  protocol: { schema: v.nullable(v.picklist(['grpc', 'http/protobuf'])), expected: '"grpc" or "http/protobuf"', instead: 'the protocol follows the URL' },
  headers: { schema: v.nullable(HeaderEntries), expected: `an object of up to ${FORWARD_HEADERS_MAX} header names and string values, e.g. {"authorization": "Bearer ..."}`, instead: 'no headers are sent' },
  queueMiB: { schema: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(16_384))), expected: 'a size in MiB from 1 to 16384', instead: 'using 64' },
};

const SECTIONS = ['budgets', 'notify', 'rules', 'forward'] as const;

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTED_VALUE_MAX ? `${text.slice(0, QUOTED_VALUE_MAX - 1)}…` : text;
}

class Warnings {
  readonly list: string[] = [];
  constructor(private readonly file: string) {}

  add(text: string): void {
    this.list.push(`${this.file}: ${text}`);
  }

  unknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.add(`unknown key "${prefix}${key}" ignored (known here: ${known.join(', ')}). Check its spelling.`);
    }
  }
}

/** The section's valid values (null: not set); a bad one is left out with a warning. */
function readSection<S>(root: Record<string, unknown>, name: string, fields: { [K in keyof S]: Field<S[K]> }, warnings: Warnings): Partial<S> {
  const known = Object.keys(fields);
  const section = root[name];
  const out: Partial<S> = {};
  if (section === undefined) return out;
  if (!v.is(PlainObject, section)) {
    warnings.add(`${name} must be an object like {${known.map((k) => `"${k}": …`).join(', ')}}, not ${quote(section)}; using its defaults. Fix the value or remove the key.`);
    return out;
  }
  warnings.unknownKeys(section, known, `${name}.`);
  for (const key of known as (keyof S & string)[]) {
    if (!Object.hasOwn(section, key)) continue;
    const field = fields[key];
    const parsed = v.safeParse(field.schema, section[key]);
    if (parsed.success) out[key] = parsed.output;
    else warnings.add(`${name}.${key} must be ${field.expected}, not ${quote(section[key])}; ${field.instead}. Fix the value or remove the key.`);
  }
  return out;
}

/** The values that are set (not null). */
function setValues<T>(values: Partial<{ [K in keyof T]: T[K] | null }>): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, x]) => x !== null)) as Partial<T>;
}

function parse(text: string, file: string): { root?: unknown; warning?: string } {
  try {
    // A byte-order mark (some Windows editors write one) is no reason to ignore the file.
    return { root: JSON.parse(text.replace(/^\uFEFF/, '')) };
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
  const warnings = new Warnings(file);
  if (!v.is(PlainObject, root)) {
    warnings.add(`must hold a JSON object such as {"budgets": {"dayUsd": 5}}, not ${quote(root)}; using the defaults. Fix the file.`);
    return { config, command: undefined, warnings: warnings.list };
  }
  warnings.unknownKeys(root, SECTIONS, '');
  Object.assign(config.budgets, setValues(readSection(root, 'budgets', BUDGETS, warnings)));
  Object.assign(config.rules, setValues(readSection(root, 'rules', ruleFields(defaults.rules), warnings)));
  const { command, ...notify } = readSection(root, 'notify', notifyFields(defaults.notify), warnings);
  Object.assign(config.notify, setValues(notify));
  // `"forward": null` is forwarding switched off, as a person would write it.
  if (root['forward'] !== null) {
    const forward = setValues(readSection(root, 'forward', FORWARD, warnings));
    if (forward.url !== undefined) config.forward = { ...forward, url: forward.url };
    else if (Object.keys(forward).length > 0) warnings.add('forward.url is missing, so nothing is forwarded; add the upstream endpoint, e.g. "url": "http://collector:4318".');
  }
  return { config, command, warnings: warnings.list };
}
