// Semantic colour roles for the TUI, mapped to Ink colours. With colour off (NO_COLOR,
// --no-color) every role has no colour: focus and state then show through bold text and markers.
import type { Role } from '../report/paint.js';

export type UiRole = Exclude<Role, 'bold'>;

export interface Theme {
  enabled: boolean;
  color(role: UiRole): string | undefined;
}

const COLORS: Record<UiRole, string> = {
  accent: 'cyan',
  muted: 'gray',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
};

export function createTheme(enabled: boolean): Theme {
  return { enabled, color: (role) => (enabled ? COLORS[role] : undefined) };
}
