import { timedProcess } from '../timed-process';

const root = new URL('../../..', import.meta.url).pathname;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median wall time and CPU time (null without GNU time) of a set of timed runs. */
function medians(runs: { ms: number; cpuMs: number | null }[]) {
  return { medianMs: median(runs.map((run) => run.ms)), medianCpuMs: runs.every((run) => run.cpuMs !== null) ? median(runs.map((run) => run.cpuMs!)) : null };
}

/**
 * The `nudgelab` command's start as users call it (`node
 * server/cli/nudgelab.mjs`, the package's bin, with its check that dist/ is
 * current): `--version` and `--help`, against a bare `node -e 0`, the three
 * alternating, `runs` times each; median wall and CPU time of each.
 *
 * @example
 * const start = await cliStart(15);
 * start.version.medianMs - start.bareNode.medianMs; // => what nudgelab adds to Node's own start
 */
export async function cliStart(runs: number) {
  const version: { ms: number; cpuMs: number | null }[] = [];
  const help: { ms: number; cpuMs: number | null }[] = [];
  const bareNode: { ms: number; cpuMs: number | null }[] = [];
  for (let run = 0; run < runs; run++) {
    version.push(await timedProcess(process.execPath, ['server/cli/nudgelab.mjs', '--version'], root));
    help.push(await timedProcess(process.execPath, ['server/cli/nudgelab.mjs', '--help'], root));
    bareNode.push(await timedProcess(process.execPath, ['-e', '0'], root));
  }
  return { runs, version: medians(version), help: medians(help), bareNode: medians(bareNode) };
}
