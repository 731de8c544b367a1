import type { Covariate } from './centred-covariate-columns';
import { compareBinary } from './compare-binary';
import { compareContinuous } from './compare-continuous';
import { covariateAdjustedEffect } from './covariate-adjusted-effect';
import { factorialEffects, type FactorColumn, type FactorialInteraction, type FactorialMainEffect } from './factorial-effects';
import { moderatorAnalysis, type ModeratorReport } from './moderator-analysis';
import { summarizeProportion } from './proportion-summary';

export interface ModelsOutcome {
  metric: string;
  type: 'continuous' | 'binary';
  /** One value per row, NaN where missing; 0/1 for binary outcomes. */
  values: ArrayLike<number>;
}

export interface ModelsInput {
  outcomes: readonly ModelsOutcome[];
  /**
   * The arm of each row (null where none). May be left out when `factors` are
   * given: each row's arm is then its cell, `A=a,B=b`, and the control the
   * cell of the reference levels.
   */
  arms?: readonly (string | null | undefined)[];
  /** The control arm; by default the first arm in row order (or the reference cell). */
  control?: string;
  /** `--covariate`: pre-treatment covariates for the Lin-adjusted effect of every comparison. */
  covariates?: readonly Covariate[];
  /** `--moderator`: categorical moderators, a level per row. */
  moderators?: readonly { name: string; values: readonly (string | null | undefined)[] }[];
  /** `--factor` (with `--reference`): the factors of a factorial design. */
  factors?: readonly FactorColumn[];
  /** `--compare ARM:ARM`: extra comparisons between two named arms (`control` is the second). */
  compare?: readonly { arm: string; control: string }[];
  confidenceLevel?: number;
}

/** The `adjusted` figure of a comparison, as issue #17's CLI prints it. */
export interface AdjustedEffectReport {
  diff: number;
  diffCi: [number, number];
  se: number;
  pValue: number;
  method: string;
}

export interface AdjustedComparison {
  arm: string;
  control: string;
  /** Null when the adjusted model cannot be fitted; the reason is in `problems`. */
  adjusted: AdjustedEffectReport | null;
  problems: string[];
}

export interface FactorialReport {
  mainEffects: FactorialMainEffect[];
  interactions: FactorialInteraction[];
  /** Why effects are missing (an empty or single-participant cell) or lack an interval. */
  problems: string[];
}

export type ExtraComparison = ReturnType<typeof compareContinuous> | ReturnType<typeof compareBinary>;

export interface MetricModels {
  metric: string;
  type: 'continuous' | 'binary';
  /** With covariates: the adjusted effect of each arm against control, then of each `compare` pair. */
  adjusted?: AdjustedComparison[];
  /**
   * The `compare` pairs as full comparisons (exactly as against control), in
   * the order given. Their `pAdjusted` still equals `pValue`: the family
   * adjustment must run over these and the comparisons against control together.
   */
  extraComparisons: ExtraComparison[];
  /** With moderators: one report per moderator. */
  moderators?: ModeratorReport[];
  /** With factors: main effects and interactions from cell means. */
  factorial?: FactorialReport;
}

export interface ModelsReport {
  /** The arms in row order (cells when they come from factors) and the control used. */
  arms: string[];
  control: string;
  confidenceLevel: number;
  metrics: MetricModels[];
}

/**
 * The models of issue #17 for every outcome, from column arrays, as the CLI
 * (`--covariate`, `--moderator`, `--factor`/`--reference`, `--compare`) and
 * the results page need them: Lin-adjusted effects for each comparison,
 * moderator reports, factorial effects, and arm-versus-arm comparisons. Pure:
 * the caller reads the file and merges the pieces into its report (attach
 * `adjusted` to the comparison with the same arm and control, append
 * `extraComparisons` and adjust the family's p-values).
 *
 * @example
 * modelsReport({ outcomes: [{ metric: 'amount', type: 'continuous', values: amounts }], arms, covariates: [{ name: 'age', kind: 'numeric', values: ages }] })
 *   .metrics[0].adjusted[0]; // => { arm: 'low-anchor', control: 'control', adjusted: { diff: −1207.8, … }, problems: [] } (say)
 * @throws RangeError on misuse: columns of different lengths, an unknown control or compared arm, a binary outcome with other values, neither arms nor factors.
 */
export function modelsReport(input: ModelsInput): ModelsReport {
  const { outcomes, covariates = [], moderators = [], factors = [], compare = [], confidenceLevel = 0.95 } = input;
  const rowCount = outcomes[0]?.values.length ?? input.arms?.length ?? 0;
  const checkLength = (what: string, length: number) => {
    if (length !== rowCount) throw new RangeError(`${what} has ${length} values for ${rowCount} rows`);
  };
  outcomes.forEach((outcome) => checkLength(`outcome "${outcome.metric}"`, outcome.values.length));
  covariates.forEach((covariate) => checkLength(`covariate "${covariate.name}"`, covariate.values.length));
  moderators.forEach((moderator) => checkLength(`moderator "${moderator.name}"`, moderator.values.length));
  factors.forEach((factor) => checkLength(`factor "${factor.name}"`, factor.values.length));
  for (const outcome of outcomes) {
    if (outcome.type !== 'binary') continue;
    for (let row = 0; row < rowCount; row += 1) {
      const value = outcome.values[row]!;
      if (Number.isFinite(value) && value !== 0 && value !== 1) throw new RangeError(`binary outcome "${outcome.metric}" has the value ${value} on row ${row + 1}`);
    }
  }

  const { arms, control } = armsOf(input, rowCount);
  const armOrder = [...new Set(arms.filter((arm): arm is string => arm !== null && arm !== undefined && arm !== ''))];
  if (!armOrder.includes(control)) throw new RangeError(`the control arm "${control}" is not among the arms (${armOrder.join(', ')})`);
  for (const pair of compare) {
    for (const arm of [pair.arm, pair.control]) {
      if (!armOrder.includes(arm)) throw new RangeError(`compared arm "${arm}" is not among the arms (${armOrder.join(', ')})`);
    }
    if (pair.arm === pair.control) throw new RangeError(`an arm cannot be compared with itself ("${pair.arm}")`);
  }
  const comparisons = [...armOrder.filter((arm) => arm !== control).map((arm) => ({ arm, control })), ...compare];

  const metrics = outcomes.map((outcome): MetricModels => {
    const valuesOf = (arm: string) => {
      const values: number[] = [];
      for (let row = 0; row < rowCount; row += 1) if (arms[row] === arm && Number.isFinite(outcome.values[row]!)) values.push(outcome.values[row]!);
      return Float64Array.from(values);
    };
    const extraComparisons = compare.map(({ arm, control: baseline }) =>
      outcome.type === 'continuous'
        ? compareContinuous(arm, valuesOf(arm), baseline, valuesOf(baseline), confidenceLevel)
        : compareBinary(arm, summarizeProportion(valuesOf(arm)), baseline, summarizeProportion(valuesOf(baseline)), confidenceLevel),
    );
    const metric: MetricModels = { metric: outcome.metric, type: outcome.type, extraComparisons };
    if (covariates.length > 0) {
      metric.adjusted = comparisons.map(({ arm, control: baseline }) => {
        const effect = covariateAdjustedEffect({ outcome: outcome.values, arms, arm, control: baseline, covariates }, confidenceLevel);
        if (!effect.available) return { arm, control: baseline, adjusted: null, problems: [`adjusted: ${effect.reason}`] };
        const { diff, diffCi, se, pValue } = effect;
        const method = outcome.type === 'binary' ? `${effect.method}; the binary outcome as a linear probability model` : effect.method;
        const problems = effect.omittedColumns.map((column) => `adjusted: covariate column "${column}" does not vary (or repeats others) in these arms and was left out`);
        return { arm, control: baseline, adjusted: { diff, diffCi, se, pValue, method }, problems };
      });
    }
    if (moderators.length > 0) {
      metric.moderators = moderators.map((moderator) =>
        moderatorAnalysis({
          moderator: moderator.name,
          type: outcome.type,
          outcome: outcome.values,
          arms,
          moderatorValues: moderator.values,
          control,
          comparisons,
          confidenceLevel,
        }),
      );
    }
    if (factors.length > 0) {
      const effects = factorialEffects({ outcome: outcome.values, factors }, confidenceLevel);
      metric.factorial = effects.available
        ? { mainEffects: effects.mainEffects, interactions: effects.interactions, problems: effects.problems }
        : { mainEffects: [], interactions: [], problems: [effects.reason] };
    }
    return metric;
  });
  return { arms: armOrder, control, confidenceLevel, metrics };
}

/** The arm of each row and the control: given, or the factorial cells and the reference cell. */
function armsOf(input: ModelsInput, rowCount: number): { arms: readonly (string | null | undefined)[]; control: string } {
  if (input.arms) {
    if (input.arms.length !== rowCount) throw new RangeError(`the arm column has ${input.arms.length} values for ${rowCount} rows`);
    const first = input.arms.find((arm) => arm !== null && arm !== undefined && arm !== '');
    return { arms: input.arms, control: input.control ?? first ?? '' };
  }
  const factors = input.factors ?? [];
  if (factors.length === 0) throw new RangeError('the models need an arm column or factors');
  const present = (value: string | null | undefined): value is string => value !== null && value !== undefined && value !== '';
  const references = factors.map((factor) => factor.reference ?? factor.levels?.[0] ?? factor.values.find(present) ?? '');
  const cellOf = (levels: readonly (string | null | undefined)[]) =>
    levels.every(present) ? levels.map((level, index) => `${factors[index]!.name}=${level}`).join(',') : null;
  const arms = Array.from({ length: rowCount }, (_, row) => cellOf(factors.map((factor) => factor.values[row])));
  return { arms, control: input.control ?? cellOf(references) ?? '' };
}
