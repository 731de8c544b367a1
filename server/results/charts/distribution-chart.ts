import type { TopLevelSpec } from 'vega-lite';
import { armColours } from './chart-palette';

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

export interface DistributionChartInput {
  axisTitle: string;
  axisFormat: string;
  /** Each arm's histogram (computed where the data lives, not from row objects). */
  arms: readonly { label: string; bins: readonly HistogramBin[] }[];
  /** Values drawn as labelled vertical lines in every arm, e.g. the pre-filled amounts. */
  markers?: readonly { value: number; label: string }[];
}

/**
 * The distribution of an outcome per arm: one histogram row per arm, as a
 * share of the arm's participants (so arms of different sizes compare), with
 * the anchors or other markers as labelled lines, so bunching at an anchor shows.
 *
 * @example
 * distributionChartSpec({ axisTitle: 'Requested amount (€)', axisFormat: ',.0f', arms, markers: [{ value: 2500, label: 'Pre-fill €2,500' }] });
 */
export function distributionChartSpec({ axisTitle, axisFormat, arms, markers = [] }: DistributionChartInput): TopLevelSpec {
  const values = arms.flatMap((arm) => {
    const total = arm.bins.reduce((sum, bin) => sum + bin.count, 0);
    return [
      ...arm.bins.map((bin) => ({ kind: 'bin', arm: arm.label, start: bin.start, end: bin.end, count: bin.count, share: total > 0 ? bin.count / total : 0 })),
      ...markers.map((marker) => ({ kind: 'marker', arm: arm.label, value: marker.value, marker: marker.label })),
    ];
  });
  const armOrder = arms.map((arm) => arm.label);
  const x = { type: 'quantitative', title: axisTitle, axis: { format: axisFormat, tickCount: 4 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { row: { field: 'arm', type: 'nominal', title: null, sort: armOrder, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    spec: {
      height: 90,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'bin'" }],
          mark: { type: 'rect', color: armColours[0], stroke: 'white', strokeWidth: 0.5 },
          encoding: { x: { ...x, field: 'start' }, x2: { field: 'end' }, y: { field: 'share', type: 'quantitative', title: 'Share', axis: { format: '.0%', tickCount: 3 } } },
        },
        {
          transform: [{ filter: "datum.kind === 'marker'" }],
          mark: { type: 'rule', color: armColours[5], strokeDash: [5, 3], strokeWidth: 2 },
          encoding: { x: { ...x, field: 'value' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared' } },
  } as TopLevelSpec;
}
