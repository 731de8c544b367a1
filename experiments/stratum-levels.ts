import type { Question, Randomisation } from './definition-schema';

/** What the strata of a design are read from: its randomisation, and the questionnaire when a question is the stratum. */
export interface StratifiedDesign {
  randomisation: Randomisation;
  questionnaire?: readonly Question[];
}

/**
 * The strata of a permuted-block design, in their declared order: the levels
 * of an entry parameter, or the option values of the before-screen question
 * the stratum is taken from. Null for a design without strata (hashing, or
 * permuted blocks over everyone).
 *
 * @example
 * stratumLevels({ randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'group', levels: ['low', 'high'] } } }); // => ['low', 'high']
 * stratumLevels({ randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'age_band' } }, questionnaire: [ageBandQuestion] });
 * // => ['18-34', '35-54', '55-plus']
 * stratumLevels({ randomisation: { method: 'hash' } }); // => null
 * @throws Error when the stratum names a question that is not a single-choice question of the questionnaire (validation refuses such a definition first).
 */
export function stratumLevels({ randomisation, questionnaire = [] }: StratifiedDesign): readonly string[] | null {
  if (randomisation.method !== 'permuted-blocks' || !randomisation.stratum) return null;
  const { stratum } = randomisation;
  if (stratum.from === 'entry-parameter') return stratum.levels;
  const question = questionnaire.find((candidate) => candidate.key === stratum.key);
  if (question?.kind !== 'single-choice') throw new Error(`the stratum question "${stratum.key}" is not a single-choice question of the questionnaire`);
  return question.options.map((option) => option.value);
}

/**
 * The key of the before-screen question whose answer is the stratum, or
 * undefined when the stratum (if any) does not come from a question. Such a
 * design enrols at consent without an arm and draws it when the before-screen
 * answers are accepted.
 *
 * @example
 * stratumQuestionKey({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'age_band' } }); // => 'age_band'
 * stratumQuestionKey({ method: 'hash' }); // => undefined
 */
export function stratumQuestionKey(randomisation: Randomisation): string | undefined {
  return randomisation.method === 'permuted-blocks' && randomisation.stratum?.from === 'question' ? randomisation.stratum.key : undefined;
}
