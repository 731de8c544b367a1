import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { formatEuros, formatPercent } from '../i18n/format';
import type { ParticipantRecord } from '../store/store';
import { amountDecision, type FieldProblem } from './amount-decision';
import { experimentFromPath, pageLocals, participantFromCookie } from './participant-context';

function armOf(experiment: Experiment, participant: ParticipantRecord) {
  const arm = experiment.definition.arms.find((candidate) => candidate.key === participant.arm);
  if (!arm) throw new Error(`arm "${participant.arm}" of ${participant.participantId} is not in ${experiment.file}`);
  return arm;
}

function renderAmountScreen(
  response: Response,
  experiment: Experiment,
  participant: ParticipantRecord,
  form: { amount: string; term: string; problems: FieldProblem[] },
) {
  const locals = pageLocals(response, participant.locale);
  const { screen } = experiment.definition;
  response.render('participant/amount-screen', {
    ...locals,
    title: locals.t('screen.title'),
    action: `/e/${participant.experimentKey}/screen`,
    amount: form.amount,
    term: form.term,
    termOptions: screen.termOptionsMonths,
    amountHint: locals.t('screen.amount.hint', {
      min: formatEuros(screen.amountLimits.min, participant.locale),
      max: formatEuros(screen.amountLimits.max, participant.locale),
    }),
    aprText: locals.t('screen.apr', { apr: formatPercent(screen.annualPercentageRate, participant.locale) }),
    problems: form.problems.map((problem) => ({
      field: problem.field,
      text: locals.t(problem.messageKey, {
        ...problem.parameters,
        ...(problem.messageKey === 'error.amount.range'
          ? { min: formatEuros(screen.amountLimits.min, participant.locale), max: formatEuros(screen.amountLimits.max, participant.locale) }
          : {}),
      }),
    })),
  });
}

/** GET /e/:experimentKey/screen — the arm's application screen; the first render is the exposure. */
export function showAmountScreen(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, `/e/${participant.experimentKey}/debrief`);
    await context.store.recordExposure(participant.experimentKey, participant.participantId, experiment.definitionHash, context.now());
    const input = armOf(experiment, participant).params.amountInput;
    renderAmountScreen(response, experiment, participant, {
      amount: input.mode === 'prefilled' ? String(input.value) : '',
      term: experiment.definition.screen.defaultTermMonths?.toString() ?? '',
      problems: [],
    });
  };
}

/**
 * POST /e/:experimentKey/screen — validates and stores the decision once,
 * completes the participation and goes to the debrief. Invalid input re-shows
 * the form with its messages (400) and stores nothing; a repeat after a
 * decision changes nothing and shows the stored one.
 */
export function submitAmountScreen(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    const debriefPath = `/e/${participant.experimentKey}/debrief`;
    if (participant.decision) return response.redirect(303, debriefPath);
    const result = amountDecision(request.body, experiment.definition.screen, participant.locale);
    if (!result.ok) {
      response.status(400);
      return renderAmountScreen(response, experiment, participant, { ...result.submitted, problems: result.problems });
    }
    const input = armOf(experiment, participant).params.amountInput;
    const now = context.now();
    const { experimentKey, participantId } = participant;
    await context.store.recordExposure(experimentKey, participantId, experiment.definitionHash, now);
    await context.store.recordDecision({
      experimentKey,
      participantId,
      values: result.values,
      keptDefault: input.mode === 'prefilled' ? result.values.amount === input.value : null,
      at: now,
    });
    await context.store.recordCompletion(experimentKey, participantId, randomBytes(6).toString('hex').toUpperCase(), now);
    response.redirect(303, debriefPath);
  };
}
