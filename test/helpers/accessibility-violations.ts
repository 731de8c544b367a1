import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The rules every browser test holds its pages to: WCAG 2.0 and 2.1, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

type WindowWithAxe = Window & { axe?: typeof axe };

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one
 * line each (`rule on name: selectors`), so a test can expect an empty list.
 *
 * The same rules, options and axe-core as `new AxeBuilder({ page })
 * .options({ runOnly: wcagTags, resultTypes: ['violations'] }).analyze()`,
 * run with `axe.run` in the page itself. The builder injects axe-core's
 * 580 kB source into the page and again into a new blank page (a new
 * renderer) for every call, to merge per-frame results there. On the pages of
 * a participant walk, on a 2-core machine with a load average near 5, a
 * builder check took 2.2–3.1 s and this one, on the same pages in the same
 * run, 0.7–1.7 s (injecting 0.5–1.1 s, running 0.06–0.55 s); axe-core is
 * injected once per document. Our pages
 * have no frames; a page with one is refused rather than half checked.
 *
 * @example
 * await page.goto(`${baseUrl}/e/loan-anchor`);
 * expect(await accessibilityViolations(page, 'consent')).toEqual([]);
 * // on a page with an unlabelled field: ['label on consent: #amount']
 */
export async function accessibilityViolations(page: Page, name: string): Promise<string[]> {
  if (page.frames().length > 1) throw new Error(`${name} has frames, which accessibilityViolations does not check: use AxeBuilder from @axe-core/playwright`);
  const injected = await page.evaluate(() => typeof (window as WindowWithAxe).axe?.run === 'function');
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as WindowWithAxe).axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    [...wcagTags],
  );
  return results.violations.map((violation) => `${violation.id} on ${name}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
