/**
 * The monthly interest rate implied by an annual percentage rate (Dutch JKP,
 * jaarlijks kostenpercentage), compounding monthly: i = (1 + JKP)^(1/12) − 1.
 *
 * Dutch lenders quote the JKP as an effective annual rate, so dividing by 12
 * would overstate the monthly rate.
 *
 * @example
 * monthlyRateFromApr(0.1199); // => 0.0095000... (0.95% a month)
 * @throws RangeError when the rate is negative or not finite.
 */
export function monthlyRateFromApr(annualPercentageRate: number): number {
  if (!Number.isFinite(annualPercentageRate) || annualPercentageRate < 0) {
    throw new RangeError(`annual percentage rate must be a finite number ≥ 0, got ${annualPercentageRate}`);
  }
  return Math.pow(1 + annualPercentageRate, 1 / 12) - 1;
}
