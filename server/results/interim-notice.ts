import { levelText } from './figure-format';

export interface InterimNoticeInput {
  state: string;
  plannedPerArm: number;
  /** The plan's two-sided α, and the primary family's size (the sequences share α among its comparisons). */
  alpha: number;
  primaryFamilySize: number;
  /** Primary comparisons whose headline is the confidence sequence, of all primary comparisons. */
  sequential: number;
  comparisons: number;
}

/**
 * The notice over the verdicts while some headline is a peeking-safe
 * confidence sequence: each comparison leads with its sequence until both
 * its arms reach the planned sample (or the experiment stops), so the notice
 * says whether that is every primary comparison or which share of them —
 * "the headline intervals are confidence sequences" is not true of a
 * comparison that has reached the plan. Null when none is.
 *
 * @example
 * interimNotice({ state: 'running', plannedPerArm: 125, alpha: 0.05, primaryFamilySize: 2, sequential: 1, comparisons: 2 });
 * // => 'The experiment is running and 1 of the 2 primary comparisons has not reached the planned 125 per arm: its headline interval is …'
 */
export function interimNotice({ state, plannedPerArm, alpha, primaryFamilySize, sequential, comparisons }: InterimNoticeInput): string | null {
  if (sequential === 0) return null;
  const levels = `valid however often the page is looked at; for the primary family at ${levelText(1 - alpha / Math.max(1, primaryFamilySize))} each, so the family keeps ${levelText(1 - alpha)}`;
  if (sequential >= comparisons) {
    return `The experiment is ${state} and has not reached the planned ${plannedPerArm} per arm, so the headline intervals are peeking-safe confidence sequences (${levels}), and verdicts come from them. Fixed-horizon intervals and p-values take over when the planned sample is reached or the experiment is stopped.`;
  }
  const one = sequential === 1;
  const done = comparisons - sequential;
  return (
    `The experiment is ${state} and ${sequential} of the ${comparisons} primary comparisons ${one ? 'has' : 'have'} not reached the planned ${plannedPerArm} per arm: ` +
    `${one ? 'its headline interval is a peeking-safe confidence sequence' : 'their headline intervals are peeking-safe confidence sequences'} (${levels}), and ${one ? 'its verdict comes from it' : 'their verdicts come from them'}. ` +
    `The ${done === 1 ? 'comparison whose arms have' : `${done} comparisons whose arms have`} reached the plan ${done === 1 ? 'shows its' : 'show their'} fixed-horizon interval${done === 1 ? '' : 's'} and family-adjusted p.`
  );
}
