import { runNudgelab } from './run-nudgelab';

// A reader that stops early (`nudgelab schema | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// The `nudgelab` command (see run-nudgelab.ts for what it does and its exit codes).
// A command may have set the exit code already (simulate: 1 when a participant failed).
const exitCode = await runNudgelab(process.argv.slice(2), process);
process.exitCode = Math.max(exitCode, Number(process.exitCode ?? 0));
