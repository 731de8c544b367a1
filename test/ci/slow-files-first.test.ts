import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SlowFilesFirst } from '../helpers/slow-files-first';

const root = '/repo';

/** Just enough of vitest for its base order: no cached results, file sizes as on a clean clone. */
function sequencerWithSizes(sizes: Record<string, number>) {
  const context = {
    config: { root },
    cache: {
      getFileTestResults: () => undefined,
      getFileStats: (key: string) => ({ size: sizes[key.replace(/^:/, '')] ?? 0 }),
    },
  } as unknown as Vitest;
  return new SlowFilesFirst(context);
}

const project = { name: '', config: { sequence: { groupOrder: 0 }, isolate: true } };
const specification = (path: string) => ({ moduleId: `${root}/${path}`, project }) as unknown as TestSpecification;

describe('SlowFilesFirst', () => {
  it('puts the browser walks first, each group in vitest’s order (larger files first)', async () => {
    const sizes = {
      'test/analysis/welch-t-test.test.ts': 4_000,
      'test/e2e/loan-anchor.e2e.test.ts': 100,
      'test/server/cli/analyze-command.test.ts': 9_000,
      'test/e2e/admin-pages.e2e.test.ts': 5_000,
    };
    const sorted = await sequencerWithSizes(sizes).sort(Object.keys(sizes).map(specification));
    expect(sorted.map((file) => file.moduleId.slice(root.length + 1))).toEqual([
      'test/e2e/admin-pages.e2e.test.ts',
      'test/e2e/loan-anchor.e2e.test.ts',
      'test/server/cli/analyze-command.test.ts',
      'test/analysis/welch-t-test.test.ts',
    ]);
  });
});
