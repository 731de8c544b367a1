import express from 'express';

/**
 * The benchmark baseline: Express 5 serving a static string and nothing else,
 * started as its own process like nudgelab, so that the ratio shows what
 * nudgelab's work costs on top of the framework.
 */
const app = express();
app.disable('x-powered-by');
app.get('/', (_request, response) => {
  response.type('text/plain').send('ok');
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on http://localhost:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
