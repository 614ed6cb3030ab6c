// One doctor finding: what was checked, how it went, and what to do about it.
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  id: string;
  label: string;
  status: CheckStatus;
  detail: string;
  /** What to do; present for every warn and fail. */
  fix?: string;
}

export const ok = (id: string, label: string, detail: string): Check => ({ id, label, status: 'ok', detail });
export const warn = (id: string, label: string, detail: string, fix: string): Check => ({ id, label, status: 'warn', detail, fix });
export const fail = (id: string, label: string, detail: string, fix: string): Check => ({ id, label, status: 'fail', detail, fix });
