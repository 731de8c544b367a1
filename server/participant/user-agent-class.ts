import type { UserAgentClass } from '../store/store';

/**
 * A coarse device class from the User-Agent header; the header itself is not
 * stored, since together with other fields it could identify a person.
 *
 * @example
 * userAgentClass('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … Mobile/15E148'); // => 'mobile'
 */
export function userAgentClass(userAgent: string | undefined): UserAgentClass {
  if (!userAgent) return 'unknown';
  if (/bot|crawler|spider|curl|wget|python-requests|headless/i.test(userAgent)) return 'bot';
  if (/ipad|tablet|(android(?!.*mobile))/i.test(userAgent)) return 'tablet';
  if (/mobi|iphone|ipod|android/i.test(userAgent)) return 'mobile';
  if (/mozilla|opera/i.test(userAgent)) return 'desktop';
  return 'unknown';
}
