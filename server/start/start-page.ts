import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import { entryLink } from './entry-link';

/**
 * GET / — what this server is, the running experiments each with a link to
 * try it as a participant, and the way into the workspace. For staff, in
 * English; it shows nothing a participant could not see on an entry link.
 *
 * @example
 * app.get('/', startPage(context));
 */
export function startPage(context: AppContext): RequestHandler {
  return async (_request, response) => {
    const running = [];
    for (const experiment of context.experiments.values()) {
      if ((await experimentStateName(context.store, experiment)) !== 'running') continue;
      const { definition } = experiment;
      running.push({ key: definition.key, title: definition.title, hypothesis: definition.hypothesis, arms: definition.arms.length, link: entryLink(definition.key, context.secret) });
    }
    response.render('start-page', { title: 'Start', user: null, running, experimentCount: context.experiments.size });
  };
}
