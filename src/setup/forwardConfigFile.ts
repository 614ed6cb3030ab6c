// cc-top's own config.json, as setup edits it: only the "forward" key is set or taken out, the
// rest of the file kept as written (jsonc-parser edits the text in place). The file then holds
// the upstream's credentials, so it is written private (0600), verified, through a link to the
// user's own file if it is one.
import jsonc from 'jsonc-parser';
import { readFileBounded, writeFileVerified, type WriteFs } from '../files/safeWrite.js';
import { CONFIG_MAX_BYTES } from '../insights/config.js';
import { escapeControls } from './terminalSafe.js';

export interface ForwardEntry {
  url: string;
  headers?: Record<string, string>;
}

export class ConfigFileError extends Error {}

export interface ConfigText {
  path: string;
  exists: boolean;
  text: string;
  /** The forward URL the file names now, if any. */
  forwardUrl: string | undefined;
}

const FORMAT = { insertSpaces: true, tabSize: 2, eol: '\n' };

export async function readConfigText(path: string): Promise<ConfigText> {
  let text: string;
  try {
    text = await readFileBounded(path, CONFIG_MAX_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, exists: false, text: '', forwardUrl: undefined };
    throw new ConfigFileError(`cannot read ${path}: ${escapeControls((err as Error).message)}`);
  }
  if (text.trim() === '') return { path, exists: true, text, forwardUrl: undefined };
  const errors: jsonc.ParseError[] = [];
  const root: unknown = jsonc.parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new ConfigFileError(`${path} is not a JSON object cc-top can edit`);
  }
  const forward = (root as Record<string, unknown>)['forward'];
  const url = typeof forward === 'object' && forward !== null ? (forward as Record<string, unknown>)['url'] : undefined;
  return { path, exists: true, text, forwardUrl: typeof url === 'string' ? url : undefined };
}

/** The file's text with "forward" set to `entry` (or taken out, for undefined). */
export function withForward(config: ConfigText, entry: ForwardEntry | undefined): string {
  if (!config.exists || config.text.trim() === '') return entry ? `${JSON.stringify({ forward: entry }, null, 2)}\n` : config.text;
  const edits = jsonc.modify(config.text, ['forward'], entry, { formattingOptions: FORMAT });
  return jsonc.applyEdits(config.text, edits);
}

export async function writeConfigText(path: string, text: string, fs?: WriteFs): Promise<void> {
  await writeFileVerified(path, text, { mode: 0o600, followSymlink: true, ...(fs ? { fs } : {}) });
}

/** The entry as shown before writing: header values are secrets, so only their names. */
export function showForwardEntry(entry: ForwardEntry): string {
  const names = Object.keys(entry.headers ?? {});
  return `"forward": {"url": ${JSON.stringify(escapeControls(entry.url))}${names.length ? `, "headers": {${names.map((n) => `${JSON.stringify(escapeControls(n))}: "…"`).join(', ')}}` : ''}}`;
}
