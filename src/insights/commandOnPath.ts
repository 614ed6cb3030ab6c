// Where a command would be found, without running it or a shell: notify-send is only used when it
// is installed, and a configured command that is missing is reported rather than failing silently.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    // Windows has no execute bit; PATHEXT decides what runs there.
    if (process.platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(dir: string, command: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return [join(dir, command)];
  const exts = (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [join(dir, command), ...exts.map((ext) => join(dir, command + ext.toLowerCase()))];
}

/** The absolute path `command` resolves to (a bare name is searched on env.PATH), or undefined. */
export async function commandOnPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (command.trim() === '') return undefined;
  if (isAbsolute(command) || command.includes('/') || command.includes('\\')) {
    const path = resolve(command);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    for (const path of candidates(resolve(dir), command, env)) {
      if (await isExecutableFile(path)) return path;
    }
  }
  return undefined;
}
