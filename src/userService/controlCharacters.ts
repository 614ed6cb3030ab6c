// C0 and C1 control characters: never in a path cc-top writes into a service file, and never
// printed from a file or tool output to the user's terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function hasControlCharacter(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

export function replaceControlCharacters(text: string, by: string): string {
  return text.replace(CONTROL, by);
}
