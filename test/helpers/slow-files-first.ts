import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files that take minutes rather than seconds: real-browser walks. */
const slowFile = /\/test\/e2e\//;

/**
 * Runs the slow test files first. With several workers the run ends when its
 * last file does; vitest's own order (on a clean clone: larger files first)
 * would start the browser walks — three-line files — last, so that one worker
 * walks browsers for minutes after the others are done. Within each group
 * vitest's order is kept.
 *
 * @example
 * // vitest.config.ts
 * test: { sequence: { sequencer: SlowFilesFirst } }
 */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((file) => slowFile.test(file.moduleId)), ...sorted.filter((file) => !slowFile.test(file.moduleId))];
  }
}
