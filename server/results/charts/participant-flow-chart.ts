import type { TopLevelSpec } from 'vega-lite';
import { armColours } from './chart-palette';

export interface ParticipantFlowChartInput {
  /** The steps in order, e.g. ['entered', 'consented', 'exposed', 'decided', 'completed', 'analysed']. */
  steps: readonly string[];
  /** Per arm, the number of participants who reached each step (same order as `steps`). */
  arms: readonly { label: string; counts: readonly number[] }[];
}

/**
 * The participant flow as a funnel: for each step, one bar per arm with its
 * count written at the end, so where people drop out, and whether one arm
 * loses more than another, reads at a glance.
 *
 * @example
 * participantFlowChartSpec({ steps: ['entered', 'decided'], arms: [{ label: 'Control', counts: [120, 101] }] });
 */
export function participantFlowChartSpec({ steps, arms }: ParticipantFlowChartInput): TopLevelSpec {
  const labels = arms.map((arm) => arm.label);
  const values = arms.flatMap((arm) => steps.map((step, index) => ({ arm: arm.label, step, participants: arm.counts[index] ?? 0 })));
  const y = { field: 'step', type: 'nominal', title: null, sort: [...steps] } as const;
  const yOffset = { field: 'arm', type: 'nominal', sort: labels } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    height: { step: 14 * Math.max(1, arms.length) + 8 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          yOffset,
          x: { field: 'participants', type: 'quantitative', title: 'Participants' },
          color: { field: 'arm', type: 'nominal', title: 'Arm', sort: labels, scale: { domain: labels, range: labels.map((_label, index) => armColours[index % armColours.length]) } },
        },
      },
      { mark: { type: 'text', align: 'left', dx: 3, color: '#222' }, encoding: { y, yOffset, x: { field: 'participants', type: 'quantitative' }, text: { field: 'participants', type: 'quantitative', format: ',' } } },
    ],
  } as TopLevelSpec;
}
