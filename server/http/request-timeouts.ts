import type { ServerOptions } from 'node:http';

/**
 * Node HTTP server options that bound how long a request may take to arrive:
 * the whole request (headers and body) within `requestTimeoutMs`, the headers
 * within the same or 10 s, whichever is shorter. Node's defaults (300 s for a
 * request, checked every 30 s) let a slow client hold a connection open for
 * minutes; here the check runs at least every second or half the limit.
 * A request that takes too long is answered 408 and its connection closed.
 *
 * @example
 * createServer(requestTimeouts(30_000), app); // => body within 30 s, headers within 10 s
 */
export function requestTimeouts(requestTimeoutMs: number): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(10_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeoutMs / 2)),
  };
}
