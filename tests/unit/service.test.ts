import { describe, expect, it } from 'vitest';
import { exposureWarning, isLoopback } from '../../src/service.js';

describe('listening address', () => {
  it('warns for anything but loopback, naming the exposure and the fix', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', 'localhost']) {
      expect(isLoopback(host)).toBe(true);
      expect(exposureWarning(host)).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'myhost.lan']) {
      expect(isLoopback(host)).toBe(false);
      expect(exposureWarning(host)).toMatch(new RegExp(`listening on ${host.replace(/[.*]/g, '\\$&')}, not loopback: anyone who can reach .* Use --host 127\\.0\\.0\\.1`));
    }
  });
});
