#!/usr/bin/env -S node --max-semi-space-size=2
// The flag caps V8's young generation at 2 MiB per semi-space (Node 20's default grows to 16):
// cc-top allocates in small bursts, and a monitor left open all day should stay small (the idle
// live view measures ~100 MiB resident with it, ~135 MiB without; see `npm run bench`).
// Thin launcher: all logic lives in dist/ (compiled from src/ by `npm run build`, which
// `npm install` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('cc-top: dist/cli.js is missing: the TypeScript build has not run. Run `npm install` (or `npm run build`) in the cc-top folder.');
  process.exit(1);
}
// React (under Ink) picks its build from NODE_ENV when first loaded; its development build is
// several times slower and larger. A user's shell rarely sets NODE_ENV, so default it here.
process.env.NODE_ENV ??= 'production';
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
