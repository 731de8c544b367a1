import type { RequestHandler } from 'express';
import { screenPresentation } from '../../experiments/screen-presentation';
import type { AppContext } from '../app-context';
import { drawArm } from '../assignment/draw-arm';
import { readStratum } from '../assignment/read-stratum';
import { HttpError } from '../http/http-error';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import { keyAllows } from './api-key-secrets';
import { lenderAttributeProblems } from './lender-attribute-problems';
import { assignmentRequestSchema, validationProblems } from './api-schemas';
import { apiKeyOf } from './require-api-key';

/**
 * POST /api/v1/assignments — the arm for a lender's visitor: the same
 * randomisation (hashing, or the next position of a permuted block of the
 * visitor's `stratum`) and stickiness as the participant flow (an id already
 * enrolled keeps its arm, and needs no stratum), with the exposure recorded once
 * (a new unit's with its enrolment, in the same commit).
 * The unit is recorded as this key's: only this key may send its events or
 * export it. Declared `attributes` are stored with the first assignment;
 * undeclared ones or values outside the levels are refused (400), storing nothing. An id in use on the participant pages is refused (409); another key's
 * unit keeps its arm, but this key records nothing on it.
 */
export function createAssignment(context: AppContext): RequestHandler {
  return async (request, response) => {
    const parsed = assignmentRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new HttpError(400, 'invalid assignment request', undefined, validationProblems(parsed.error, false));
    const { experiment: experimentKey, unitId, stratum: stratumValue, attributes = {} } = parsed.data;
    const experiment = context.experiments.get(experimentKey);
    if (!experiment) throw new HttpError(404, `no experiment "${experimentKey}"`);
    const key = apiKeyOf(request);
    if (!keyAllows(key, experimentKey)) throw new HttpError(403, `this API key has no access to experiment "${experimentKey}"`);
    const { definition } = experiment;
    const armNamed = (armKey: string) => definition.arms.find((candidate) => candidate.key === armKey)!;
    const attributeProblems = lenderAttributeProblems(experimentKey, definition.lenderAttributes, attributes);
    if (attributeProblems.length > 0) throw new HttpError(400, 'invalid assignment request', undefined, attributeProblems);
    if ((await experimentStateName(context.store, experiment)) !== 'running') {
      const control = definition.arms[0]!;
      response.json({ experiment: experimentKey, unitId, variant: control.key, params: control.params, inExperiment: false });
      return;
    }
    const stratum = readStratum(definition, stratumValue);
    // A visitor already enrolled keeps their arm and needs no stratum; a newcomer needs a valid one.
    const enrolled = stratum.ok ? undefined : await context.store.findParticipant(experimentKey, unitId);
    if (!stratum.ok && !enrolled) {
      const problem = `stratum: ${stratum.problem === 'missing' ? 'required' : 'unknown'} for experiment "${experimentKey}"; one of ${stratum.levels.join(', ')}`;
      throw new HttpError(400, 'invalid assignment request', undefined, [problem]);
    }
    const now = context.now();
    const participant =
      enrolled ??
      (await context.store.enrolParticipant({
        source: 'api',
        experimentKey,
        participantId: unitId,
        panelId: null,
        locale: 'nl',
        userAgentClass: 'unknown',
        arm: drawArm(definition, unitId, stratum.ok ? stratum.stratum : null),
        definitionHash: experiment.definitionHash,
        at: now,
        assignedByApiKeyId: key.id,
        attributes,
        // The assignment is the exposure: recorded with the enrolment, in one commit.
        exposure: (armKey) => screenPresentation(definition, armNamed(armKey), unitId),
      }));
    // A participant of the participant pages is theirs alone (and may have no arm yet: a stratum from a before-screen
    // answer): a lender's unit id may not take their participation over. The enrolment inserts nothing for an id
    // that is taken, and answers with what is stored, so a consent racing this request is caught here too.
    if (participant.source === 'panel' || participant.arm === null) {
      throw new HttpError(409, `unitId "${unitId}" belongs to a participant of the participant pages in this experiment; use another id for your visitor`);
    }
    const arm = armNamed(participant.arm);
    if (participant.assignedByApiKeyId === key.id && !participant.exposedAt) {
      await context.store.recordExposure(experimentKey, unitId, experiment.definitionHash, screenPresentation(definition, arm, unitId), now);
    }
    response.json({ experiment: experimentKey, unitId, variant: arm.key, params: arm.params, inExperiment: true });
  };
}
