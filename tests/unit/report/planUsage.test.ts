// Plan usage and projects from the status line's side file, in --once text and JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOnce } from '../../../src/commands/once.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { formatPlanUsage, selectPlanUsage } from '../../../src/report/planUsage.js';
import { projectDirs } from '../../../src/report/projectDirs.js';
import { createPaint } from '../../../src/report/paint.js';
import { selectSummary } from '../../../src/report/summary.js';
import { applyMetricSample } from '../../../src/store/aggregate.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState } from '../../../src/store/state.js';
import { sideFilePath, type SideFile } from '../../../src/store/sideFile.js';
import { writeSideFile } from '../../../src/statusline/sideFile.js';
import { costSample, SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';

const side = (over: Partial<SideFile> = {}): SideFile => ({
  version: 1,
  rateLimits: { seenAt: T0 - 5_000, fiveHour: { usedPercentage: 42.4, resetsAt: T0 / 1000 + 2 * 3600 + 13 * 60 }, sevenDay: { usedPercentage: 96, resetsAt: null } },
  sessions: { [SESSION_A]: { projectDir: '/home/me/cc-top', seenAt: T0 } },
  ...over,
});

describe('plan usage', () => {
  it('turns the side file into windows with reset countdowns', () => {
    expect(selectPlanUsage(side().rateLimits, T0)).toEqual({
      seenAt: new Date(T0 - 5_000).toISOString(),
      fiveHour: { usedPercentage: 42.4, resetsAt: new Date(T0 + (2 * 3600 + 13 * 60) * 1000).toISOString(), resetsInSec: 2 * 3600 + 13 * 60 },
      sevenDay: { usedPercentage: 96, resetsAt: null, resetsInSec: null },
    });
    expect(selectPlanUsage(null, T0)).toBeNull();
    expect(selectPlanUsage(side({ rateLimits: null }).rateLimits, T0)).toBeNull();
  });

  it('formats both windows; colour marks a window near its limit', () => {
    const plain = createPaint(false);
    expect(formatPlanUsage(selectPlanUsage(side().rateLimits, T0), plain)).toBe('5h 42% ↻2h13m · 7d 96%');
    const coloured = formatPlanUsage(selectPlanUsage(side().rateLimits, T0), createPaint(true))!;
    expect(coloured).toContain('\x1b[31m7d 96%');
  });

  it('attributes sessions to the repository from telemetry, else the status line\'s project folder', () => {
    const state = emptyState(T0);
    applyMetricSample(state, costSample(1, { sessionId: SESSION_A }), T0);
    applyMetricSample(state, costSample(2, { sessionId: SESSION_B, labels: { 'vcs.repository.name': 'acme/api' } }), T0);
    const s = selectSummary(state, 'all', T0, { dirs: projectDirs(side()) });
    expect(Object.fromEntries(s.sessions.map((x) => [x.id, [x.project, x.projectDir]]))).toEqual({ [SESSION_A]: ['cc-top', '/home/me/cc-top'], [SESSION_B]: ['acme/api', null] });
  });
});

describe('--once with a side file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-plan-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows plan usage in the text and carries it, with projects, in --json', async () => {
    const storePath = join(dir, 'store.json');
    const state = emptyState(T0);
    applyMetricSample(state, costSample(1.5, { sessionId: SESSION_A }), T0);
    await new JsonFileAdapter(storePath).write(state);
    await writeSideFile(sideFilePath(storePath), side());
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: {}, clock: () => T0 };
    expect(await runOnce({ storePath, window: 'all', json: false, noColor: true }, io)).toBe(0);
    expect(out.join('\n')).toMatch(/Plan\s+5h 42% ↻2h13m · 7d 96%/);
    out.length = 0;
    expect(await runOnce({ storePath, window: 'all', json: true, noColor: true }, io)).toBe(0);
    const json = JSON.parse(out.join('\n')) as { planUsage: { fiveHour: { resetsInSec: number } }; sessions: { id: string; project: string }[] };
    expect(json.planUsage.fiveHour.resetsInSec).toBe(2 * 3600 + 13 * 60);
    expect(json.sessions[0]).toMatchObject({ id: SESSION_A, project: 'cc-top', projectDir: '/home/me/cc-top' });
  });

  it('without a side file: planUsage null, projects null', async () => {
    const storePath = join(dir, 'store.json');
    const state = emptyState(T0);
    applyMetricSample(state, costSample(1.5, { sessionId: SESSION_A }), T0);
    await new JsonFileAdapter(storePath).write(state);
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: {}, clock: () => T0 };
    await runOnce({ storePath, window: 'all', json: true, noColor: true }, io);
    const json = JSON.parse(out.join('\n')) as { planUsage: unknown; sessions: { project: unknown }[] };
    expect(json.planUsage).toBeNull();
    expect(json.sessions[0]!.project).toBeNull();
  });
});
