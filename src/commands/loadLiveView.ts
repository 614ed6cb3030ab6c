// Loads the live view (and with it Ink) so that it draws on a terminal even when a CI variable is
// set. Ink decides once, when first imported (is-in-ci), whether it runs "in CI": any CI or
// CONTINUOUS_INTEGRATION variable other than 0/false, and there it draws nothing until it exits.
// cc-top's live view only starts on a terminal, where such a variable is a leftover (a dev
// container, a shell or a tmux server started by a CI job) that would leave the screen blank.
// Hide it from that one import, then put it back for anything cc-top starts later.
import type * as LiveView from './tui.js';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export async function loadLiveView(env: NodeJS.ProcessEnv = process.env, onTerminal = Boolean(process.stdout.isTTY && process.stdin.isTTY)): Promise<typeof LiveView> {
  const saved = CI_VARIABLES.map((name) => [name, env[name]] as const);
  if (onTerminal) for (const name of CI_VARIABLES) delete env[name];
  try {
    return await import('./tui.js');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) env[name] = value;
  }
}
