// The rig most end-to-end tests need: the mock Anthropic API and a cc-top receiving into a fresh
// store, started before the describe block's tests and stopped after them. The CLI is checked
// first, so a missing Claude Code fails the block with the reason instead of skipping it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startCcTop, type CcTop } from './ccTop.js';
import { claudeBinary } from './claudeCli.js';
import { startMockAnthropic, type MockAnthropic } from './mockAnthropic.js';

export interface Rig {
  mock: MockAnthropic;
  store: string;
  /** Replace it to restart cc-top on the same store; whatever it is at the end is stopped. */
  ccTop: CcTop;
}

export function claudeRig(mockOptions: { delayMs: number }): Rig {
  const rig = {} as Rig;
  beforeAll(async () => {
    claudeBinary();
    rig.mock = await startMockAnthropic(mockOptions);
    rig.store = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-store-')), 'store.json');
    rig.ccTop = await startCcTop({ store: rig.store });
  });
  afterAll(async () => {
    await rig.ccTop?.stop();
    await rig.mock?.close();
  });
  return rig;
}
