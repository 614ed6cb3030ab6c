// A budget as one phrase: "day budget $4.10 of $5.00 (82%)", coloured by how close it is.
import type { BudgetStatus } from '../insights/budgets.js';
import { formatUsd } from './format.js';
import type { Paint } from './paint.js';

const KIND: Record<BudgetStatus['kind'], string> = { day: 'day budget', session: 'session budget', month: 'month budget' };

export function budgetText(b: BudgetStatus): string {
  return `${KIND[b.kind]} ${formatUsd(b.spentUsd)} of ${formatUsd(b.limitUsd)} (${Math.round(b.fraction * 100)}%)`;
}

export function formatBudget(b: BudgetStatus, paint: Paint): string {
  const text = budgetText(b);
  return b.level === 'ok' ? text : paint[b.level](b.level === 'error' ? `${text} exceeded` : text);
}
