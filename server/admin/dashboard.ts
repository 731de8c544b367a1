import type { RequestHandler } from 'express';
import { median } from '../../analysis/median';
import { sampleRatioMismatch } from '../../analysis/sample-ratio-mismatch';
import { definitionChanges } from '../../experiments/definition-changes';
import type { AppContext } from '../app-context';
import { allowedTransitions, experimentStateName } from '../lifecycle/experiment-lifecycle';
import type { User } from '../store/store';

/**
 * GET /admin — every experiment with its state, participants entered and
 * completed per arm, completion rate, median time to decide, the
 * sample-ratio check as a badge, its participant link, whether its file
 * changed since it started, and (for admins) the state changes allowed.
 */
export function dashboard(context: AppContext): RequestHandler {
  return async (request, response) => {
    const user = response.locals.user as User;
    const origin = `${request.protocol}://${request.get('host')}`;
    const experiments = [];
    for (const experiment of context.experiments.values()) {
      const { definition } = experiment;
      const stored = await context.store.findExperimentState(definition.key);
      const state = await experimentStateName(context.store, experiment);
      const counts = await context.store.countByArm(definition.key);
      const times = await context.store.listDecisionTimes(definition.key);
      const arms = definition.arms.map((arm) => {
        const count = counts.find((row) => row.arm === arm.key);
        const entered = count?.entered ?? 0;
        const completed = count?.completed ?? 0;
        const armTimes = times.filter((row) => row.arm === arm.key && row.timeToDecisionMs !== null).map((row) => row.timeToDecisionMs! / 1000);
        return {
          key: arm.key,
          label: arm.label,
          entered,
          completed,
          completionRate: entered > 0 ? `${Math.round((100 * completed) / entered)}%` : '—',
          medianSeconds: armTimes.length > 0 ? median(armTimes)!.toFixed(1) : '—',
        };
      });
      const srm = sampleRatioMismatch(
        arms.map((arm) => arm.entered),
        definition.arms.map((arm) => arm.weight),
      );
      const changes = stored?.definitionSha256 && stored.definitionSha256 !== experiment.definitionHash ? definitionChanges(stored.frozenDefinition, definition) : [];
      experiments.push({
        key: definition.key,
        title: definition.title,
        state,
        startedAt: stored?.startedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? null,
        arms,
        srm: { status: !srm.checked ? 'not-checked' : srm.ok ? 'ok' : 'mismatch', pValue: srm.pValue.toPrecision(3) },
        link: `${origin}/e/${definition.key}?pid={PANEL_ID}`,
        changes,
        transitions: user.role === 'admin' ? allowedTransitions[state] : [],
      });
    }
    response.render('admin/dashboard', { title: 'Experiments', user, experiments, csrfToken: response.locals.csrfToken as string });
  };
}
