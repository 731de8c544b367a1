/**
 * The link the start page offers to try an experiment as a participant.
 *
 * This is the seam for test traffic: for now it is the plain participant
 * entry, so whoever follows it is enrolled like a panel participant. The
 * change that marks test links replaces this function's body with a link
 * that marks the participation as test traffic (which participants cannot
 * forge); the start page and its view need no other change.
 *
 * @example
 * entryLink('loan-anchor'); // => '/e/loan-anchor'
 */
export function entryLink(experimentKey: string): string {
  return `/e/${encodeURIComponent(experimentKey)}`;
}
