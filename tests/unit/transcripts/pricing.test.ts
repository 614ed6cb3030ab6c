// Estimated prices come from @pydantic/genai-prices: the per-day linear rates cc-top reads from it
// must price a request exactly as the library does, tiers and unknown models included.
import { calcPrice } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalModel, Pricer } from '../../../src/transcripts/pricing.js';

const T = Date.UTC(2026, 10, 20, 12);

function library(model: string, u: { input: number; output: number; cacheRead: number; cacheCreation: number; cacheCreation1h: number }, at = T): number {
  const r = calcPrice(
    { input_tokens: u.input + u.cacheRead + u.cacheCreation, cache_read_tokens: u.cacheRead, cache_write_tokens: u.cacheCreation, cache_write_1h_tokens: u.cacheCreation1h, output_tokens: u.output },
    model,
    { providerId: 'anthropic', timestamp: new Date(at) },
  );
  return Math.round(r!.total_price * 1e9);
}

describe('Pricer', () => {
  it('prices the mock usage at list price (claude-sonnet-4-5: $0.016875)', () => {
    expect(new Pricer().nanos('claude-sonnet-4-5', T, { input: 1200, output: 80, cacheRead: 9000, cacheCreation: 2500, cacheCreation1h: 0 })).toBe(16_875_000);
  });

  it('equals the library to the nano-dollar for any usage, below and above the long-context tier', () => {
    const pricer = new Pricer();
    const usage = fc.record({
      input: fc.integer({ min: 0, max: 150_000 }),
      output: fc.integer({ min: 0, max: 64_000 }),
      cacheRead: fc.integer({ min: 0, max: 150_000 }),
      cacheCreation: fc.integer({ min: 0, max: 60_000 }),
      cacheCreation1h: fc.integer({ min: 0, max: 60_000 }),
    });
    fc.assert(
      fc.property(fc.constantFrom('claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', 'claude-opus-4-6'), usage, (model, raw) => {
        const u = { ...raw, cacheCreation1h: Math.min(raw.cacheCreation1h, raw.cacheCreation) };
        expect(Math.abs(pricer.nanos(model, T, u)! - library(model, u))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('follows dated price changes', () => {
    const pricer = new Pricer();
    const u = { input: 1000, output: 0, cacheRead: 0, cacheCreation: 0, cacheCreation1h: 0 };
    const before = Date.UTC(2026, 0, 5);
    const after = Date.UTC(2026, 3, 5);
    expect(pricer.nanos('claude-opus-4-6', before, u)).toBe(library('claude-opus-4-6', u, before));
    expect(pricer.nanos('claude-opus-4-6', after, u)).toBe(library('claude-opus-4-6', u, after));
  });

  it('knows Bedrock and Vertex names by their model, and says when a model has no price', () => {
    const pricer = new Pricer();
    const u = { input: 1200, output: 80, cacheRead: 9000, cacheCreation: 2500, cacheCreation1h: 0 };
    expect(canonicalModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5-20250929');
    expect(pricer.nanos('us.anthropic.claude-sonnet-4-5-20250929-v1:0', T, u)).toBe(16_875_000);
    expect(pricer.nanos('claude-sonnet-4-5@20250929', T, u)).toBe(16_875_000);
    expect(pricer.nanos('gpt-banana-9', T, u)).toBeNull();
  });
});
