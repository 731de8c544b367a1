import { parseArgs } from 'node:util';
import { readConfig } from '../config';
import { erasureAuditSubject } from '../privacy/erasure-audit-subject';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';

export const eraseUsage = 'usage: nudgelab erase --participant ID [--experiment KEY]';

/** `nudgelab erase`: removes one participant's data everywhere (a privacy request), audited under a salted hash of the id. */
export async function eraseCommand(argumentsAfterCommand: string[]): Promise<string> {
  let values;
  try {
    ({ values } = parseArgs({ args: argumentsAfterCommand, options: { participant: { type: 'string' }, experiment: { type: 'string' } } }));
  } catch (error) {
    throw new CommandInputError(`${(error as Error).message}; ${eraseUsage}`);
  }
  if (!values.participant) throw new CommandInputError(`--participant is required; ${eraseUsage}`);
  const store = await openStore(readConfig());
  try {
    const erased = await store.eraseParticipant(values.participant, values.experiment);
    if (erased.length === 0) throw new CommandInputError(`no participant "${values.participant}"${values.experiment ? ` in ${values.experiment}` : ''}`);
    const subject = await erasureAuditSubject(store, values.participant);
    await store.appendAudit({ at: new Date(), actor: 'cli', action: 'participant.erase', subject, details: { experiments: erased } });
    return `erased participant "${values.participant}" from ${erased.join(', ')}`;
  } finally {
    await store.close();
  }
}
