import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { questionsAt } from '../../experiments/questions-at';
import type { ParticipantRecord } from '../store/store';

/**
 * Whether the participant still has before-screen questions to answer: the
 * screen is not shown until they are.
 *
 * @example
 * beforeScreenQuestionsPending(creditChoice, { answeredQuestionKeys: [] }); // => true
 */
export function beforeScreenQuestionsPending(definition: Pick<ExperimentDefinition, 'questionnaire'>, participant: Pick<ParticipantRecord, 'answeredQuestionKeys'>): boolean {
  return questionsAt(definition.questionnaire, 'before-screen').some((question) => !participant.answeredQuestionKeys.includes(question.key));
}

/**
 * Whether the participant is due on the before-screen page rather than the
 * scenario or the screen: not yet shown the screen, and either a
 * before-screen question is unanswered or no arm has been drawn yet (a design
 * stratified by a before-screen answer draws it when the answers are
 * accepted). The screen is never shown without an arm.
 *
 * @example
 * beforeScreenStepDue(stratifiedByAgeBand, { arm: null, answeredQuestionKeys: [], exposedAt: null }); // => true
 * beforeScreenStepDue(loanAnchor, { arm: 'control', answeredQuestionKeys: [], exposedAt: null }); // => false (no before-screen questions)
 */
export function beforeScreenStepDue(
  definition: Pick<ExperimentDefinition, 'questionnaire'>,
  participant: Pick<ParticipantRecord, 'answeredQuestionKeys' | 'arm' | 'exposedAt'>,
): boolean {
  if (participant.exposedAt) return false;
  return participant.arm === null || beforeScreenQuestionsPending(definition, participant);
}

/** The page of the before-screen questions. */
export const beforeScreenPath = (experimentKey: string): string => `/e/${experimentKey}/before-screen`;

/**
 * Where a returning participant resumes: the debrief once complete, the
 * questionnaire once they decided, the screen once it was shown, the
 * before-screen questions while any is unanswered or no arm is drawn yet,
 * else the scenario.
 *
 * @example
 * participantStepPath({ experimentKey: 'loan-anchor', arm: 'control', completion: null, decision: null, exposedAt: new Date(), answeredQuestionKeys: [] }, loanAnchor); // => '/e/loan-anchor/screen'
 * participantStepPath({ experimentKey: 'credit-choice', arm: 'none-shown', completion: null, decision: null, exposedAt: null, answeredQuestionKeys: [] }, creditChoice); // => '/e/credit-choice/before-screen'
 */
export function participantStepPath(
  participant: Pick<ParticipantRecord, 'experimentKey' | 'arm' | 'decision' | 'exposedAt' | 'completion' | 'answeredQuestionKeys'>,
  definition: Pick<ExperimentDefinition, 'questionnaire'>,
): string {
  const base = `/e/${participant.experimentKey}`;
  if (participant.completion) return `${base}/debrief`;
  if (participant.decision) return `${base}/questionnaire`;
  if (participant.exposedAt) return `${base}/screen`;
  if (beforeScreenStepDue(definition, participant)) return beforeScreenPath(participant.experimentKey);
  return `${base}/scenario`;
}
