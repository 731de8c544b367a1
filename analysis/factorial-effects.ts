import { studentTQuantile, twoSidedTPValue } from './distributions';
import { summarizeSample, type SampleSummary } from './sample-summary';
import { unavailable, type Unavailable } from './unavailable';

/** A factor of a factorial design: its level on each row (null, undefined or '' where missing). */
export interface FactorColumn {
  name: string;
  values: readonly (string | null | undefined)[];
  /** The levels in order; by default in order of first appearance. */
  levels?: readonly string[];
  /** The level every other is compared with; the first level by default. */
  reference?: string;
}

export interface FactorialMainEffect {
  factor: string;
  level: string;
  reference: string;
  /** Null only when the values are too large to average. */
  estimate: number | null;
  ci: [number, number] | null;
  pValue: number | null;
}

export interface FactorialInteraction {
  /** `A=a:B=b`, the treatment-coded interaction term. */
  term: string;
  /** Null only when the values are too large to average. */
  estimate: number | null;
  ci: [number, number] | null;
  pValue: number | null;
}

export interface FactorialEffects {
  available: true;
  mainEffects: FactorialMainEffect[];
  interactions: FactorialInteraction[];
  /** Each cell (named `A=a,B=b`) with its count, mean and variance. */
  cells: ({ cell: string } & SampleSummary)[];
  /** n − number of cells. */
  degreesOfFreedom: number;
  /** Why a figure is null (a contrast with zero variance). */
  problems: string[];
}

/**
 * Factorial effects from cell means, each cell with its own variance (HC2 on
 * the saturated cell-means model: var(mean_c) = s²_c / n_c) and t on n − cells
 * degrees of freedom, as R's `lm_robust(y ~ 0 + cell, se_type = "HC2")` with
 * linear contrasts:
 * - main effect of each non-reference level of each factor against its
 *   reference, averaged with equal weight over the other factors' cells;
 * - for each pair of factors and each pair of their non-reference levels, the
 *   difference in differences against the reference levels, taken at the
 *   reference levels of any other factor: the treatment-coded interaction
 *   coefficient of the saturated `lm_robust(y ~ A * B [* C…])`.
 * Rows missing the outcome or a factor are left out. Every cell needs at
 * least two participants; otherwise the result says which cell fails.
 *
 * @example
 * factorialEffects({ outcome: choseRevolving, factors: [{ name: 'default', values: defaults }, { name: 'disclosure', values: disclosures }] }).mainEffects[0];
 * // => { factor: 'default', level: 'fixed', reference: 'revolving', estimate: −0.41, ci: [−0.56, −0.26], pValue: 1.2e-7 } (say)
 * @throws RangeError without factors, when lengths differ, a reference is not a level, or a value is not among declared levels.
 */
export function factorialEffects(
  { outcome, factors }: { outcome: ArrayLike<number>; factors: readonly FactorColumn[] },
  confidenceLevel = 0.95,
): FactorialEffects | Unavailable {
  if (factors.length === 0) throw new RangeError('a factorial analysis needs at least one factor');
  const levelsOf = factors.map((factor) => orderedLevels(factor, outcome.length));
  for (const [index, levels] of levelsOf.entries()) {
    if (levels.length < 2) return unavailable(`factor "${factors[index]!.name}" has ${levels.length === 0 ? 'no levels' : `a single level ("${levels[0]}")`}: nothing to compare`);
  }
  const cellCount = levelsOf.reduce((product, levels) => product * levels.length, 1);
  const levelIndexes = levelsOf.map((levels) => new Map(levels.map((level, index) => [level, index])));
  const valuesByCell: number[][] = Array.from({ length: cellCount }, () => []);
  for (let row = 0; row < outcome.length; row += 1) {
    if (!Number.isFinite(outcome[row]!)) continue;
    let cell = 0;
    let complete = true;
    for (const [index, factor] of factors.entries()) {
      const level = factor.values[row];
      if (level === null || level === undefined || level === '') {
        complete = false;
        break;
      }
      cell = cell * levelsOf[index]!.length + levelIndexes[index]!.get(level)!;
    }
    if (complete) valuesByCell[cell]!.push(outcome[row]!);
  }
  const coordinates = (cell: number) => {
    const result = new Array<number>(factors.length);
    for (let index = factors.length - 1; index >= 0; index -= 1) {
      result[index] = cell % levelsOf[index]!.length;
      cell = Math.floor(cell / levelsOf[index]!.length);
    }
    return result;
  };
  const cellName = (cell: number) => coordinates(cell).map((level, index) => `${factors[index]!.name}=${levelsOf[index]![level]}`).join(',');
  const cells = valuesByCell.map((values, cell) => ({ cell: cellName(cell), ...summarizeSample(values) }));
  const empty = cells.filter((cell) => cell.n === 0).map((cell) => `"${cell.cell}"`);
  if (empty.length > 0) return unavailable(`${empty.length === 1 ? 'cell' : 'cells'} ${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no participants with this outcome: effects from cell means need every cell`);
  const single = cells.filter((cell) => cell.n === 1).map((cell) => `"${cell.cell}"`);
  if (single.length > 0) return unavailable(`${single.length === 1 ? 'cell' : 'cells'} ${single.join(', ')} ${single.length === 1 ? 'has' : 'have'} a single participant: a cell's variance needs at least two`);

  const n = cells.reduce((total, cell) => total + cell.n, 0);
  const degreesOfFreedom = n - cellCount;
  const quantile = studentTQuantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom);
  const problems: string[] = [];
  const contrast = (label: string, weightOf: (levels: number[]) => number) => {
    let estimate = 0;
    let variance = 0;
    cells.forEach((cell, index) => {
      const weight = weightOf(coordinates(index));
      estimate += weight * cell.mean;
      variance += (weight * weight * cell.variance) / cell.n;
    });
    const se = Math.sqrt(variance);
    if (!Number.isFinite(estimate) || !Number.isFinite(se)) {
      problems.push(`${label}: the values are too large or too small to compute this effect`);
      return { estimate: Number.isFinite(estimate) ? estimate : null, ci: null, pValue: null };
    }
    if (!(se > 0)) {
      problems.push(`${label}: every cell involved has zero variance, so the estimate has no confidence interval or p-value`);
      return { estimate, ci: null, pValue: null };
    }
    return { estimate, ci: [estimate - quantile * se, estimate + quantile * se] as [number, number], pValue: twoSidedTPValue(estimate / se, degreesOfFreedom) };
  };

  const mainEffects = factors.flatMap((factor, factorIndex) => {
    const otherCells = cellCount / levelsOf[factorIndex]!.length;
    return levelsOf[factorIndex]!.slice(1).map((level, offset): FactorialMainEffect => {
      const levelIndex = offset + 1;
      const weightOf = (levels: number[]) => (levels[factorIndex] === levelIndex ? 1 : levels[factorIndex] === 0 ? -1 : 0) / otherCells;
      return { factor: factor.name, level, reference: levelsOf[factorIndex]![0]!, ...contrast(`${factor.name}=${level}`, weightOf) };
    });
  });

  const interactions: FactorialInteraction[] = [];
  for (let first = 0; first < factors.length; first += 1) {
    for (let second = first + 1; second < factors.length; second += 1) {
      for (let a = 1; a < levelsOf[first]!.length; a += 1) {
        for (let b = 1; b < levelsOf[second]!.length; b += 1) {
          const term = `${factors[first]!.name}=${levelsOf[first]![a]}:${factors[second]!.name}=${levelsOf[second]![b]}`;
          const weightOf = (levels: number[]) => {
            if (levels.some((level, index) => index !== first && index !== second && level !== 0)) return 0;
            const firstSign = levels[first] === a ? 1 : levels[first] === 0 ? -1 : 0;
            const secondSign = levels[second] === b ? 1 : levels[second] === 0 ? -1 : 0;
            return firstSign * secondSign;
          };
          interactions.push({ term, ...contrast(term, weightOf) });
        }
      }
    }
  }
  return { available: true, mainEffects, interactions, cells, degreesOfFreedom, problems };
}

/** The factor's levels with the reference first; checks that declared levels cover the values. */
function orderedLevels(factor: FactorColumn, rows: number): string[] {
  if (factor.values.length !== rows) throw new RangeError(`factor "${factor.name}" has ${factor.values.length} values for ${rows} outcomes`);
  const seen = [...new Set(factor.values.filter((value): value is string => value !== null && value !== undefined && value !== ''))];
  const levels = factor.levels ? [...factor.levels] : seen;
  if (factor.levels) {
    const unknown = seen.filter((value) => !factor.levels!.includes(value));
    if (unknown.length > 0) throw new RangeError(`factor "${factor.name}" has values that are not among its levels: ${unknown.join(', ')}`);
  }
  if (factor.reference === undefined) return levels;
  if (!levels.includes(factor.reference)) {
    throw new RangeError(`the reference "${factor.reference}" is not a level of factor "${factor.name}" (levels: ${levels.join(', ')})`);
  }
  return [factor.reference, ...levels.filter((level) => level !== factor.reference)];
}
