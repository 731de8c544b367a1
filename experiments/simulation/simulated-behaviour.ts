import type { ExperimentDefinition, Question } from '../definition-schema';
import type { ObservedAmountScreen } from '../templates/amount/simulated-amount-decision';
import type { ObservedProductChoiceScreen } from '../templates/product-choice/simulated-product-choice';
import type { SimulatedDecision } from '../templates/screen-template';
import type { ObservedStatementScreen } from '../templates/statement/simulated-repayment';
import { screenTemplateOf } from '../templates/template-registry';
import type { SeededRandom } from './seeded-random';

export type { SimulatedDecision } from '../templates/screen-template';

/** What a simulated participant sees on the screen (read from the page, as a person would). */
export type ObservedScreen = ObservedAmountScreen | ObservedProductChoiceScreen | ObservedStatementScreen;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A synthetic participant's decision on the screen they see, scaled by
 * `effect` (0 = the screen makes no difference, 1 = effects of the size in the
 * literature, 2 = twice that). Each template models its own screen (see
 * experiments/templates/NAME/simulated-*.ts).
 *
 * @example
 * simulatedDecision({ template: 'product-choice', productOrder: ['revolving', 'fixed'], preselected: 'revolving' }, seededRandom(1), 1).fields; // => { product: 'revolving' } (say)
 */
export function simulatedDecision(screen: ObservedScreen, random: SeededRandom, effect = 1): SimulatedDecision {
  return screenTemplateOf(screen).simulatedDecision(screen, random, effect);
}

/**
 * A synthetic participant's answers: attention checks passed 92% of the time,
 * scored choice questions right 65% of the time (the manipulation check 80%),
 * estimates scattered around the truth (log-normal, about ±40%), scales uniform.
 *
 * @example
 * simulatedAnswers(loanAnchor, 'control', seededRandom(1)).q_attention; // => the instructed answer, 92% of the time
 */
export function simulatedAnswers(definition: Pick<ExperimentDefinition, 'questionnaire'>, arm: string, random: SeededRandom): Record<string, string> {
  const answer = (question: Question): string => {
    if (question.kind === 'single-choice') {
      const correct = question.correctByArm?.[arm] ?? question.correct;
      const chance = question.role === 'attention-check' ? 0.92 : question.role === 'manipulation-check' ? 0.8 : 0.65;
      if (correct !== undefined && random.uniform() < chance) return correct;
      const others = question.options.filter((option) => option.value !== correct);
      return others[Math.floor(random.uniform() * others.length)]!.value;
    }
    if (question.kind === 'scale7') return String(question.correct !== undefined && random.uniform() < 0.92 ? question.correct : 1 + Math.floor(random.uniform() * 7));
    const truth = question.truthByArm?.[arm] ?? question.truth ?? (question.min + question.max) / 2;
    return String(Math.round(clamp(truth * Math.exp(random.normal(0, 0.35)), question.min, question.max)));
  };
  return Object.fromEntries(definition.questionnaire.map((question) => [`q_${question.key}`, answer(question)]));
}
