import type { ParticipantRecord } from '../store/store';

/**
 * Where a returning participant resumes: the debrief once they decided, the
 * screen once it was shown, else the scenario.
 *
 * @example
 * participantStepPath({ experimentKey: 'loan-anchor', decision: null, exposedAt: new Date() }); // => '/e/loan-anchor/screen'
 */
export function participantStepPath(participant: Pick<ParticipantRecord, 'experimentKey' | 'decision' | 'exposedAt'>): string {
  const base = `/e/${participant.experimentKey}`;
  if (participant.decision) return `${base}/debrief`;
  if (participant.exposedAt) return `${base}/screen`;
  return `${base}/scenario`;
}
