// `--json`: the report as JSON. Money is rounded to the nano-dollar (a ratio or a rate must not
// print as 0.7801636312499999), and every string cc-top had to make safe for a terminal (see
// telemetry/wireText.ts) is given back as it was sent; JSON escapes control characters itself.

/** Keys that hold money (USD amounts, rates and ratios in USD). */
const MONEY_KEY = /Usd$|^usdPer|^costPer/;

export function reportJson(value: unknown, originals: ReadonlyMap<string, string>): string {
  const restore = (s: string) => originals.get(s) ?? s;
  return JSON.stringify(
    value,
    function (key, v: unknown) {
      if (typeof v === 'number' && MONEY_KEY.test(key) && Number.isFinite(v)) return Math.round(v * 1e9) / 1e9;
      if (originals.size === 0) return v;
      if (typeof v === 'string') return restore(v);
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.some(([k]) => originals.has(k))) return Object.fromEntries(entries.map(([k, x]) => [restore(k), x]));
      }
      return v;
    },
    2,
  );
}
