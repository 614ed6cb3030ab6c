// What to do with a golden screen: compare with the recorded one, record it (UPDATE_GOLDEN=1, or
// a new screen on a developer's machine), or fail because it is missing under CI: a screen that
// CI records on the spot would pass whatever it shows.
export type GoldenStep = 'compare' | 'write' | 'missing';

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

export function goldenStep(exists: boolean, env: NodeJS.ProcessEnv): GoldenStep {
  if (env['UPDATE_GOLDEN'] === '1') return 'write';
  if (exists) return 'compare';
  return isCi(env) ? 'missing' : 'write';
}
