import type { Logger } from 'pino';
import type { Experiment } from '../experiments/validate-experiments';
import type { Store } from './store/store';

/** What the handlers depend on; built once by main.ts (or a test) and passed to createApp. */
export interface AppContext {
  store: Store;
  experiments: ReadonlyMap<string, Experiment>;
  logger: Logger;
  /** Secret for signing cookies and CSRF tokens. */
  secret: string;
  /** Mark cookies Secure (behind TLS). */
  secureCookies: boolean;
  /** Express's `trust proxy` setting (NUDGELAB_TRUST_PROXY), when a TLS proxy sits in front. */
  trustProxy?: string;
  /** Origins allowed to call /api/features and the lender API from a browser (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** Requests a minute each lender API key may make. */
  apiRequestsPerMinute: number;
  /** Exports and results a minute per API key and per signed-in user (30 when unset). */
  exportRequestsPerMinute?: number;
  /** The clock, replaceable in tests. */
  now: () => Date;
}
