#!/usr/bin/env node
// The `nudgelab` command: runs the CLI compiled to dist/ (built by `npm install`).
// When the last build's stamp says dist/ may be stale (in a git checkout: a source
// added, removed or edited since), the sources are compiled first, so the command
// never runs stale code; otherwise it starts at once (a few milliseconds of checking).
import { compileToDist, distIsUpToDate } from '../../.ci/compile-to-dist.mjs';

try {
  if (!distIsUpToDate()) await compileToDist();
} catch (error) {
  process.stderr.write(`nudgelab: cannot compile the sources to dist/: ${error.message}\n`);
  process.exit(1);
}
await import('../../dist/server/cli/main.js');
