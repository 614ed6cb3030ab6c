// Doctor's line on the always-on receiver (`cc-top service`): installed or not, running or not,
// and whether it receives into the store doctor checks. Never a failure: telemetry can reach a
// cc-top started by hand, and the other checks say whether it does.
import { assessService, printable } from '../userService/assessService.js';
import { unsupportedReason, userServiceFor } from '../userService/platformService.js';
import { RUN_IT_YOURSELF, ServiceUnavailableError, type ServiceContext } from '../userService/userService.js';
import { ok, warn, type Check } from './check.js';

const ID = 'service';
const LABEL = 'Always-on receiver';

export async function serviceCheck(platform: NodeJS.Platform, context: ServiceContext, doctorStore: string): Promise<Check> {
  const manager = userServiceFor(platform, context);
  if (!manager) return warn(ID, LABEL, `not available: ${unsupportedReason(platform)}`, RUN_IT_YOURSELF);
  let status;
  try {
    status = await manager.status();
  } catch (err) {
    if (err instanceof ServiceUnavailableError) return warn(ID, LABEL, `not available: ${err.reason}`, RUN_IT_YOURSELF);
    return warn(ID, LABEL, `cannot be checked: ${(err as Error).message}`, '`cc-top service status` shows more');
  }
  const verdict = await assessService(status);
  const kind = manager.manager === 'systemd' ? 'systemd user unit' : 'launchd agent';
  if (verdict.level === 'warn') return warn(ID, LABEL, `${status.installed ? `${kind}: ` : ''}${verdict.summary}`, verdict.fix!);
  const store = verdict.spec?.storePath;
  if (store !== undefined && store !== doctorStore)
    return warn(ID, LABEL, `${kind}: ${verdict.summary}; not the store checked here (${printable(doctorStore)})`, `run \`cc-top doctor --store ${printable(store)}\`, or \`cc-top service install --store ${printable(doctorStore)}\``);
  return ok(ID, LABEL, `${kind}: ${verdict.summary}`);
}
