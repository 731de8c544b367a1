import type { Locale } from '../../i18n/locale';

/**
 * The statement screen's texts, kept with the template so that adding a
 * template touches no shared catalogue. Placeholders in {braces}.
 */
export const statementMessages = {
  nl: {
    title: 'Uw creditcardafschrift',
    intro: 'Dit is het afschrift van uw doorlopend krediet (creditcard) voor deze maand.',
    caption: 'Afschrift',
    balance: 'Openstaand saldo',
    apr: 'Jaarlijks kostenpercentage (JKP)',
    interestNextMonth: 'Rente volgende maand als u niets terugbetaalt',
    minimumPayment: 'Minimaal te betalen deze maand',
    payoffPrompt: 'Wilt u het saldo binnen {months} maanden aflossen? Betaal dan {amount} per maand.',
    repaymentLabel: 'Hoeveel betaalt u deze maand terug?',
    repaymentHint: 'Een bedrag tussen {min} en {max}. Centen mogen, bijvoorbeeld 37,50.',
    submit: 'Betaling bevestigen',
    errorsTitle: 'Controleer uw betaling',
    'error.missing': 'Vul in hoeveel u deze maand terugbetaalt.',
    'error.notAmount': 'Vul een bedrag in euro’s in, met hooguit twee cijfers achter de komma (bijvoorbeeld 37,50).',
    'error.range': 'Het bedrag moet tussen {min} en {max} liggen.',
    infoSummary: 'Hoe wordt de rente berekend?',
    infoBody:
      'Over het saldo dat u niet terugbetaalt, betaalt u elke maand rente. Het jaarlijks kostenpercentage is omgerekend naar een maandrente; wat u niet aflost, kost volgende maand dus weer rente.',
    yourRepayment: 'Uw betaling deze maand',
    remainingBalance: 'Resterend saldo',
  },
  en: {
    title: 'Your credit card statement',
    intro: 'This is this month’s statement of your revolving credit (credit card).',
    caption: 'Statement',
    balance: 'Outstanding balance',
    apr: 'Annual percentage rate (APR)',
    interestNextMonth: 'Interest next month if you repay nothing',
    minimumPayment: 'Minimum payment this month',
    payoffPrompt: 'Want to repay the balance within {months} months? Then pay {amount} a month.',
    repaymentLabel: 'How much do you repay this month?',
    repaymentHint: 'An amount between {min} and {max}. Cents are allowed, for example 37.50.',
    submit: 'Confirm payment',
    errorsTitle: 'Please check your payment',
    'error.missing': 'Enter how much you repay this month.',
    'error.notAmount': 'Enter an amount in euros, with at most two decimals (for example 37.50).',
    'error.range': 'The amount must be between {min} and {max}.',
    infoSummary: 'How is the interest calculated?',
    infoBody:
      'You pay interest every month on the balance you do not repay. The annual percentage rate is converted to a monthly rate, so whatever you do not repay costs interest again next month.',
    yourRepayment: 'Your payment this month',
    remainingBalance: 'Remaining balance',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type StatementMessageKey = keyof (typeof statementMessages)['nl'];

/**
 * A statement text in one language with its {placeholders} filled in.
 *
 * @example
 * statementText('en', 'error.range', { min: '€0.00', max: '€1,250.00' }); // => 'The amount must be between €0.00 and €1,250.00.'
 */
export function statementText(locale: Locale, key: StatementMessageKey, parameters: Record<string, string | number> = {}): string {
  return statementMessages[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(parameters[name] ?? placeholder));
}
