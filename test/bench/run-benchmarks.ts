/**
 * `npm run bench`: every benchmark scenario against a baseline measured in
 * the same run, on 127.0.0.1, printed as a table and written to
 * test-output/bench/results.json. Not part of `npm test`.
 *
 * Options: --only NAME[,NAME] (baseline, screen, decision, api, scale,
 * analysis, cli, cli-start, export, results-scale, soak), --seconds N per HTTP scenario (10), --participants N for
 * the analysis and the CSV of `nudgelab analyze` (1,000,000), --export-rows N (1,000,000), --results-participants N (1,000,000),
 * --soak-seconds N (60). `npm run bench` compiles dist/ first (prebench).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import pg from 'pg';
import { freshPostgresDatabase } from '../helpers/postgres';
import { startServerProcess } from '../helpers/server-process';
import { httpLoad, type LoadResult } from './http-load';
import { processCpuMs, serverCpuDuring } from './process-cpu-time';
import { processMemory } from './process-memory';
import { analysisSpeed } from './scenarios/analysis-speed';
import { analyzeCli } from './scenarios/analyze-cli';
import { cliStart } from './scenarios/cli-start';
import { csvExport, timedExport } from './scenarios/csv-export';
import { countLoanAnchorDecisions, decisionSubmit } from './scenarios/decision-submit';
import { lenderApi } from './scenarios/lender-api';
import { nudgelabBenchServer } from './nudgelab-bench-server';
import { participantScreen } from './scenarios/participant-screen';
import { resultsScale } from './scenarios/results-scale';
import { scaleOut } from './scenarios/scale-out';
import { soak } from './scenarios/soak';
import { seedDecidedParticipants, seedDecidedParticipantsInPostgres } from './seed-participants';

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    participants: { type: 'string', default: '1000000' },
    'export-rows': { type: 'string', default: '1000000' },
    'results-participants': { type: 'string', default: '1000000' },
    'soak-seconds': { type: 'string', default: '60' },
  },
});
const only = options.only ? new Set(options.only.split(',')) : null;
const wanted = (name: string) => !only || only.has(name);
const seconds = Number(options.seconds);
const connections = 50;
const folder = mkdtempSync(join(tmpdir(), 'nudgelab-bench-'));
const experiments = validateExperiments(experimentRegistry);

interface Row {
  scenario: string;
  throughput: string;
  p50Ms?: number;
  p99Ms?: number;
  peakRssMb?: number;
  /** The server's CPU time (user + system) per answered request during the measured run. */
  serverCpuMsPerRequest?: number | string;
  baseline: string;
  ratio?: number;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
const details: Record<string, unknown> = {};
const log = (line: string) => process.stderr.write(`${line}\n`);
const rate = (value: number, unit: string) => `${Math.round(value).toLocaleString('en')} ${unit}/s`;

/** A nudgelab server on a fresh database in this run's folder, with an API key; stopped by `stop()`. */
const nudgelabServer = (name: string) => nudgelabBenchServer(folder, name);

async function main() {
  log(`nudgelab benchmarks: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; data in ${folder}`);
  let baseline: LoadResult | null = null;
  if (wanted('baseline') || wanted('screen')) {
    const bare = startServerProcess({}, 'test/bench/bare-express-server.ts');
    const url = await bare.started();
    await httpLoad({ url, connections, duration: 2 }); // warm-up
    const measured = await serverCpuDuring(bare.child.pid!, () => httpLoad({ url, connections, duration: seconds }));
    baseline = measured.result;
    bare.child.kill('SIGTERM');
    await bare.exited;
    rows.push({
      scenario: 'Bare Express, static string (baseline)',
      throughput: rate(baseline.requestsPerSecond, 'req'),
      p50Ms: baseline.p50Ms,
      p99Ms: baseline.p99Ms,
      serverCpuMsPerRequest: measured.cpuMsPerRequest,
      baseline: '—',
      target: '—',
      met: null,
    });
    details.baseline = { ...baseline, serverCpuMsPerRequest: measured.cpuMsPerRequest };
  }

  if (wanted('screen') || wanted('decision') || wanted('api')) {
    const server = await nudgelabServer('http');
    if (wanted('screen') || wanted('decision')) {
      log('participant screen …');
      await participantScreen(server.baseUrl, { connections, seconds: 2 }); // warm-up
      const cpuBefore = processCpuMs(server.pid);
      const screen = await participantScreen(server.baseUrl, { connections, seconds });
      const screenCpuMsPerRequest = (processCpuMs(server.pid) - cpuBefore) / screen.load.requests;
      const ratio = baseline ? screen.load.requestsPerSecond / baseline.requestsPerSecond : undefined;
      rows.push({
        scenario: 'Participant screen: consent (assign) + screen (exposure, render)',
        throughput: rate(screen.load.requestsPerSecond, 'req'),
        p50Ms: screen.load.p50Ms,
        p99Ms: screen.load.p99Ms,
        peakRssMb: processMemory(server.pid).peakRssMb,
        serverCpuMsPerRequest: screenCpuMsPerRequest,
        baseline: baseline ? rate(baseline.requestsPerSecond, 'req') : '—',
        ratio,
        target: 'ratio ≥ 0.5, p99 ≤ 25 ms',
        met: ratio === undefined ? null : ratio >= 0.5 && screen.load.p99Ms <= 25 && screen.load.errors + screen.load.failedStatuses === 0,
      });
      details.screen = { ...screen.load, participantsExposed: screen.exposed.length, serverCpuMsPerRequest: screenCpuMsPerRequest };
      if (wanted('decision')) {
        log(`decision submit for ${screen.exposed.length} participants …`);
        const decision = await decisionSubmit(server.baseUrl, server.databasePath, screen.exposed, { connections });
        rows.push({
          scenario: `Decision submit (validate + durable insert), ${decision.acknowledged.toLocaleString('en')} decisions`,
          throughput: rate(decision.load.requestsPerSecond, 'decision'),
          p50Ms: decision.load.p50Ms,
          p99Ms: decision.load.p99Ms,
          peakRssMb: processMemory(server.pid).peakRssMb,
          baseline: baseline ? rate(baseline.requestsPerSecond, 'req') : '—',
          ratio: baseline ? decision.load.requestsPerSecond / baseline.requestsPerSecond : undefined,
          target: '≥ 4,000/s, none lost',
          met: decision.load.requestsPerSecond >= 4000 && decision.lost === 0 && decision.stored === screen.exposed.length,
        });
        details.decision = decision;
      }
    }
    if (wanted('api')) {
      log('lender API …');
      const api = await lenderApi(server.baseUrl, server.secret, { connections, seconds, batchSize: 100, serverPid: server.pid });
      rows.push({
        scenario: 'Lender API: assignments',
        throughput: rate(api.assignments.requestsPerSecond, 'req'),
        p50Ms: api.assignments.p50Ms,
        p99Ms: api.assignments.p99Ms,
        serverCpuMsPerRequest: api.assignmentsCpuMsPerRequest,
        baseline: baseline ? rate(baseline.requestsPerSecond, 'req') : '—',
        ratio: baseline ? api.assignments.requestsPerSecond / baseline.requestsPerSecond : undefined,
        target: 'measured',
        met: api.assignments.errors + api.assignments.failedStatuses === 0 ? null : false,
      });
      rows.push({
        scenario: 'Lender API: event batches of 100',
        throughput: `${rate(api.events.requestsPerSecond, 'batch')} = ${rate(api.eventsPerSecond, 'event')}`,
        p50Ms: api.events.p50Ms,
        p99Ms: api.events.p99Ms,
        peakRssMb: processMemory(server.pid).peakRssMb,
        serverCpuMsPerRequest: api.eventsCpuMsPerRequest,
        baseline: '—',
        target: 'measured',
        met: api.events.errors + api.events.failedStatuses === 0 ? null : false,
      });
      details.api = api;
    }
    await server.stop();
  }

  if (wanted('scale')) {
    const postgresServer = process.env.NUDGELAB_BENCH_DATABASE_URL || process.env.NUDGELAB_TEST_DATABASE_URL;
    if (!postgresServer) {
      log('scale-out skipped: set NUDGELAB_BENCH_DATABASE_URL (or NUDGELAB_TEST_DATABASE_URL, e.g. from .ci/start-postgres)');
      rows.push({ scenario: 'Scale-out: 2 instances on PostgreSQL vs 1 on SQLite', throughput: 'skipped: no PostgreSQL server given', baseline: '—', target: 'measured', met: null });
    } else {
      log('scale-out: one instance on SQLite …');
      const sqlite = await nudgelabServer('scale-sqlite');
      const one = await scaleOut([sqlite.baseUrl], async () => countLoanAnchorDecisions(sqlite.databasePath), { connections, seconds });
      await sqlite.stop();
      log('scale-out: two instances on one PostgreSQL …');
      const databaseUrl = await freshPostgresDatabase(postgresServer);
      const settings = { NUDGELAB_DATABASE_URL: databaseUrl, NUDGELAB_ADMIN_PASSWORD: 'benchmark-admin-pw', NUDGELAB_API_REQUESTS_PER_MINUTE: '1000000' };
      const instances = [startServerProcess(settings), startServerProcess(settings)];
      const urls = await Promise.all(instances.map((instance) => instance.started()));
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      const countPostgres = async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM decisions WHERE experiment_key = 'loan-anchor'")).rows[0]!.n;
      const two = await scaleOut(urls, countPostgres, { connections, seconds });
      await pool.end();
      for (const instance of instances) instance.child.kill('SIGTERM');
      await Promise.all(instances.map((instance) => instance.exited));
      for (const [label, result] of [['1 instance on SQLite', one], ['2 instances on one PostgreSQL', two]] as const) {
        rows.push({
          scenario: `Scale-out, ${label}: consent + screen`,
          throughput: rate(result.screen.requestsPerSecond, 'req'),
          p50Ms: result.screen.p50Ms,
          p99Ms: result.screen.p99Ms,
          baseline: label.startsWith('1') ? '—' : rate(one.screen.requestsPerSecond, 'req'),
          ratio: label.startsWith('1') ? undefined : result.screen.requestsPerSecond / one.screen.requestsPerSecond,
          target: 'measured',
          met: result.screen.errors + result.screen.failedStatuses === 0 ? null : false,
        });
        rows.push({
          scenario: `Scale-out, ${label}: ${result.acknowledged.toLocaleString('en')} decisions (on the other instance)`,
          throughput: rate(result.decision.requestsPerSecond, 'decision'),
          p50Ms: result.decision.p50Ms,
          p99Ms: result.decision.p99Ms,
          baseline: label.startsWith('1') ? '—' : rate(one.decision.requestsPerSecond, 'decision'),
          ratio: label.startsWith('1') ? undefined : result.decision.requestsPerSecond / one.decision.requestsPerSecond,
          target: 'none lost',
          met: result.lost === 0 && result.stored === result.acknowledged,
        });
      }
      details.scale = { sqlite: one, postgres: two };

      // Exports stream from PostgreSQL through a cursor: peak memory at two sizes shows whether it stays flat.
      const postgresExports = [];
      for (const count of [Math.round(Number(options['export-rows']) / 4), Number(options['export-rows'])]) {
        log(`PostgreSQL export of ${count.toLocaleString('en')} participants …`);
        const exportDatabase = await freshPostgresDatabase(postgresServer);
        await seedDecidedParticipantsInPostgres(exportDatabase, count);
        const exported = timedExport(exportDatabase, join(folder, `postgres-export-${count}.csv`), count);
        postgresExports.push(exported);
        rows.push({
          scenario: `CSV export from PostgreSQL, ${count.toLocaleString('en')} participants (${exported.fileMb.toFixed(0)} MB)`,
          throughput: rate(exported.rowsPerSecond, 'row'),
          peakRssMb: exported.peakRssMb,
          baseline: postgresExports.length === 1 ? '—' : `${postgresExports[0]!.rows.toLocaleString('en')} rows: ${postgresExports[0]!.peakRssMb.toFixed(0)} MB`,
          ratio: postgresExports.length === 1 ? undefined : exported.peakRssMb / postgresExports[0]!.peakRssMb,
          target: '< 250 MB RSS, flat',
          met: exported.peakRssMb < 250,
        });
      }
      details.postgresExports = postgresExports;
    }
  }

  if (wanted('analysis')) {
    log('analysis …');
    const analysis = await analysisSpeed(Number(options.participants), 5, folder);
    rows.push({
      scenario: `Analysis of ${analysis.participants.toLocaleString('en')} participants, 3 arms, continuous + binary`,
      throughput: `${analysis.medianMs.toFixed(0)} ms (median of ${analysis.timesMs.length})`,
      baseline: analysis.rMs === null ? 'R not installed' : `R t.test + prop.test + wilcox.test: ${analysis.rMs.toFixed(0)} ms`,
      ratio: analysis.rMs === null ? undefined : analysis.medianMs / analysis.rMs,
      target: '≤ 1 s',
      met: analysis.medianMs <= 1000,
    });
    details.analysis = analysis;
  }

  if (wanted('cli')) {
    log('nudgelab analyze and R on the same CSV …');
    const cli = await analyzeCli(Number(options.participants), 3, folder);
    const cpu = (ms: number | null) => (ms === null ? '' : `, CPU ${ms.toFixed(0)} ms`);
    rows.push({
      scenario: `nudgelab analyze of a ${cli.rows.toLocaleString('en')}-row CSV (${cli.fileMb.toFixed(0)} MB), its own process`,
      throughput: `${cli.medianMs.toFixed(0)} ms (median of ${cli.nudgelab.length}${cpu(cli.medianCpuMs)})`,
      peakRssMb: cli.peakRssMb,
      baseline:
        cli.rMedianMs === null
          ? 'R not installed'
          : `R read.csv + t.test + wilcox.test + prop.test + fisher.test: ${cli.rMedianMs.toFixed(0)} ms${cpu(cli.rMedianCpuMs)}, ${cli.rPeakRssMb!.toFixed(0)} MB`,
      ratio: cli.rMedianMs === null ? undefined : cli.medianMs / cli.rMedianMs,
      target: '≤ 0.5 × R, < 150 MB',
      met: cli.rMedianMs === null ? null : cli.medianMs <= 0.5 * cli.rMedianMs && cli.peakRssMb < 150,
    });
    details.cli = cli;
  }

  if (wanted('cli') || wanted('cli-start')) {
    log('CLI start: nudgelab --version and --help against node -e 0 …');
    const start = await cliStart(15);
    const cpu = (ms: number | null) => (ms === null ? '' : `, CPU ${ms.toFixed(0)} ms`);
    const bare = `node -e 0: ${start.bareNode.medianMs.toFixed(0)} ms${cpu(start.bareNode.medianCpuMs)}`;
    for (const [label, timing] of [['--version', start.version], ['--help', start.help]] as const) {
      rows.push({
        scenario: `CLI start: nudgelab ${label}`,
        throughput: `${timing.medianMs.toFixed(0)} ms (median of ${start.runs}${cpu(timing.medianCpuMs)})`,
        baseline: bare,
        ratio: timing.medianMs / start.bareNode.medianMs,
        target: '< 300 ms',
        met: timing.medianMs < 300,
      });
    }
    details.cliStart = start;
  }

  if (wanted('export')) {
    const exportRows = Number(options['export-rows']);
    log(`seeding ${exportRows.toLocaleString('en')} participants for the export …`);
    const databasePath = join(folder, 'export.db');
    await seedDecidedParticipants(databasePath, experiments.get('loan-anchor')!.definition, exportRows);
    log('CSV export …');
    const exported = csvExport(databasePath, folder, exportRows);
    rows.push({
      scenario: `CSV export of ${exported.rows.toLocaleString('en')} participants (${exported.fileMb.toFixed(0)} MB)`,
      throughput: rate(exported.rowsPerSecond, 'row'),
      peakRssMb: exported.peakRssMb,
      baseline: `bare SQLite scan: ${rate(exported.baseline.rowsPerSecond, 'row')}, ${exported.baseline.peakRssMb.toFixed(0)} MB`,
      ratio: exported.rowsPerSecond / exported.baseline.rowsPerSecond,
      target: '< 250 MB RSS',
      met: exported.peakRssMb < 250,
    });
    details.export = exported;
  }

  if (wanted('results-scale')) {
    // On its own: `npm run bench -- --only results-scale` (a million seeded participants, then three pages, each in a fresh server, each twice).
    const participants = Number(options['results-participants']);
    log(`seeding ${participants.toLocaleString('en')} participants for the results pages …`);
    const databasePath = join(folder, 'results-scale.db');
    await seedDecidedParticipants(databasePath, experiments.get('loan-anchor')!.definition, participants);
    log('results page, results JSON and dashboard …');
    const scale = await resultsScale(databasePath);
    for (const [name, label] of [['resultsPage', 'Results page'], ['resultsJson', 'Results JSON'], ['dashboard', 'Dashboard']] as const) {
      const { cold, again, peakRssMb } = scale[name];
      rows.push({
        scenario: `${label}, ${participants.toLocaleString('en')} participants, cold in a fresh server (HTTP ${cold.status}, ${again.status})`,
        throughput: `${cold.seconds.toFixed(2)} s, again ${again.seconds.toFixed(2)} s`,
        peakRssMb,
        serverCpuMsPerRequest: `${Math.round(cold.serverCpuSeconds * 1000)} cold, ${Math.round(again.serverCpuSeconds * 1000)} again`,
        baseline: '—',
        target: '≤ 3 s',
        met: cold.status === 200 && again.status === 200 && Math.max(cold.seconds, again.seconds) <= 3,
      });
    }
    details.resultsScale = scale;
  }

  if (wanted('soak')) {
    const server = await nudgelabServer('soak');
    const soakSeconds = Number(options['soak-seconds']);
    // The heap grows to its working size in the first half minute (seen in a 180 s run), so that is warm-up, not measured.
    log('soak: 30 s warm-up …');
    await soak(server.baseUrl, server.pid, server.databasePath, server.secret, { seconds: 30, requestsPerSecond: 500, runName: 'warm-up' });
    log(`soak: ${soakSeconds} s at 500 requests/s …`);
    const result = await soak(server.baseUrl, server.pid, server.databasePath, server.secret, { seconds: soakSeconds, requestsPerSecond: 500, settleSeconds: 0 });
    await server.stop();
    rows.push({
      scenario: `Soak: ${soakSeconds} s mixed panel + API traffic, ${result.requests.toLocaleString('en')} requests`,
      throughput: rate(result.requestsPerSecond, 'req'),
      p99Ms: result.p99Ms,
      peakRssMb: Math.max(...result.memory.samples.map((sample) => sample.rssMb)),
      baseline: `RSS mean ${result.memory.meanMb.toFixed(0)} MB, trend ${result.memory.slopeMbPerMinute >= 0 ? '+' : ''}${result.memory.slopeMbPerMinute.toFixed(1)} MB/min`,
      target: '0 errors, 0 lost, flat memory',
      met: result.errors === 0 && result.failedStatuses === 0 && result.lostDecisions === 0 && result.memory.trendGrowthPercent < 5,
    });
    details.soak = result;
  }

  const table = [
    '| Scenario | Throughput | p50 ms | p99 ms | Peak RSS MB | Server CPU ms/req | Baseline (same run) | Ratio | Target | Met |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) =>
      [
        row.scenario,
        row.throughput,
        row.p50Ms?.toFixed(1) ?? '',
        row.p99Ms?.toFixed(1) ?? '',
        row.peakRssMb?.toFixed(0) ?? '',
        typeof row.serverCpuMsPerRequest === 'number' ? row.serverCpuMsPerRequest.toFixed(3) : (row.serverCpuMsPerRequest ?? ''),
        row.baseline,
        row.ratio === undefined ? '' : row.ratio.toFixed(2),
        row.target,
        row.met === null ? '' : row.met ? 'yes' : '**no**',
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const outputFolder = join(process.cwd(), 'test-output', 'bench');
  mkdirSync(outputFolder, { recursive: true });
  writeFileSync(join(outputFolder, 'results.json'), JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 1024 ** 3, node: process.version }, rows, details }, null, 2));
  rmSync(folder, { recursive: true, force: true });
}

await main();
