// Which user-service manager this OS has, and where this checkout's launcher is.
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execRunner } from './commandRunner.js';
import { LaunchdAgent } from './launchdService.js';
import { SystemdUserService } from './systemdService.js';
import type { ServiceContext, UserServiceManager } from './userService.js';

/** bin/cc-top.js of the checkout this code runs from (the same from src/ and from dist/). */
export const CHECKOUT_SCRIPT = fileURLToPath(new URL('../../bin/cc-top.js', import.meta.url));

export function userServiceFor(platform: NodeJS.Platform, ctx: ServiceContext): UserServiceManager | undefined {
  if (platform === 'linux') return new SystemdUserService(ctx);
  if (platform === 'darwin') return new LaunchdAgent(ctx);
  return undefined;
}

export function unsupportedReason(platform: NodeJS.Platform): string {
  return `cc-top service installs systemd user units (Linux) and launchd agents (macOS), and this is ${platform}`;
}

export function defaultServiceContext(env: NodeJS.ProcessEnv): ServiceContext {
  return { env, home: env.HOME || homedir(), uid: process.getuid?.() ?? 0, run: execRunner(env) };
}
