// Jumping over JSON values as bytes, without decoding them: strings by native byte search for
// their closing quote, objects and arrays by their brackets.
const QUOTE = 34;
const BACKSLASH = 92;

/** Index just past the string starting at `i` (a quote), or -1 if it does not end before `end`. */
function skipString(buf: Buffer, i: number, end: number): number {
  let j = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q === -1 || q >= end) return -1;
    let k = q - 1;
    while (buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the JSON value starting at `i`, or -1. */
export function skipValue(buf: Buffer, i: number, end: number): number {
  const c = buf[i];
  if (c === QUOTE) return skipString(buf, i, end);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    while (j < end && buf[j] !== 0x2c && buf[j] !== 0x7d && buf[j] !== 0x5d) j++;
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < end; ) {
    const b = buf[j]!;
    if (b === QUOTE) {
      j = skipString(buf, j, end);
      if (j === -1) return -1;
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if ((b === 0x7d || b === 0x5d) && --depth === 0) return j + 1;
    j++;
  }
  return -1;
}
