import { describe, expect, it } from 'vitest';
import { chartDataCsv } from '../../../../server/results/charts/chart-data-csv';
import { distributionChartSpec } from '../../../../server/results/charts/distribution-chart';
import { enrolmentChartSpec } from '../../../../server/results/charts/enrolment-chart';
import { forestChartSpec } from '../../../../server/results/charts/forest-chart';
import { participantFlowChartSpec } from '../../../../server/results/charts/participant-flow-chart';
import { chartWidths, compileChart, renderChartSvg, renderChartSvgs } from '../../../../server/results/charts/render-chart-svg';
import { verdictColours } from '../../../../server/results/charts/chart-palette';

const longLabel = 'Fixed loan pre-selected, total cost and payoff shown, order randomised';
const forest = forestChartSpec({
  axisTitle: 'Difference in the share choosing revolving credit (percentage points)',
  axisFormat: '.0%',
  equivalenceMargin: 0.05,
  rows: [
    { label: 'Nothing pre-selected vs revolving pre-selected', estimate: -0.352, low: -0.47, high: -0.23, reading: 'as hypothesised' },
    { label: longLabel, estimate: 0.946, low: 0.9, high: 0.99, reading: 'against the hypothesis' },
    { label: 'Pre-filled €25,000', estimate: 0.01, low: -0.03, high: 0.04, reading: 'equivalent' },
  ],
});
const distribution = distributionChartSpec({
  axisTitle: 'Requested amount (€)',
  axisFormat: ',.0f',
  arms: [
    { label: 'Empty amount field', bins: [{ start: 0, end: 5000, count: 10 }, { start: 5000, end: 10000, count: 30 }] },
    { label: 'Pre-filled €25,000', bins: [{ start: 20000, end: 25000, count: 25 }, { start: 25000, end: 30000, count: 15 }] },
  ],
  markers: [{ value: 25000, label: 'Pre-fill €25,000' }],
});
const enrolment = enrolmentChartSpec({
  arms: [
    { label: 'Empty amount field', days: [{ day: '2026-03-01', participants: 4 }, { day: '2026-03-02', participants: 11 }] },
    { label: 'Pre-filled €2,500', days: [{ day: '2026-03-01', participants: 5 }, { day: '2026-03-02', participants: 9 }] },
  ],
});
const flow = participantFlowChartSpec({
  steps: ['entered', 'consented', 'decided', 'completed', 'analysed'],
  arms: [
    { label: 'Empty amount field', counts: [130, 128, 120, 118, 112] },
    { label: 'Pre-filled €25,000', counts: [125, 125, 119, 115, 110] },
  ],
});
const charts = { forest, distribution, enrolment, flow };

/** The text content of every <text> element of an SVG. */
const textsOf = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!.replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code))));

describe('charts rendered to SVG on the server', () => {
  for (const [name, spec] of Object.entries(charts)) {
    for (const size of ['wide', 'narrow'] as const) {
      it(`draws the ${name} chart at ${size} width with every label whole, readable type and a text alternative`, async () => {
        const svg = await renderChartSvg(spec, { size, description: `${name} chart described in words` });
        expect(svg).toMatch(/^<svg role="img" aria-label="[^"]+"/);
        expect(svg).toContain(`<title>${name} chart described in words</title>`);
        expect(svg).not.toContain('<script');
        expect(svg).not.toMatch(/style="/);
        const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
        // The wide chart fits a 1280 px page; the narrow one a 375 px phone less its margins.
        expect(width).toBeLessThanOrEqual(size === 'narrow' ? 343 : 700);
        const fontSizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((match) => Number(match[1]));
        expect(fontSizes.length).toBeGreaterThan(0);
        expect(Math.min(...fontSizes)).toBeGreaterThanOrEqual(12);
        const texts = textsOf(svg);
        expect(texts.some((text) => text.endsWith('…'))).toBe(false);
      });
    }
  }

  it.each(Object.entries(charts))('draws the %s chart at both widths from one layout exactly as drawn at each width alone', async (_name, spec) => {
    const both = await renderChartSvgs(spec, 'described in words');
    expect(both.wide).toBe(await renderChartSvg(spec, { size: 'wide', description: 'described in words' }));
    expect(both.narrow).toBe(await renderChartSvg(spec, { size: 'narrow', description: 'described in words' }));
    expect(both.narrow).not.toBe(both.wide);
  });

  it('compiles a faceted chart to the same Vega at any cell width and either size, but for its cell-width signal (so one compile serves every layout)', () => {
    const withoutCellWidth = (compiled: ReturnType<typeof compileChart>) => ({
      ...compiled,
      signals: compiled.signals!.map((signal) => (signal.name === 'child_width' ? { ...signal, value: 0 } : signal)),
    });
    const wide = compileChart(distribution, 'wide', 580);
    expect(wide.signals).toContainEqual({ name: 'child_width', value: 580 });
    for (const [size, width] of [['wide', 517], ['narrow', 280], ['narrow', 211]] as const) {
      const other = compileChart(distribution, size, width);
      expect(other.signals).toContainEqual({ name: 'child_width', value: width });
      expect(withoutCellWidth(other)).toEqual(withoutCellWidth(wide));
    }
  });

  it('keeps long labels whole instead of clipping them ("ection, order randomised")', async () => {
    for (const size of ['wide', 'narrow'] as const) {
      const texts = textsOf(await renderChartSvg(forest, { size, description: 'forest' }));
      expect(texts).toContain(longLabel);
      expect(texts).toContain('Difference in the share choosing revolving credit (percentage points)');
    }
  });

  it('colours each comparison by its reading with the colour-blind-safe palette, and names the reading in the legend', async () => {
    const svg = await renderChartSvg(forest, { size: 'wide', description: 'forest' });
    expect(svg).toContain(verdictColours['as hypothesised']);
    expect(svg).toContain(verdictColours['against the hypothesis']);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(['as hypothesised', 'against the hypothesis', 'equivalent']));
  });

  it('labels the funnel bars with their counts and the anchors in the distribution', async () => {
    expect(textsOf(await renderChartSvg(flow, { size: 'narrow', description: 'flow' }))).toEqual(expect.arrayContaining(['130', '112', 'analysed']));
    const distributionTexts = textsOf(await renderChartSvg(distribution, { size: 'wide', description: 'distribution' }));
    expect(distributionTexts).toEqual(expect.arrayContaining(['Empty amount field', 'Pre-filled €25,000']));
  });

  it('writes the data behind a chart as CSV', () => {
    expect(chartDataCsv([{ arm: 'Control', participants: 12 }, { arm: '=cmd', participants: 3 }])).toBe("arm,participants\nControl,12\n'=cmd,3\n");
    expect(chartWidths.narrow).toBeLessThanOrEqual(343);
  });
});
