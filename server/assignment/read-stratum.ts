import type { Randomisation } from '../../experiments/definition-schema';
import { stratumLevels, type StratifiedDesign } from '../../experiments/stratum-levels';

/** A participant's stratum as read from a request: the label (null when the design has none), or why it cannot be used. */
export type StratumReading =
  | { ok: true; stratum: string | null }
  | { ok: false; problem: 'missing' | 'unknown'; parameter: string; levels: readonly string[] };

/**
 * Reads the stratum a participant belongs to from the value a request carries
 * (the entry link's parameter, the consent form's hidden field, the lender
 * API's `stratum`, or the answer to the stratum question). Designs without
 * strata need nothing and ignore the value; stratified designs need one of
 * the levels, exactly: an entry parameter's declared levels, or the options
 * of the stratum question (whose key the problem then names).
 *
 * @example
 * readStratum({ randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'stratum', levels: ['low', 'high'] } } }, 'low');
 * // => { ok: true, stratum: 'low' }
 * readStratum(sameDesign, undefined); // => { ok: false, problem: 'missing', parameter: 'stratum', levels: ['low', 'high'] }
 */
export function readStratum(design: StratifiedDesign, value: unknown): StratumReading {
  const levels = stratumLevels(design);
  const { randomisation } = design;
  if (levels === null || randomisation.method !== 'permuted-blocks' || !randomisation.stratum) return { ok: true, stratum: null };
  const parameter = randomisation.stratum.from === 'entry-parameter' ? randomisation.stratum.name : randomisation.stratum.key;
  if (value === undefined || value === null || value === '') return { ok: false, problem: 'missing', parameter, levels };
  if (typeof value !== 'string' || !levels.includes(value)) return { ok: false, problem: 'unknown', parameter, levels };
  return { ok: true, stratum: value };
}

/**
 * The entry-link parameter that carries the stratum, or undefined when the
 * design has no strata or takes them from a before-screen question.
 *
 * @example
 * stratumParameter({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'group', levels: ['a', 'b'] } }); // => 'group'
 * stratumParameter({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'age_band' } }); // => undefined
 * stratumParameter({ method: 'hash' }); // => undefined
 */
export function stratumParameter(randomisation: Randomisation): string | undefined {
  return randomisation.method === 'permuted-blocks' && randomisation.stratum?.from === 'entry-parameter' ? randomisation.stratum.name : undefined;
}
