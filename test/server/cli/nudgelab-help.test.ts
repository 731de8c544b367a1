import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNudgelab } from '../../../server/cli/run-nudgelab';
import { subcommands, type SubcommandName } from '../../../server/cli/subcommands';

const root = new URL('../../..', import.meta.url).pathname;
const packageVersion = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
const names = Object.keys(subcommands) as SubcommandName[];

/** Runs the CLI in this process, collecting what it prints and its exit code. */
async function nudgelab(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runNudgelab(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text), isTTY: false } });
  return { status, stdout, stderr };
}

/** The real `nudgelab` command (server/cli/nudgelab.mjs, the compiled CLI), for exit codes as a shell sees them. */
function nudgelabProcess(...args: string[]) {
  return spawnSync(process.execPath, ['server/cli/nudgelab.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('nudgelab explains itself', () => {
  it('lists every subcommand with its summary under --help, and says how to get more', async () => {
    const run = await nudgelab('--help');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const flattened = run.stdout.replace(/\s+/g, ' ');
    for (const name of names) expect(flattened).toContain(`${name} `);
    for (const name of names) expect(flattened).toContain(subcommands[name].summary.split(' ').slice(0, 4).join(' '));
    expect(run.stdout).toContain('nudgelab help COMMAND');
    expect(run.stdout).toMatch(/-v, --version\s+print the version/);
  });

  it('prints the same overview for a bare help', async () => {
    const [help, option] = [await nudgelab('help'), await nudgelab('--help')];
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(option.stdout);
  });

  it.each(names)('%s --help exits 0 with a description of every option and an example', async (name) => {
    const run = await nudgelab(name, '--help');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Usage: nudgelab ${name}`);
    const flattened = run.stdout.replace(/\s+/g, ' ');
    for (const option of subcommands[name].options) {
      expect(run.stdout).toContain(`--${option.name}`);
      // The description follows the option (wrapped to the terminal; compare without line breaks).
      expect(flattened).toContain(option.description.replace(/\s+/g, ' ').slice(0, 40).trim());
      if ('default' in option) expect(flattened).toContain(`(default: "${option.default}")`);
    }
    for (const argument of subcommands[name].arguments) expect(run.stdout).toContain(argument.name);
    expect(subcommands[name].examples.length).toBeGreaterThan(0);
    expect(run.stdout).toContain('Examples:');
    for (const example of subcommands[name].examples) expect(run.stdout).toContain(`$ nudgelab ${example.command}`);
  });

  it.each(names)('help %s prints the same as the command’s own --help', async (name) => {
    const [viaHelp, viaOption] = [await nudgelab('help', name), await nudgelab(name, '-h')];
    expect(viaHelp.status).toBe(0);
    expect(viaHelp.stdout).toBe(viaOption.stdout);
  });

  it('prints the version of package.json', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await nudgelab(flag);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${packageVersion}\n`);
    }
  });

  it.each([
    [['simulte'], "nudgelab: Unknown command 'simulte'. Did you mean simulate?"],
    [['help', 'anaylze'], "nudgelab: Unknown command 'anaylze'. Did you mean analyze?"],
    [['power', '--aplha', '0.1'], "nudgelab power: Unknown option '--aplha'. Did you mean --alpha?"],
    [['simulate', '--experiments', 'loan-anchor'], "nudgelab simulate: Unknown option '--experiments'. Did you mean --experiment?"],
    [['export', '--include-tests'], "nudgelab export: Unknown option '--include-tests'. Did you mean --include-test?"],
  ])('refuses the misspelt %j with exit code 2 and a suggestion', async (argv, message) => {
    const run = await nudgelab(...argv);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/\(see nudgelab( \w+)? --help\)/);
  }, 60_000);

  it.each([
    [['power', '--type', 'continuous', '--sd', 'lots', '--mde', '1', '--arms', '2'], 'nudgelab power: --sd must be a positive number, not "lots"'],
    [['power', '--type', 'continuous', '--sd'], "nudgelab power: Option '--sd <S>' argument missing"],
    [['user', 'frobnicate'], "Allowed choices are add, passwd, list, disable, enable, unlock"],
    [['simulate', '--experiment', 'loan-anchor', '--participants', 'many'], 'nudgelab simulate: --participants must be a whole number from 1 to 1,000,000'],
    [['simulate', '--experiment', 'loan-anchor', '--participants', '5', '--seed', '1.5'], 'nudgelab simulate: --seed must be a whole number, not "1.5"'],
    [['schema', 'extra'], "nudgelab schema: Too many arguments for 'schema'"],
    [['analyze'], "nudgelab analyze: Missing required argument 'FILE.csv'"],
  ])('refuses the invalid %j with one plain line and exit code 2', async (argv, message) => {
    const run = await nudgelab(...argv);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/ at .*\.(js|ts):\d+|ERR_PARSE_ARGS|TypeError/);
  }, 60_000); // the first command of a kind loads its code (the experiments, the analysis): slow on a busy machine

  it('asks for a command with the overview and exit code 2 when none is given', async () => {
    const run = await nudgelab();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: nudgelab [options] [command]');
  });

  it('gives a shell the same exit codes: 0 for help and version, 2 with a suggestion for a misspelt command', () => {
    const help = nudgelabProcess('simulate', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--participants <N>');
    const version = nudgelabProcess('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion);
    const misspelt = nudgelabProcess('simulte');
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toContain('Did you mean simulate?');
  }, 120_000);

  it('loads no command code, store or experiment for help and --version (start time)', () => {
    // A module hook that names every module the CLI loads, on stderr.
    const hook = join(mkdtempSync(join(tmpdir(), 'nudgelab-loads-')), 'hook.mjs');
    const resolve = 'export async function resolve(specifier, context, next) { const result = await next(specifier, context); process.stderr.write(`loaded ${result.url}\\n`); return result; }';
    writeFileSync(hook, `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(resolve)}));\n`);
    const loaded = (...args: string[]) => {
      const run = spawnSync(process.execPath, ['--import', hook, 'dist/server/cli/main.js', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(0);
      return [...run.stderr.matchAll(/^loaded (\S+)$/gm)].map((match) => match[1]!);
    };
    for (const args of [['--help'], ['simulate', '--help'], ['help', 'migrate-store']]) {
      const modules = loaded(...args);
      expect(modules.some((url) => url.includes('/commander/'))).toBe(true);
      const ours = modules.filter((url) => url.includes('/dist/'));
      expect(ours.length).toBeGreaterThan(3);
      expect(ours.filter((url) => !/\/dist\/server\/(cli\/|project-root\.js)/.test(url) || /-command\.js$/.test(url))).toEqual([]);
    }
    const forVersion = loaded('--version');
    expect(forVersion.filter((url) => url.includes('/commander/') || url.includes('run-nudgelab'))).toEqual([]);
  }, 120_000);
});
