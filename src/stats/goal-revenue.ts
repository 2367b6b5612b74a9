import type { GoalConversionRow } from '../store/goal-store.js';
import { roundMoney } from './currency-digits.js';

/**
 * One goal's revenue per currency, from conversions grouped by currency (`by: ['currency']`):
 * each amount rounded to its currency's minor unit, currencies in code order. A row without a
 * currency carried no revenue and is left out. The webhook batches and the digests both say it so.
 */
export function goalRevenue(
  byCurrency: readonly GoalConversionRow[],
  goalId: string,
): { currency: string; amount: number }[] {
  return byCurrency
    .filter((row) => row.goalId === goalId && row.currency)
    .map((row) => ({
      currency: row.currency as string,
      amount: roundMoney(row.revenue, row.currency as string),
    }))
    .sort((a, b) => (a.currency < b.currency ? -1 : 1));
}
