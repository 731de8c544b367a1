import type { Randomisation } from '../../experiments/definition-schema';

/** A participant's stratum as read from a request: the label (null when the design has none), or why it cannot be used. */
export type StratumReading =
  | { ok: true; stratum: string | null }
  | { ok: false; problem: 'missing' | 'unknown'; parameter: string; levels: readonly string[] };

/**
 * Reads the stratum a participant belongs to from the value a request carries
 * (the entry link's parameter, the consent form's hidden field, the lender
 * API's `stratum`). Designs without strata need nothing and ignore the value;
 * stratified designs need one of the declared levels, exactly.
 *
 * @example
 * readStratum({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'stratum', levels: ['low', 'high'] } }, 'low');
 * // => { ok: true, stratum: 'low' }
 * readStratum(sameRandomisation, undefined); // => { ok: false, problem: 'missing', parameter: 'stratum', levels: ['low', 'high'] }
 */
export function readStratum(randomisation: Randomisation, value: unknown): StratumReading {
  if (randomisation.method !== 'permuted-blocks' || !randomisation.stratum) return { ok: true, stratum: null };
  const { name: parameter, levels } = randomisation.stratum;
  if (value === undefined || value === null || value === '') return { ok: false, problem: 'missing', parameter, levels };
  if (typeof value !== 'string' || !levels.includes(value)) return { ok: false, problem: 'unknown', parameter, levels };
  return { ok: true, stratum: value };
}

/**
 * The entry-link parameter that carries the stratum, or undefined when the
 * design has no strata.
 *
 * @example
 * stratumParameter({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'group', levels: ['a', 'b'] } }); // => 'group'
 * stratumParameter({ method: 'hash' }); // => undefined
 */
export function stratumParameter(randomisation: Randomisation): string | undefined {
  return randomisation.method === 'permuted-blocks' ? randomisation.stratum?.name : undefined;
}
