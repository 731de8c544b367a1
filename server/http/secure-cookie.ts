import type { Request } from 'express';

/**
 * Whether a cookie set in answer to `request` gets the Secure flag: always
 * when NUDGELAB_SECURE_COOKIES is on, and otherwise whenever the request came
 * over TLS — directly, or through a proxy trusted by NUDGELAB_TRUST_PROXY
 * that says `X-Forwarded-Proto: https`. An untrusted client cannot fake that
 * header: without `trust proxy`, Express reads only the socket.
 *
 * @example
 * cookieIsSecure(request, false); // => true for a request through a trusted TLS proxy
 */
export function cookieIsSecure(request: Request, secureCookies: boolean): boolean {
  return secureCookies || request.secure;
}

/**
 * Express's `trust proxy` value from the setting's text: `true`/`false`, a hop
 * count, or addresses and subnets (`loopback`, `10.0.0.0/8, 127.0.0.1`).
 *
 * @example
 * trustProxyValue('1'); // => 1
 * trustProxyValue('loopback'); // => 'loopback'
 */
export function trustProxyValue(setting: string): boolean | number | string {
  if (setting === 'true') return true;
  if (setting === 'false') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting;
}
