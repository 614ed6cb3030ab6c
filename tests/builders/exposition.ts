// Read a Prometheus text exposition (or OpenMetrics) back into series, for tests that check what
// /metrics serves: `name{a="x",b="y"}` (labels sorted) -> value, with escaped label values undone.

export interface ParsedSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The value as printed. */
  text: string;
}

function parseLabels(body: string, line: string): Record<string, string> {
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0 || body[eq + 1] !== '"') throw new Error(`bad labels in: ${line}`);
    const name = body.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; j < body.length && body[j] !== '"'; j++) {
      if (body[j] === '\\') {
        const next = body[++j];
        value += next === 'n' ? '\n' : next;
      } else value += body[j];
    }
    if (j >= body.length) throw new Error(`unterminated label value in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (body[i] === ',') i++;
  }
  return labels;
}

export function parseExposition(text: string): ParsedSeries[] {
  const out: ParsedSeries[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const name = brace < 0 ? line.slice(0, line.indexOf(' ')) : line.slice(0, brace);
    const labels = brace < 0 ? {} : parseLabels(line.slice(brace + 1, close), line);
    const rest = (brace < 0 ? line.slice(name.length) : line.slice(close + 1)).trim();
    out.push({ name, labels, value: Number(rest), text: rest });
  }
  return out;
}

export function seriesKey(name: string, labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${pairs.join(',')}}`;
}

/** Every series as key -> value; fails on a series listed twice (an invalid exposition). */
export function seriesMap(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of parseExposition(text)) {
    const key = seriesKey(s.name, s.labels);
    if (map.has(key)) throw new Error(`series listed twice: ${key}`);
    map.set(key, s.value);
  }
  return map;
}

/** The series of one metric name. */
export function seriesOf(text: string, name: string): ParsedSeries[] {
  return parseExposition(text).filter((s) => s.name === name);
}
