import autocannon from 'autocannon';

/** Response headers as autocannon hands them to onResponse. */
export type ResponseHeaders = NodeJS.Dict<string | string[]> | undefined;

/** What one autocannon connection remembers between the requests of its sequence. */
export type ConnectionState = Record<string, string>;

/** The connection's state, typed (autocannon passes it as a plain object). */
export const stateOf = (context: object): ConnectionState => context as ConnectionState;

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers that were not 2xx or 3xx. */
  failedStatuses: number;
  seconds: number;
}

/**
 * Runs autocannon against `url` and keeps the figures the benchmark table
 * shows. Options pass straight to autocannon (connections, duration, amount,
 * requests with setupRequest/onResponse, overallRate…).
 *
 * @example
 * await httpLoad({ url: 'http://127.0.0.1:3000/', connections: 50, duration: 5 }); // => { requestsPerSecond: 11800, p99Ms: 9, … }
 */
export async function httpLoad(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ ...options });
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    errors: result.errors + result.timeouts,
    failedStatuses: result['4xx'] + result['5xx'],
    seconds: result.duration,
  };
}

/** A response header by name, whatever its case, from the headers autocannon passes to onResponse. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  if (!headers || Array.isArray(headers)) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** The value of a cookie among the Set-Cookie headers (autocannon's header object, or fetch's list of lines). */
export function setCookieValue(headers: ResponseHeaders | string[], name: string): string | undefined {
  const lines: string[] = [];
  if (Array.isArray(headers)) {
    lines.push(...headers);
  } else if (headers) {
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === 'set-cookie' && value !== undefined) lines.push(...([] as string[]).concat(value));
  }
  for (const line of lines) {
    for (const part of line.split(/,(?=\s*[\w-]+=)/)) {
      const [pair] = part.trim().split(';');
      if (pair?.startsWith(`${name}=`)) return pair.slice(name.length + 1);
    }
  }
  return undefined;
}
