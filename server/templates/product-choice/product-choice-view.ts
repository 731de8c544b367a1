import { productFigures } from '../../../experiments/arithmetic/product-figures';
import type { ProductChoiceArm, ProductChoiceExperimentDefinition } from '../../../experiments/definition-schema';
import { formatEuros, formatPercent } from '../../i18n/format';
import type { MessageKey } from '../../i18n/messages-nl';
import type { Translate } from '../../i18n/translator';
import type { Locale } from '../../i18n/locale';
import type { FieldProblem } from '../server-screen-template';

/**
 * Everything the product-choice template shows: the products in this
 * participant's order, which one is selected, and each product's figures —
 * with total cost and payoff time when the arm shows them, and a plain
 * warning instead of a payoff time when a revolving credit never amortises.
 *
 * @example
 * productChoiceView({ definition: creditChoice, arm, productOrder: ['fixed', 'revolving'], selected: null, locale: 'en', t, problems: [] }).products[0].name; // => 'Personal loan'
 */
export function productChoiceView({
  definition,
  arm,
  productOrder,
  selected,
  locale,
  t,
  problems,
}: {
  definition: ProductChoiceExperimentDefinition;
  arm: ProductChoiceArm;
  productOrder: readonly string[];
  selected: string | null;
  locale: Locale;
  t: Translate;
  problems: FieldProblem[];
}) {
  const { wording, showTotalCostAndPayoff } = arm.params;
  const products = productOrder.map((key) => {
    const product = definition.screen.products.find((candidate) => candidate.key === key);
    if (!product) throw new Error(`product "${key}" is not in ${definition.key}`);
    const figures = productFigures(product);
    const isFixed = product.kind === 'fixed-loan';
    const rows = [
      { label: t(isFixed ? 'choice.amount' : 'choice.limit'), value: formatEuros(figures.amount, locale) },
      {
        label: t('choice.monthly'),
        value: isFixed
          ? formatEuros(figures.monthlyPayment, locale, 2)
          : `${formatEuros(figures.monthlyPayment, locale, 2)} (${t('choice.monthlyShareOfLimit', { percent: formatPercent(product.monthlyPaymentPercentOfLimit / 100, locale) })})`,
      },
      { label: t('table.apr'), value: t(isFixed ? 'choice.apr.fixed' : 'choice.apr.variable', { apr: formatPercent(figures.annualPercentageRate, locale) }) },
      { label: t('choice.term'), value: isFixed ? t('choice.months', { months: product.termMonths }) : t('choice.termOpen') },
    ];
    if (showTotalCostAndPayoff && figures.totalPayable !== null && figures.payoffMonths !== null) {
      rows.push(
        { label: t('choice.total'), value: formatEuros(figures.totalPayable, locale, 2) },
        { label: t('choice.payoff'), value: t('choice.months', { months: figures.payoffMonths }) },
      );
    }
    return {
      key,
      name: t(`choice.${product.kind}.name`),
      description: t(`choice.${product.kind}.description`),
      rows,
      warning: showTotalCostAndPayoff && figures.totalPayable === null ? t('choice.neverPaysOff') : null,
      checked: selected === key,
      infoBody: t(`choice.info.${product.kind}`),
    };
  });
  return {
    title: wording.title?.[locale] ?? t('choice.title'),
    intro: wording.intro?.[locale] ?? null,
    legend: t('choice.legend'),
    submitLabel: wording.submit?.[locale] ?? t('choice.submit'),
    showsTotalCostAndPayoff: showTotalCostAndPayoff,
    products,
    problems: problems.map((problem) => ({ field: problem.field, text: t(problem.messageKey as MessageKey, problem.parameters) })),
  };
}
