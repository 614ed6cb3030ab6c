// Assertions that cc-top's --once --json equals Claude Code's own accounting: tokens exactly, cost
// to 1e-9 USD (far below a cent: Claude Code's own figures are doubles), by model and by session.
import { expect } from 'vitest';
import type { Summary } from '../../../src/report/summary.js';
import type { Figures, GroundTruth } from './groundTruth.js';

export const COST_TOLERANCE_USD = 1e-9;

function expectFigures(actual: { costUsd: number; tokens: Figures['tokens'] } | undefined, expected: Figures, what: string): void {
  expect(actual, `${what} missing from cc-top's report`).toBeDefined();
  expect(actual!.tokens, `${what} tokens`).toEqual(expected.tokens);
  expect(Math.abs(actual!.costUsd - expected.costUsd), `${what} cost ${actual!.costUsd} vs ${expected.costUsd}`).toBeLessThanOrEqual(COST_TOLERANCE_USD);
}

export function expectMatchesTruth(summary: Summary, truth: GroundTruth): void {
  expectFigures(summary.totals, truth.totals, 'totals');
  expect(summary.byModel.map((m) => m.model).sort()).toEqual(Object.keys(truth.byModel).sort());
  for (const [model, figures] of Object.entries(truth.byModel)) {
    expectFigures(summary.byModel.find((m) => m.model === model), figures, `model ${model}`);
  }
  for (const [id, figures] of Object.entries(truth.bySession)) {
    const session = summary.sessions.find((s) => s.id === id);
    expectFigures(session, figures, `session ${id}`);
    expect(session!.models.sort(), `session ${id} models`).toEqual([...new Set(figures.models)].sort());
  }
}
