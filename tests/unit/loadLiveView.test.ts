// Ink is imported with the CI variables hidden on a terminal, and they are put back afterwards
// for whatever cc-top starts later (the draw itself is checked in tmux by tests/e2e/tui.test.ts).
import { describe, expect, it } from 'vitest';
import { loadLiveView } from '../../src/commands/loadLiveView.js';

describe('loadLiveView', () => {
  it('gives back CI and CONTINUOUS_INTEGRATION as they were, and loads the live view', async () => {
    const env: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', OTHER: 'x' };
    const tui = await loadLiveView(env, true);
    expect(typeof tui.runTui).toBe('function');
    expect(env).toEqual({ CI: 'true', CONTINUOUS_INTEGRATION: '1', OTHER: 'x' });
  });

  it('adds no variable that was not set', async () => {
    const env: NodeJS.ProcessEnv = { OTHER: 'x' };
    await loadLiveView(env, true);
    expect(env).toEqual({ OTHER: 'x' });
  });
});
