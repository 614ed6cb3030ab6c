// What a command needs from the outside world, injected so commands can be tested in-process.
export interface CommandIO {
  stdout(line: string): void;
  stderr(line: string): void;
  stdoutStream: { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  clock: () => number;
}

let pipeGuard = false;

export function processIO(): CommandIO {
  // `cc-top doctor | head`: the reader went away; stop quietly, as Unix tools do.
  if (!pipeGuard) {
    pipeGuard = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    stdoutStream: process.stdout,
    env: process.env,
    clock: Date.now,
  };
}
