// What cc-top must report, from Claude Code's own accounting (`claude -p --output-format json`):
// per session id and per model, the tokens by type and the cost the CLI computed itself.
import type { ClaudeResult } from './claudeCli.js';

export interface Figures {
  costUsd: number;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number; total: number };
}

export interface GroundTruth {
  totals: Figures;
  byModel: Record<string, Figures>;
  bySession: Record<string, Figures & { models: string[] }>;
}

const zero = (): Figures => ({ costUsd: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 } });

function add(into: Figures, u: ClaudeResult['modelUsage'][string]): void {
  into.costUsd += u.costUSD;
  into.tokens.input += u.inputTokens;
  into.tokens.output += u.outputTokens;
  into.tokens.cacheRead += u.cacheReadInputTokens;
  into.tokens.cacheCreation += u.cacheCreationInputTokens;
  into.tokens.total += u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens;
}

export function groundTruth(results: ClaudeResult[]): GroundTruth {
  const truth: GroundTruth = { totals: zero(), byModel: {}, bySession: {} };
  for (const r of results) {
    const session = (truth.bySession[r.session_id] ??= { ...zero(), models: [] });
    for (const [model, usage] of Object.entries(r.modelUsage)) {
      add(truth.totals, usage);
      add((truth.byModel[model] ??= zero()), usage);
      add(session, usage);
      session.models.push(model);
    }
  }
  return truth;
}

/** Ground truths of several rounds, added. */
export function combine(...truths: GroundTruth[]): GroundTruth {
  const all: GroundTruth = { totals: zero(), byModel: {}, bySession: {} };
  const addFigures = (into: Figures, f: Figures) => {
    into.costUsd += f.costUsd;
    for (const k of Object.keys(f.tokens) as (keyof Figures['tokens'])[]) into.tokens[k] += f.tokens[k];
  };
  for (const t of truths) {
    addFigures(all.totals, t.totals);
    for (const [m, f] of Object.entries(t.byModel)) addFigures((all.byModel[m] ??= zero()), f);
    for (const [s, f] of Object.entries(t.bySession)) {
      const into = (all.bySession[s] ??= { ...zero(), models: [] });
      addFigures(into, f);
      into.models.push(...f.models);
    }
  }
  return all;
}
