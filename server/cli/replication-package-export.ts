import type { Experiment } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { writeReplicationPackage } from '../results/replication-package';
import { openStore } from '../store/open-store';

/**
 * `nudgelab export --experiment KEY --package DIR`: writes the replication
 * package of an experiment from the database at NUDGELAB_DB (or
 * NUDGELAB_DATABASE_URL) and says what it wrote.
 *
 * @example
 * await exportReplicationPackage(experiment, 'loan-anchor-package'); // => 'wrote the replication package of loan-anchor (300 participants, …) to loan-anchor-package: …'
 */
export async function exportReplicationPackage(experiment: Experiment, directory: string): Promise<string> {
  const store = await openStore(readConfig());
  try {
    const written = await writeReplicationPackage(store, experiment, directory);
    return `wrote the replication package of ${experiment.definition.key} (${written.participants} participants, ${written.processEvents} process events) to ${directory}: ${written.files.join(', ')}`;
  } finally {
    await store.close();
  }
}
