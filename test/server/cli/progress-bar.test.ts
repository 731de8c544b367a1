import { describe, expect, it } from 'vitest';
import { progressBar } from '../../../server/cli/progress-bar';

/** A stream that records what is written; `isTTY` as a terminal (true) or a pipe (false). */
function recordingStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('progressBar', () => {
  it('draws in place on a terminal and ends the line', () => {
    const terminal = recordingStream(true);
    const bar = progressBar('exporting', 40, { stream: terminal, unit: 'participants' });
    bar.update(10);
    bar.update(40);
    bar.finish();
    expect(terminal.writes[0]).toBe(`\rexporting [${'#'.repeat(8)}${'.'.repeat(22)}] 10/40 participants`);
    expect(terminal.writes.at(-2)).toBe(`\rexporting [${'#'.repeat(30)}] 40/40 participants`);
    expect(terminal.writes.at(-1)).toBe('\n');
  });

  it('redraws at most ten times a second, but always draws the end', () => {
    const terminal = recordingStream(true);
    const bar = progressBar('simulating', 1000, { stream: terminal });
    for (let done = 1; done <= 1000; done += 1) bar.update(done);
    expect(terminal.writes.length).toBeLessThan(10);
    expect(terminal.writes.at(-1)).toContain('1000/1000');
  });

  it('writes nothing when piped', () => {
    const pipe = recordingStream(false);
    const bar = progressBar('exporting', 1000, { stream: pipe });
    for (let done = 1; done <= 1000; done += 1) bar.update(done);
    bar.finish();
    expect(pipe.writes).toEqual([]);
  });

  it('writes nothing for a job smaller than smallestJob, even on a terminal', () => {
    const terminal = recordingStream(true);
    const tiny = progressBar('exporting', 5, { stream: terminal });
    tiny.update(5);
    tiny.finish();
    expect(terminal.writes).toEqual([]);
    const tables = progressBar('copying', 5, { stream: terminal, smallestJob: 1 });
    tables.update(5);
    expect(terminal.writes).toEqual([`\rcopying [${'#'.repeat(30)}] 5/5`]);
  });
});
