import type { SeededRandom } from '../../simulation/seeded-random';
import type { ProcessEvent, SimulatedDecision } from '../screen-template';

/** What a simulated participant sees on an amount screen (read from the page, as a person would). */
export interface ObservedAmountScreen {
  template: 'amount';
  /** The pre-filled amount or the slider's start, if any (also the fixed amount). */
  startingAmount: number | null;
  slider: { min: number; max: number; step: number } | null;
  termOptions: number[];
  checkedTerm: number | null;
  /** Present when the amount is fixed and only the term is chosen. */
  fixedAmount?: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A synthetic participant on an amount screen. The need is about €7,500;
 * with a starting amount some keep it (anchoring as bunching) and the rest
 * are pulled a quarter of the way towards it. With a fixed amount only the
 * term is chosen: people prefer about four years, and a pre-selected term is
 * kept by 35% × `effect` of them (Timmons, Lunn et al. 2019 found 12–16
 * points more choosing four years or more under a five-year default).
 *
 * @example
 * simulatedAmountDecision({ template: 'amount', startingAmount: 2500, slider: null, termOptions: [36, 60, 84], checkedTerm: null }, seededRandom(1), 1).fields; // => { amount: '2500', term: '60' } (say)
 */
export function simulatedAmountDecision(screen: ObservedAmountScreen, random: SeededRandom, effect: number): SimulatedDecision {
  const events: ProcessEvent[] = [];
  let clock = 800 + random.uniform() * 2000;
  const tick = () => (clock += 500 + random.uniform() * 4000);
  if (random.uniform() < 0.3) events.push({ kind: 'panel', field: 'apr', value: 'open', atMs: tick() });

  if (screen.fixedAmount !== undefined) {
    const keepsDefault = screen.checkedTerm !== null && random.uniform() < clamp(0.35 * effect, 0, 0.95);
    const preferred = random.normal(48, 18);
    const nearest = [...screen.termOptions].sort((left, right) => Math.abs(left - preferred) - Math.abs(right - preferred))[0] ?? 60;
    const term = keepsDefault && screen.checkedTerm !== null ? screen.checkedTerm : nearest;
    if (term !== screen.checkedTerm) events.push({ kind: 'change', field: 'term', value: String(term), atMs: tick() });
    return { fields: { amount: String(screen.fixedAmount), term: String(term) }, processData: { version: 1, timeToDecisionMs: Math.round(tick()), events } };
  }

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
