// The systemd user unit for the always-on receiver: written from a ReceiverSpec (pure), and read
// back from the installed file for `cc-top service status`.
// Quoting follows systemd.service(5) "Command lines": an item may be wrapped in double quotes,
// inside which C escapes apply; `%` starts a specifier everywhere (`%%` is a literal %) and `$`
// a variable in ExecStart's arguments (`$$` is a literal $). The program path is taken as it is
// (no variables), and systemd refuses one with quotes or backslashes (`systemd-analyze verify`
// found both).
import { receiverArgv, ReceiverSpecError, type ReceiverSpec } from './receiverSpec.js';

export const SYSTEMD_UNIT_NAME = 'cc-top.service';

const PLAIN = /^[A-Za-z0-9_@+=:,./-]+$/;

export type SystemdWordKind = 'program' | 'argument' | 'environment';

/** One command-line item (or Environment= assignment), quoted only when it has to be. */
export function systemdWord(text: string, kind: SystemdWordKind): string {
  let body = text.replace(/%/g, '%%');
  if (kind === 'argument') body = body.replace(/\$/g, '$$$$');
  if (PLAIN.test(text)) return body;
  return `"${body.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderSystemdUnit(spec: ReceiverSpec): string {
  if (/["'\\]/.test(spec.nodePath))
    throw new ReceiverSpecError(`systemd cannot run a program whose path has quotes or backslashes (${spec.nodePath}); use a Node.js installed elsewhere, or run cc-top --headless another way`);
  const exec = receiverArgv(spec)
    .map((arg, i) => systemdWord(arg, i === 0 ? 'program' : 'argument'))
    .join(' ');
  return [
    "# cc-top's always-on receiver, written by `cc-top service install`; `cc-top service uninstall` removes it.",
    '# Its output: journalctl --user -u cc-top',
    '[Unit]',
    'Description=cc-top: receives Claude Code telemetry into its store while the live view is closed',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${exec}`,
    ...(spec.configPath !== undefined ? [`Environment=${systemdWord(`CC_TOP_CONFIG=${spec.configPath}`, 'environment')}`] : []),
    '# A store held by a running `cc-top` makes it exit 1: it retries, and takes over when that one quits.',
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

const C_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', s: ' ' };

/** Split a value into items as systemd does for the subset cc-top writes; undefined when it cannot. */
export function splitSystemdWords(value: string, { execLine }: { execLine: boolean }): string[] | undefined {
  const words: string[] = [];
  // `$$` stands for `$` in ExecStart's arguments only: not in its program, not in Environment=.
  const dollars = () => execLine && words.length > 0;
  let i = 0;
  while (i < value.length) {
    while (value[i] === ' ' || value[i] === '\t') i++;
    if (i >= value.length) break;
    let word = '';
    const quote = value[i] === '"' || value[i] === "'" ? value[i] : undefined;
    if (quote) i++;
    for (;;) {
      const c = value[i];
      if (c === undefined) {
        if (quote) return undefined; // unbalanced quote
        break;
      }
      if (quote ? c === quote : c === ' ' || c === '\t') {
        if (quote) i++;
        break;
      }
      if (c === '\\') {
        const escaped = C_ESCAPES[value[i + 1] ?? ''];
        if (escaped === undefined) return undefined;
        word += escaped;
        i += 2;
        continue;
      }
      if (c === '%') {
        if (value[i + 1] !== '%') return undefined; // a specifier cc-top never writes
        word += '%';
        i += 2;
        continue;
      }
      if (c === '$' && dollars()) {
        if (value[i + 1] !== '$') return undefined; // a variable cc-top never writes
        word += '$';
        i += 2;
        continue;
      }
      word += c;
      i++;
    }
    words.push(word);
  }
  return words;
}

export interface SystemdUnitCommand {
  argv: string[];
  env: Record<string, string>;
}

/** ExecStart and Environment from an installed unit, or why they cannot be read. */
export function readSystemdUnit(text: string): SystemdUnitCommand | { unreadable: string } {
  let section = '';
  let exec: string | undefined;
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    if (section !== '[Service]') continue;
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'ExecStart') exec = value;
    if (key === 'Environment') {
      const words = splitSystemdWords(value, { execLine: false });
      if (!words) return { unreadable: `its Environment= line cannot be read: ${value}` };
      for (const w of words) {
        const at = w.indexOf('=');
        if (at > 0) env[w.slice(0, at)] = w.slice(at + 1);
      }
    }
  }
  if (exec === undefined) return { unreadable: 'it has no ExecStart= line' };
  const argv = splitSystemdWords(exec, { execLine: true });
  if (!argv || argv.length === 0) return { unreadable: `its ExecStart= line cannot be read: ${exec}` };
  return { argv, env };
}
