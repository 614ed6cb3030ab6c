// The layer rules (.dependency-cruiser.cjs), run the way `npm run lint` runs them: clean on the
// real src/, and failing, with the rule named, on a back-edge, a cycle, a layer reaching into the
// commands beside it, and a status line that would load Ink.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const run = promisify(execFile);

async function cruise(cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, timeout: 120_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe('npm run lint: the layers', () => {
  it('passes on the real src/', async () => {
    const r = await cruise(ROOT);
    expect(r.out).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  }, 120_000);

  describe('fails on code that breaks them', () => {
    let dir: string;
    const files: Record<string, string> = {
      // store reaching up into ui (a back-edge)
      'src/store/backEdge.ts': "import { panel } from '../ui/panel.js';\nexport const x = panel;\n",
      'src/ui/panel.ts': 'export const panel = 1;\n',
      // report files importing each other (a cycle)
      'src/report/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/report/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      // insights reaching into setup beside the layers
      'src/insights/reach.ts': "import { s } from '../setup/thing.js';\nexport const r = s;\n",
      'src/setup/thing.ts': 'export const s = 1;\n',
      // the status line loading Ink through a report helper
      'src/commands/statusline.ts': "import { heavy } from '../report/heavy.js';\nexport const line = heavy;\n",
      'src/report/heavy.ts': "import { render } from 'ink';\nexport const heavy = render;\n",
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cc-top-layers-'));
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json']) await copyFile(join(ROOT, f), join(dir, f));
      await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('names each broken rule and exits non-zero', async () => {
      const r = await cruise(dir);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/store-imports-only-below: src\/store\/backEdge\.ts → src\/ui\/panel\.ts/);
      expect(r.out).toMatch(/no-cycles: src\/report\/(a|b)\.ts/);
      expect(r.out).toMatch(/layers-never-import-beside: src\/insights\/reach\.ts → src\/setup\/thing\.ts/);
      expect(r.out).toMatch(/statusline-stays-light: src\/commands\/statusline\.ts → .*ink/);
    }, 120_000);
  });
});
