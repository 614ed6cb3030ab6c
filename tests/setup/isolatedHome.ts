// Every test file runs with its own HOME and config folders: a developer's real
// ~/.config/cc-top/config.json, ~/.claude or store must never change a result (nor be changed).
// Its temporary folder is inside that HOME too, so whatever a test (or a process it starts) leaves
// in the temp folder goes when the file ends, not into the machine's /tmp.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'cc-top-test-home-'));
const isolated: Record<string, string> = {
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
  XDG_CACHE_HOME: join(home, '.cache'),
  TMPDIR: join(home, 'tmp'),
};
mkdirSync(isolated.TMPDIR!);
for (const [k, v] of Object.entries(isolated)) process.env[k] = v;
// Variables that point cc-top or Claude Code somewhere else are the developer's, not the test's.
for (const k of ['CC_TOP_CONFIG', 'CC_TOP_STORE', 'CLAUDE_CONFIG_DIR', 'NO_COLOR', 'FORCE_COLOR']) delete process.env[k];
for (const k of Object.keys(process.env)) if (k.startsWith('OTEL_')) delete process.env[k];

afterAll(() => rmSync(home, { recursive: true, force: true }));
