import type { RequestHandler, Response } from 'express';
import { armDefaults } from '../../experiments/arm-defaults';
import type { AmountArm, ProductChoiceArm } from '../../experiments/definition-schema';
import { screenPresentation, type ScreenPresentation } from '../../experiments/screen-presentation';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import type { ParticipantRecord } from '../store/store';
import { amountDecision, type FieldProblem } from './amount-decision';
import { amountScreenView } from './amount-screen-view';
import { completeParticipation } from './complete-participation';
import { armOf, experimentFromPath, pageLocals, participantFromCookie } from './participant-context';
import { participantStepPath } from './participant-step';
import { parseProcessData } from './process-data';
import { productChoiceView } from './product-choice-view';
import { productDecision } from './product-decision';

/** The presentation logged at this participant's first exposure, or the one their arm gives. */
function presentationFor(experiment: Experiment, participant: ParticipantRecord): ScreenPresentation {
  return (participant.presentation as ScreenPresentation | null) ?? screenPresentation(experiment.definition, armOf(experiment, participant), participant.participantId);
}

function renderScreen(
  response: Response,
  experiment: Experiment,
  participant: ParticipantRecord,
  submitted: Record<string, string>,
  problems: FieldProblem[],
): void {
  const locals = pageLocals(response, participant.locale);
  const { definition } = experiment;
  const arm = armOf(experiment, participant);
  const action = `/e/${participant.experimentKey}/screen`;
  if (definition.template === 'amount') {
    const view = amountScreenView({ definition, arm: arm as AmountArm, locale: participant.locale, t: locals.t, amount: submitted.amount ?? '', term: submitted.term ?? '', problems });
    return response.render('participant/amount-screen', { ...locals, ...view, action });
  }
  const presentation = presentationFor(experiment, participant);
  if (presentation.template !== 'product-choice') throw new Error(`presentation of ${participant.participantId} does not fit ${experiment.file}`);
  const view = productChoiceView({
    definition,
    arm: arm as ProductChoiceArm,
    productOrder: presentation.productOrder,
    selected: submitted.product ?? presentation.preselected,
    locale: participant.locale,
    t: locals.t,
    problems,
  });
  response.render('participant/product-choice-screen', { ...locals, ...view, action });
}

/** GET /e/:experimentKey/screen — the arm's screen; the first render is the exposure, logged with what it showed. */
export function showScreen(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, participantStepPath(participant));
    const presentation = presentationFor(experiment, participant);
    await context.store.recordExposure(participant.experimentKey, participant.participantId, experiment.definitionHash, presentation, context.now());
    const defaults = armDefaults(experiment.definition, armOf(experiment, participant));
    const submitted = Object.fromEntries(Object.entries(defaults).map(([field, value]) => [field, String(value)]));
    renderScreen(response, experiment, participant, submitted, []);
  };
}

/**
 * POST /e/:experimentKey/screen — validates and stores the decision and its
 * process data once, then on to the questionnaire (or the debrief). Invalid
 * fields re-show the form (400) and store nothing; malformed or oversized
 * process data is refused (400) and stores nothing; a repeat after a decision
 * changes nothing.
 */
export function submitScreen(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, participantStepPath(participant));
    const { definition } = experiment;
    const arm = armOf(experiment, participant);
    const presentation = presentationFor(experiment, participant);
    const result =
      definition.template === 'amount'
        ? amountDecision(request.body, definition.screen, (arm as AmountArm).params.amountInput, participant.locale)
        : productDecision(request.body, definition.screen.products.map((product) => product.key));
    if (!result.ok) {
      response.status(400);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const submitted = Object.fromEntries(['amount', 'term'].map((field) => [field, typeof body[field] === 'string' ? (body[field] as string) : '']));
      return renderScreen(response, experiment, participant, submitted, result.problems);
    }
    const processData = parseProcessData((request.body as Record<string, unknown> | undefined)?.processData);
    if (!processData.ok) throw new HttpError(400, `process data is ${processData.problem}`, 'error.processData');

    const now = context.now();
    const { experimentKey, participantId } = participant;
    await context.store.recordExposure(experimentKey, participantId, experiment.definitionHash, presentation, now);
    const exposedAt = participant.exposedAt ?? now;
    const decidedField = definition.template === 'amount' ? 'amount' : 'product';
    const defaultValue = armDefaults(definition, arm)[decidedField];
    const values: Record<string, number | string> = result.values;
    await context.store.recordDecision({
      experimentKey,
      participantId,
      values,
      keptDefault: defaultValue === undefined ? null : values[decidedField] === defaultValue,
      timeToDecisionMs: processData.timeToDecisionMs ?? now.getTime() - exposedAt.getTime(),
      timingSource: processData.timeToDecisionMs === null ? 'server' : 'client',
      processData: processData.processData,
      at: now,
    });
    if (definition.questionnaire.length === 0) {
      await completeParticipation(context, participant);
      return response.redirect(303, `/e/${experimentKey}/debrief`);
    }
    response.redirect(303, `/e/${experimentKey}/questionnaire`);
  };
}
