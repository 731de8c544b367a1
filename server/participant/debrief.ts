import type { RequestHandler } from 'express';
import { productFigures } from '../../experiments/arithmetic/product-figures';
import type { AppContext } from '../app-context';
import { formatEuros } from '../i18n/format';
import { creditTableRows } from './credit-table-rows';
import { experimentFromPath, pageLocals, participantFromCookie } from './participant-context';
import { participantStepPath } from './participant-step';

/** GET /e/:experimentKey/debrief — what the study was about, the participant's choice and completion code. */
export function debrief(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    const { decision, completion, locale } = participant;
    if (!decision || !completion) return response.redirect(303, participantStepPath(participant));
    const locals = pageLocals(response, locale);
    const { definition } = experiment;
    let choiceRows;
    if (definition.template === 'amount') {
      choiceRows = creditTableRows({
        amount: Number(decision.values.amount),
        termMonths: Number(decision.values.term),
        annualPercentageRate: definition.screen.annualPercentageRate,
        locale,
        t: locals.t,
      });
    } else {
      const product = definition.screen.products.find((candidate) => candidate.key === decision.values.product);
      if (!product) throw new Error(`stored product "${String(decision.values.product)}" is not in ${experiment.file}`);
      const figures = productFigures(product);
      choiceRows = [
        { figure: 'product', label: locals.t('debrief.yourProduct'), value: locals.t(`choice.${product.kind}.name`) },
        { figure: 'monthly', label: locals.t('choice.monthly'), value: formatEuros(figures.monthlyPayment, locale, 2) },
        ...(figures.totalPayable === null ? [] : [{ figure: 'total', label: locals.t('choice.total'), value: formatEuros(figures.totalPayable, locale, 2) }]),
      ];
    }
    const template = definition.completion.redirectUrlTemplate;
    response.render('participant/debrief', {
      ...locals,
      title: locals.t('debrief.title'),
      choiceRows,
      completionCode: completion.code,
      returnUrl: template?.replaceAll('{code}', encodeURIComponent(completion.code)),
    });
  };
}
