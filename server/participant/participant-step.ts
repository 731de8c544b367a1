import type { ParticipantRecord } from '../store/store';

/**
 * Where a returning participant resumes: the debrief once complete, the
 * questionnaire once they decided, the screen once it was shown, else the
 * scenario.
 *
 * @example
 * participantStepPath({ experimentKey: 'loan-anchor', completion: null, decision: null, exposedAt: new Date() }); // => '/e/loan-anchor/screen'
 */
export function participantStepPath(participant: Pick<ParticipantRecord, 'experimentKey' | 'decision' | 'exposedAt' | 'completion'>): string {
  const base = `/e/${participant.experimentKey}`;
  if (participant.completion) return `${base}/debrief`;
  if (participant.decision) return `${base}/questionnaire`;
  if (participant.exposedAt) return `${base}/screen`;
  return `${base}/scenario`;
}
