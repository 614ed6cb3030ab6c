// The yes/no question `setup` asks before writing, on the real terminal. Anything but y/yes is no,
// so a stray Enter never changes a file.
import { createInterface } from 'node:readline/promises';

export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** For runSetup's `ask`: reads one answer from stdin; false when stdin is not a terminal. */
export async function terminalAsk(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return isYes(await rl.question(`${question} `));
  } finally {
    rl.close();
  }
}
