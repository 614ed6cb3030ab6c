// What a command needs from the outside world, injected so commands can be tested in-process.
export interface CommandIO {
  stdout(line: string): void;
  stderr(line: string): void;
  stdoutStream: { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  clock: () => number;
}

export function processIO(): CommandIO {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    stdoutStream: process.stdout,
    env: process.env,
    clock: Date.now,
  };
}
