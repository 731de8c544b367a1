import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The two sizes every chart is drawn at: one for wide screens, one for a phone (375 px less the page's margins). */
export const chartWidths = { wide: 640, narrow: 340 } as const;

/**
 * Type sizes in px at either width, so that labels stay readable on a phone
 * (the page never scales the SVG down); the same at both, so that one
 * compiled chart can be drawn at either width (see renderChartSvgs).
 */
const typeSizes = { wide: { label: 13, title: 13 }, narrow: { label: 13, title: 13 } } as const;

// Vega-Lite warns on stderr when it drops an autosize direction a discrete axis cannot fit; that is expected here, errors still show.
const quietLogger = vega.logger(vega.Error);

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Renders a Vega-Lite spec to an SVG string on the server (no browser, no
 * script on the page). Axis and legend labels are never truncated
 * (`labelLimit: 0`) and the whole chart, labels included, fits the width
 * (`autosize: fit`), so no label is clipped and a phone needs no scaling. The root carries `role="img"` and a <title> with the
 * chart's text alternative, which the caller states in words.
 *
 * @example
 * await renderChartSvg(spec, { size: 'narrow', description: 'Requested amount by arm' }); // => '<svg … role="img" …><title>Requested amount by arm</title>…'
 */
export async function renderChartSvg(spec: TopLevelSpec, { size, description }: { size: keyof typeof chartWidths; description: string }): Promise<string> {
  const faceted = Boolean((spec as { facet?: unknown }).facet);
  const svg = faceted ? await drawFacetedSvg(compiledFacets(spec, size), size) : await drawSvg(spec, size, chartWidths[size]);
  return withTextAlternative(svg, size, description);
}

/** The width of a faceted chart's cells as compiled (a signal of the Vega spec), replaced to lay the cells out at another width. */
const cellWidthSignal = 'child_width';

/**
 * A faceted chart compiled to Vega once: its cells' width is one signal's
 * value in the compiled spec (the rest does not depend on it, as long as
 * the type sizes are the same), so drawing it at another cell width sets
 * that value rather than compiling the chart again.
 */
function compiledFacets(spec: TopLevelSpec, size: keyof typeof chartWidths): vega.Spec {
  const compiled = compileChart(spec, size, chartWidths[size] - 60);
  if (!compiled.signals?.some((signal) => signal.name === cellWidthSignal)) throw new Error(`a faceted chart compiled without its "${cellWidthSignal}" signal`);
  return compiled;
}

/**
 * A faceted chart cannot `fit`: its width is the cell's, and the axes and
 * headers come on top. Drawn once with cells 60 px narrower than the
 * width, measured for how far it overflows, and drawn again with cells
 * narrower by that much.
 */
async function drawFacetedSvg(compiled: vega.Spec, size: keyof typeof chartWidths): Promise<string> {
  const atCellWidth = (cellWidth: number): vega.Spec => ({
    ...compiled,
    signals: compiled.signals!.map((signal) => (signal.name === cellWidthSignal ? { ...signal, value: cellWidth } : signal)),
  });
  const first = await drawVega(atCellWidth(chartWidths[size] - 60));
  const overflow = svgWidth(first) - chartWidths[size];
  return overflow > 0 ? drawVega(atCellWidth(chartWidths[size] - 60 - Math.ceil(overflow))) : first;
}

/** Vega's root `class="marks"` replaced by the chart's role, text alternative and size class (a second class attribute would be invalid XML in a download). */
function withTextAlternative(svg: string, size: keyof typeof chartWidths, description: string): string {
  return svg
    .replace(/^<svg ([^>]*?)class="marks" /, `<svg role="img" aria-label="${escapeXml(description)}" class="chart chart--${size}" $1`)
    .replace(/(<svg[^>]*>)/, `$1<title>${escapeXml(description)}</title>`);
}

/**
 * The chart at both widths, as renderChartSvg draws each, but compiled and
 * laid out once: the narrow drawing is the wide view resized (the type
 * sizes are the same at both), which costs a few milliseconds where a
 * second compile and render cost tens. A faceted chart, whose width belongs
 * to its cells, is compiled once and laid out per width (see
 * drawFacetedSvg).
 *
 * @example
 * const { wide, narrow } = await renderChartSvgs(spec, 'Requested amount by arm');
 */
export async function renderChartSvgs(spec: TopLevelSpec, description: string): Promise<{ wide: string; narrow: string }> {
  if ((spec as { facet?: unknown }).facet) {
    // Compiled once (the type sizes are the same at both widths), laid out per width.
    const compiled = compiledFacets(spec, 'wide');
    const [wide, narrow] = [await drawFacetedSvg(compiled, 'wide'), await drawFacetedSvg(compiled, 'narrow')];
    return { wide: withTextAlternative(wide, 'wide', description), narrow: withTextAlternative(narrow, 'narrow', description) };
  }
  const view = new vega.View(vega.parse(compileChart(spec, 'wide', chartWidths.wide)), { renderer: 'none' });
  try {
    const wide = await view.toSVG();
    await view.width(chartWidths.narrow).runAsync();
    const narrow = await view.toSVG();
    return { wide: withTextAlternative(wide, 'wide', description), narrow: withTextAlternative(narrow, 'narrow', description) };
  } finally {
    view.finalize();
  }
}

const svgWidth = (svg: string) => Number(/^<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1] ?? 0);

/** The spec at `width`, fitted, with the page's type sizes and colours. */
function sizedSpec(spec: TopLevelSpec, size: keyof typeof chartWidths, width: number): TopLevelSpec {
  const type = typeSizes[size];
  const faceted = Boolean((spec as { facet?: unknown }).facet);
  // A facet's width belongs to its inner spec (the cell); a width at the top of a facet is ignored.
  const withWidth = faceted ? { ...spec, spec: { ...(spec as { spec: object }).spec, width } } : { ...spec, width };
  const sized = {
    ...withWidth,
    // `fit` keeps the whole chart, labels included, within the width.
    autosize: faceted ? { type: 'pad' } : { type: 'fit-x', contains: 'padding' },
    background: 'white',
    config: {
      font: 'DejaVu Sans, Arial, sans-serif',
      axis: { labelLimit: 0, labelFontSize: type.label, titleFontSize: type.title, labelColor: '#222', titleColor: '#222' },
      legend: { labelLimit: 0, labelFontSize: type.label, titleFontSize: type.title, orient: 'bottom', direction: 'vertical' },
      header: { labelLimit: 0, labelFontSize: type.label, titleFontSize: type.title },
      text: { fontSize: type.label },
      title: { fontSize: type.title, anchor: 'start' },
      view: { stroke: null },
      ...(spec as { config?: object }).config,
    },
  } as TopLevelSpec;
  return sized;
}

/**
 * The chart compiled to Vega at a size and width (the cells' width, for a
 * faceted chart), with the page's type sizes and colours.
 *
 * @example
 * compileChart(distributionSpec, 'wide', 580).signals; // => [{ name: 'child_width', value: 580 }, …]
 */
export function compileChart(spec: TopLevelSpec, size: keyof typeof chartWidths, width: number): vega.Spec {
  return compile(sizedSpec(spec, size, width), { logger: quietLogger }).spec;
}

async function drawSvg(spec: TopLevelSpec, size: keyof typeof chartWidths, width: number): Promise<string> {
  return drawVega(compileChart(spec, size, width));
}

async function drawVega(compiled: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
