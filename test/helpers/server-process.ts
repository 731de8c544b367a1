import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Runs `server/main.ts` (or another server script) as `npm start` does, as one
 * real process (node with the tsx loader, so a signal reaches the server
 * itself), collecting its log lines. `started()` resolves with the base URL
 * once it listens.
 */
export function startServerProcess(environment: Record<string, string>, script = 'server/main.ts') {
  // NUDGELAB_SERVER_NODE_ARGS passes extra flags to the server's node, e.g. `--cpu-prof` when profiling a benchmark.
  const nodeArguments = (process.env.NUDGELAB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArguments, '--import', 'tsx', script], {
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
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000) => {
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
