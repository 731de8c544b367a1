import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** Whether browser tests can run here; in CI they must (`.ci/run` installs Debian's chromium). */
export function browserTestsAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI) throw new Error(`${chromiumPath} is missing in CI: .ci/run should have installed Debian's chromium`);
  console.warn(`\n*** Browser tests SKIPPED: ${chromiumPath} not found. Install it with: apt-get install -y chromium ***\n`);
  return false;
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Where screenshots go for people to look at (git-ignored). */
export function screenshotFolder(): string {
  const folder = new URL('../../test-output/screenshots/', import.meta.url).pathname;
  mkdirSync(folder, { recursive: true });
  return folder;
}

/**
 * Keeps a full-page screenshot named `name` in the screenshot folder for
 * people to look at, unless NUDGELAB_SCREENSHOTS=0: `.ci/run` sets it, since
 * nobody looks at CI's screenshots and the captures took about a fifth of a
 * participant walk's time (13.6 s of 62 s for loan-anchor's walks, alone on
 * this machine). No test asserts anything about a screenshot.
 *
 * @example
 * await keepScreenshot(page, 'loan-anchor-control-desktop-mouse-1-consent'); // test-output/screenshots/loan-anchor-control-desktop-mouse-1-consent.png
 */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.NUDGELAB_SCREENSHOTS === '0') return;
  await page.screenshot({ path: join(screenshotFolder(), `${name}.png`), fullPage: true });
}
