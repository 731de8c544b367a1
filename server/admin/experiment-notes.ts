import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { experimentOf } from '../http/load-experiment';
import type { User } from '../store/store';

/** Longest note an admin can add, in characters. */
export const noteMaxLength = 2000;

const noteFormSchema = z.object({ note: z.string().trim().min(1).max(noteMaxLength) });

/**
 * POST /admin/experiments/:experimentKey/notes — adds a note to an
 * experiment (admins only; the CSRF token is checked before any route, like
 * every admin form): what was sent to the panel, a problem seen, a decision
 * taken. Stored with its author and time, shown newest first on the
 * dashboard (escaped like every value there), and audited as
 * `experiment.note` with its length (the text stays with the experiment).
 * An empty or overlong note is a 400 that says why.
 *
 * @example
 * router.post('/admin/experiments/:experimentKey/notes', requireRole('admin'), experiment, addExperimentNote(context));
 */
export function addExperimentNote(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const form = noteFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, `A note needs some text, at most ${noteMaxLength} characters. Go back to the dashboard and write it again.`);
    const author = (response.locals.user as User).username;
    const now = context.now();
    const experimentKey = experiment.definition.key;
    await context.store.addExperimentNote({ experimentKey, author, note: form.data.note, writtenAt: now });
    await context.store.appendAudit({ at: now, actor: author, action: 'experiment.note', subject: experimentKey, details: { characters: form.data.note.length } });
    response.redirect(303, `/admin#notes-${experimentKey}`);
  };
}
