import { z } from 'zod';
import type { StatementScreen } from '../../../experiments/templates/statement/statement-parameters';
import { parseLocaleNumber } from '../../participant/parse-locale-number';
import type { Locale } from '../../i18n/locale';
import type { DecisionResult } from '../server-screen-template';

const repaymentFormSchema = z.object({ repayment: z.string().max(40).optional() });

/**
 * Validates a submitted statement: this month's repayment in euros, cents
 * allowed (at most two decimals), from €0 to the balance. Dutch "37,50" and
 * English "37.50" are both read as €37.50, in either language (see
 * parseLocaleNumber for thousands separators).
 *
 * @example
 * repaymentDecision({ repayment: '37,50' }, { balance: 1250 }, 'nl'); // => { ok: true, values: { repayment: 37.5 } }
 * repaymentDecision({ repayment: '1300' }, { balance: 1250 }, 'en');  // => { ok: false, problems: [{ field: 'repayment', messageKey: 'error.range' }] }
 */
export function repaymentDecision(body: unknown, screen: Pick<StatementScreen, 'balance'>, locale: Locale): DecisionResult {
  const parsed = repaymentFormSchema.safeParse(body ?? {});
  const text = parsed.success ? parsed.data.repayment : undefined;
  const euros = parseLocaleNumber(text, locale);
  if (euros === null) return { ok: false, problems: [{ field: 'repayment', messageKey: 'error.missing' }] };
  const cents = euros * 100;
  if (!Number.isFinite(euros) || Math.abs(cents - Math.round(cents)) > 1e-6) return { ok: false, problems: [{ field: 'repayment', messageKey: 'error.notAmount' }] };
  if (euros < 0 || euros > screen.balance) return { ok: false, problems: [{ field: 'repayment', messageKey: 'error.range' }] };
  return { ok: true, values: { repayment: Math.round(cents) / 100 } };
}
