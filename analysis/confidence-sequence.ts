/**
 * A peeking-safe (always-valid) interval for an effect: the asymptotic
 * confidence sequence of Waudby-Smith et al. (2023), as GrowthBook's gbstats
 * uses for sequential testing. It stays valid however often the results are
 * looked at, at the price of being wider than the fixed-sample interval.
 *
 * `variance` is the variance of the effect estimate (its standard error
 * squared); `totalParticipants` counts both arms. The tuning parameter is the
 * sample size at which the sequence is tightest (gbstats' default 5000).
 *
 * @example
 * confidenceSequence(0.1, 0.0004, 2000); // => [0.0336…, 0.1663…]
 * @throws RangeError for a non-positive variance, sample or tuning parameter.
 */
export function confidenceSequence(
  estimate: number,
  variance: number,
  totalParticipants: number,
  { alpha = 0.05, tuningParameter = 5000 } = {},
): [number, number] {
  if (!(variance > 0) || !(totalParticipants > 0) || !(tuningParameter > 0)) {
    throw new RangeError('variance, participants and tuning parameter must be positive');
  }
  const logAlpha = Math.log(alpha);
  const rhoSquared = (-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / tuningParameter;
  const nRhoSquaredPlusOne = totalParticipants * rhoSquared + 1;
  const unitStandardDeviation = Math.sqrt(variance * totalParticipants);
  const margin =
    unitStandardDeviation *
    Math.sqrt(((2 * nRhoSquaredPlusOne) / (totalParticipants * totalParticipants * rhoSquared)) * Math.log(Math.sqrt(nRhoSquaredPlusOne) / alpha));
  return [estimate - margin, estimate + margin];
}
