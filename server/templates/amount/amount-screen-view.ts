import type { AmountArm, AmountExperimentDefinition } from '../../../experiments/definition-schema';
import { formatEuros, formatPercent, formatWholeNumber } from '../../i18n/format';
import type { MessageKey } from '../../i18n/messages-nl';
import type { Translate } from '../../i18n/translator';
import { creditTableRows } from '../../participant/credit-table-rows';
import { parseWholeEuros } from '../../participant/parse-whole-euros';
import type { Locale } from '../../i18n/locale';
import type { FieldProblem } from '../server-screen-template';

/** Texts only the fixed-amount mode shows, kept with the template rather than in the shared catalogue. */
const fixedAmountLabel = { nl: 'Leenbedrag', en: 'Loan amount' } as const;

/**
 * Everything the amount-screen template shows, for one arm and what the
 * participant has entered so far: the field or slider as the arm sets it (or
 * the fixed amount as a figure; a whole amount in a text field written as the
 * locale writes it, so a pre-fill of 2500 reads "2.500" in Dutch), the terms, the krediettabel (computed here
 * for what is known; the page script keeps it live), and any problems in words.
 *
 * @example
 * amountScreenView({ definition: loanAnchor, arm: controlArm, locale: 'en', t, amount: '', term: '', problems: [] }).creditTable[1]; // => { figure: 'monthly', label: 'Monthly payment', value: '—' }
 */
export function amountScreenView({
  definition,
  arm,
  locale,
  t,
  amount,
  term,
  problems,
}: {
  definition: AmountExperimentDefinition;
  arm: AmountArm;
  locale: Locale;
  t: Translate;
  amount: string;
  term: string;
  problems: FieldProblem[];
}) {
  const { screen } = definition;
  const { amountInput: input, firstFigure, wording } = arm.params;
  const limits = input.mode === 'slider' ? input : screen.amountLimits;
  const euros = (value: number) => formatEuros(value, locale);
  const parsedAmount = input.mode === 'fixed' ? ({ ok: true, euros: input.value } as const) : parseWholeEuros(amount, locale);
  const knownTerm = screen.termOptionsMonths.includes(Number(term)) ? Number(term) : null;
  const knownAmount = parsedAmount.ok && parsedAmount.euros >= limits.min && parsedAmount.euros <= limits.max ? parsedAmount.euros : null;
  return {
    title: wording.title?.[locale] ?? t('screen.title'),
    intro: wording.intro?.[locale] ?? null,
    amountLabel: wording.amountLabel?.[locale] ?? (input.mode === 'fixed' ? fixedAmountLabel[locale] : input.mode === 'slider' ? t('screen.amount.sliderLabel') : t('screen.amount.label')),
    submitLabel: wording.submit?.[locale] ?? t('screen.submit'),
    input:
      input.mode === 'slider'
        ? { mode: 'slider', min: input.min, max: input.max, step: input.step }
        : input.mode === 'fixed'
          ? { mode: 'fixed', value: input.value, text: euros(input.value) }
          : { mode: input.mode },
    // A fresh text field shows its pre-fill as the locale writes it (2500 → "2.500" in Dutch), as the hint does, and the parser
    // reads it back; a refused form shows what the participant typed, untouched.
    amount:
      input.mode === 'fixed' ? String(input.value) : input.mode !== 'slider' && problems.length === 0 && /^\d{1,12}$/.test(amount) ? formatWholeNumber(Number(amount), locale) : amount,
    amountText: knownAmount === null ? '' : euros(knownAmount),
    amountHint: t('screen.amount.hint', { min: euros(limits.min), max: euros(limits.max) }),
    term,
    termOptions: screen.termOptionsMonths.map((months) => ({ months, label: t('screen.term.option', { months }) })),
    aprText: t('screen.apr', { apr: formatPercent(screen.annualPercentageRate, locale) }),
    annualPercentageRate: screen.annualPercentageRate,
    firstFigure,
    creditTable: creditTableRows({ amount: knownAmount, termMonths: knownTerm, annualPercentageRate: screen.annualPercentageRate, locale, t, firstFigure }),
    problems: problems.map((problem) => ({
      field: problem.field,
      text: t(problem.messageKey as MessageKey, problem.messageKey === 'error.amount.range' ? { min: euros(limits.min), max: euros(limits.max) } : problem.parameters),
    })),
  };
}
