import type { RequestHandler } from 'express';
import { blockBalanceCheck, type BlockAssignment } from '../../analysis/block-balance-check';
import { sampleRatioMismatch } from '../../analysis/sample-ratio-mismatch';
import { definitionChanges } from '../../experiments/definition-changes';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { panelEntryLink } from './panel-entry-link';
import { stratumQuestionKey } from '../../experiments/stratum-levels';
import { entryLinkSecret } from '../participant/entry-link-signature';
import { allowedTransitions, experimentStateName } from '../lifecycle/experiment-lifecycle';
import type { ArmCount, AuditEntry, ExperimentStateName, User } from '../store/store';
import { testTrafficLink } from '../test-traffic/test-traffic-token';
import { participantFunnel } from './participant-funnel';
import { renderAdminPage } from './render-admin-page';
import { stateHistory } from './state-history';
import { utcMinute } from './utc-minute';
import { cachedPerDataVersion } from '../results/cached-per-data-version';
import { cachedStepsByArm } from '../results/cached-steps-by-arm';
import { pValueText } from '../results/figure-format';

/** How many of an experiment's newest notes its card shows. */
const notesShown = 20;

/**
 * How many of the newest audit entries the dashboard reads for the state
 * history. State changes are rare next to logins; a change older than this
 * window still shows its time (from the stored state), only its actor is unknown.
 */
const auditWindow = 2000;

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(100 * share)}%`);

/**
 * The sample-ratio badge: the chi-square against the planned weights, or for
 * permuted blocks, where balance is forced and a chi-square tests nothing, the
 * check that every block keeps the design.
 */
async function sampleRatioStatus(context: AppContext, experiment: Experiment, enteredByArm: number[]): Promise<{ status: 'ok' | 'mismatch' | 'not-checked'; summary: string }> {
  const { definition } = experiment;
  const weights = definition.arms.map((arm) => arm.weight);
  if (definition.randomisation.method === 'permuted-blocks') {
    const blocks: BlockAssignment[] = (await context.store.listBlockAssignments(definition.key)).map((row) =>
      row.blockIndex === null ? { arm: row.arm, stratum: null, blockIndex: null } : { arm: row.arm, stratum: row.stratum, blockIndex: Number(row.blockIndex) },
    );
    const check = blockBalanceCheck({ arms: definition.arms.map((arm) => arm.key), weights, blockSize: definition.randomisation.blockSize }, blocks);
    return { status: check.ok ? 'ok' : 'mismatch', summary: check.summary };
  }
  const chiSquare = sampleRatioMismatch(enteredByArm, weights);
  const status = !chiSquare.checked ? 'not-checked' : chiSquare.ok ? 'ok' : 'mismatch';
  // The words and p of the results page's sample line ("p < 0.001", not "p = 9.36e-14"; a p above the threshold shows no mismatch, it does not prove the ratio right).
  return { status, summary: `${status === 'ok' ? 'no mismatch detected' : status === 'mismatch' ? 'MISMATCH' : 'not checked yet'} (${pValueText(chiSquare.pValue)})` };
}

/** The label of the button or link that moves an experiment to `to`. */
const transitionLabel = (from: ExperimentStateName, to: ExperimentStateName) =>
  to === 'running' ? (from === 'draft' ? 'Start' : 'Resume') : to === 'paused' ? 'Pause' : 'Stop';

/** The funnel of one arm (or all arms), with its dropouts as percentages. */
function funnelRow(counts: Pick<ArmCount, 'entered' | 'exposed' | 'decided' | 'completed'>) {
  return participantFunnel(counts).map(({ step, count, dropout }) => ({ step, count, dropout: percent(dropout) }));
}

/** The planned sample of the analysis plan in force: frozen at the start, else the file's. */
function plannedPerArmOf(experiment: Experiment, frozenDefinition: unknown): number {
  const frozen = (frozenDefinition as { analysisPlan?: { plannedPerArm?: unknown } } | null | undefined)?.analysisPlan?.plannedPerArm;
  return typeof frozen === 'number' ? frozen : experiment.definition.analysisPlan.plannedPerArm;
}

/** One experiment's card: state with its history, funnel per arm, progress, links, health. */
async function experimentCard(context: AppContext, experiment: Experiment, audit: readonly AuditEntry[], user: User, origin: string) {
  const { definition } = experiment;
  const stored = await context.store.findExperimentState(definition.key);
  const state = await experimentStateName(context.store, experiment);
  // Grouped counts and medians read off indexes, once per data version (the counts shared with the results): a million participants cost a few index scans.
  const [counts, times] = await Promise.all([
    cachedStepsByArm(context.store, definition.key),
    cachedPerDataVersion(context.store, `decision-times:${definition.key}`, () => context.store.summariseDecisionTimes(definition.key)),
  ]);
  const testParticipants = await context.store.countTestParticipants(definition.key);
  // Under strata from a before-screen answer, consent gives no arm: those who have not answered are in no arm's funnel.
  const stratumQuestion = stratumQuestionKey(definition.randomisation);
  const awaitingArm = stratumQuestion ? { question: stratumQuestion, count: await context.store.countParticipantsAwaitingArm(definition.key) } : null;
  const history = stateHistory(audit, definition.key);
  // The newest audit entry is the change into the current state, unless that change fell out of the window.
  const lastChange = history[0]?.to === state ? history[0] : undefined;
  const arms = definition.arms.map((arm) => {
    const count = counts.find((row) => row.arm === arm.key) ?? { arm: arm.key, entered: 0, exposed: 0, decided: 0, completed: 0 };
    const medianMs = times.find((row) => row.arm === arm.key)?.medianMs ?? null;
    return {
      key: arm.key,
      label: arm.label,
      // In a factorial design, the cell's level of each factor (a column each).
      levels: definition.factors.map((factor) => factor.levels.find((level) => level.key === arm.factorLevels?.[factor.key])?.label ?? '—'),
      entered: count.entered,
      completed: count.completed,
      decided: count.decided,
      funnel: funnelRow(count),
      completionRate: percent(count.entered > 0 ? count.completed / count.entered : null),
      medianSeconds: medianMs === null ? '—' : (medianMs / 1000).toFixed(1),
    };
  });
  const total = (step: 'entered' | 'exposed' | 'decided' | 'completed') => arms.reduce((sum, arm) => sum + (counts.find((row) => row.arm === arm.key)?.[step] ?? 0), 0);
  const totals = { entered: total('entered'), exposed: total('exposed'), decided: total('decided'), completed: total('completed') };
  const srm = await sampleRatioStatus(context, experiment, arms.map((arm) => arm.entered));
  const plannedPerArm = plannedPerArmOf(experiment, stored?.frozenDefinition);
  const planned = plannedPerArm * definition.arms.length;
  const changes = stored?.definitionSha256 && stored.definitionSha256 !== experiment.definitionHash ? definitionChanges(stored.frozenDefinition, definition) : [];
  return {
    key: definition.key,
    title: definition.title,
    state,
    stateSince: stored ? utcMinute(lastChange?.at ?? stored.changedAt) : null,
    stateBy: lastChange?.actor ?? null,
    history: history.slice(0, 5).map((change) => ({ ...change, at: utcMinute(change.at) })),
    startedAt: stored?.startedAt ? utcMinute(stored.startedAt) : null,
    arms,
    factors: definition.factors.map((factor) => factor.label),
    totalFunnel: funnelRow(totals),
    completionRate: percent(totals.entered > 0 ? totals.completed / totals.entered : null),
    progress: {
      decided: totals.decided,
      plannedPerArm,
      planned,
      percent: Math.min(100, Math.round((100 * totals.decided) / planned)),
      smallestArm: Math.min(...arms.map((arm) => arm.decided)),
    },
    srm,
    link: panelEntryLink(definition, origin),
    panelParameters: definition.panel,
    languages: definition.languages,
    notes: (await context.store.listExperimentNotes(definition.key, notesShown)).map((note) => ({ ...note, writtenAt: utcMinute(note.writtenAt) })),
    returnLink: definition.completion.redirectUrlTemplate ?? null,
    testParticipants,
    awaitingArm,
    // Only an admin is handed a test link: whoever holds it can make participations that never count.
    testLink: user.role === 'admin' ? `${origin}${testTrafficLink(context.secret, definition.key)}` : null,
    // Admins give this to the panel, which signs each link with it; researchers do not see it.
    entryLinkSecret: definition.entryLinks.signed && user.role === 'admin' ? entryLinkSecret(context.secret, definition.key) : null,
    changes,
    transitions:
      user.role === 'admin'
        ? allowedTransitions[state].map((to) => ({ to, label: transitionLabel(state, to), needsConfirmation: to === 'stopped' }))
        : [],
  };
}

/**
 * GET /admin — every experiment with its state (since when, changed by whom,
 * and the latest changes), participants per arm at each step (entered →
 * exposed → decided → completed) with the dropout between steps, progress
 * against the planned sample, completion rate, median time to decide, the
 * sample-ratio check as a badge (for permuted blocks: the block balance
 * check), its panel link (with the stratum parameter when stratified) and return link, the
 * number of test participants (left out of everything else) and a test link, whether
 * its file changed since it started, and (for admins) the state changes
 * allowed; Stop leads to a confirmation page.
 */
export function dashboard(context: AppContext): RequestHandler {
  return async (request, response) => {
    const user = response.locals.user as User;
    const origin = `${request.protocol}://${request.get('host')}`;
    const audit = await context.store.listAudit(auditWindow);
    const experiments = [];
    for (const experiment of context.experiments.values()) experiments.push(await experimentCard(context, experiment, audit, user, origin));
    renderAdminPage(response, 'admin/dashboard', { title: 'Experiments', experiments });
  };
}
