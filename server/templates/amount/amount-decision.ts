import { z } from 'zod';
import type { AmountExperimentDefinition, AmountInput } from '../../../experiments/definition-schema';
import { parseWholeEuros } from '../../participant/parse-whole-euros';
import type { Locale } from '../../i18n/locale';
import type { FieldProblem } from '../server-screen-template';

/** The amount screen's form, as the browser sends it. Extra fields are ignored, never stored. */
export const amountFormSchema = z.object({
  amount: z.string().max(40).optional(),
  term: z.string().max(10).optional(),
});

export type AmountDecisionResult =
  | { ok: true; values: { amount: number; term: number } }
  | { ok: false; problems: FieldProblem[]; submitted: { amount: string; term: string } };

/**
 * Validates a submitted amount screen: a whole amount within the limits (and
 * within the slider's range for a slider arm) and one of the offered terms.
 * With a fixed amount the amount is the arm's, whatever the form says.
 * Returns every problem at once, so the form can show them all.
 *
 * @example
 * amountDecision({ amount: '7.500', term: '60' }, loanAnchor.screen, { mode: 'empty' }, 'nl'); // => { ok: true, values: { amount: 7500, term: 60 } }
 */
export function amountDecision(
  body: unknown,
  screen: Pick<AmountExperimentDefinition['screen'], 'amountLimits' | 'termOptionsMonths'>,
  input: AmountInput,
  locale: Locale,
): AmountDecisionResult {
  const parsedForm = amountFormSchema.safeParse(body ?? {});
  const form = parsedForm.success ? parsedForm.data : {};
  const problems: FieldProblem[] = [];
  const amount = input.mode === 'fixed' ? ({ ok: true, euros: input.value } as const) : parseWholeEuros(form.amount, locale);
  const { min, max } = input.mode === 'slider' ? input : screen.amountLimits;
  if (!amount.ok) {
    problems.push({ field: 'amount', messageKey: amount.problem === 'missing' ? 'error.amount.missing' : 'error.amount.notWhole' });
  } else if (amount.euros < min || amount.euros > max) {
    problems.push({ field: 'amount', messageKey: 'error.amount.range', parameters: { min, max } });
  }
  const term = Number(form.term);
  if (!form.term) problems.push({ field: 'term', messageKey: 'error.term.missing' });
  else if (!/^\d+$/.test(form.term) || !screen.termOptionsMonths.includes(term)) {
    problems.push({ field: 'term', messageKey: 'error.term.invalid' });
  }
  if (problems.length > 0 || !amount.ok) {
    return { ok: false, problems, submitted: { amount: form.amount ?? '', term: form.term ?? '' } };
  }
  return { ok: true, values: { amount: amount.euros, term } };
}
