import { ordinaryLeastSquares, type DesignColumn } from './ordinary-least-squares';
import { unavailable, type Unavailable } from './unavailable';
import { waldFTest, type WaldFTestResult } from './wald-f-test';

export interface ModeratorInteractionInput {
  /** The outcome per row (NaN where missing). */
  outcome: ArrayLike<number>;
  /** The arm of each row (null where none). */
  arms: readonly (string | null | undefined)[];
  /** The moderator's level on each row (null, undefined or '' where missing). */
  moderator: readonly (string | null | undefined)[];
  /** The reference arm; its indicator is left out. */
  control: string;
}

/**
 * Whether the treatment effects differ between the moderator's levels: the
 * HC2 Wald F-test, joint over the arm × moderator interaction terms, of
 * `full = lm(y ~ arm * m)` against `reduced = lm(y ~ arm + m)`, as R's
 * `lmtest::waldtest(full, reduced, vcov = sandwich::vcovHC(full, type = "HC2"), test = "F")`.
 * Rows missing the outcome, the arm or the moderator are left out. An
 * interaction that cannot be estimated (an arm absent from a level) is
 * aliased, as in `lm`, and the test runs over the estimable terms (df1 drops).
 * An arm with a single participant at a level makes HC2 undefined (leverage
 * 1; R's vcovHC gives NaN): the result says which.
 *
 * @example
 * moderatorInteractionTest({ outcome: amounts, arms, moderator: literacy, control: 'control' }); // => { available: true, F: 0.18, df1: 2, df2: 143, pValue: 0.84 } (say)
 * @throws RangeError when the columns' lengths differ.
 */
export function moderatorInteractionTest({ outcome, arms, moderator, control }: ModeratorInteractionInput): WaldFTestResult | Unavailable {
  if (arms.length !== outcome.length || moderator.length !== outcome.length) {
    throw new RangeError(`${outcome.length} outcomes, ${arms.length} arm labels and ${moderator.length} moderator values: they must be equal`);
  }
  const rows: number[] = [];
  for (let row = 0; row < outcome.length; row += 1) {
    const arm = arms[row];
    const level = moderator[row];
    if (arm !== null && arm !== undefined && level !== null && level !== undefined && level !== '' && Number.isFinite(outcome[row]!)) rows.push(row);
  }
  const armOrder = [...new Set(rows.map((row) => arms[row]!))];
  const levels = [...new Set(rows.map((row) => moderator[row]!))];
  if (!armOrder.includes(control)) return unavailable(`the control arm "${control}" has no rows with the outcome and the moderator`);
  const treatments = armOrder.filter((arm) => arm !== control);
  if (treatments.length === 0) return unavailable('only the control arm has rows with the outcome and the moderator: no treatment to interact');
  if (levels.length < 2) return unavailable(`the moderator has a single level ("${levels[0] ?? ''}") on these rows: no interaction to test`);

  const cellCounts = new Map<string, number>();
  for (const row of rows) {
    const cell = JSON.stringify([arms[row], moderator[row]]);
    cellCounts.set(cell, (cellCounts.get(cell) ?? 0) + 1);
  }
  const lonely = [...cellCounts].find(([, count]) => count === 1);
  if (lonely) {
    const [arm, level] = JSON.parse(lonely[0]) as [string, string];
    return unavailable(`arm "${arm}" has a single participant at level "${level}": the HC2 standard errors of the interaction are undefined`);
  }
  const indicator = (name: string, test: (row: number) => boolean): DesignColumn => ({ name, values: Float64Array.from(rows, (row) => (test(row) ? 1 : 0)) });
  const armColumns = treatments.map((arm) => indicator(`arm=${arm}`, (row) => arms[row] === arm));
  const levelColumns = levels.slice(1).map((level) => indicator(`m=${level}`, (row) => moderator[row] === level));
  // R's column order for arm * m: arm varies fastest within each moderator level.
  const interactionColumns = levels.slice(1).flatMap((level) =>
    treatments.map((arm) => indicator(`arm=${arm}:m=${level}`, (row) => arms[row] === arm && moderator[row] === level)),
  );
  const fit = ordinaryLeastSquares(
    {
      columns: [indicator('(Intercept)', () => true), ...armColumns, ...levelColumns, ...interactionColumns],
      outcome: Float64Array.from(rows, (row) => outcome[row]!),
    },
    { dropAliased: true },
  );
  if (!fit.available) return unavailable(`the interaction model cannot be fitted: ${fit.reason}`);
  const interactionNames = new Set(interactionColumns.map((column) => column.name));
  const tested = fit.terms.flatMap((term, index) => (interactionNames.has(term) ? [index] : []));
  if (tested.length === 0) return unavailable('no arm × moderator interaction can be estimated: every arm would need rows in at least two levels');
  return waldFTest(fit.coefficients, fit.covariance, tested, fit.residualDegreesOfFreedom);
}
