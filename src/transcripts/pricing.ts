// Prices for sessions Claude Code never wrote its own cost for, from @pydantic/genai-prices (a
// maintained price list, with its dated price changes and long-context tiers). Pricing a request
// with the library takes ~50 µs, far too slow for a year of transcripts, so each model's prices on
// each day are read from the library once, as its linear rates per token type; a request large
// enough to reach a price tier is priced by the library itself.
import { calcPrice, type PriceCalculation, type Usage } from '@pydantic/genai-prices';
import type { TokenUsage } from './lineParse.js';

interface Rates {
  /** USD per request, and per token of each type. */
  request: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  output: number;
  /** Input tokens (all kinds) from which a tier price may apply: priced by the library from there. */
  tierStart: number;
  /** The name the library knows the model by (Bedrock and Vertex names are read as Anthropic's). */
  name: string;
  /** Whether the model's prices change with the date (then rates are read per day). */
  dated: boolean;
}

/** Tokens per probe: well below any tier, large enough that rates are exact in doubles. */
const PROBE = 1_000;

function usageOf(u: TokenUsage): Usage {
  return {
    input_tokens: u.input + u.cacheRead + u.cacheCreation,
    cache_read_tokens: u.cacheRead,
    cache_write_tokens: u.cacheCreation,
    cache_write_1h_tokens: u.cacheCreation1h,
    output_tokens: u.output,
  };
}

/** `us.anthropic.claude-sonnet-4-5-20250929-v1:0` or `claude-sonnet-4-5@20250929` as the model name alone. */
export function canonicalModel(model: string): string {
  const m = /claude-[a-z0-9.-]+/.exec(model.toLowerCase());
  return m ? m[0].replace(/-v\d+$/, '') : model;
}

function calc(usage: Usage, model: string, at: Date): PriceCalculation | null {
  try {
    return calcPrice(usage, model, { providerId: 'anthropic', timestamp: at });
  } catch {
    return null;
  }
}

function lowestTier(result: PriceCalculation): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const price of Object.values(result.model_price)) {
    if (typeof price === 'object' && price !== null) for (const tier of price.tiers) lowest = Math.min(lowest, tier.start);
  }
  return lowest;
}

function ratesFor(model: string, at: Date): Rates | null {
  for (const name of [...new Set([model, canonicalModel(model)])]) {
    const base = calc({}, name, at);
    if (!base) continue;
    const per = (usage: Usage): number => ((calc(usage, name, at)?.total_price ?? base.total_price) - base.total_price) / PROBE;
    return {
      request: base.total_price,
      input: per({ input_tokens: PROBE }),
      cacheRead: per({ input_tokens: PROBE, cache_read_tokens: PROBE }),
      cacheWrite: per({ input_tokens: PROBE, cache_write_tokens: PROBE }),
      cacheWrite1h: per({ input_tokens: PROBE, cache_write_tokens: PROBE, cache_write_1h_tokens: PROBE }),
      output: per({ output_tokens: PROBE }),
      tierStart: lowestTier(base),
      name,
      dated: Array.isArray(base.model.prices),
    };
  }
  return null;
}

export class Pricer {
  /** By model: its rates, or (prices that change with the date) its rates by day. */
  private readonly rates = new Map<string, Rates | null | Map<number, Rates | null>>();

  private ratesOf(model: string, timeMs: number): Rates | null {
    const day = Math.floor(timeMs / 86_400_000);
    let known = this.rates.get(model);
    if (known === undefined) {
      const first = ratesFor(model, new Date(day * 86_400_000));
      known = first?.dated ? new Map([[day, first]]) : first;
      this.rates.set(model, known);
    }
    if (!(known instanceof Map)) return known;
    let r = known.get(day);
    if (r === undefined) known.set(day, (r = ratesFor(model, new Date(day * 86_400_000))));
    return r;
  }

  /** The request's cost in nano-USD at its time, or null when no price is known for the model. */
  nanos(model: string, timeMs: number, u: TokenUsage): number | null {
    const r = this.ratesOf(model, timeMs);
    if (!r) return null;
    const input = u.input + u.cacheRead + u.cacheCreation;
    if (input >= r.tierStart) {
      const exact = calc(usageOf(u), r.name, new Date(timeMs));
      return exact ? Math.round(exact.total_price * 1e9) : null;
    }
    const usd = r.request + u.input * r.input + u.cacheRead * r.cacheRead + (u.cacheCreation - u.cacheCreation1h) * r.cacheWrite + u.cacheCreation1h * r.cacheWrite1h + u.output * r.output;
    return Math.round(usd * 1e9);
  }
}
