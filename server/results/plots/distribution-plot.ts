import { coordinate, escapeXml } from './svg-text';

/**
 * Histograms of a continuous outcome, one row per arm on a shared axis, so
 * bunching at an anchor (many participants keeping a pre-filled amount) shows
 * as a spike. `markers` draws reference lines, e.g. at the anchors.
 *
 * @example
 * distributionPlotSvg([{ label: 'Control', values: [7000, 7500] }], { title: 'Requested amount', bins: 40, format: String });
 */
export function distributionPlotSvg(
  arms: readonly { label: string; values: readonly number[] }[],
  { title, bins = 40, format, markers = [] }: { title: string; bins?: number; format: (value: number) => string; markers?: readonly { value: number; label: string }[] },
): string {
  const all = arms.flatMap((arm) => arm.values);
  const width = 640;
  const left = 175;
  const right = 20;
  const panelHeight = 70;
  const height = 20 + arms.length * panelHeight + 30;
  const low = all.length > 0 ? Math.min(...all) : 0;
  const high = all.length > 0 ? Math.max(...all) : 1;
  const span = high > low ? high - low : 1;
  const binWidth = span / bins;
  const x = (value: number) => left + ((value - low) / span) * (width - left - right);
  const counts = arms.map((arm) => {
    const histogram = new Array<number>(bins).fill(0);
    for (const value of arm.values) histogram[Math.min(bins - 1, Math.floor((value - low) / binWidth))]! += 1;
    return histogram;
  });
  const tallest = Math.max(1, ...counts.flat());
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="distribution-title distribution-desc" class="plot">`,
    `<title id="distribution-title">${escapeXml(title)}</title>`,
    `<desc id="distribution-desc">${escapeXml(
      arms.map((arm, index) => `${arm.label}: ${arm.values.length} values; most common range ${format(low + counts[index]!.indexOf(Math.max(...counts[index]!)) * binWidth)} to ${format(low + (counts[index]!.indexOf(Math.max(...counts[index]!)) + 1) * binWidth)}`).join('; '),
    )}</desc>`,
  ];
  arms.forEach((arm, index) => {
    const base = 20 + (index + 1) * panelHeight - 8;
    parts.push(`<text x="${left - 10}" y="${base - 20}" text-anchor="end" font-size="13">${escapeXml(arm.label)}</text>`);
    counts[index]!.forEach((count, bin) => {
      if (count === 0) return;
      const barHeight = (count / tallest) * (panelHeight - 14);
      parts.push(`<rect x="${coordinate(x(low + bin * binWidth))}" y="${coordinate(base - barHeight)}" width="${coordinate(Math.max(1, ((width - left - right) / bins) - 1))}" height="${coordinate(barHeight)}" fill="#0b4f8a"/>`);
    });
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${base}" y2="${base}" stroke="#999"/>`);
  });
  for (const marker of markers) {
    if (marker.value < low || marker.value > high) continue;
    parts.push(`<line x1="${coordinate(x(marker.value))}" x2="${coordinate(x(marker.value))}" y1="14" y2="${height - 30}" stroke="#b00020" stroke-dasharray="3 3"/>`);
    parts.push(`<text x="${coordinate(x(marker.value))}" y="12" text-anchor="middle" font-size="11" fill="#b00020">${escapeXml(marker.label)}</text>`);
  }
  for (const tick of [low, low + span / 2, high]) {
    parts.push(`<text x="${coordinate(x(tick))}" y="${height - 12}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(format(tick))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
