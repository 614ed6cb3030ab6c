// `--json`: the report as JSON, with every string that cc-top had to make safe for a terminal
// (see telemetry/wireText.ts) given back as it was sent; JSON escapes control characters itself.
export function reportJson(value: unknown, originals: ReadonlyMap<string, string>): string {
  if (originals.size === 0) return JSON.stringify(value, null, 2);
  const restore = (s: string) => originals.get(s) ?? s;
  return JSON.stringify(
    value,
    function (_key, v: unknown) {
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
