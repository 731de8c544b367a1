import type { RequestHandler } from 'express';
import { armDefaults } from '../../experiments/arm-defaults';
import type { AmountArm, ProductChoiceArm } from '../../experiments/definition-schema';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { translator } from '../i18n/translator';
import { amountScreenView } from '../participant/amount-screen-view';
import { productChoiceView } from '../participant/product-choice-view';

/**
 * GET /admin/experiments/:experimentKey/preview/:arm?lang=en — the screen of
 * any arm as a participant sees it, without enrolling, assigning or recording
 * anything; the submit button is disabled. A randomised product order shows
 * in the declared order, with a note.
 */
export function preview(context: AppContext): RequestHandler {
  return (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    const arm = experiment?.definition.arms.find((candidate) => candidate.key === request.params.arm);
    if (!experiment || !arm) throw new HttpError(404, 'no such experiment or arm');
    const locale = request.query.lang === 'en' ? 'en' : 'nl';
    const t = translator(locale);
    const { definition } = experiment;
    const defaults = armDefaults(definition, arm);
    const common = { locale, t, csrfToken: '', showWarning: true, action: '#', preview: `Preview of arm "${arm.key}" (${arm.label}): nothing you do here is recorded.` };
    if (definition.template === 'amount') {
      const view = amountScreenView({ definition, arm: arm as AmountArm, locale, t, amount: String(defaults.amount ?? ''), term: String(defaults.term ?? ''), problems: [] });
      return response.render('participant/amount-screen', { ...common, ...view });
    }
    const params = (arm as ProductChoiceArm).params;
    const order = params.productOrder === 'randomised' ? definition.screen.products.map((product) => product.key) : params.productOrder;
    const view = productChoiceView({ definition, arm: arm as ProductChoiceArm, productOrder: order, selected: params.preselected, locale, t, problems: [] });
    response.render('participant/product-choice-screen', {
      ...common,
      ...view,
      preview: `${common.preview}${params.productOrder === 'randomised' ? ' Participants see the products in a random order.' : ''}`,
    });
  };
}
