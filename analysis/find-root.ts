/**
 * A root of `f` in [lower, upper], where f(lower) and f(upper) differ in sign,
 * by Brent's method (bisection safeguarded with secant and inverse quadratic
 * steps), to an absolute tolerance of `tolerance`.
 *
 * @example
 * findRoot((x) => x * x - 2, 0, 2); // => 1.4142135623730951
 * @throws RangeError when the bracket does not contain a sign change.
 */
export function findRoot(f: (x: number) => number, lower: number, upper: number, tolerance = 1e-13, maxIterations = 500): number {
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) throw new RangeError(`no sign change of f between ${lower} and ${upper}`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const midpoint = 0.5 * (c - b);
    if (Math.abs(midpoint) <= tolerance1 || fb === 0) return b;
    if (Math.abs(e) >= tolerance1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * midpoint * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * midpoint * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * midpoint * q - Math.abs(tolerance1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = midpoint;
        e = d;
      }
    } else {
      d = midpoint;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tolerance1 ? d : midpoint > 0 ? tolerance1 : -tolerance1;
    fb = f(b);
  }
  return b;
}
