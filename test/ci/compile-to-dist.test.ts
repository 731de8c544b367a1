import { existsSync, readFileSync, renameSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileToDist, distIsUpToDate, withJavaScriptExtension } from '../../.ci/compile-to-dist.mjs';

const root = new URL('../..', import.meta.url).pathname;

describe('compileToDist', () => {
  it('gives relative imports the file names Node needs and leaves packages alone', () => {
    const main = join(root, 'server/main.ts');
    expect(withJavaScriptExtension('./app', main)).toBe('./app.js');
    expect(withJavaScriptExtension('../experiments/registry', main)).toBe('../experiments/registry.js');
    expect(withJavaScriptExtension('express', main)).toBe('express');
    expect(withJavaScriptExtension('node:fs', main)).toBe('node:fs');
    expect(() => withJavaScriptExtension('./no-such-module', main)).toThrow('server/main.ts: cannot resolve import "./no-such-module"');
  });

  it('leaves dist/ complete and current: every source has its output, with .js imports', async () => {
    const { files, compiled } = await compileToDist(); // vitest's global setup already ran it, so nothing is stale
    expect(files).toBeGreaterThan(100);
    expect(compiled).toBe(0);
    const compiledMain = readFileSync(join(root, 'dist/server/main.js'), 'utf8');
    expect(compiledMain).toContain('from "./app.js"');
    expect(compiledMain).not.toMatch(/from "\.\.?\/[^"]*[^s]"/);
    expect(existsSync(join(root, 'dist/server/cli/main.js'))).toBe(true);
  });

  it('tells from the build stamp alone whether a source changed since the last build', async () => {
    await compileToDist();
    expect(distIsUpToDate()).toBe(true);
    const source = join(root, 'analysis/welch-t-test.ts');
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date()); // as an edit would
      expect(distIsUpToDate()).toBe(false);
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(distIsUpToDate()).toBe(true);
    const stamp = join(root, 'dist/.build-stamp.json');
    renameSync(stamp, `${stamp}.away`);
    try {
      expect(distIsUpToDate()).toBe(false);
    } finally {
      renameSync(`${stamp}.away`, stamp);
    }
  });
});
