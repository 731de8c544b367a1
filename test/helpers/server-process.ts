import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Runs `server/main.ts` as `npm start` does, as one real process (node with
 * the tsx loader, so a signal reaches the server itself), collecting its log
 * lines. `started()` resolves with the base URL once it listens.
 */
export function startServerProcess(environment: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
