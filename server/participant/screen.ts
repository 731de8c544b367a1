import type { RequestHandler, Response } from 'express';
import { armDefaults } from '../../experiments/arm-defaults';
import { screenPresentation, type ScreenPresentation } from '../../experiments/screen-presentation';
import { screenTemplateOf } from '../../experiments/templates/template-registry';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { rememberedPages } from '../http/remembered-pages';
import { experimentOf } from '../http/load-experiment';
import type { ParticipantRecord } from '../store/store';
import { tellTestTrafficItsArm } from '../test-traffic/test-traffic-arm-header';
import type { FieldProblem } from '../templates/server-screen-template';
import { serverTemplateOf } from '../templates/server-template-registry';
import { completeParticipation } from './complete-participation';
import { armOf, pageLocals, participantFromCookie, whileStillEnrolled } from './participant-context';
import { beforeScreenPath, beforeScreenStepDue, participantStepPath } from './participant-step';
import { parseProcessData } from './process-data';

/** The presentation logged at this participant's first exposure, or the one their arm gives. */
function presentationFor(experiment: Experiment, participant: ParticipantRecord): ScreenPresentation {
  return (participant.presentation as ScreenPresentation | null) ?? screenPresentation(experiment.definition, armOf(experiment, participant), participant.participantId);
}

/** The participant's screen with what they entered so far, through their experiment's template: its view and locals. */
function screenPage(response: Response, experiment: Experiment, participant: ParticipantRecord, submitted: Record<string, string>, problems: FieldProblem[]) {
  const locals = pageLocals(response, participant.locale);
  const template = serverTemplateOf(experiment.definition);
  const screen = { definition: experiment.definition, arm: armOf(experiment, participant), presentation: presentationFor(experiment, participant), locale: participant.locale };
  const view = template.viewModel({ ...screen, t: locals.t, submitted, problems });
  return { view: template.view, locals: { ...locals, ...view, action: `/e/${participant.experimentKey}/screen` } };
}

/**
 * What a first view of a screen shows, but for its CSRF token: the same for
 * every participant of an arm with the same presentation, language and
 * pre-filled values (the definition's hash stands for everything else).
 */
function firstViewKey(experiment: Experiment, participant: ParticipantRecord, submitted: Record<string, string>): string {
  return [experiment.definitionHash, participant.arm, participant.locale, JSON.stringify(presentationFor(experiment, participant)), JSON.stringify(submitted)].join('\n');
}

/** The decision fields as the browser sent them (strings only), to show them again. */
function submittedFields(experiment: Experiment, body: unknown): Record<string, string> {
  const fields = screenTemplateOf(experiment.definition).decisionFields(experiment.definition.screen).map((decision) => decision.field);
  const form = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, typeof form[field] === 'string' ? (form[field] as string) : '']));
}

/** GET /e/:experimentKey/screen — the arm's screen; the first render is the exposure, logged with what it showed. */
export function showScreen(context: AppContext): RequestHandler {
  const firstViews = rememberedPages();
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, participantStepPath(participant, experiment.definition));
    // The before-screen questions are pre-treatment: they are answered before the screen is ever shown (and a design
    // stratified by one of them has no arm to show until then).
    if (beforeScreenStepDue(experiment.definition, participant)) return response.redirect(303, beforeScreenPath(participant.experimentKey));
    // Only the first render is the exposure: a reload neither writes nor reads again.
    if (!participant.exposedAt) {
      await whileStillEnrolled(response, participant, context.store.recordExposure(participant.experimentKey, participant.participantId, experiment.definitionHash, presentationFor(experiment, participant), context.now()));
    }
    const defaults = armDefaults(experiment.definition, armOf(experiment, participant));
    tellTestTrafficItsArm(request, response, participant.experimentKey, armOf(experiment, participant).key);
    const submitted = Object.fromEntries(Object.entries(defaults).map(([field, value]) => [field, String(value)]));
    // Rendered once per arm, language and presentation; every participant gets it with their own CSRF token.
    await firstViews.send(response, firstViewKey(experiment, participant, submitted), () => screenPage(response, experiment, participant, submitted, []));
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
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, participantStepPath(participant, experiment.definition));
    if (beforeScreenStepDue(experiment.definition, participant)) return response.redirect(303, beforeScreenPath(participant.experimentKey));
    const { definition } = experiment;
    const arm = armOf(experiment, participant);
    const presentation = presentationFor(experiment, participant);
    const result = serverTemplateOf(definition).parseDecision(request.body, { definition, arm, presentation, locale: participant.locale });
    if (!result.ok) {
      response.status(400);
      const page = screenPage(response, experiment, participant, submittedFields(experiment, request.body), result.problems);
      return response.render(page.view, page.locals);
    }
    const processData = parseProcessData((request.body as Record<string, unknown> | undefined)?.processData);
    if (!processData.ok) throw new HttpError(400, `process data is ${processData.problem}`, 'error.processData');

    const now = context.now();
    const { experimentKey, participantId } = participant;
    if (!participant.exposedAt) {
      await whileStillEnrolled(response, participant, context.store.recordExposure(experimentKey, participantId, experiment.definitionHash, presentation, now));
    }
    const exposedAt = participant.exposedAt ?? now;
    const keptDefaultField = screenTemplateOf(definition).keptDefaultField(arm.params);
    const defaultValue = armDefaults(definition, arm)[keptDefaultField];
    await whileStillEnrolled(
      response,
      participant,
      context.store.recordDecision({
        experimentKey,
        participantId,
        values: result.values,
        keptDefault: defaultValue === undefined ? null : result.values[keptDefaultField] === defaultValue,
        timeToDecisionMs: processData.timeToDecisionMs ?? now.getTime() - exposedAt.getTime(),
        timingSource: processData.timeToDecisionMs === null ? 'server' : 'client',
        processData: processData.processData,
        at: now,
      }),
    );
    if (!definition.questionnaire.some((question) => question.timing === 'after-screen')) {
      await completeParticipation(context, response, participant);
      return response.redirect(303, `/e/${experimentKey}/debrief`);
    }
    response.redirect(303, `/e/${experimentKey}/questionnaire`);
  };
}
