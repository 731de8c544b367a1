import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { powerCommand } from '../../../server/cli/power-command';
import { CommandInputError } from '../../../server/cli/command-input-error';
import { readReferences } from '../../analysis/reference-helpers';

const root = new URL('../../..', import.meta.url).pathname;
const plans = readReferences().filter((row) => row.dataset === 'power-plan' && row.figure === 'nPerArm');

describe('nudgelab power', () => {
  it.each(plans.map((row) => [row.metric, row.value] as const))('prints R’s ceiling(n) for %s', (parameters, expected) => {
    const [type, spreadOrRate, mde, arms, alpha, power, correction] = parameters.split('/') as string[];
    const args = ['--type', type!, type === 'continuous' ? '--sd' : '--p0', spreadOrRate!, '--mde', mde!, '--arms', arms!, '--alpha', alpha!, '--power', power!, '--correction', correction!, '--format', 'json'];
    const report = JSON.parse(powerCommand(args));
    expect(report.nPerArm).toBe(expected);
    expect(report.totalParticipants).toBe(expected * Number(arms));
    expect(report.alphaPerComparison).toBeCloseTo(correction === 'holm' ? Number(alpha) / (Number(arms) - 1) : Number(alpha), 12);
  });

  it('defaults to alpha 0.05, power 0.8 and Holm, and prints a table by default', () => {
    const table = powerCommand(['--type', 'continuous', '--sd', '2800', '--mde', '1000', '--arms', '3']);
    expect(table).toContain('participants per arm: 151 (453 in all, 3 arms)');
    expect(table).toContain("Holm's worst case: 0.05 / 2");
    expect(table).toContain('ceiling(power.t.test(delta = 1000, sd = 2800, sig.level = 0.025, power = 0.8)$n)');
  });

  it.each([
    [['--type', 'continuous', '--sd', '1', '--mde', '0.5'], /--arms is required/],
    [['--type', 'continuous', '--sd', '0', '--mde', '0.5', '--arms', '2'], /--sd must be a positive number, not "0"/],
    [['--type', 'continuous', '--sd', 'x', '--mde', '0.5', '--arms', '2'], /--sd must be a positive number/],
    [['--type', 'continuous', '--sd', '1', '--mde', '0', '--arms', '2'], /--mde must be a non-zero number/],
    [['--type', 'continuous', '--sd', '1', '--mde', '0.5', '--arms', '1'], /--arms must be a whole number of at least 2/],
    [['--type', 'continuous', '--sd', '1', '--mde', '0.5', '--arms', '2', '--alpha', '1.5'], /--alpha must be between 0 and 1/],
    [['--type', 'continuous', '--sd', '1', '--mde', '0.5', '--arms', '2', '--correction', 'bh'], /--correction must be holm or none/],
    [['--type', 'binary', '--p0', '0.6', '--mde', '0.5', '--arms', '3'], /p0 \+ mde strictly between 0 and 1/],
    [['--type', 'binary', '--sd', '1', '--mde', '0.1', '--arms', '3'], /--sd is for --type continuous/],
    [['--type', 'poisson'], /--type must be continuous or binary/],
    [['--type', 'continuous', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with one line', (args, message) => {
    let error: unknown;
    try {
      powerCommand(args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommandInputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('runs from the command line: JSON on stdout, a negative effect accepted, bad input exits 2 with one line', () => {
    const run = (...args: string[]) => spawnSync('npx', ['--no-install', 'nudgelab', 'power', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const ok = run('--type', 'binary', '--p0', '0.6', '--mde', '-0.15', '--arms', '3', '--format', 'json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ nPerArm: 210, type: 'binary', controlRate: 0.6, minimumDetectableEffect: -0.15 });
    const bad = run('--type', 'continuous', '--sd', '-1', '--mde', '1', '--arms', '2');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--sd must be a positive number, not "-1"');
  }, 240_000);
});
