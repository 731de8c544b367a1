import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Spawned servers and `nudgelab` commands run dist/: compile what changed first (see the file).
    globalSetup: ['test/helpers/compile-before-tests.ts'],
  },
});
