#!/usr/bin/env node
// No V8 flags here: any flag costs Node its start-up snapshot (~14 ms), which the status line,
// run on every refresh of Claude Code's status bar, cannot afford (see `npm run bench`).
// Thin launcher: all logic lives in dist/ (compiled from src/ by `npm run build`, which
// `npm install` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// `cc-top statusline` runs on every refresh of Claude Code's status bar: it has its own bundle,
// CommonJS and loaded with require (about 10 ms sooner than through the ES module loader).
const statusline = process.argv[2] === 'statusline';
const cli = new URL(statusline ? '../dist/statusline.cjs' : '../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error(`cc-top: ${fileURLToPath(cli)} is missing: the build has not run. Run \`npm install\` (or \`npm run build\`) in the cc-top folder.`);
  process.exit(1);
}
if (statusline) {
  const { statuslineMain } = createRequire(import.meta.url)(fileURLToPath(cli));
  process.exitCode = await statuslineMain(process.argv.slice(3));
} else {
  // React (under Ink) picks its build from NODE_ENV when first loaded; its development build is
  // several times slower and larger. A user's shell rarely sets NODE_ENV, so default it here.
  process.env.NODE_ENV ??= 'production';
  const { main } = await import(cli.href);
  process.exitCode = await main(process.argv.slice(2));
}
