// The --budget-* flags: amounts in USD a person typed, read without guessing. Kept apart from the
// config file's loading so the command line can parse them without loading it.

export interface BudgetFlags {
  budgetDay?: number;
  budgetSession?: number;
  budgetMonth?: number;
}

/** A --budget-* flag whose value is not a positive amount in USD. */
export class BudgetUsageError extends Error {
  constructor(
    readonly flag: string,
    readonly value: string,
  ) {
    super(`${flag} must be a positive amount in USD, e.g. 5 or 12.50, not "${value}"`);
    this.name = 'BudgetUsageError';
  }
}

// Plain decimal dollars, an optional leading "$": "5", "12.50", "$3", ".5". No exponents or
// thousands separators, so what a person typed is what cc-top compares against.
const USD_AMOUNT = /^\$?(\d+(\.\d*)?|\.\d+)$/;

export function parseUsd(text: string, flag: string): number {
  const trimmed = text.trim();
  const value = USD_AMOUNT.test(trimmed) ? Number(trimmed.replace('$', '')) : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new BudgetUsageError(flag, text);
  return value;
}
