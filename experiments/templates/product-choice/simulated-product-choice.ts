import type { SeededRandom } from '../../simulation/seeded-random';
import type { ProcessEvent, SimulatedDecision } from '../screen-template';

/** What a simulated participant sees on a product-choice screen. */
export interface ObservedProductChoiceScreen {
  template: 'product-choice';
  productOrder: string[];
  preselected: string | null;
  /** Whether the cards show total cost and payoff time (absent: not observed, taken as not shown). */
  showsTotalCostAndPayoff?: boolean;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A synthetic participant choosing a product: about 20% prefer revolving
 * credit; a revolving default adds 30 points × `effect`, a fixed default
 * takes 10 away, listing revolving first adds 5, and showing total cost and
 * payoff time on the cards takes 8 away.
 *
 * @example
 * simulatedProductChoice({ template: 'product-choice', productOrder: ['revolving', 'fixed'], preselected: 'revolving' }, seededRandom(1), 1).fields; // => { product: 'revolving' } (say)
 */
export function simulatedProductChoice(screen: ObservedProductChoiceScreen, random: SeededRandom, effect: number): SimulatedDecision {
  const events: ProcessEvent[] = [];
  let clock = 800 + random.uniform() * 2000;
  const tick = () => (clock += 500 + random.uniform() * 4000);
  if (random.uniform() < 0.3) events.push({ kind: 'panel', field: `product-${screen.productOrder[0]}`, value: 'open', atMs: tick() });
  let revolvingShare = 0.2;
  if (screen.preselected === 'revolving') revolvingShare += 0.3 * effect;
  if (screen.preselected === 'fixed') revolvingShare -= 0.1 * effect;
  if (screen.productOrder[0] === 'revolving') revolvingShare += 0.05 * effect;
  if (screen.showsTotalCostAndPayoff) revolvingShare -= 0.08 * effect;
  const choice = random.uniform() < clamp(revolvingShare, 0.01, 0.99) ? 'revolving' : 'fixed';
  const product = screen.productOrder.includes(choice) ? choice : (screen.productOrder[0] ?? choice);
  if (product !== screen.preselected) events.push({ kind: 'change', field: 'product', value: product, atMs: tick() });
  return { fields: { product }, processData: { version: 1, timeToDecisionMs: Math.round(tick()), events } };
}
