/**
 * The minimum payment on a credit-card or revolving-credit statement: a
 * percentage of the balance, rounded to the cent, but at least a floor, and
 * never more than the balance itself.
 *
 * @example
 * minimumPayment(1250, { percentOfBalance: 2, floor: 25 });  // => 25
 * minimumPayment(3000, { percentOfBalance: 2, floor: 25 });  // => 60
 * minimumPayment(10.5, { percentOfBalance: 2, floor: 25 });  // => 10.5
 * @throws RangeError for a negative balance, percentage or floor.
 */
export function minimumPayment(balance: number, { percentOfBalance, floor }: { percentOfBalance: number; floor: number }): number {
  if (!(balance >= 0) || !(percentOfBalance >= 0) || !(floor >= 0)) {
    throw new RangeError(`balance, percentage and floor must not be negative, got ${balance}, ${percentOfBalance}, ${floor}`);
  }
  const share = Math.round(balance * percentOfBalance) / 100;
  return Math.min(balance, Math.max(floor, share));
}
