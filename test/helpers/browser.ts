import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
