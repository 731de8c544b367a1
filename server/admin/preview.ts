import type { RequestHandler } from 'express';
import { armDefaults } from '../../experiments/arm-defaults';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { experimentOf } from '../http/load-experiment';
import { translator } from '../i18n/translator';
import { serverTemplateOf } from '../templates/server-template-registry';

/**
 * GET /admin/experiments/:experimentKey/preview/:arm?lang=en — the screen of
 * any arm as a participant sees it, without enrolling, assigning or recording
 * anything; the submit button is disabled. Anything a participant would see
 * drawn at random (a randomised product order) shows in the declared order,
 * with a note.
 */
export function preview(_context: AppContext): RequestHandler {
  return (request, response) => {
    const { definition } = experimentOf(response);
    const arm = definition.arms.find((candidate) => candidate.key === request.params.arm);
    if (!arm) throw new HttpError(404, `no arm "${String(request.params.arm)}" in experiment "${definition.key}"`);
    const locale = request.query.lang === 'en' ? 'en' : 'nl';
    const t = translator(locale);
    const template = serverTemplateOf(definition);
    const { presentation, note } = template.previewPresentation(definition, arm);
    const submitted = Object.fromEntries(Object.entries(armDefaults(definition, arm)).map(([field, value]) => [field, String(value)]));
    const view = template.viewModel({ definition, arm, presentation, locale, t, submitted, problems: [] });
    const notice = `Preview of arm "${arm.key}" (${arm.label}): nothing you do here is recorded.${note ? ` ${note}` : ''}`;
    response.render(template.view, { locale, t, csrfToken: '', showWarning: true, action: '#', ...view, preview: notice });
  };
}
