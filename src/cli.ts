// Command line: subcommands (setup, doctor, statusline, service, import), else the main command's flags
// -> tui (default) | --once | --headless. Returns the exit code: 0 success, 1 a runtime failure
// (message names cause and fix), 2 a usage error. Everything is loaded only when its command
// runs: the status line runs on every refresh of Claude Code's status bar and loads only itself.
import { processIO, type CommandIO } from './commands/io.js';

/** What Claude Code pipes to a status-line command (bounded in size and time); nothing when run by hand in a terminal. */
async function readStdin(): Promise<string> {
  return (await import('./statusline/stdin.js')).readStdinBounded(process.stdin);
}

export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  // Subcommands parse their own flags and load only what they use.
  switch (argv[0]) {
    case 'setup': {
      const [{ runSetup }, { terminalAsk }] = await Promise.all([import('./commands/setup.js'), import('./setup/terminalAsk.js')]);
      return runSetup(argv.slice(1), io, terminalAsk);
    }
    case 'doctor':
      return (await import('./commands/doctor.js')).runDoctor(argv.slice(1), io);
    case 'statusline':
      return (await import('./commands/statusline.js')).runStatusline(argv.slice(1), io, await readStdin());
    case 'service':
      return (await import('./commands/service.js')).runService(argv.slice(1), io);
    case 'import':
      return (await import('./commands/import.js')).runImportCommand(argv.slice(1), io);
  }
  const { parseCli, packageVersion, UsageError, USAGE } = await import('./commands/args.js');
  let args;
  try {
    args = parseCli(argv, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // One line naming the problem, and where the options are: not forty lines of help.
    io.stderr(`cc-top: ${err.message}`);
    io.stderr('Run `cc-top --help` for the options.');
    return 2;
  }
  switch (args.mode) {
    case 'help':
      io.stdout(USAGE);
      return 0;
    case 'version':
      io.stdout(packageVersion());
      return 0;
    // Each mode's module is loaded only when used: `--once` must not pay for grpc-js, Ink or React.
    case 'once':
      return (await import('./commands/once.js')).runOnce(args, io);
    case 'headless':
      return (await import('./commands/headless.js')).runHeadless(args, io);
    case 'tui':
      return (await (await import('./commands/loadLiveView.js')).loadLiveView()).runTui(args, io);
  }
}
