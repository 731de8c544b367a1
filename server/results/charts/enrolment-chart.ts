import type { TopLevelSpec } from 'vega-lite';
import { armColours, armDashes } from './chart-palette';

export interface EnrolmentChartInput {
  /** Per arm, the cumulative number of participants at the end of each day (UTC, `YYYY-MM-DD`). */
  arms: readonly { label: string; days: readonly { day: string; participants: number }[] }[];
}

/**
 * Enrolment over time: cumulative participants per arm by day, each arm with
 * its own colour and dash, so arms drifting apart (a sample-ratio problem)
 * are visible without telling colours apart.
 *
 * @example
 * enrolmentChartSpec({ arms: [{ label: 'Control', days: [{ day: '2026-03-01', participants: 12 }] }] });
 */
export function enrolmentChartSpec({ arms }: EnrolmentChartInput): TopLevelSpec {
  const labels = arms.map((arm) => arm.label);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: arms.flatMap((arm) => arm.days.map((day) => ({ arm: arm.label, day: day.day, participants: day.participants }))) },
    height: 200,
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'day', type: 'temporal', title: 'Day (UTC)', axis: { format: '%d %b', tickCount: 4, labelOverlap: true } },
      y: { field: 'participants', type: 'quantitative', title: 'Participants so far' },
      color: { field: 'arm', type: 'nominal', title: 'Arm', sort: labels, scale: { domain: labels, range: labels.map((_label, index) => armColours[index % armColours.length]) } },
      strokeDash: { field: 'arm', type: 'nominal', sort: labels, scale: { domain: labels, range: labels.map((_label, index) => [...armDashes[index % armDashes.length]!]) }, legend: null },
    },
  } as TopLevelSpec;
}
