import type { SeededRandom } from '../../simulation/seeded-random';
import type { ProcessEvent, SimulatedDecision } from '../screen-template';

/** What a simulated participant reads on a statement. */
export interface ObservedStatementScreen {
  template: 'statement';
  balance: number;
  /** The minimum payment, when the statement shows it. */
  minimumPayment: number | null;
  /** The monthly amount that clears the balance, when the statement shows it. */
  payoffPayment: number | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const toCents = (euros: number) => Math.round(euros * 100) / 100;

/**
 * A synthetic cardholder choosing this month's repayment. About 30% pay in
 * full; the rest intend a partial payment around a fifth of the balance
 * (log-normal). A shown minimum anchors (Stewart 2009): 15% × `effect` pay
 * exactly the minimum, the rest are pulled 40% × `effect` of the way towards
 * it. A shown payoff amount pulls partial payers a third × `effect` of the
 * way towards it instead.
 *
 * @example
 * simulatedRepayment({ template: 'statement', balance: 1250, minimumPayment: 25, payoffPayment: null }, seededRandom(1), 1).fields; // => { repayment: '25.00' } (say)
 */
export function simulatedRepayment(screen: ObservedStatementScreen, random: SeededRandom, effect: number): SimulatedDecision {
  const events: ProcessEvent[] = [];
  let clock = 1500 + random.uniform() * 3000;
  const tick = () => (clock += 800 + random.uniform() * 5000);
  if (random.uniform() < 0.25) events.push({ kind: 'panel', field: 'interest', value: 'open', atMs: tick() });
  const { balance, minimumPayment, payoffPayment } = screen;
  let repayment: number;
  if (random.uniform() < 0.3) repayment = balance;
  else {
    const intended = clamp(balance * 0.2 * Math.exp(random.normal(0, 0.6)), 1, balance);
    if (minimumPayment !== null && payoffPayment === null && random.uniform() < clamp(0.15 * effect, 0, 0.95)) repayment = minimumPayment;
    else if (payoffPayment !== null) repayment = intended + (effect / 3) * (payoffPayment - intended);
    else if (minimumPayment !== null) repayment = intended + 0.4 * effect * (minimumPayment - intended);
    else repayment = intended;
    repayment = repayment === minimumPayment ? repayment : Math.round(clamp(repayment, 0, balance));
  }
  repayment = toCents(clamp(repayment, 0, balance));
  events.push({ kind: 'change', field: 'repayment', value: repayment.toFixed(2), atMs: tick() });
  return { fields: { repayment: repayment.toFixed(2) }, processData: { version: 1, timeToDecisionMs: Math.round(tick()), events } };
}
