import type { TopLevelSpec } from 'vega-lite';
import { verdictColours, verdictShapes, type VerdictColourKey } from './chart-palette';

export interface ForestChartRow {
  /** The comparison in words, e.g. "Pre-filled €2,500 vs empty field". */
  label: string;
  estimate: number;
  low: number;
  high: number;
  /** How the comparison reads against the hypothesis; it picks the colour. */
  reading: VerdictColourKey;
}

export interface ForestChartInput {
  /** The axis title: what the difference is and in which unit, e.g. "Difference in requested amount (€)". */
  axisTitle: string;
  /** d3-format for the axis, e.g. ",.0f" for euros, ".0%" for shares. */
  axisFormat: string;
  rows: readonly ForestChartRow[];
  /** The smallest effect of interest: drawn as a band from −margin to +margin around zero. */
  equivalenceMargin?: number;
}

/**
 * A forest chart: each comparison's estimate and 95% interval against a
 * dashed line at zero (no difference), over the equivalence band, each
 * coloured by how it reads against the hypothesis (colour-blind-safe, with a
 * legend that says it in words).
 *
 * @example
 * forestChartSpec({ axisTitle: 'Difference (€)', axisFormat: ',.0f', rows: [{ label: 'Low anchor', estimate: -1754, low: -2332, high: -1176, reading: 'as hypothesised' }] });
 */
export function forestChartSpec({ axisTitle, axisFormat, rows, equivalenceMargin }: ForestChartInput): TopLevelSpec {
  const readings = [...new Set(rows.map((row) => row.reading))];
  const colour = {
    field: 'reading',
    type: 'nominal',
    title: 'Reading',
    scale: { domain: readings, range: readings.map((reading) => verdictColours[reading]) },
  } as const;
  // The shape uses the colour's field, title and domain, so Vega-Lite merges both into one legend; `legend: null`
  // on either channel would drop the merged legend altogether.
  const shape = { field: 'reading', type: 'nominal', title: 'Reading', scale: { domain: readings, range: readings.map((reading) => verdictShapes[reading]) } } as const;
  const y = { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelPadding: 6 } } as const;
  const x = { type: 'quantitative', title: axisTitle, axis: { format: axisFormat, tickCount: 5 }, scale: { zero: true, nice: true } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows.map((row) => ({ ...row })) },
    height: { step: 36 },
    layer: [
      ...(equivalenceMargin
        ? [
            {
              data: { values: [{ from: -equivalenceMargin, to: equivalenceMargin }] },
              mark: { type: 'rect', color: '#e8f4ee' },
              encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } },
            },
          ]
        : []),
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { x: { ...x, field: 'zero' } } },
      { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' }, color: colour } },
      { mark: { type: 'point', filled: true, size: 90, opacity: 1 }, encoding: { y, x: { ...x, field: 'estimate' }, color: colour, shape } },
    ],
  } as TopLevelSpec;
}
