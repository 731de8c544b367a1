import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The application logger: JSON lines, with cookies, authorization headers,
 * passwords and secrets redacted wherever they appear in a logged object.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secret',
          'password',
          'secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
