// The JSON Claude Code passes a statusLine command on stdin, read defensively: any part may be
// missing, of another type, or the whole text may be empty or not JSON. Never throws.

export interface RateLimitWindow {
  /** 0..100 (may exceed 100 when over the limit). */
  usedPercentage: number;
  /** When the window resets, epoch seconds; null when not given. */
  resetsAt: number | null;
}

export interface StatuslineInput {
  sessionId: string | null;
  /** display_name, else id. */
  model: string | null;
  projectDir: string | null;
  costUsd: number | null;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
}

export const EMPTY_INPUT: StatuslineInput = { sessionId: null, model: null, projectDir: null, costUsd: null, fiveHour: null, sevenDay: null };

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Epoch seconds; an ISO date string is accepted too, and epoch milliseconds are recognised by size. */
function epochSeconds(value: unknown): number | null {
  const n = num(value);
  if (n !== null) return n > 1e11 ? Math.floor(n / 1_000) : n;
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(parsed) ? Math.floor(parsed / 1_000) : null;
}

function rateLimit(value: unknown): RateLimitWindow | null {
  const o = obj(value);
  const usedPercentage = num(o['used_percentage']);
  if (usedPercentage === null) return null;
  return { usedPercentage, resetsAt: epochSeconds(o['resets_at']) };
}

export function parseStatuslineInput(text: string): StatuslineInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return EMPTY_INPUT;
  }
  const root = obj(parsed);
  const model = obj(root['model']);
  const workspace = obj(root['workspace']);
  const limits = obj(root['rate_limits']);
  return {
    sessionId: str(root['session_id']),
    model: str(model['display_name']) ?? str(model['id']) ?? str(root['model']),
    projectDir: str(workspace['project_dir']) ?? str(workspace['current_dir']) ?? str(root['cwd']),
    costUsd: num(obj(root['cost'])['total_cost_usd']),
    fiveHour: rateLimit(limits['five_hour']),
    sevenDay: rateLimit(limits['seven_day']),
  };
}
