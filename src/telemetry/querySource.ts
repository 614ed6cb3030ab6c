// query_source: who made an API call. Metrics carry a bucketed value (main / subagent /
// auxiliary); events carry the raw one (repl_main_thread, sdk, agent:builtin:…, compact, …). Both
// are read into the bucketed form so they can be grouped together.
import type { QuerySource } from './model.js';

export function bucketQuerySource(raw: string | undefined): QuerySource | undefined {
  if (!raw) return undefined;
  if (raw === 'main' || raw === 'subagent' || raw === 'auxiliary') return raw;
  if (raw.startsWith('repl_main_thread') || raw === 'sdk') return 'main';
  if (raw.startsWith('agent:') || raw === 'hook_agent') return 'subagent';
  return 'auxiliary';
}
