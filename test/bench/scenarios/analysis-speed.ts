import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { analyzeExperiment, type ExperimentInput } from '../../../analysis/analyze-experiment';
import { seededRandom } from '../../../experiments/simulation/seeded-random';

const arms = ['control', 'low-anchor', 'high-anchor'] as const;
const meanByArm = { control: 9000, 'low-anchor': 8200, 'high-anchor': 11000 };

/** Simulated loan-anchor data: requested amounts and "more than €9,000", in typed arrays per arm. */
function simulatedInput(participants: number): { input: ExperimentInput; amounts: Map<string, Float64Array>; above: Map<string, Uint8Array> } {
  const random = seededRandom(20261127);
  const perArm = Math.floor(participants / arms.length);
  const amounts = new Map<string, Float64Array>();
  const above = new Map<string, Uint8Array>();
  for (const arm of arms) {
    const values = new Float64Array(perArm);
    const flags = new Uint8Array(perArm);
    for (let index = 0; index < perArm; index++) {
      values[index] = Math.max(500, Math.round(random.normal(meanByArm[arm], 4000) / 100) * 100);
      flags[index] = values[index]! > 9000 ? 1 : 0;
    }
    amounts.set(arm, values);
    above.set(arm, flags);
  }
  return {
    amounts,
    above,
    input: {
      arms,
      participantsByArm: new Map(arms.map((arm) => [arm, perArm])),
      metrics: [
        { metric: 'amount', type: 'continuous', valuesByArm: amounts },
        { metric: 'above_highest_quote', type: 'binary', valuesByArm: above },
      ],
    },
  };
}

/**
 * The analysis of `participants` simulated participants in 3 arms (one
 * continuous and one binary outcome, every figure of the results page), timed
 * over `runs` runs; and, when Rscript is on the PATH, R's t.test + prop.test +
 * wilcox.test on the same data in the same run.
 */
export async function analysisSpeed(participants: number, runs: number, folder: string) {
  const { input, amounts, above } = simulatedInput(participants);
  const timesMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    analyzeExperiment(input);
    timesMs.push(performance.now() - started);
  }
  const medianMs = [...timesMs].sort((a, b) => a - b)[Math.floor(timesMs.length / 2)]!;

  let rMs: number | null = null;
  const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((path) => existsSync(path));
  if (rscript) {
    const csvPath = join(folder, 'analysis-data.csv');
    const csv = createWriteStream(csvPath);
    csv.write('arm,amount,above\n');
    for (const arm of arms) {
      const values = amounts.get(arm)!;
      const flags = above.get(arm)!;
      for (let index = 0; index < values.length; index++) if (!csv.write(`${arm},${values[index]},${flags[index]}\n`)) await once(csv, 'drain');
    }
    csv.end();
    await once(csv, 'finish');
    const script = new URL('./r-reference-timing.R', new URL('..', import.meta.url)).pathname;
    const run = spawnSync(rscript, [script, csvPath], { encoding: 'utf8' });
    if (run.status === 0) rMs = Number(run.stdout.trim()) * 1000;
  }
  return { participants: (participants - (participants % arms.length)), timesMs, medianMs, rMs };
}
