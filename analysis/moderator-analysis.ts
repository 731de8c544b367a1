import { moderatorInteractionTest } from './moderator-interaction-test';
import { summarizeProportion } from './proportion-summary';
import { binaryTestPValue } from './binary-test-p-value';
import { riskDifference } from './risk-difference';
import { summarizeSample } from './sample-summary';
import { welchTTest } from './welch-t-test';

/** One comparison within one level of a moderator; null figures come with a reason in `problems`. */
export interface ModeratorLevelComparison {
  arm: string;
  control: string;
  diff: number | null;
  diffCi: [number, number] | null;
  pValue: number | null;
  problems: string[];
}

export interface ModeratorReport {
  moderator: string;
  levels: { level: string; n: number; comparisons: ModeratorLevelComparison[] }[];
  /** The HC2 Wald F-test of arm × moderator; null with a reason in `problems` when it cannot be run. */
  interaction: { F: number; df1: number; df2: number; pValue: number } | null;
  problems: string[];
}

export interface ModeratorAnalysisInput {
  moderator: string;
  type: 'continuous' | 'binary';
  /** The outcome per row (NaN where missing); 0/1 for binary outcomes. */
  outcome: ArrayLike<number>;
  /** The arm of each row (null where none). */
  arms: readonly (string | null | undefined)[];
  /** The moderator's level on each row (null, undefined or '' where missing). */
  moderatorValues: readonly (string | null | undefined)[];
  control: string;
  /** The comparisons to repeat in each level; by default every other arm (in order of appearance) against control. */
  comparisons?: readonly { arm: string; control: string }[];
  confidenceLevel?: number;
}

/**
 * A declared moderator: within each of its levels (in order of appearance)
 * the usual comparisons (Welch's t for continuous outcomes, the risk
 * difference with Newcombe's interval and the chi-square p for binary ones),
 * and the HC2 Wald F-test of the arm × moderator interaction. A level where
 * an arm is missing or too small gives that comparison a reason, not a crash.
 *
 * @example
 * moderatorAnalysis({ moderator: 'literacy', type: 'continuous', outcome: amounts, arms, moderatorValues: literacy, control: 'control' }).levels[0].level; // => 'low'
 * @throws RangeError when the columns' lengths differ or a binary outcome has a value other than 0 or 1.
 */
export function moderatorAnalysis(input: ModeratorAnalysisInput): ModeratorReport {
  const { moderator, type, outcome, arms, moderatorValues, control, confidenceLevel = 0.95 } = input;
  if (arms.length !== outcome.length || moderatorValues.length !== outcome.length) {
    throw new RangeError(`${outcome.length} outcomes, ${arms.length} arm labels and ${moderatorValues.length} values of "${moderator}": they must be equal`);
  }
  const valuesByLevelAndArm = new Map<string, Map<string, number[]>>();
  const armOrder: string[] = [];
  for (let row = 0; row < outcome.length; row += 1) {
    const arm = arms[row];
    const level = moderatorValues[row];
    if (arm === null || arm === undefined || level === null || level === undefined || level === '' || !Number.isFinite(outcome[row]!)) continue;
    if (!armOrder.includes(arm)) armOrder.push(arm);
    const byArm = valuesByLevelAndArm.get(level) ?? new Map<string, number[]>();
    valuesByLevelAndArm.set(level, byArm);
    const values = byArm.get(arm) ?? [];
    byArm.set(arm, values);
    values.push(outcome[row]!);
  }
  const comparisons = input.comparisons ?? armOrder.filter((arm) => arm !== control).map((arm) => ({ arm, control }));

  const levels = [...valuesByLevelAndArm].map(([level, byArm]) => ({
    level,
    n: [...byArm.values()].reduce((total, values) => total + values.length, 0),
    comparisons: comparisons.map((comparison) => compareWithinLevel(comparison, byArm, `${moderator} = "${level}"`, type, confidenceLevel)),
  }));

  const interaction = moderatorInteractionTest({ outcome, arms, moderator: moderatorValues, control });
  return {
    moderator,
    levels,
    interaction: interaction.available ? { F: interaction.F, df1: interaction.df1, df2: interaction.df2, pValue: interaction.pValue } : null,
    problems: interaction.available ? [] : [`interaction: ${interaction.reason}`],
  };
}

function compareWithinLevel(
  { arm, control }: { arm: string; control: string },
  valuesByArm: ReadonlyMap<string, number[]>,
  where: string,
  type: 'continuous' | 'binary',
  confidenceLevel: number,
): ModeratorLevelComparison {
  const treatmentValues = valuesByArm.get(arm) ?? [];
  const controlValues = valuesByArm.get(control) ?? [];
  const missing = [arm, control].filter((name) => (valuesByArm.get(name) ?? []).length === 0);
  if (missing.length > 0) {
    const problems = missing.map((name) => `arm "${name}" has no participants with this outcome at ${where}`);
    return { arm, control, diff: null, diffCi: null, pValue: null, problems };
  }
  if (type === 'continuous') {
    const welch = welchTTest(summarizeSample(treatmentValues), summarizeSample(controlValues), confidenceLevel);
    if (!welch.available) return { arm, control, diff: null, diffCi: null, pValue: null, problems: [`${welch.reason} (at ${where})`] };
    return { arm, control, diff: welch.difference, diffCi: welch.confidenceInterval, pValue: welch.pValue, problems: [] };
  }
  const treatment = summarizeProportion(treatmentValues);
  const baseline = summarizeProportion(controlValues);
  const difference = riskDifference(treatment, baseline, confidenceLevel);
  if (!difference.available) return { arm, control, diff: null, diffCi: null, pValue: null, problems: [`${difference.reason} (at ${where})`] };
  // Small subgroups are where expected counts fall below 5: the same test as the whole comparison, Fisher's exact there.
  const tested = binaryTestPValue(treatment, baseline, difference.pValue);
  const problems = difference.pValue === null ? [`every participant at ${where} had the same outcome: the chi-square test is undefined`] : tested.note ? [`${tested.note} (at ${where})`] : [];
  return { arm, control, diff: difference.difference, diffCi: difference.confidenceInterval, pValue: tested.pValue, problems };
}
