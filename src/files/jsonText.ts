// Where a JSON text goes wrong, as a line and column a person can jump to. V8 names the position
// for most errors but not all ("Unexpected token '/', ..." for a comment), so the position is
// found by parsing prefixes: a prefix up to the first bad character fails only because it ends.

export interface JsonErrorLocation {
  line: number;
  column: number;
  cause: string;
}

const POSITION = / in JSON at position (\d+)/;

/** True when the prefix parses, or fails only for running out of input. */
function isSoundPrefix(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('Unexpected end of JSON input')) return true;
    const at = POSITION.exec(message);
    return at !== null && Number(at[1]) >= text.length;
  }
}

/** Index of the first character that cannot be part of valid JSON (binary search over prefixes). */
function errorOffset(text: string, message: string): number {
  const at = POSITION.exec(message);
  if (at) return Number(at[1]);
  let sound = 0;
  let unsound = text.length;
  while (unsound - sound > 1) {
    const mid = Math.floor((sound + unsound) / 2);
    if (isSoundPrefix(text.slice(0, mid))) sound = mid;
    else unsound = mid;
  }
  return sound;
}

/** The cause without V8's echo of the whole input. */
function causeOf(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(POSITION, '');
}

export function locateJsonError(text: string, err: Error): JsonErrorLocation {
  const offset = Math.min(errorOffset(text, err.message), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, cause: causeOf(err.message) };
}
