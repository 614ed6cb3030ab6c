// A budget as one phrase: "day budget ~$4.10 of $5.00 (82%)", coloured by how close it is.
import { formatUsd } from '../report/format.js';
import type { Paint } from '../report/paint.js';
import type { BudgetStatus } from './budgets.js';

const KIND: Record<BudgetStatus['kind'], string> = { day: 'day budget', session: 'session budget', month: 'month budget' };

export function budgetText(b: BudgetStatus): string {
  return `${KIND[b.kind]} ${b.provisionalUsd > 0 ? '~' : ''}${formatUsd(b.spentUsd)} of ${formatUsd(b.limitUsd)} (${Math.round(b.fraction * 100)}%)`;
}

export function formatBudget(b: BudgetStatus, paint: Paint): string {
  const text = budgetText(b);
  return b.level === 'ok' ? text : paint[b.level](b.level === 'error' ? `${text} exceeded` : text);
}
