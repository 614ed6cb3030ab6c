// The yes/no questions `setup` asks, on the real terminal. For "Apply?" anything but y/yes is no,
// so a stray Enter never changes a file; a question whose safe answer is yes ("keep sending to
// your company's endpoint?") takes Enter as yes and only n/no as no.
import { createInterface } from 'node:readline/promises';

export function isYes(answer: string, defaultYes = false): boolean {
  if (defaultYes) return !/^\s*no?\s*$/i.test(answer);
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** For runSetup's `ask`: reads one answer from stdin; the default when stdin is not a terminal. */
export async function terminalAsk(question: string, defaultYes = false): Promise<boolean> {
  if (!process.stdin.isTTY) return defaultYes;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return isYes(await rl.question(`${question} `), defaultYes);
  } finally {
    rl.close();
  }
}
