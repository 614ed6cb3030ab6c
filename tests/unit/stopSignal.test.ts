// cc-top --headless stops on SIGINT/SIGTERM; a second signal later means "now", but the same stop
// delivered twice at once (a process group and a supervisor) must not skip the store's write.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForStop, STOP_REPEAT_GRACE_MS } from '../../src/commands/headless.js';

const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Only the listeners this test added (the test runner may have its own).
  for (const sig of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.off(sig, l);
});

describe('listenForStop', () => {
  it('resolves with the first signal, ignores a repeat right behind it, and exits on a later one', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const stop = listenForStop();
    process.emit('SIGINT', 'SIGINT');
    expect(await stop.signal).toBe('SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    vi.setSystemTime(1_000_000 + STOP_REPEAT_GRACE_MS - 1);
    process.emit('SIGINT', 'SIGINT');
    expect(exit).not.toHaveBeenCalled();
    vi.setSystemTime(1_000_000 + STOP_REPEAT_GRACE_MS);
    process.emit('SIGINT', 'SIGINT');
    expect(exit).toHaveBeenCalledWith(1);
  });
});
