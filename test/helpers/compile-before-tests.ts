// vitest's global setup: tests that start `npm start`'s server or run the
// `nudgelab` command spawn the compiled JavaScript in dist/, as users run it,
// so every test run first compiles whatever source changed since the last build.
import { compileToDist } from '../../.ci/compile-to-dist.mjs';

/**
 * Brings dist/ up to date before any test file runs.
 *
 * @example
 * // vitest.config.ts
 * test: { globalSetup: ['test/helpers/compile-before-tests.ts'] }
 */
export default async function compileBeforeTests(): Promise<void> {
  await compileToDist();
}
