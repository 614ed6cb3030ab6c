import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_INPUT, parseStatuslineInput } from '../../../src/statusline/input.js';
import { formatCountdown } from '../../../src/report/format.js';
import { SIDE_FILE_SESSIONS_CAP, updateSideFile } from '../../../src/statusline/sideFile.js';
import { emptySideFile, readSideFile, type SideFile } from '../../../src/store/sideFile.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('the side file', () => {
  it('keeps at most SIDE_FILE_SESSIONS_CAP sessions, dropping the least recently seen', () => {
    const side: SideFile = emptySideFile();
    for (let i = 0; i < SIDE_FILE_SESSIONS_CAP; i++) side.sessions[`s${i}`] = { projectDir: `/p/${i}`, seenAt: NOW - 1_000_000 + i };
    const next = updateSideFile(side, { ...EMPTY_INPUT, sessionId: 'new', projectDir: '/p/new' }, NOW);
    expect(next).not.toBeNull();
    expect(Object.keys(next!.sessions)).toHaveLength(SIDE_FILE_SESSIONS_CAP);
    expect(next!.sessions['s0']).toBeUndefined();
    expect(next!.sessions['s1']).toEqual({ projectDir: '/p/1', seenAt: NOW - 1_000_000 + 1 });
    expect(next!.sessions['new']).toEqual({ projectDir: '/p/new', seenAt: NOW });
    // The input is left as it was.
    expect(Object.keys(side.sessions)).toHaveLength(SIDE_FILE_SESSIONS_CAP);
  });

  it('keeps a session whose id is an Object member name as its own entry', () => {
    let side: SideFile = emptySideFile();
    for (const id of ['__proto__', 'constructor']) side = updateSideFile(side, { ...EMPTY_INPUT, sessionId: id, projectDir: `/p/${id}` }, NOW)!;
    expect(Object.keys(side.sessions).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(side.sessions, '__proto__') && side.sessions['__proto__']).toEqual({ projectDir: '/p/__proto__', seenAt: NOW });
    expect(updateSideFile(side, { ...EMPTY_INPUT, sessionId: 'constructor', projectDir: '/p/constructor' }, NOW + 1_000)).toBeNull();
  });

  it('asks for no write when nothing is new', () => {
    const input = { ...EMPTY_INPUT, sessionId: 's', projectDir: '/p', fiveHour: { usedPercentage: 1, resetsAt: 5 } };
    const first = updateSideFile(emptySideFile(), input, NOW)!;
    expect(updateSideFile(first, input, NOW + 1_000)).toBeNull();
    expect(updateSideFile(first, EMPTY_INPUT, NOW + 1_000)).toBeNull();
    expect(updateSideFile(first, { ...input, projectDir: '/q' }, NOW + 1_000)?.sessions['s']).toEqual({ projectDir: '/q', seenAt: NOW + 1_000 });
  });

  it('reads as empty when missing or corrupt, and keeps only well-formed entries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-side-'));
    try {
      const path = join(dir, 'statusline.json');
      expect(await readSideFile(path)).toEqual(emptySideFile());
      await writeFile(path, '{"version":1,"sessions":');
      expect(await readSideFile(path)).toEqual(emptySideFile());
      await writeFile(path, JSON.stringify({ version: 2, sessions: { a: { projectDir: '/a', seenAt: 1 } } }));
      expect(await readSideFile(path)).toEqual(emptySideFile());
      await writeFile(
        path,
        JSON.stringify({
          version: 1,
          rateLimits: { seenAt: NOW - 7, fiveHour: { usedPercentage: 5, resetsAt: 'soon' }, sevenDay: 'x' },
          sessions: { a: { projectDir: '/a', seenAt: NOW - 1 }, b: { projectDir: 3, seenAt: NOW - 1 }, c: null },
        }),
      );
      expect(await readSideFile(path)).toEqual({
        version: 1,
        rateLimits: { seenAt: NOW - 7, fiveHour: { usedPercentage: 5, resetsAt: null }, sevenDay: null },
        sessions: { a: { projectDir: '/a', seenAt: NOW - 1 } },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('status line input and countdown', () => {
  it('reads what is there and falls back sensibly', () => {
    expect(parseStatuslineInput(JSON.stringify({ model: { id: 'claude-x' }, workspace: { current_dir: '/c' }, rate_limits: { seven_day: { used_percentage: '7', resets_at: '2026-11-26T12:00:00Z' } } }))).toEqual({
      ...EMPTY_INPUT,
      model: 'claude-x',
      projectDir: '/c',
      sevenDay: { usedPercentage: 7, resetsAt: Date.UTC(2026, 10, 26, 12) / 1_000 },
    });
    expect(parseStatuslineInput('{"rate_limits":{"five_hour":{"used_percentage":1,"resets_at":1798000000000}}}').fiveHour).toEqual({ usedPercentage: 1, resetsAt: 1798000000 });
  });

  it('counts down in the two largest units', () => {
    expect(formatCountdown(-5)).toBe('now');
    expect(formatCountdown(30)).toBe('<1m');
    expect(formatCountdown(42 * 60 + 59)).toBe('42m');
    expect(formatCountdown(2 * 3_600 + 13 * 60)).toBe('2h13m');
    expect(formatCountdown(3 * 86_400 + 4 * 3_600 + 3_599)).toBe('3d4h');
  });
});
