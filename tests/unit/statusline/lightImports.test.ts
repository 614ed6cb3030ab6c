// The status line runs on every refresh of Claude Code's status bar: its module graph must not
// reach Ink, React, gRPC, protobufjs or the receiver and UI layers. Walks the real imports.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// string-width alone takes ~30 ms to load (its emoji and East Asian width tables).
const HEAVY_PACKAGES = ['ink', 'react', '@grpc/grpc-js', 'protobufjs', 'asciichart', 'string-width', 'slice-ansi', 'cli-truncate'];

/** Runtime (non-type) import specifiers of a TS source file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) specs.push(m[2]!);
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) specs.push(m[1]!);
  return specs;
}

function moduleGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec).replace(/\.js$/, '.ts'));
      else packages.add(spec);
    }
  };
  visit(join(ROOT, entry));
  return { files, packages };
}

describe('cc-top statusline imports', () => {
  it('stays clear of Ink, React, gRPC and the receiver/UI layers', () => {
    const { files, packages } = moduleGraph('src/commands/statusline.ts');
    const relative = [...files].map((f) => f.slice(ROOT.length + 1));
    // It reads the small summary the receiving cc-top keeps, never the store.
    expect(relative).toContain('src/report/statusSummaryFile.ts');
    expect(relative.filter((f) => /^src\/store\/(persistence|store|document)\.ts$/.test(f))).toEqual([]);
    expect(relative.filter((f) => /^src\/(ui|otlp)\//.test(f) || f.endsWith('.tsx'))).toEqual([]);
    expect([...packages].filter((p) => HEAVY_PACKAGES.some((h) => p === h || p.startsWith(`${h}/`)))).toEqual([]);
  });
});
