import type { ArmCount } from '../store/store';

/** The steps a participant passes, in order, as the store counts them. */
export const funnelSteps = ['entered', 'exposed', 'decided', 'completed'] as const;
export type FunnelStep = (typeof funnelSteps)[number];

export interface FunnelStepCount {
  step: FunnelStep;
  count: number;
  /**
   * Share of the previous step's participants who did not reach this one
   * (0–1); null for the first step and when the previous step is empty.
   */
  dropout: number | null;
}

/**
 * A participant funnel (entered → exposed → decided → completed) with the
 * dropout between each step and the one before it.
 *
 * @example
 * participantFunnel({ entered: 10, exposed: 8, decided: 6, completed: 6 });
 * // => [{ step: 'entered', count: 10, dropout: null }, { step: 'exposed', count: 8, dropout: 0.2 },
 * //     { step: 'decided', count: 6, dropout: 0.25 }, { step: 'completed', count: 6, dropout: 0 }]
 */
export function participantFunnel(counts: Pick<ArmCount, FunnelStep>): FunnelStepCount[] {
  return funnelSteps.map((step, index) => {
    const previous = index === 0 ? null : counts[funnelSteps[index - 1]!];
    return { step, count: counts[step], dropout: previous === null || previous === 0 ? null : (previous - counts[step]) / previous };
  });
}
