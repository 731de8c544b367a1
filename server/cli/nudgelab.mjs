#!/usr/bin/env node
// The `nudgelab` command: runs the CLI compiled to dist/ (built by `npm install`).
// Sources edited since the last build are compiled first (a check of file times,
// a few milliseconds when nothing changed), so the command never runs stale code.
import { compileToDist } from '../../.ci/compile-to-dist.mjs';

try {
  await compileToDist();
} catch (error) {
  process.stderr.write(`nudgelab: cannot compile the sources to dist/: ${error.message}\n`);
  process.exit(1);
}
await import('../../dist/server/cli/main.js');
