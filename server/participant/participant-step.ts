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

/** The page of the before-screen questions. */
export const beforeScreenPath = (experimentKey: string): string => `/e/${experimentKey}/before-screen`;

/**
 * Where a returning participant resumes: the debrief once complete, the
 * questionnaire once they decided, the screen once it was shown, the
 * before-screen questions while any is unanswered (when the definition is
 * given), else the scenario.
 *
 * @example
 * participantStepPath({ experimentKey: 'loan-anchor', completion: null, decision: null, exposedAt: new Date() }); // => '/e/loan-anchor/screen'
 */
export function participantStepPath(
  participant: Pick<ParticipantRecord, 'experimentKey' | 'decision' | 'exposedAt' | 'completion'> & Partial<Pick<ParticipantRecord, 'answeredQuestionKeys'>>,
  definition?: Pick<ExperimentDefinition, 'questionnaire'>,
): string {
  const base = `/e/${participant.experimentKey}`;
  if (participant.completion) return `${base}/debrief`;
  if (participant.decision) return `${base}/questionnaire`;
  if (participant.exposedAt) return `${base}/screen`;
  if (definition && beforeScreenQuestionsPending(definition, { answeredQuestionKeys: participant.answeredQuestionKeys ?? [] })) return beforeScreenPath(participant.experimentKey);
  return `${base}/scenario`;
}
