import { coordinate, escapeXml } from './svg-text';

const colours = ['#0b4f8a', '#b00020', '#2e7d32', '#6a1b9a', '#ef6c00'];

/**
 * Cumulative enrolment per arm over time as SVG lines: arms drifting apart
 * point to a broken randomisation before the sample-ratio test does.
 *
 * @example
 * enrolmentPlotSvg([{ label: 'Control', times: [Date.parse('2026-11-27T10:00Z')] }], { title: 'Enrolment' });
 */
export function enrolmentPlotSvg(arms: readonly { label: string; times: readonly number[] }[], { title }: { title: string }): string {
  const width = 640;
  const height = 220;
  const left = 50;
  const right = 150;
  const top = 15;
  const bottom = 30;
  const all = arms.flatMap((arm) => arm.times);
  const start = all.length > 0 ? Math.min(...all) : 0;
  const end = all.length > 0 ? Math.max(...all) : 1;
  const span = end > start ? end - start : 1;
  const most = Math.max(1, ...arms.map((arm) => arm.times.length));
  const x = (time: number) => left + ((time - start) / span) * (width - left - right);
  const y = (count: number) => height - bottom - (count / most) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="enrolment-title enrolment-desc" class="plot">`,
    `<title id="enrolment-title">${escapeXml(title)}</title>`,
    `<desc id="enrolment-desc">${escapeXml(arms.map((arm) => `${arm.label}: ${arm.times.length} participants`).join('; '))}</desc>`,
    `<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#999"/>`,
    `<text x="${left - 6}" y="${coordinate(y(most) + 4)}" text-anchor="end" font-size="11">${most}</text>`,
    `<text x="${left - 6}" y="${height - bottom + 4}" text-anchor="end" font-size="11">0</text>`,
  ];
  arms.forEach((arm, index) => {
    const sorted = [...arm.times].sort((a, b) => a - b);
    const points = [`${coordinate(x(start))},${coordinate(y(0))}`, ...sorted.map((time, count) => `${coordinate(x(time))},${coordinate(y(count + 1))}`)];
    const colour = colours[index % colours.length]!;
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    parts.push(`<text x="${width - right + 8}" y="${top + 16 * (index + 1)}" font-size="12" fill="${colour}">${escapeXml(`${arm.label} (${arm.times.length})`)}</text>`);
  });
  const format = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');
  parts.push(`<text x="${left}" y="${height - 10}" font-size="11">${format(start)}</text>`, `<text x="${width - right}" y="${height - 10}" text-anchor="end" font-size="11">${format(end)} UTC</text>`, '</svg>');
  return parts.join('');
}
