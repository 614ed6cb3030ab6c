// Node's parseArgs errors as one plain line naming the flag: its own messages ("Unknown option
// '--foo'. To specify a positional argument starting with a '-', place it at the end of the
// command after '--', as in '-- \"--foo\"") read badly on a command line.

/** The flag a parseArgs message quotes ('--window <value>' -> --window). */
function flagIn(message: string): string | undefined {
  return /'(-{1,2}[^' ]+)/.exec(message)?.[1];
}

export function argsErrorLine(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const flag = flagIn(message);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message) ? `${flag} takes no value` : `${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${/'([^']*)'/.exec(message)?.[1] ?? ''}"`;
    default:
      return message;
  }
}
