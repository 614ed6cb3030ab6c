// `setup --shell`: the same variables as lines a shell can eval or a profile can hold.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(value: string): value is Shell {
  return (SHELLS as readonly string[]).includes(value);
}

/** Single quotes keep every character literal in all three shells; only a quote itself needs care. */
function quote(value: string, shell: Shell): string {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return shell === 'fish' ? `'${value.replace(/[\\']/g, '\\$&')}'` : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function shellExports(env: Record<string, string>, shell: Shell): string[] {
  return Object.entries(env).map(([key, value]) =>
    shell === 'fish' ? `set -gx ${key} ${quote(value, shell)}` : `export ${key}=${quote(value, shell)}`,
  );
}

/** Where the lines go so that every new shell, and the Claude Code started from it, has them. */
export function shellProfile(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return '~/.bashrc';
    case 'zsh':
      return '~/.zshrc';
    case 'fish':
      return '~/.config/fish/config.fish';
  }
}
