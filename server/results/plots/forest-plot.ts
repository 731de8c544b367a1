import { coordinate, escapeXml } from './svg-text';

export interface ForestRow {
  label: string;
  estimate: number;
  low: number;
  high: number;
}

/**
 * A forest plot as SVG: each comparison's estimate with its confidence
 * interval on a shared axis, with a line at zero (no effect). Its <title> and
 * <desc> carry the same figures in words for screen readers.
 *
 * @example
 * forestPlotSvg([{ label: 'Low anchor', estimate: -1754, low: -2332, high: -1176 }], { title: 'Requested amount', format: String });
 */
export function forestPlotSvg(rows: readonly ForestRow[], { title, format }: { title: string; format: (value: number) => string }): string {
  const width = 640;
  const rowHeight = 34;
  const left = 170;
  const right = 30;
  const top = 20;
  const height = top + rows.length * rowHeight + 36;
  const extent = Math.max(...rows.flatMap((row) => [Math.abs(row.low), Math.abs(row.high)]), 1e-9) * 1.1;
  const x = (value: number) => left + ((value + extent) / (2 * extent)) * (width - left - right);
  const description = rows.map((row) => `${row.label}: ${format(row.estimate)} (from ${format(row.low)} to ${format(row.high)})`).join('; ');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="forest-title forest-desc" class="plot">`,
    `<title id="forest-title">${escapeXml(title)}</title>`,
    `<desc id="forest-desc">${escapeXml(description)}</desc>`,
    `<line x1="${coordinate(x(0))}" x2="${coordinate(x(0))}" y1="${top - 10}" y2="${height - 30}" stroke="#555" stroke-dasharray="4 3"/>`,
  ];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight + rowHeight / 2;
    parts.push(
      `<text x="${left - 10}" y="${y + 4}" text-anchor="end" font-size="13">${escapeXml(row.label)}</text>`,
      `<line x1="${coordinate(x(row.low))}" x2="${coordinate(x(row.high))}" y1="${y}" y2="${y}" stroke="#0b4f8a" stroke-width="3"/>`,
      `<circle cx="${coordinate(x(row.estimate))}" cy="${y}" r="6" fill="#0b4f8a"/>`,
    );
  });
  const axisY = height - 24;
  for (const tick of [-extent / 1.1, 0, extent / 1.1]) {
    parts.push(`<text x="${coordinate(x(tick))}" y="${axisY + 14}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(format(tick))}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${axisY}" y2="${axisY}" stroke="#555"/>`, '</svg>');
  return parts.join('');
}
