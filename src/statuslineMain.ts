// The status line's own entry point, bundled by `npm run build` into dist/statusline.cjs (one file,
// the schema library tree-shaken): Claude Code runs it on every refresh of its status bar, and
// loading two dozen modules cost more than the status line itself. bin/cc-top.js starts it
// directly for `cc-top statusline`; everything else goes through cli.ts.
import { processIO } from './commands/io.js';
import { runStatusline } from './commands/statusline.js';
import { readStdinBounded } from './statusline/stdin.js';

export async function statuslineMain(argv: string[]): Promise<number> {
  return runStatusline(argv, processIO(), await readStdinBounded(process.stdin));
}
