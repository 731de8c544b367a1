import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { experimentOf } from '../http/load-experiment';
import type { User } from '../store/store';
import { writeReplicationPackage } from './replication-package';
import { tarGzArchive } from './tar-gz-archive';

/**
 * GET /admin/experiments/:experimentKey/replication-package.tar.gz — the
 * replication package `nudgelab export --package DIR` writes (the same
 * files, written by the same function), as one .tar.gz download whose files
 * sit in `KEY-replication-package/`. Admins only; rate limited like the
 * exports (put exportRateLimit before it); each download is in the audit log,
 * since the package holds every participant's data. The package is written to
 * a temporary folder, streamed, and removed.
 *
 * @example
 * router.get('/admin/experiments/:experimentKey/replication-package.tar.gz', requireRole('admin'), loadExperiment(context), exportRateLimit(context), replicationPackageDownload(context));
 */
export function replicationPackageDownload(context: AppContext): RequestHandler {
  return async (_request, response) => {
    const experiment = experimentOf(response);
    const { key } = experiment.definition;
    const directory = await mkdtemp(join(tmpdir(), 'nudgelab-package-'));
    try {
      const written = await writeReplicationPackage(context.store, experiment, directory);
      const user = response.locals.user as User;
      await context.store.appendAudit({ at: context.now(), actor: user.username, action: 'replication-package.download', subject: key, details: { participants: written.participants, processEvents: written.processEvents } });
      response.set('Content-Type', 'application/gzip');
      response.set('Content-Disposition', `attachment; filename="${key}-replication-package.tar.gz"`);
      await pipeline(tarGzArchive(directory, written.files, `${key}-replication-package`), response);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  };
}
