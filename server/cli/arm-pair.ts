import { AnalysisInputError } from './analysis-input-from-csv';

/**
 * Reads `--compare ARM:ARM` against the arms in the data: the first arm is
 * compared with the second (which takes the control's place). Arm names may
 * hold colons themselves, so the split is the one colon that leaves a known
 * arm on both sides.
 *
 * @example
 * armPair('high-anchor:low-anchor', ['control', 'low-anchor', 'high-anchor']); // => { arm: 'high-anchor', control: 'low-anchor' }
 * @throws AnalysisInputError when no split names two different arms in the data.
 */
export function armPair(text: string, arms: readonly string[]): { arm: string; control: string } {
  const splits: { arm: string; control: string }[] = [];
  for (let index = text.indexOf(':'); index >= 0; index = text.indexOf(':', index + 1)) {
    const arm = text.slice(0, index);
    const control = text.slice(index + 1);
    if (arms.includes(arm) && arms.includes(control)) splits.push({ arm, control });
  }
  if (splits.length !== 1) {
    throw new AnalysisInputError(`--compare "${text}" must name two arms of the data as ARM:ARM (arms: ${arms.join(', ')})`);
  }
  if (splits[0]!.arm === splits[0]!.control) throw new AnalysisInputError(`--compare "${text}" compares an arm with itself`);
  return splits[0]!;
}
