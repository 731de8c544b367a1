import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The two sizes every chart is drawn at: one for wide screens, one for a phone (375 px less the page's margins). */
export const chartWidths = { wide: 640, narrow: 340 } as const;

/** Type sizes in px at either width, so that labels stay readable on a phone (the page never scales the SVG down). */
const typeSizes = { wide: { label: 13, title: 14 }, narrow: { label: 13, title: 13 } } as const;

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
  const type = typeSizes[size];
  const sized = {
    ...spec,
    width: (spec as { facet?: unknown }).facet ? chartWidths[size] - 60 : chartWidths[size],
    // `fit` keeps the whole chart, labels included, within the width; faceted charts cannot fit, so their cells get the width less the share axis.
    autosize: (spec as { facet?: unknown }).facet ? { type: 'pad' } : { type: 'fit', contains: 'padding' },
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
  const view = new vega.View(vega.parse(compile(sized).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeXml(description)}" class="chart chart--${size}" `).replace(/(<svg[^>]*>)/, `$1<title>${escapeXml(description)}</title>`);
  } finally {
    view.finalize();
  }
}
