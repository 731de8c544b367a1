import { readConfig } from '../config';
import { erasureAuditSubject } from '../privacy/erasure-audit-subject';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/** `nudgelab erase`: removes one participant's data everywhere (a privacy request), audited under a salted hash of the id. */
export async function eraseCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values } = subcommandArguments('erase', argumentsAfterCommand);
  if (!values.participant) throw new CommandInputError(`--participant is required (see nudgelab erase --help)`);
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
