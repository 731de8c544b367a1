/**
 * Colours for charts that people with the common colour-vision deficiencies
 * can tell apart: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
 * Design"), in an order whose first colours also differ in lightness. Charts
 * never rely on colour alone: lines also differ in dash, points in shape.
 *
 * @example
 * armColours[0]; // => '#0072B2' (blue)
 */
export const armColours = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'] as const;

/** Dash patterns that go with armColours, so lines differ without colour. */
export const armDashes = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 4], [3, 6]] as const;

/**
 * A comparison's colour by what it shows: blue for an effect in the
 * hypothesised direction, vermillion for one against it, bluish green for an
 * effect shown equivalent to none, grey for inconclusive (or no hypothesis).
 */
export const verdictColours = {
  'as hypothesised': '#0072B2',
  'against the hypothesis': '#D55E00',
  equivalent: '#009E73',
  'no direction declared': '#555555',
  inconclusive: '#767676',
} as const;

export type VerdictColourKey = keyof typeof verdictColours;

/**
 * Point shapes that go with verdictColours, so a comparison's reading shows
 * without telling colours apart (the legend shows colour and shape together).
 */
export const verdictShapes: Record<VerdictColourKey, string> = {
  'as hypothesised': 'circle',
  'against the hypothesis': 'triangle-up',
  equivalent: 'diamond',
  'no direction declared': 'square',
  inconclusive: 'cross',
};
