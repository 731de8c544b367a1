import type { BinaryComparison, ContinuousComparison, Verdict } from '../../analysis/analysis-report';
import { levelText, pValueText, type OutcomeUnitFormat } from './figure-format';

export interface WordingContext {
  armLabel: string;
  controlLabel: string;
  /** The outcome's label, e.g. "Requested amount" or, for a binary outcome, a verb phrase such as "Chose revolving credit". */
  outcomeLabel: string;
  type: 'continuous' | 'binary';
  format: OutcomeUnitFormat;
  /** Which interval leads: the fixed-horizon CI, or the peeking-safe confidence sequence while the experiment runs. */
  headline: 'fixed' | 'sequential';
  /** Level of the fixed-horizon interval, e.g. 0.95. */
  confidence: number;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Why there is no peeking-safe interval while one leads: the sequence needs
 * the difference's standard error, which is 0 or missing when nobody in an
 * arm varies. Null when the comparison has its sequence, or lacks a
 * difference altogether (its own notes say why).
 */
function missingSequenceText(comparison: ContinuousComparison | BinaryComparison): string | null {
  if (comparison.diffCiSequential !== null || comparison.diff === null) return null;
  return 'no confidence sequence can be computed: every participant in each arm had the same outcome, so the difference has no standard error';
}

/** What the sentence is about: the outcome itself, or for a binary outcome the share of participants who did it. */
const subjectOf = ({ type, outcomeLabel }: WordingContext) => (type === 'binary' ? `the share of participants who ${lowerFirst(outcomeLabel)}` : lowerFirst(outcomeLabel));

/**
 * Whether the headline evidence also shows the difference to lie within the
 * smallest effect of interest: the equivalence test at α, or while running
 * the confidence sequence inside ±margin. A significant effect can be this
 * small with a large sample; the sentence must then say it is too small to matter.
 */
function withinSmallestEffect(comparison: ContinuousComparison | BinaryComparison, sequential: boolean, alpha: number): boolean {
  const margin = comparison.smallestEffectOfInterest;
  if (margin === null) return false;
  if (sequential) return comparison.diffCiSequential !== null && comparison.diffCiSequential[0] > -margin && comparison.diffCiSequential[1] < margin;
  return comparison.equivalenceP !== null && comparison.equivalenceP < alpha;
}

/** The too-early reason, or while nothing more will come (stopped, or the plan reached) "too few analysed". */
const tooFewText = (comparison: ContinuousComparison | BinaryComparison, sequential: boolean) =>
  sequential ? comparison.verdictReason : comparison.verdictReason.replace(/^too early to test/, 'too few analysed to test');

/** Why a comparison has no p-value, from its notes: the test's own reason when it names one. */
function noTestText(comparison: ContinuousComparison | BinaryComparison): string {
  const reason = comparison.problems.find((problem) => /test is undefined/.test(problem));
  return `no test of a difference was possible${reason ? `: ${reason.replace(/: the [\w-]+ test is undefined$/, '')}` : ''}`;
}

/** The family adjustment in words, e.g. "adjusted p < 0.001, Holm over the 2 primary comparisons"; why there is none when no test was possible. */
function familyText(comparison: ContinuousComparison | BinaryComparison): string {
  if (comparison.pValue === null) return noTestText(comparison);
  const method = comparison.correction === 'holm' ? 'Holm' : comparison.correction === 'bh' ? 'Benjamini–Hochberg' : 'no correction';
  const over =
    comparison.family === 'primary'
      ? `the ${comparison.familySize} primary comparison${comparison.familySize === 1 ? '' : 's'}`
      : comparison.family === 'secondary'
        ? `the ${comparison.familySize} secondary comparisons`
        : `this outcome’s ${comparison.familySize} comparison${comparison.familySize === 1 ? '' : 's'}`;
  const adjusted = `${pValueText(comparison.pAdjusted, 'adjusted p')}, ${method} over ${over}`;
  return comparison.family === 'secondary' ? `exploratory: ${pValueText(comparison.pValue)}, ${adjusted}` : adjusted;
}

function hypothesisText(comparison: ContinuousComparison | BinaryComparison, sign: number): string {
  if (comparison.expectedDirection === null) return 'no direction was hypothesised';
  const wanted = comparison.expectedDirection === 'higher' ? 1 : -1;
  if (sign === 0) return `the hypothesis expected it ${comparison.expectedDirection}`;
  return sign === wanted ? 'in the hypothesised direction' : `opposite to the hypothesis (expected ${comparison.expectedDirection})`;
}

/**
 * One comparison in a sentence a behavioural scientist would sign, following
 * its verdict: a rise or fall only when the (family-adjusted) test says so;
 * "no change … beyond the smallest effect of interest" only when the
 * equivalence test says so; otherwise the estimate with the plain statement
 * that the data cannot tell. Binary outcomes read as shares in percentage
 * points. While the experiment runs the interval is the peeking-safe
 * confidence sequence and the verdict is the one it gives.
 *
 * @example
 * comparisonInWords(comparison, context);
 * // => 'Pre-filled €2,500 lowered requested amount by €1,754 (95% CI €1,176 to €2,332) compared with Empty amount field, in the hypothesised direction; adjusted p < 0.001, Holm over the 2 primary comparisons.'
 */
export function comparisonInWords(comparison: ContinuousComparison | BinaryComparison, context: WordingContext): string {
  const { armLabel, controlLabel, format, headline } = context;
  const subject = subjectOf(context);
  const sequential = headline === 'sequential';
  if (comparison.verdict === null && comparison.verdictReason.startsWith('too early')) {
    return `${armLabel} against ${controlLabel}: ${tooFewText(comparison, sequential)}.`;
  }
  const interval = sequential ? comparison.diffCiSequential : comparison.diffCi;
  const verdict: Verdict | null = sequential ? comparison.sequentialVerdict : comparison.verdict;
  if (comparison.diff === null || interval === null || verdict === null) {
    const missingSequence = sequential ? missingSequenceText(comparison) : null;
    return `${armLabel} against ${controlLabel}: ${missingSequence ?? (comparison.problems.join('; ') || comparison.verdictReason || 'not computable')}.`;
  }
  const diff = comparison.diff;
  const [low, high] = interval;
  const evidence = familyText(comparison);
  // The sign as the sentence shows it: a difference that reads as 0 (floating-point noise) has no direction.
  const sign = format.amount(Math.abs(diff)) === format.amount(0) ? 0 : Math.sign(diff);
  // Under a correction the verdict follows the adjusted p, but the interval is not adjusted: one that excludes zero beside an inconclusive verdict must say so.
  const unadjusted = !sequential && verdict === 'inconclusive' && comparison.familySize > 1 && comparison.correction !== 'none' && (low > 0 || high < 0);
  const intervalName = sequential ? `${levelText(comparison.sequentialConfidenceLevel)} confidence sequence` : `${unadjusted ? 'unadjusted ' : ''}${levelText(context.confidence)} CI`;

  if (verdict === 'higher' || verdict === 'lower') {
    const [from, to] = verdict === 'lower' ? [-high, -low] : [low, high];
    const [size, fromText, toText] = format.amounts([Math.abs(diff), from, to]);
    const verb =
      context.type === 'binary' ? (verdict === 'lower' ? 'fell' : 'rose') : verdict === 'lower' ? 'lowered' : 'raised';
    const where = sequential ? '; the confidence sequence excludes zero' : `; ${evidence}`;
    const body =
      context.type === 'binary'
        ? `With ${armLabel}, ${subject} ${verb} by ${size} (${intervalName} ${fromText} to ${toText}) compared with ${controlLabel}`
        : `${armLabel} ${verb} ${subject} by ${size} (${intervalName} ${fromText} to ${toText}) compared with ${controlLabel}`;
    const tooSmall = withinSmallestEffect(comparison, sequential, 1 - context.confidence)
      ? `; but the effect is smaller than the smallest effect of interest (±${format.amount(comparison.smallestEffectOfInterest!)}; ${sequential ? `the ${intervalName} lies within it` : `equivalence test ${pValueText(comparison.equivalenceP)}`})`
      : '';
    return `${body}, ${hypothesisText(comparison, verdict === 'higher' ? 1 : -1)}${where}${tooSmall}.`;
  }
  if (verdict === 'equivalent') {
    const margin = comparison.smallestEffectOfInterest!;
    const test = sequential ? `the ${intervalName} lies within it` : `equivalence test ${pValueText(comparison.equivalenceP)}`;
    const [diffText, lowText, highText] = format.amounts([diff, low, high]);
    return `${armLabel} made no change to ${subject} beyond the smallest effect of interest (±${format.amount(margin)}) compared with ${controlLabel}: the difference is ${diffText} (${intervalName} ${lowText} to ${highText}); ${test}.`;
  }
  const [size, lowText, highText] = format.amounts([sign === 0 ? 0 : Math.abs(diff), low, high]);
  const estimate =
    sign === 0
      ? `${subject} was the same in the sample as with ${controlLabel} (difference ${format.amount(0)}`
      : `${subject} was ${size} ${sign > 0 ? 'higher' : 'lower'} than with ${controlLabel} (${hypothesisText(comparison, sign)}`;
  const why = comparison.smallestEffectOfInterest === null ? '; no smallest effect of interest is declared, so equivalence could not be tested' : '';
  const tested = sequential ? '' : `; ${evidence}`;
  return `With ${armLabel}, ${estimate}; ${intervalName} ${lowText} to ${highText}${tested}), but the data cannot tell whether it is higher, lower or the same${why}.`;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A comparison's verdict in one line, for the top of the results page: the
 * direction only when the test says so, whether that is as hypothesised (and
 * when the evidence also puts it within the smallest effect of interest, that
 * it is too small to matter),
 * "equivalent" within the declared margin, "inconclusive" when the data
 * cannot tell, and why there is no verdict when it is too early.
 *
 * @example
 * verdictInOneLine(lowAnchorComparison, { verdict: 'lower', sequential: true }, { controlLabel: 'Empty amount field', format, confidence: 0.95 });
 * // => 'Lower than Empty amount field, as hypothesised.'
 */
export function verdictInOneLine(
  comparison: ContinuousComparison | BinaryComparison,
  { verdict, sequential }: { verdict: Verdict | null; sequential: boolean },
  { controlLabel, format, confidence }: { controlLabel: string; format: OutcomeUnitFormat; confidence: number },
): string {
  if (comparison.verdict === null && comparison.verdictReason.startsWith('too early')) return `${capitalised(tooFewText(comparison, sequential))}.`;
  if (verdict === null) {
    const missingSequence = sequential ? missingSequenceText(comparison) : null;
    if (missingSequence) return `No peeking-safe verdict yet: ${missingSequence}.`;
    return `No verdict: ${comparison.problems[0] ?? comparison.verdictReason ?? 'not computable'}.`;
  }
  if (verdict === 'higher' || verdict === 'lower') {
    const reading =
      comparison.expectedDirection === null ? 'no direction was hypothesised' : verdict === comparison.expectedDirection ? 'as hypothesised' : `against the hypothesis (expected ${comparison.expectedDirection})`;
    const tooSmall = withinSmallestEffect(comparison, sequential, 1 - confidence) ? `, but by less than the smallest effect of interest (±${format.amount(comparison.smallestEffectOfInterest!)})` : '';
    return `${capitalised(verdict)} than ${controlLabel}, ${reading}${tooSmall}.`;
  }
  if (verdict === 'equivalent') return `Equivalent to ${controlLabel}: any difference lies within the smallest effect of interest (±${format.amount(comparison.smallestEffectOfInterest ?? 0)}).`;
  return `Inconclusive: the data cannot tell ${sequential ? 'yet ' : ''}whether it is higher, lower or the same as ${controlLabel}.`;
}
