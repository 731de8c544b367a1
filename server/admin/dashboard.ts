import type { RequestHandler } from 'express';
import { blockBalanceCheck, type BlockAssignment } from '../../analysis/block-balance-check';
import { median } from '../../analysis/median';
import { sampleRatioMismatch } from '../../analysis/sample-ratio-mismatch';
import { definitionChanges } from '../../experiments/definition-changes';
import type { Randomisation } from '../../experiments/definition-schema';
import type { AppContext } from '../app-context';
import { stratumParameter } from '../assignment/read-stratum';
import { allowedTransitions, experimentStateName } from '../lifecycle/experiment-lifecycle';
import type { User } from '../store/store';

/** `&stratum={low|high}` for a stratified design (the panel fills in the level), else nothing. */
function stratumPlaceholder(randomisation: Randomisation): string {
  const parameter = stratumParameter(randomisation);
  return parameter && randomisation.method === 'permuted-blocks' ? `&${parameter}={${randomisation.stratum!.levels.join('|')}}` : '';
}

/**
 * GET /admin — every experiment with its state, participants entered and
 * completed per arm, completion rate, median time to decide, the
 * sample-ratio check as a badge (for permuted blocks: the block balance
 * check), its participant link (with the stratum parameter when stratified),
 * whether its file changed since it started, and (for admins) the state
 * changes allowed.
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
      const weights = definition.arms.map((arm) => arm.weight);
      let srm: { status: 'ok' | 'mismatch' | 'not-checked'; summary: string };
      if (definition.randomisation.method === 'permuted-blocks') {
        // Balance is forced, so a chi-square tests nothing: check instead that every block keeps the design.
        const blocks: BlockAssignment[] = [];
        for await (const row of context.store.streamParticipantRows(definition.key)) blocks.push({ arm: row.arm, stratum: row.block?.stratum ?? null, blockIndex: row.block?.blockIndex ?? null });
        const check = blockBalanceCheck({ arms: definition.arms.map((arm) => arm.key), weights, blockSize: definition.randomisation.blockSize }, blocks);
        srm = { status: check.ok ? 'ok' : 'mismatch', summary: check.summary };
      } else {
        const chiSquare = sampleRatioMismatch(arms.map((arm) => arm.entered), weights);
        const status = !chiSquare.checked ? 'not-checked' : chiSquare.ok ? 'ok' : 'mismatch';
        srm = { status, summary: `${status === 'ok' ? 'ok' : status === 'mismatch' ? 'MISMATCH' : 'not checked yet'} (p = ${chiSquare.pValue.toPrecision(3)})` };
      }
      const changes = stored?.definitionSha256 && stored.definitionSha256 !== experiment.definitionHash ? definitionChanges(stored.frozenDefinition, definition) : [];
      experiments.push({
        key: definition.key,
        title: definition.title,
        state,
        startedAt: stored?.startedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? null,
        arms,
        srm,
        link: `${origin}/e/${definition.key}?pid={PANEL_ID}${stratumPlaceholder(definition.randomisation)}`,
        changes,
        transitions: user.role === 'admin' ? allowedTransitions[state] : [],
      });
    }
    response.render('admin/dashboard', { title: 'Experiments', user, experiments, csrfToken: response.locals.csrfToken as string });
  };
}
