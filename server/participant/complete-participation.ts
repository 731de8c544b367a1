import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app-context';
import type { ParticipantRecord } from '../store/store';

/**
 * Marks a participant complete with a fresh completion code (12 hex
 * characters, for panels); a participant already complete keeps their code.
 */
export async function completeParticipation(context: AppContext, participant: Pick<ParticipantRecord, 'experimentKey' | 'participantId'>): Promise<string> {
  return context.store.recordCompletion(participant.experimentKey, participant.participantId, randomBytes(6).toString('hex').toUpperCase(), context.now());
}
