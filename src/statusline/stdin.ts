// The status line's stdin, bounded in size and time. Claude Code writes one small JSON object and
// closes the pipe; anything else (a writer that never closes, a flood) must not hang the status
// bar or take memory: past either bound the read stops and the line is printed without input.
import type { Readable } from 'node:stream';

/** Claude Code's status JSON is a few KiB; 1 MiB is far past any real one. */
export const STDIN_MAX_BYTES = 1024 * 1024;
/** Claude Code writes its JSON at once; a pipe still open after this is not going to finish. */
export const STDIN_TIMEOUT_MS = 2_000;

export interface StdinBounds {
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * The whole of `stream` as text, or '' when it is a terminal, ends late, is larger than the
 * bound or fails: a cut or late JSON is no input. Never rejects. The stream is destroyed once
 * the read gives up, so an open pipe does not keep the process alive.
 */
export function readStdinBounded(stream: Readable & { isTTY?: boolean }, bounds: StdinBounds = {}): Promise<string> {
  const maxBytes = bounds.maxBytes ?? STDIN_MAX_BYTES;
  const timeoutMs = bounds.timeoutMs ?? STDIN_TIMEOUT_MS;
  if (stream.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (text: string, giveUp: boolean) => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      // A late error (the writer going away) is no one's business now, and must not crash.
      stream.on('error', () => undefined);
      if (giveUp) stream.destroy();
      resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.byteLength;
      if (size > maxBytes) finish('', true);
      else chunks.push(buffer);
    };
    const onEnd = () => finish(Buffer.concat(chunks).toString('utf8'), false);
    const onError = () => finish('', true);
    const timer = setTimeout(() => finish('', true), timeoutMs);
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
