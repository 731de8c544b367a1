import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/helpers/slow-files-first.ts';

export default defineConfig({
  test: {
    // Spawned servers and `nudgelab` commands run dist/: compile what changed first (see the file).
    globalSetup: ['test/helpers/compile-before-tests.ts'],
    // Each file drops the PostgreSQL databases it created when it ends.
    setupFiles: ['test/helpers/drop-test-databases.ts'],
    // vitest's default is one worker fewer than the cores: one file at a time on a 2-core
    // machine, although most files wait on something else (a browser, a spawned server or
    // command, PostgreSQL). One file per core: with three on two cores, the results-page
    // walks overran their own 60 s limits on a loaded machine.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFilesFirst },
    // Side by side, a step that takes 1 s alone can take several on a loaded machine;
    // these bound a hung test, they are not what the tests measure.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
