// Labels a terminal draws in more or fewer cells than they have characters, fed through the real
// ingest path: a project `東京-api`, a model named `constructor` and one with an emoji and a
// combining accent, a tool `読み込み`, a session id that starts with wide characters.
import type { Store } from '../../src/store/store.js';
import { SESSION_B } from '../builders/samples.js';
import { emptyStore, feedTurns, NOW, type Turn } from './scenario.js';

const MIN = 60_000;

/** Starts with CJK and an emoji: its short form is `東京セッ` (8 cells, 4 characters). */
export const WIDE_SESSION = '東京セッション-🚀-7f3a9c';
export const PROJECT = '東京-api';
export const OTHER_PROJECT = 'プロジェクト-β';
export const CONSTRUCTOR_MODEL = 'constructor';
/** `ö` precomposed, `é` as e + U+0301 (a zero-width combining mark). */
export const EMOJI_MODEL = 'claude-🚀-ünïcöde\u0301';
export const WIDE_TOOL = '読み込み';

const tokens = (input: number, output: number, cacheRead: number, cacheCreation: number) => ({ input, output, cacheRead, cacheCreation });

export const WIDE_TURNS: Turn[] = [
  { session: WIDE_SESSION, model: CONSTRUCTOR_MODEL, atMs: NOW - 30 * MIN, usd: 0.5, tokens: tokens(1000, 4000, 100_000, 10_000), tool: { name: WIDE_TOOL, success: true, durationMs: 25 }, lines: { added: 12, removed: 3 }, labels: { 'vcs.repository.name': PROJECT } },
  { session: WIDE_SESSION, model: EMOJI_MODEL, atMs: NOW - 20 * MIN, usd: 0.75, tokens: tokens(2000, 6000, 200_000, 5_000), tool: { name: 'Bash', success: true, durationMs: 900 }, commit: true, labels: { 'vcs.repository.name': PROJECT } },
  { session: SESSION_B, model: EMOJI_MODEL, atMs: NOW - 5 * MIN, usd: 0.25, tokens: tokens(500, 1500, 50_000, 1_000), tool: { name: WIDE_TOOL, success: false, durationMs: 3100 }, labels: { 'vcs.repository.name': OTHER_PROJECT } },
];

export async function wideScenarioStore(clock: () => number = () => NOW): Promise<Store> {
  const store = await emptyStore(clock);
  feedTurns(store, WIDE_TURNS, { apiError: { session: WIDE_SESSION, model: EMOJI_MODEL, error: '過負荷です' } });
  return store;
}
