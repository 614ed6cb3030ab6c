// Forwarding for a receiving command: the --forward flags, else config.json's "forward" with the
// flags on top. `--forward URL` stands alone: the file's headers (its credentials) are never sent
// to another endpoint than the one they were written for.
import { ForwardConfigError, parseForwardTarget, queueBytesOf, type ForwardSettings } from '../forward/target.js';
import type { ForwardConfig } from '../insights/configTypes.js';
import type { ForwardFlags } from './args.js';

export type ResolvedForward =
  | { settings: ForwardSettings | undefined }
  /** A flag that needs a URL and none is given (a usage error, exit 2). */
  | { usage: string }
  /** The file's forward is not valid: nothing is forwarded, and the user is told. */
  | { settings: undefined; warning: string };

const NO_FLAGS: ForwardFlags = { headers: [] };

export function resolveForward(flags: ForwardFlags = NO_FLAGS, config: ForwardConfig | undefined, configFile: string): ResolvedForward {
  if (flags.url !== undefined) {
    const target = parseForwardTarget({ url: flags.url, protocol: flags.protocol, headers: flags.headers });
    return { settings: { target, queueBytes: flags.queueBytes ?? queueBytesOf(undefined, '--forward-queue-mib') } };
  }
  if (!config) {
    const orphan = flags.protocol !== undefined ? '--forward-protocol' : flags.headers.length > 0 ? '--forward-header' : flags.queueBytes !== undefined ? '--forward-queue-mib' : undefined;
    return orphan ? { usage: `${orphan} needs --forward URL (or "forward": {"url": ...} in ${configFile})` } : { settings: undefined };
  }
  try {
    const target = parseForwardTarget({
      url: config.url,
      protocol: flags.protocol ?? config.protocol,
      headers: [...(config.headers ?? []), ...flags.headers],
      source: `${configFile}: forward.url`,
    });
    return { settings: { target, queueBytes: flags.queueBytes ?? queueBytesOf(config.queueMiB, `${configFile}: forward.queueMiB`) } };
  } catch (err) {
    if (!(err instanceof ForwardConfigError)) throw err;
    return { settings: undefined, warning: `${err.message}; nothing is forwarded. Fix the file, or pass --forward URL.` };
  }
}
