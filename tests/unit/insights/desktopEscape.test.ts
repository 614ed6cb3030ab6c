import { describe, expect, it } from 'vitest';
import { desktopEscape, desktopProtocol, NOTIFICATION_TEXT_MAX, sanitizeNotificationText } from '../../../src/insights/desktopEscape.js';

const hasControlCharacter = (text: string): boolean =>
  [...text].some((ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

describe('desktopProtocol', () => {
  it.each([
    [{ TERM_PROGRAM: 'iTerm.app', TERM: 'xterm-256color' }, 'osc9'],
    [{ LC_TERMINAL: 'iTerm2', TERM: 'xterm-256color' }, 'osc9'],
    [{ TERM_PROGRAM: 'ghostty', TERM: 'xterm-ghostty' }, 'osc9'],
    [{ TERM: 'xterm-ghostty' }, 'osc9'],
    [{ TERM_PROGRAM: 'WezTerm', TERM: 'xterm-256color' }, 'osc777'],
    [{ TERM: 'foot' }, 'osc777'],
    [{ TERM: 'foot-extra' }, 'osc777'],
    [{ TERM: 'rxvt-unicode-256color' }, 'osc777'],
    [{ TERM: 'xterm-256color', VTE_VERSION: '7600' }, 'osc777'],
    [{ TERM: 'xterm-256color', VTE_VERSION: '4200' }, 'none'],
    [{ TERM: 'xterm-kitty' }, 'osc99'],
    [{ TERM: 'xterm-256color', KITTY_WINDOW_ID: '1' }, 'osc99'],
    // Inside tmux or screen nothing is sent, even from a terminal that would show it.
    [{ TERM_PROGRAM: 'tmux', TERM: 'tmux-256color', LC_TERMINAL: 'iTerm2' }, 'none'],
    [{ TMUX: '/tmp/tmux-1000/default,1,0', TERM: 'xterm-kitty' }, 'none'],
    [{ STY: '123.pts-0', TERM: 'screen' }, 'none'],
    [{ TERM_PROGRAM: 'Apple_Terminal', TERM: 'xterm-256color' }, 'none'],
    [{ TERM_PROGRAM: 'vscode', TERM: 'xterm-256color' }, 'none'],
    [{ WT_SESSION: 'x', TERM: 'xterm-256color' }, 'none'],
    [{ TERM: 'alacritty' }, 'none'],
    [{ TERM: 'linux' }, 'none'],
    [{}, 'none'],
  ])('%j -> %s', (env, protocol) => {
    expect(desktopProtocol(env)).toBe(protocol);
  });
});

describe('sanitizeNotificationText', () => {
  it('turns control characters, escape and bell included, into spaces and collapses them', () => {
    expect(sanitizeNotificationText('a\x1b]9;evil\x07b\u009c\nc\t\x7fd')).toBe('a ]9;evil b c d');
  });

  it('caps the length with an ellipsis, counting characters not UTF-16 units', () => {
    const long = '€'.repeat(NOTIFICATION_TEXT_MAX + 10);
    const out = sanitizeNotificationText(long);
    expect([...out]).toHaveLength(NOTIFICATION_TEXT_MAX);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitizeNotificationText('short')).toBe('short');
  });
});

describe('desktopEscape', () => {
  it('writes OSC 9 with the text starting "cc-top" (never digits and ";", which ConEmu reads as a command)', () => {
    expect(desktopEscape('osc9', 'Daily budget exceeded', '$5.40 spent')).toBe('\x1b]9;cc-top: Daily budget exceeded: $5.40 spent\x07');
  });

  it('writes OSC 777 with cc-top as the title and no ";" left in the body', () => {
    expect(desktopEscape('osc777', 'Title', 'a; b')).toBe('\x1b]777;notify;cc-top;Title: a, b\x07');
  });

  it("writes kitty's OSC 99 with the string terminator", () => {
    expect(desktopEscape('osc99', 'T', 'm')).toBe('\x1b]99;;cc-top: T: m\x1b\\');
  });

  it('writes nothing for a terminal without a known protocol', () => {
    expect(desktopEscape('none', 'T', 'm')).toBe('');
  });

  it('cannot be broken out of by the alert text', () => {
    for (const protocol of ['osc9', 'osc777', 'osc99'] as const) {
      const out = desktopEscape(protocol, 'x\x07\x1b\\', `y\x1b[2J${'z'.repeat(500)}`);
      const payload = out.slice(out.indexOf(';') + 1, out.endsWith('\x07') ? -1 : -2);
      expect(hasControlCharacter(payload)).toBe(false);
      expect([...payload].length).toBeLessThanOrEqual(NOTIFICATION_TEXT_MAX + 'notify;cc-top;'.length);
    }
  });
});
