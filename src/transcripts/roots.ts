// Where Claude Code keeps its transcripts: `<config dir>/projects`, the config dir being each entry
// of CLAUDE_CONFIG_DIR (comma-separated, as Claude Code reads it), else ~/.claude. `--from DIR`
// takes a config dir or a projects folder itself.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The config dirs Claude Code uses in this environment. */
export function claudeConfigDirs(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env['CLAUDE_CONFIG_DIR'] ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  if (fromEnv.length > 0) return fromEnv.map((d) => resolve(d));
  return [join(env['HOME'] || homedir(), '.claude')];
}

/** The projects folders to read: those of `--from` (a config dir or a projects folder), else Claude Code's own. */
export function transcriptRoots(env: NodeJS.ProcessEnv, from: readonly string[]): string[] {
  const roots = from.length > 0 ? from.map((d) => (isDir(join(resolve(d), 'projects')) ? join(resolve(d), 'projects') : resolve(d))) : claudeConfigDirs(env).map((d) => join(d, 'projects'));
  return [...new Set(roots)];
}
