// Forwarding, as doctor sees it: what config.json asks for, what the receiving cc-top reports in
// forward.json, and whether the upstream takes a request from here (an empty export: no data,
// counted nowhere) with the configured headers.
import { readForwardStatus } from '../forward/status.js';
import { describeForward, formatMiB } from '../forward/statusText.js';
import { ForwardConfigError, parseForwardTarget, type ForwardTarget } from '../forward/target.js';
import { createSender } from '../forward/transport.js';
import type { ForwardConfig } from '../insights/configTypes.js';
import { fail, ok, warn, type Check } from './check.js';

const LABEL = 'Forwarding';
const TRY_TIMEOUT_MS = 3_000;

/** Send an empty logs export to the upstream: does it take requests from here, with these headers? */
async function tryUpstream(target: ForwardTarget): Promise<{ ok: boolean; text: string }> {
  const sender = createSender(target, TRY_TIMEOUT_MS);
  try {
    const outcome = await sender.send('logs', Buffer.alloc(0));
    if (outcome.kind === 'ok') return { ok: true, text: `${target.url} takes requests from here` };
    return { ok: false, text: `${target.url} did not take a request from here: ${outcome.error}` };
  } finally {
    sender.close();
  }
}

export interface ForwardCheckInput {
  configFile: string;
  config: ForwardConfig | undefined;
  statusPath: string;
  /** A cc-top holds the store (and so would be forwarding, if it were told to). */
  receiverRunning: boolean;
  /** Skip sending to the upstream (tests of other checks). */
  offline?: boolean;
}

export async function forwardCheck(input: ForwardCheckInput): Promise<Check | undefined> {
  const status = await readForwardStatus(input.statusPath);
  if (!input.config && !status) return undefined;
  let target: ForwardTarget | undefined;
  if (input.config) {
    try {
      target = parseForwardTarget({ url: input.config.url, protocol: input.config.protocol, headers: input.config.headers, source: `${input.configFile}: forward.url` });
    } catch (err) {
      if (!(err instanceof ForwardConfigError)) throw err;
      return fail('forward', LABEL, err.message, `fix "forward" in ${input.configFile}, then restart cc-top`);
    }
  }
  const tried = target && !input.offline ? await tryUpstream(target) : undefined;
  const reach = tried ? `; ${tried.text}` : '';
  const unreachable = tried && !tried.ok;

  if (!status || (!input.receiverRunning && status.state === 'stopped')) {
    if (!target) return ok('forward', LABEL, `${describeForward(status!)} (the cc-top that forwarded has stopped)`);
    // Configured, but no cc-top forwards now.
    const running = input.receiverRunning
      ? warn('forward', LABEL, `${input.configFile} forwards to ${target!.url}, but the running cc-top does not${reach}`, 'restart cc-top (or the cc-top service) so it reads config.json again')
      : ok('forward', LABEL, `cc-top will forward to ${target!.url} (${target!.protocol}) when it runs${reach}`);
    return unreachable ? fail('forward', LABEL, running.detail, 'check that the upstream runs and is reachable from here, and the URL and headers in config.json') : running;
  }
  const detail = `${describeForward(status)}${reach}`;
  if (status.state === 'refused') return fail('forward', LABEL, detail, 'the upstream refuses what cc-top sends: check the --forward URL and the --forward-header credentials (or config.json\'s forward)');
  if (unreachable || status.state === 'retrying') {
    return warn('forward', LABEL, detail, `check that the upstream runs and is reachable from here; until then requests wait (up to ${formatMiB(status.capBytes)}, then the oldest are dropped)`);
  }
  if (status.dropped > 0) return warn('forward', LABEL, detail, 'requests were lost: give the queue more room (--forward-queue-mib) or fix the upstream, then watch that dropped stays put');
  if (target && target.url !== status.url) return warn('forward', LABEL, `${detail}; config.json names ${target.url}`, 'restart cc-top to forward where config.json says, or remove --forward from its command line');
  return ok('forward', LABEL, detail);
}
