import { testTrafficLink } from '../test-traffic/test-traffic-token';

/**
 * The link the start page offers to try an experiment as a participant: a
 * test link (signed with the server secret, see test-traffic-token.ts), so
 * whoever follows it is enrolled as test traffic and never counts in the
 * dashboard, the results or the default exports.
 *
 * @example
 * entryLink('loan-anchor', secret); // => '/e/loan-anchor?test=3f9c…'
 */
export function entryLink(experimentKey: string, secret: string): string {
  return testTrafficLink(secret, experimentKey);
}
