import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  NUDGELAB_DB: z.string().min(1).default('data/nudgelab.db'),
  /** A PostgreSQL URL (postgres://user:password@host:5432/db): use PostgreSQL instead of the SQLite file, for several instances. */
  NUDGELAB_DATABASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
      .optional(),
  ),
  NUDGELAB_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NUDGELAB_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  NUDGELAB_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Exports and results a minute per API key and per signed-in user. */
  NUDGELAB_EXPORT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Express's `trust proxy`: set it (e.g. `loopback`, `1`, `10.0.0.0/8`) when a TLS proxy sits in front, so Secure cookies follow X-Forwarded-Proto. */
  NUDGELAB_TRUST_PROXY: z.string().min(1).optional(),
  /** Delete raw process events of decisions older than this many days (hourly); unset keeps them. */
  NUDGELAB_PROCESS_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  /** Origins (scheme://host[:port], comma-separated) whose pages may call /api/features and the lender API from the browser. */
  NUDGELAB_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s,]+$/, 'each origin is scheme://host[:port], with no path, e.g. https://lender.example'))),
  /** The longest a request may take to arrive, headers and body, before the server answers 408 and closes the connection. */
  NUDGELAB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.output<typeof configSchema>;

/**
 * Settings from the environment, with defaults that run on a fresh machine.
 * Throws with every bad variable named.
 *
 * @example
 * readConfig({ PORT: '8080' }).NUDGELAB_DB; // => 'data/nudgelab.db'
 */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(environment);
  if (!result.success) {
    throw new Error(`invalid configuration: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return result.data;
}
