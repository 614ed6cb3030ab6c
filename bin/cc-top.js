#!/usr/bin/env node
// Thin launcher: all logic lives in dist/ (compiled from src/ by `npm run build`, which
// `npm install` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('cc-top: dist/cli.js is missing: the TypeScript build has not run. Run `npm install` (or `npm run build`) in the cc-top folder.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
