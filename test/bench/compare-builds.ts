/**
 * Two builds of nudgelab under the same load, taking turns: both servers run
 * side by side (each on its own fresh SQLite file), and short load phases
 * alternate between them, so that the machine's changes of speed, which on a
 * shared machine move the baseline two-fold from one minute to the next, fall
 * on both builds alike. Reports each round's throughput and server CPU time
 * per request, and the median of the per-round ratio after / before. Both
 * databases are created by this checkout's code (migrations and API key), so
 * the other build must read the same schema: compare across a migration only
 * with a build that has it.
 *
 * Usage (the other build compiled, e.g. from `git archive` of a commit, with
 * `node .ci/compile-to-dist.mjs` run in it):
 *   npx tsx test/bench/compare-builds.ts --before /tmp/before/dist/server/main.js
 *     [--after dist/server/main.js] [--scenario screen|assignments] [--rounds 10] [--seconds 4]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../../analysis/median';
import { httpLoad } from './http-load';
import { nudgelabBenchServer } from './nudgelab-bench-server';
import { serverCpuDuring } from './process-cpu-time';
import { newVisitorAssignment } from './scenarios/lender-api';
import { participantScreen } from './scenarios/participant-screen';

const { values: options } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'dist/server/main.js' },
    scenario: { type: 'string', default: 'screen' },
    rounds: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '4' },
  },
});
if (!options.before) throw new Error('name the other build: --before PATH/dist/server/main.js');
if (!['screen', 'assignments'].includes(options.scenario)) throw new Error('--scenario is screen or assignments');
const connections = 50;
const folder = mkdtempSync(join(tmpdir(), 'nudgelab-compare-'));

/** One build's server, named for the report. */
const buildServer = async (name: string, script: string) => ({ name, ...(await nudgelabBenchServer(folder, name, script)) });

let nextVisitor = 0;
/** New lender visitors, one assignment each, for `seconds`. */
const assignments = (baseUrl: string, secret: string, seconds: number) =>
  httpLoad({ url: baseUrl, connections, duration: seconds, requests: [newVisitorAssignment(secret, () => `visitor-${nextVisitor++}`)] });

/** One load phase against one build: its throughput and the server's CPU time per request. */
async function phase(build: Awaited<ReturnType<typeof buildServer>>, seconds: number) {
  const { result, cpuMsPerRequest } = await serverCpuDuring(build.pid, async () =>
    options.scenario === 'screen' ? (await participantScreen(build.baseUrl, { connections, seconds })).load : assignments(build.baseUrl, build.secret, seconds),
  );
  if (result.errors + result.failedStatuses > 0) throw new Error(`${build.name}: ${result.errors} errors, ${result.failedStatuses} failed answers`);
  return { requestsPerSecond: result.requestsPerSecond, cpuMsPerRequest };
}

const builds = [await buildServer('before', options.before), await buildServer('after', options.after)];
try {
  for (const build of builds) await phase(build, 2); // warm-up
  const rounds: Record<string, Awaited<ReturnType<typeof phase>>[]> = { before: [], after: [] };
  for (let round = 0; round < Number(options.rounds); round++) {
    // Each build goes first in every other round.
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) rounds[build.name]!.push(await phase(build, Number(options.seconds)));
  }
  for (const [name, phases] of Object.entries(rounds)) {
    console.log(
      `${name.padEnd(6)} req/s ${phases.map((each) => Math.round(each.requestsPerSecond)).join(' ')}; CPU ms/req ${phases.map((each) => each.cpuMsPerRequest.toFixed(3)).join(' ')}; ` +
        `median ${Math.round(median(phases.map((each) => each.requestsPerSecond))!)} req/s, ${median(phases.map((each) => each.cpuMsPerRequest))!.toFixed(3)} ms/req`,
    );
  }
  const ratios = rounds.after!.map((after, round) => after.cpuMsPerRequest / rounds.before![round]!.cpuMsPerRequest);
  console.log(`after / before, CPU per request, per round: ${ratios.map((ratio) => ratio.toFixed(3)).join(' ')}; median ${median(ratios)!.toFixed(3)}`);
} finally {
  for (const build of builds) await build.stop();
}
