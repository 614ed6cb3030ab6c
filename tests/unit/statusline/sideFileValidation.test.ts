// The side file is checked when it is read (anyone able to write the folder can write it) and
// before it is saved: a time or percentage out of range costs that value, never a reader. A reset
// time of 9e15 once crashed --once and the live view ("RangeError: Invalid time value").
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectPlanUsage } from '../../../src/report/planUsage.js';
import { writeSideFile } from '../../../src/statusline/sideFile.js';
import { emptySideFile, EPOCH_SECONDS_MAX, parseSideFile, readSideFile, SIDE_FILE_MAX_BYTES, type SideFile } from '../../../src/store/sideFile.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const NOW_S = NOW / 1_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-side-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (rateLimits: unknown, sessions: unknown = {}) => JSON.stringify({ version: 1, rateLimits, sessions });

describe('reading the side file', () => {
  it.each([9e15, 9e12, EPOCH_SECONDS_MAX + 1, 100, -1, 1e308])('reads a reset time of %d as unknown and keeps the window', (resetsAt) => {
    const side = parseSideFile(file({ seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt }, sevenDay: { usedPercentage: 7, resetsAt: NOW_S + 60 } }));
    expect(side.rateLimits).toEqual({ seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt: null }, sevenDay: { usedPercentage: 7, resetsAt: NOW_S + 60 } });
    // What --once and the live view do with it: no RangeError.
    expect(selectPlanUsage(side.rateLimits, NOW)?.fiveHour).toEqual({ usedPercentage: 42, resetsAt: null, resetsInSec: null });
  });

  it.each([-1, 1_001, 1e308, '42'])('drops a window whose percentage is %j', (usedPercentage) => {
    const side = parseSideFile(file({ seenAt: NOW, fiveHour: { usedPercentage, resetsAt: NOW_S }, sevenDay: { usedPercentage: 7, resetsAt: null } }));
    expect(side.rateLimits).toEqual({ seenAt: NOW, fiveHour: null, sevenDay: { usedPercentage: 7, resetsAt: null } });
  });

  it('drops rate limits and sessions whose seenAt is no time, keeping the rest', () => {
    const side = parseSideFile(
      file({ seenAt: 9e15, fiveHour: { usedPercentage: 42, resetsAt: null }, sevenDay: null }, { bad: { projectDir: '/b', seenAt: 9e15 }, good: { projectDir: '/g', seenAt: NOW } }),
    );
    expect(side.rateLimits).toBeNull();
    expect(side.sessions).toEqual({ good: { projectDir: '/g', seenAt: NOW } });
    expect(selectPlanUsage(side.rateLimits, NOW)).toBeNull();
  });

  it('keeps sessions named after Object members as data', () => {
    const side = parseSideFile('{"version":1,"sessions":{"__proto__":{"projectDir":"/p","seenAt":' + NOW + '},"constructor":{"projectDir":"/c","seenAt":' + NOW + '}}}');
    expect(Object.keys(side.sessions).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(side.sessions, '__proto__') && side.sessions['__proto__']).toEqual({ projectDir: '/p', seenAt: NOW });
    expect(Object.hasOwn(side.sessions, 'toString')).toBe(false);
  });

  it('reads a file over the size bound as empty', async () => {
    const path = join(dir, 'statusline.json');
    const valid = file({ seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt: null }, sevenDay: null });
    await writeFile(path, valid + ' '.repeat(SIDE_FILE_MAX_BYTES));
    expect(await readSideFile(path)).toEqual(emptySideFile());
    await writeFile(path, valid);
    expect((await readSideFile(path)).rateLimits?.fiveHour?.usedPercentage).toBe(42);
  });
});

describe('writing the side file', () => {
  it('never saves a value its readers would drop', async () => {
    const path = join(dir, 'statusline.json');
    const side: SideFile = { version: 1, rateLimits: { seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt: 9e15 }, sevenDay: null }, sessions: { s: { projectDir: '/p', seenAt: 9e15 } } };
    await writeSideFile(path, side);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, rateLimits: { seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt: null }, sevenDay: null }, sessions: {} });
  });

  it('refuses to write through a symbolic link, leaving the link and its target alone', async () => {
    const target = join(dir, 'bashrc');
    await writeFile(target, 'export PATH=~/bin:$PATH\n');
    const path = join(dir, 'statusline.json');
    await symlink(target, path);
    await expect(writeSideFile(path, emptySideFile())).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('export PATH=~/bin:$PATH\n');
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
  });
});
