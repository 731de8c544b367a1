import { cellExpectedDirection } from './cell-expected-direction';
import { factorialCells, type FactorLevelsInput } from './factorial-cells';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `factors` has the shape the expansion needs (the schema reports anything else). */
function isFactorList(factors: unknown): factors is FactorLevelsInput[] {
  return (
    Array.isArray(factors) &&
    factors.length > 0 &&
    factors.every(
      (factor) =>
        isObject(factor) &&
        typeof factor.key === 'string' &&
        Array.isArray(factor.levels) &&
        factor.levels.length > 0 &&
        factor.levels.every((level) => isObject(level) && typeof level.key === 'string' && (level.params === undefined || isObject(level.params))),
    )
  );
}

/** Fills a per-arm record (by cell key) from a per-level declaration of one factor, keeping what the file set per cell. */
function byCell<Value>(declared: unknown, cells: readonly { key: string; factorLevels: Record<string, string> }[], factor: string, values: Readonly<Record<string, Value>>) {
  const explicit = isObject(declared) ? declared : {};
  const derived = Object.fromEntries(cells.flatMap((cell) => (values[cell.factorLevels[factor]!] === undefined ? [] : [[cell.key, values[cell.factorLevels[factor]!]]])));
  return { ...derived, ...explicit };
}

/**
 * Turns an experiment file written with `factors` (and `commonParams`)
 * instead of `arms` into one with arms: the cells of the factors' cross
 * product, equal weights, each with its `factorLevels`, the all-reference cell
 * first (the control). Declarations made per factor level become per-arm ones
 * the rest of the platform reads: an outcome's `expectedDirectionByFactor`
 * fills its `expectedDirection` (see cellExpectedDirection), a question's
 * `correctByFactor` fills its `correctByArm`. Per-cell declarations in the
 * file win. A file with `arms`, without factors or with factors too malformed
 * to expand is returned as it is, for the schema to judge.
 *
 * @example
 * expandFactorialDesign({ template: 'product-choice', factors: [defaultFactor, disclosureFactor], commonParams: { productOrder: 'randomised' }, … }).arms[0].key; // => 'revolving-hidden'
 */
export function expandFactorialDesign(file: unknown): unknown {
  if (!isObject(file) || file.arms !== undefined || !isFactorList(file.factors)) return file;
  const factors = file.factors;
  const cells = factorialCells(factors, isObject(file.commonParams) ? file.commonParams : {});
  const referenceLevels = Object.fromEntries(factors.map((factor) => [factor.key, factor.levels[0]!.key]));
  const arms = cells.map((cell) => ({ key: cell.key, label: cell.label, weight: 1, factorLevels: cell.factorLevels, params: cell.params }));
  const outcomes = Array.isArray(file.outcomes)
    ? file.outcomes.map((outcome: unknown) => {
        if (!isObject(outcome) || !isObject(outcome.expectedDirectionByFactor)) return outcome;
        const byFactor = outcome.expectedDirectionByFactor as Record<string, Record<string, 'higher' | 'lower'>>;
        const derived = Object.fromEntries(
          cells.slice(1).flatMap((cell) => {
            const direction = cellExpectedDirection(byFactor, cell.factorLevels, referenceLevels);
            return direction ? [[cell.key, direction]] : [];
          }),
        );
        return { ...outcome, expectedDirection: { ...derived, ...(isObject(outcome.expectedDirection) ? outcome.expectedDirection : {}) } };
      })
    : file.outcomes;
  const questionnaire = Array.isArray(file.questionnaire)
    ? file.questionnaire.map((question: unknown) => {
        if (!isObject(question) || !isObject(question.correctByFactor)) return question;
        const { factor, answers } = question.correctByFactor;
        if (typeof factor !== 'string' || !isObject(answers)) return question;
        return { ...question, correctByArm: byCell(question.correctByArm, cells, factor, answers) };
      })
    : file.questionnaire;
  return { ...file, arms, outcomes, questionnaire };
}
