// Token figures from counters, shared by the summary and the live (provisional) view.
import type { Counters } from '../telemetry/model.js';

export interface TokenFigures {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  total: number;
}

export function tokensOf(c: Counters): TokenFigures {
  const input = c.tokIn ?? 0;
  const output = c.tokOut ?? 0;
  const cacheRead = c.tokCacheRead ?? 0;
  const cacheCreation = c.tokCacheCreation ?? 0;
  return { input, output, cacheRead, cacheCreation, total: input + output + cacheRead + cacheCreation };
}
