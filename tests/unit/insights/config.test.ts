import envPaths from 'env-paths';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BudgetUsageError,
  CONFIG_MAX_BYTES,
  configPath,
  defaultConfig,
  DEFAULT_RULES,
  loadConfig,
  mergeFlags,
  parseUsd,
} from '../../../src/insights/config.js';
import { commandOnPath } from '../../../src/insights/commandOnPath.js';

let dir: string;
/** A PATH with nothing on it, so tests do not depend on what the machine has installed. */
let emptyBin: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-config-'));
  emptyBin = join(dir, 'empty-bin');
  await mkdir(emptyBin);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(content: string): Promise<string> {
  const path = join(dir, 'config.json');
  await writeFile(path, content);
  return path;
}

async function fakeProgram(name: string): Promise<{ bin: string; path: string }> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const path = join(bin, name);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return { bin, path };
}

describe('configPath', () => {
  it('takes $CC_TOP_CONFIG when set, resolved', () => {
    expect(configPath({ CC_TOP_CONFIG: 'some/where.json' })).toBe(resolve('some/where.json'));
  });

  it("defaults to config.json in the platform's config dir for cc-top", () => {
    expect(configPath({})).toBe(join(envPaths('cc-top', { suffix: '' }).config, 'config.json'));
  });
});

describe('loadConfig', () => {
  it('uses the defaults for a missing file, without a warning', async () => {
    const loaded = await loadConfig(join(dir, 'absent.json'), { PATH: emptyBin });
    expect(loaded).toEqual({ config: defaultConfig(), warnings: [] });
    expect(loaded.config.rules).toEqual({ errorRateThreshold: 0.2, cacheEfficiencyMin: 0.5, stalledSessionMinutes: 10 });
    expect(loaded.config.notify).toEqual({ bell: true, desktop: true });
  });

  it('picks notify-send as the command when it is on PATH', async () => {
    const { bin, path } = await fakeProgram('notify-send');
    const loaded = await loadConfig(join(dir, 'absent.json'), { PATH: [emptyBin, bin].join(delimiter) });
    expect(loaded.config.notify.command).toBe(path);
  });

  it('reads every setting from a valid file', async () => {
    const { bin, path } = await fakeProgram('my-notify');
    const file = await configFile(
      JSON.stringify({
        budgets: { dayUsd: 5, sessionUsd: 2.5, monthUsd: 100 },
        notify: { bell: false, desktop: true, command: 'my-notify' },
        rules: { errorRateThreshold: 0.1, cacheEfficiencyMin: 0.7, stalledSessionMinutes: 15 },
      }),
    );
    expect(await loadConfig(file, { PATH: bin })).toEqual({
      config: {
        budgets: { dayUsd: 5, sessionUsd: 2.5, monthUsd: 100 },
        notify: { bell: false, desktop: true, command: path },
        rules: { errorRateThreshold: 0.1, cacheEfficiencyMin: 0.7, stalledSessionMinutes: 15 },
      },
      warnings: [],
    });
  });

  it('turns the command off with null, even with notify-send on PATH', async () => {
    const { bin } = await fakeProgram('notify-send');
    const loaded = await loadConfig(await configFile('{"notify": {"command": null}}'), { PATH: bin });
    expect(loaded.config.notify.command).toBeUndefined();
    expect(loaded.warnings).toEqual([]);
  });

  it('warns about invalid JSON with the file, line and column, and uses the defaults', async () => {
    const file = await configFile('{\n  "budgets": { "dayUsd": 5, }\n}\n');
    const loaded = await loadConfig(file, { PATH: emptyBin });
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]!.startsWith(`${file}: not valid JSON at line 2, column 29 (`)).toBe(true);
    expect(loaded.warnings[0]).toContain('Fix the file');
  });

  it('keeps the good keys and warns about each bad one, naming the file, key, value and fix', async () => {
    const file = await configFile(
      JSON.stringify({
        budgets: { dayUsd: 'five', sessionUsd: -1, monthUsd: 50 },
        notify: { bell: 'yes' },
        rules: { errorRateThreshold: 20, cacheEfficiencyMin: 0.6, stalledSessionMinutes: 120 },
      }),
    );
    const { config, warnings } = await loadConfig(file, { PATH: emptyBin });
    expect(config.budgets).toEqual({ monthUsd: 50 });
    expect(config.notify.bell).toBe(true);
    expect(config.rules).toEqual({ ...DEFAULT_RULES, cacheEfficiencyMin: 0.6 });
    expect(warnings).toEqual([
      `${file}: budgets.dayUsd must be a positive amount in USD, e.g. 5 or 12.5, not "five"; no daily budget is set. Fix the value or remove the key.`,
      `${file}: budgets.sessionUsd must be a positive amount in USD, e.g. 5 or 12.5, not -1; no session budget is set. Fix the value or remove the key.`,
      `${file}: rules.errorRateThreshold must be a share above 0 and at most 1, e.g. 0.2 for 20 %, not 20; using 0.2. Fix the value or remove the key.`,
      `${file}: rules.stalledSessionMinutes must be a number of minutes from 1 to 59, not 120; using 10. Fix the value or remove the key.`,
      `${file}: notify.bell must be true or false, not "yes"; using true. Fix the value or remove the key.`,
    ]);
  });

  it('warns about unknown keys (typos) and sections of the wrong type', async () => {
    const file = await configFile(JSON.stringify({ budget: { dayUsd: 5 }, budgets: { dayUSD: 5 }, rules: [1] }));
    const { config, warnings } = await loadConfig(file, { PATH: emptyBin });
    expect(config).toEqual(defaultConfig());
    expect(warnings).toEqual([
      `${file}: unknown key "budget" ignored (known here: budgets, notify, rules, forward). Check its spelling.`,
      `${file}: unknown key "budgets.dayUSD" ignored (known here: dayUsd, sessionUsd, monthUsd). Check its spelling.`,
      expect.stringContaining(`${file}: rules must be an object like {"errorRateThreshold": …`),
    ]);
  });

  it('warns when the file holds something other than an object, or a command that is not installed', async () => {
    const notObject = await loadConfig(await configFile('[1, 2]'), { PATH: emptyBin });
    expect(notObject.warnings).toEqual([expect.stringMatching(/: must hold a JSON object such as \{"budgets": \{"dayUsd": 5\}\}, not \[1,2\]; using the defaults/)]);
    const missing = await loadConfig(await configFile('{"notify": {"command": "no-such-notifier"}}'), { PATH: emptyBin });
    expect(missing.config.notify.command).toBeUndefined();
    expect(missing.warnings).toEqual([expect.stringContaining('notify.command "no-such-notifier" was not found on PATH')]);
  });

  it('reads null as "not set", a byte-order mark as nothing, and an empty command as none', async () => {
    const { bin } = await fakeProgram('notify-send');
    const file = await configFile('\uFEFF' + JSON.stringify({ budgets: { dayUsd: null, monthUsd: 9 }, notify: { bell: null, command: '  ' }, rules: { cacheEfficiencyMin: null } }));
    const { config, warnings } = await loadConfig(file, { PATH: bin });
    expect(warnings).toEqual([]);
    expect(config).toEqual({ budgets: { monthUsd: 9 }, notify: { bell: true, desktop: true }, rules: DEFAULT_RULES });
  });

  it('warns about each value of the wrong type or out of range, key by key', async () => {
    const file = await configFile(JSON.stringify({ budgets: { dayUsd: { usd: 5 }, monthUsd: 0 }, notify: { desktop: 1, command: 42 }, rules: { cacheEfficiencyMin: -0.1 } }));
    const { config, warnings } = await loadConfig(file, { PATH: emptyBin });
    expect(config).toEqual(defaultConfig());
    expect(warnings).toEqual([
      `${file}: budgets.dayUsd must be a positive amount in USD, e.g. 5 or 12.5, not {"usd":5}; no daily budget is set. Fix the value or remove the key.`,
      `${file}: budgets.monthUsd must be a positive amount in USD, e.g. 100, not 0; no monthly budget is set. Fix the value or remove the key.`,
      `${file}: rules.cacheEfficiencyMin must be a share from 0 to 1, e.g. 0.5 for 50 %, not -0.1; using 0.5. Fix the value or remove the key.`,
      `${file}: notify.desktop must be true or false, not 1; using true. Fix the value or remove the key.`,
      `${file}: notify.command must be a program name or path such as "notify-send", or null for none, not 42; looking for notify-send. Fix the value or remove the key.`,
    ]);
  });

  it('reads a file no larger than the bound; a larger one is a warning and the defaults', async () => {
    const valid = JSON.stringify({ budgets: { dayUsd: 5 } });
    const atBound = await loadConfig(await configFile(valid + ' '.repeat(CONFIG_MAX_BYTES - valid.length)), { PATH: emptyBin });
    expect(atBound).toEqual({ config: { ...defaultConfig(), budgets: { dayUsd: 5 } }, warnings: [] });
    const file = await configFile(valid + ' '.repeat(CONFIG_MAX_BYTES));
    const over = await loadConfig(file, { PATH: emptyBin });
    expect(over.config).toEqual(defaultConfig());
    expect(over.warnings).toEqual([`${file}: is ${valid.length + CONFIG_MAX_BYTES} bytes, more than the 64 KiB a config file may be; using the defaults. Is it the right file?`]);
  });

  it('treats an empty file as no settings, and an unreadable one as a warning, never throwing', async () => {
    expect(await loadConfig(await configFile('  \n'), { PATH: emptyBin })).toEqual({ config: defaultConfig(), warnings: [] });
    const unreadable = await loadConfig(dir, { PATH: emptyBin }); // a directory
    expect(unreadable.config).toEqual(defaultConfig());
    expect(unreadable.warnings).toEqual([`${dir}: could not be read (EISDIR); using the defaults. Check that it is a readable file.`]);
  });
});

describe('mergeFlags', () => {
  it('lets flags win over the file and leaves the rest (and the input) alone', () => {
    const config = { ...defaultConfig(), budgets: { dayUsd: 5, monthUsd: 100 } };
    const merged = mergeFlags(config, { budgetDay: 2, budgetSession: 1 });
    expect(merged.budgets).toEqual({ dayUsd: 2, sessionUsd: 1, monthUsd: 100 });
    expect(config.budgets).toEqual({ dayUsd: 5, monthUsd: 100 });
    expect(mergeFlags(config, {}).budgets).toEqual(config.budgets);
  });
});

describe('parseUsd', () => {
  it.each([
    ['5', 5],
    ['12.50', 12.5],
    ['$3', 3],
    ['.5', 0.5],
    [' 7 ', 7],
  ])('reads %j as %d', (text, usd) => {
    expect(parseUsd(text, '--budget-day')).toBe(usd);
  });

  it.each(['x', '', '0', '0.00', '-5', '1e3', '5 USD', '1,000', 'Infinity', '$'])('refuses %j with a message naming the flag and an example', (text) => {
    expect(() => parseUsd(text, '--budget-day')).toThrow(BudgetUsageError);
    expect(() => parseUsd(text, '--budget-day')).toThrow(`--budget-day must be a positive amount in USD, e.g. 5 or 12.50, not "${text}"`);
  });

  it('carries the flag and the value on the error', () => {
    try {
      parseUsd('x', '--budget-month');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BudgetUsageError);
      expect(err).toMatchObject({ flag: '--budget-month', value: 'x', name: 'BudgetUsageError' });
    }
  });
});

describe('commandOnPath', () => {
  it('finds an executable on PATH, skips a non-executable one, and resolves explicit paths', async () => {
    const { bin, path } = await fakeProgram('tool');
    await writeFile(join(emptyBin, 'tool'), 'not executable');
    expect(await commandOnPath('tool', { PATH: [emptyBin, bin].join(delimiter) })).toBe(path);
    expect(await commandOnPath('tool', { PATH: emptyBin })).toBeUndefined();
    expect(await commandOnPath(path, {})).toBe(path);
    expect(await commandOnPath(join(dir, 'nope'), {})).toBeUndefined();
    expect(await commandOnPath('', { PATH: bin })).toBeUndefined();
  });
});
