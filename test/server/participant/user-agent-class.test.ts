import { describe, expect, it } from 'vitest';
import { userAgentClass } from '../../../server/participant/user-agent-class';

describe('userAgentClass', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 'tablet'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)', 'tablet'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 'desktop'],
    ['curl/8.5.0', 'bot'],
    ['Googlebot/2.1', 'bot'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('classes %s as %s', (userAgent, expected) => {
    expect(userAgentClass(userAgent)).toBe(expected);
  });
});
