// Desktop notifications by terminal escape. No standard exists, and a terminal that does not know a
// sequence may print it as junk (the Linux console) or swallow it, so cc-top sends one only to
// terminals known to show it, and exactly one (several of these support two; both would notify
// twice):
//
// | terminal (detected by)                           | sequence                                  |
// |--------------------------------------------------|-------------------------------------------|
// | iTerm2 (TERM_PROGRAM=iTerm.app, LC_TERMINAL)      | OSC 9 ; text BEL            (iTerm2's own) |
// | Ghostty (TERM_PROGRAM=ghostty, TERM=xterm-ghostty) | OSC 9 ; text BEL            (its docs)    |
// | WezTerm (TERM_PROGRAM=WezTerm)                    | OSC 777 ; notify ; title ; body BEL        |
// | foot (TERM=foot*)                                 | OSC 777 ; notify ; title ; body BEL        |
// | rxvt-unicode (TERM=rxvt-unicode*, notify ext.)    | OSC 777 (its own extension escape)         |
// | VTE >= 0.46 (VTE_VERSION >= 4600: GNOME Terminal,  | OSC 777: shown by Fedora's VTE, ignored   |
// |   Tilix, ...)                                     |   silently by upstream since 0.46          |
// | kitty (TERM=xterm-kitty, KITTY_WINDOW_ID)         | OSC 99 ; ; text ST          (kitty's own) |
// | tmux, GNU screen, Apple Terminal, Windows Terminal,| none: the bell, and the notification       |
// |   VS Code, Alacritty, anything else              |   command on Linux desktops               |
//
// tmux drops OSC sequences unless `allow-passthrough` is on (off by default since 3.3), so inside
// tmux or screen nothing is sent: the bell still reaches the outer terminal. ConEmu and Windows
// Terminal give OSC 9 ; <digits> ; a meaning of their own, so the OSC 9 text always starts "cc-top".

export type DesktopProtocol = 'osc9' | 'osc777' | 'osc99' | 'none';

/** Longest notification text sent; terminals and notification daemons cut or refuse long ones. */
export const NOTIFICATION_TEXT_MAX = 200;
/** The app name shown as the title where the escape has one. */
export const NOTIFICATION_APP = 'cc-top';
/** VTE releases from 0.46 ignore unknown OSC 777 instead of printing it. */
const VTE_SILENT_OSC777_SINCE = 4600;

const BEL = '\x07';
const ST = '\x1b\\';

export function desktopProtocol(env: NodeJS.ProcessEnv): DesktopProtocol {
  const term = env['TERM'] ?? '';
  const program = env['TERM_PROGRAM'] ?? '';
  if (env['TMUX'] || env['STY'] || program === 'tmux' || term.startsWith('screen') || term.startsWith('tmux')) return 'none';
  if (program === 'iTerm.app' || env['LC_TERMINAL'] === 'iTerm2') return 'osc9';
  if (program === 'ghostty' || term === 'xterm-ghostty') return 'osc9';
  if (program === 'WezTerm') return 'osc777';
  if (term === 'xterm-kitty' || env['KITTY_WINDOW_ID']) return 'osc99';
  if (term.startsWith('foot') || term.startsWith('rxvt-unicode')) return 'osc777';
  if (Number(env['VTE_VERSION'] ?? 0) >= VTE_SILENT_OSC777_SINCE) return 'osc777';
  return 'none';
}

/**
 * Text safe inside an escape sequence and an argument: control characters (C0, DEL, C1, among
 * them ESC, BEL and the 8-bit ST that would end the sequence early) become spaces, runs of space
 * collapse, and the length is capped (with an ellipsis).
 */
export function sanitizeNotificationText(text: string, max = NOTIFICATION_TEXT_MAX): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** The escape that asks the terminal for a desktop notification, or '' for none. */
export function desktopEscape(protocol: DesktopProtocol, title: string, message: string): string {
  const text = `${title}: ${message}`;
  switch (protocol) {
    case 'osc9':
      return `\x1b]9;${sanitizeNotificationText(`${NOTIFICATION_APP}: ${text}`)}${BEL}`;
    case 'osc777':
      // Fields are separated by ';' with no escaping (foot splits the title off at the first one).
      return `\x1b]777;notify;${NOTIFICATION_APP};${sanitizeNotificationText(text).replace(/;/g, ',')}${BEL}`;
    case 'osc99':
      return `\x1b]99;;${sanitizeNotificationText(`${NOTIFICATION_APP}: ${text}`)}${ST}`;
    case 'none':
      return '';
  }
}
