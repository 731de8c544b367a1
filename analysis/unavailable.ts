/**
 * What a statistic returns when the data cannot give it (an empty arm, zero
 * variance, all outcomes equal): the reason in words, instead of NaN or a
 * throw. Misuse of an API (a negative count, a bad level) still throws.
 */
export interface Unavailable {
  available: false;
  reason: string;
}

/** @example unavailable('the control arm is empty'); // => { available: false, reason: 'the control arm is empty' } */
export const unavailable = (reason: string): Unavailable => ({ available: false, reason });
