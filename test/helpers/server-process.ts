import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Runs the server as `npm start` does: node on the compiled `dist/server/main.js`
 * (which vitest's global setup and the bench's `prebench` bring up to date), as
 * one real process, so a signal reaches the server itself; collects its log
 * lines. Another script may be given; a `.ts` one runs through the tsx loader.
 * `started()` resolves with the base URL once it listens.
 *
 * @example
 * const server = startServerProcess({ NUDGELAB_DB: databasePath });
 * const baseUrl = await server.started(); // => 'http://127.0.0.1:41234'
 */
export function startServerProcess(environment: Record<string, string>, script = 'dist/server/main.js') {
  // NUDGELAB_SERVER_NODE_ARGS passes extra flags to the server's node, e.g. `--cpu-prof` when profiling a benchmark.
  const nodeArguments = (process.env.NUDGELAB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArguments, ...loader, script], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind when the test or benchmark that started it ends, even by failing.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // A bound for a server that never starts, not a speed check: on a loaded machine, with test files side by side, a start can take many seconds.
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`never saw ${pattern} in:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return pattern.exec(output)!;
  };
  const started = async () => `http://127.0.0.1:${(await waitFor(/listening on http:\/\/localhost:(\d+)/))[1]}`;
  return { child, exited, waitFor, started, output: () => output };
}
