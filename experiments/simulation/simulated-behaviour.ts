import type { ExperimentDefinition, Question } from '../definition-schema';
import type { SeededRandom } from './seeded-random';

/** What a simulated participant sees on the screen (read from the page, as a person would). */
export type ObservedScreen =
  | {
      template: 'amount';
      /** The pre-filled amount or the slider's start, if any. */
      startingAmount: number | null;
      slider: { min: number; max: number; step: number } | null;
      termOptions: number[];
      checkedTerm: number | null;
    }
  | { template: 'product-choice'; productOrder: string[]; preselected: string | null };

export interface SimulatedDecision {
  /** The form fields to submit. */
  fields: Record<string, string>;
  /** The process data the screen script would have posted. */
  processData: { version: 1; timeToDecisionMs: number; events: { kind: 'change' | 'panel'; field: string | null; value: string | null; atMs: number }[] };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A synthetic participant's decision on the screen they see, scaled by
 * `effect` (0 = the screen makes no difference, 1 = effects of the size in the
 * literature, 2 = twice that). Amount screens: the need is about €7,500; with
 * a starting amount some keep it (anchoring as bunching) and the rest are
 * pulled a quarter of the way towards it. Product choice: about 20% prefer
 * revolving credit; a revolving default adds 30 points, a fixed default takes
 * 10 away, listing revolving first adds 5.
 *
 * @example
 * simulatedDecision({ template: 'product-choice', productOrder: ['revolving', 'fixed'], preselected: 'revolving' }, seededRandom(1), 1).fields; // => { product: 'revolving' } (say)
 */
export function simulatedDecision(screen: ObservedScreen, random: SeededRandom, effect = 1): SimulatedDecision {
  const events: SimulatedDecision['processData']['events'] = [];
  let clock = 800 + random.uniform() * 2000;
  const tick = () => (clock += 500 + random.uniform() * 4000);
  if (random.uniform() < 0.3) events.push({ kind: 'panel', field: screen.template === 'amount' ? 'apr' : `product-${screen.productOrder[0]}`, value: 'open', atMs: tick() });

  if (screen.template === 'amount') {
    const need = Math.round(clamp(random.normal(7500, 1000), 600, 20000) / 100) * 100;
    const anchor = screen.startingAmount;
    const keepsAnchor = anchor !== null && random.uniform() < clamp(0.25 * effect, 0, 0.95);
    let amount = keepsAnchor || anchor === null ? (anchor ?? need) : need + 0.25 * effect * (anchor - need);
    if (screen.slider) {
      const { min, max, step } = screen.slider;
      amount = clamp(min + Math.round((amount - min) / step) * step, min, max);
    }
    amount = Math.round(amount);
    if (amount !== anchor) {
      const steps = 1 + Math.floor(random.uniform() * 3);
      for (let index = 1; index <= steps; index += 1) {
        const value = index === steps ? amount : Math.round(amount * (0.6 + 0.3 * random.uniform()));
        events.push({ kind: 'change', field: 'amount', value: String(value), atMs: tick() });
      }
    }
    const term = screen.checkedTerm ?? screen.termOptions[Math.floor(random.uniform() * screen.termOptions.length)] ?? 60;
    if (term !== screen.checkedTerm) events.push({ kind: 'change', field: 'term', value: String(term), atMs: tick() });
    return { fields: { amount: String(amount), term: String(term) }, processData: { version: 1, timeToDecisionMs: Math.round(tick()), events } };
  }

  let revolvingShare = 0.2;
  if (screen.preselected === 'revolving') revolvingShare += 0.3 * effect;
  if (screen.preselected === 'fixed') revolvingShare -= 0.1 * effect;
  if (screen.productOrder[0] === 'revolving') revolvingShare += 0.05 * effect;
  const choice = random.uniform() < clamp(revolvingShare, 0.01, 0.99) ? 'revolving' : 'fixed';
  const product = screen.productOrder.includes(choice) ? choice : (screen.productOrder[0] ?? choice);
  if (product !== screen.preselected) events.push({ kind: 'change', field: 'product', value: product, atMs: tick() });
  return { fields: { product }, processData: { version: 1, timeToDecisionMs: Math.round(tick()), events } };
}

/**
 * A synthetic participant's answers: attention checks passed 92% of the time,
 * scored choice questions right 65% of the time (the manipulation check 80%),
 * estimates scattered around the truth (log-normal, about ±40%), scales uniform.
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
