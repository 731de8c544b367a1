// Runs the nudgelab command line with the arguments given, then prints the
// process's peak resident memory (maxRSS, in kB) on stderr as `peak-rss-kb N`,
// so the benchmark can measure what an export really holds in memory.
import { register } from 'tsx/esm/api';

register();
process.on('exit', () => {
  process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
await import('../../server/cli/main.ts');
