import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { AppContext } from '../app-context';
import type { ParticipantRecord } from '../store/store';
import { whileStillEnrolled } from './participant-context';

/**
 * Marks a participant complete with a fresh completion code (12 hex
 * characters, for panels); a participant already complete keeps their code.
 * One erased since the page read them gets the friendly "open the link
 * again" page (403), not a 500.
 *
 * @example
 * await completeParticipation(context, response, participant); // => 'A1B2C3D4E5F6' (or the code stored before)
 */
export async function completeParticipation(
  context: AppContext,
  response: Response,
  participant: Pick<ParticipantRecord, 'experimentKey' | 'participantId' | 'locale'>,
): Promise<string> {
  const code = randomBytes(6).toString('hex').toUpperCase();
  return whileStillEnrolled(response, participant, context.store.recordCompletion(participant.experimentKey, participant.participantId, code, context.now()));
}
