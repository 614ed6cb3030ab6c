// The launchd agent for the always-on receiver on macOS: written from a ReceiverSpec (pure), and
// read back from the installed file for `cc-top service status`.
import { hasControlCharacter } from './controlCharacters.js';
import { receiverArgv, ReceiverSpecError, type ReceiverSpec } from './receiverSpec.js';

export const LAUNCHD_LABEL = 'dev.cc-top.receiver';

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderLaunchdPlist(spec: ReceiverSpec, logPath: string): string {
  const argv = receiverArgv(spec);
  if (hasControlCharacter(logPath)) throw new ReceiverSpecError(`the log path ${JSON.stringify(logPath)} contains a control character`);
  const string = (s: string) => `<string>${xmlText(s)}</string>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    "<!-- cc-top's always-on receiver, written by `cc-top service install`; `cc-top service uninstall` removes it. -->",
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  ${string(LAUNCHD_LABEL)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...argv.map((a) => `    ${string(a)}`),
    '  </array>',
    ...(spec.configPath !== undefined ? ['  <key>EnvironmentVariables</key>', '  <dict>', '    <key>CC_TOP_CONFIG</key>', `    ${string(spec.configPath)}`, '  </dict>'] : []),
    '  <key>RunAtLoad</key>',
    '  <true/>',
    // Also when the store is held by a running `cc-top` (exit 1): launchd retries every 10 s and
    // the agent takes over when that one quits.
    '  <key>KeepAlive</key>',
    '  <true/>',
    '  <key>ProcessType</key>',
    '  <string>Background</string>',
    '  <key>StandardOutPath</key>',
    `  ${string(logPath)}`,
    '  <key>StandardErrorPath</key>',
    `  ${string(logPath)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string | undefined {
  // A bare `&` is not XML: the file is not one cc-top wrote.
  if (/&(?!(?:#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]+);)/.test(text)) return undefined;
  let bad = false;
  const out = text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (_, name: string) => {
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : undefined;
    if (code !== undefined && code <= 0x10ffff) return String.fromCodePoint(code);
    const known = code === undefined ? ENTITIES[name] : undefined;
    if (known === undefined) bad = true;
    return known ?? '';
  });
  return bad ? undefined : out;
}

/** The strings of a `<key>NAME</key><array>…</array>` (or of a dict's values) in cc-top's own plist. */
function stringsAfterKey(text: string, key: string, container: 'array' | 'dict'): string[] | undefined {
  const match = new RegExp(`<key>${key}</key>\\s*<${container}>([\\s\\S]*?)</${container}>`).exec(text);
  if (!match) return undefined;
  const values: string[] = [];
  for (const m of match[1]!.matchAll(/<string>([\s\S]*?)<\/string>/g)) {
    const value = unescapeXml(m[1]!);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** ProgramArguments and CC_TOP_CONFIG from an installed agent, or why they cannot be read. */
export function readLaunchdPlist(text: string): { argv: string[]; env: Record<string, string> } | { unreadable: string } {
  const argv = stringsAfterKey(text, 'ProgramArguments', 'array');
  if (!argv || argv.length === 0) return { unreadable: 'it has no readable ProgramArguments' };
  const env: Record<string, string> = {};
  const config = /<key>EnvironmentVariables<\/key>\s*<dict>[\s\S]*?<key>CC_TOP_CONFIG<\/key>\s*<string>([\s\S]*?)<\/string>/.exec(text);
  if (config) {
    const value = unescapeXml(config[1]!);
    if (value !== undefined) env.CC_TOP_CONFIG = value;
  }
  return { argv, env };
}
