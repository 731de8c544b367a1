import { exclusionReasons } from '../../analysis/exclusion-reasons';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ParticipantDataRow } from '../store/store';

/**
 * The pre-registered exclusion rules (the analysis plan's `exclusions`) that
 * apply to one stored participant, in the plan's order; empty when none does.
 * The results leave a participant with any of them out of every metric; the
 * export names them in `excluded_by`.
 *
 * @example
 * participantExclusions(loanAnchor, row); // => ['did-not-complete'] for a participant who decided and left before the debrief
 */
export function participantExclusions(definition: ExperimentDefinition, row: ParticipantDataRow): string[] {
  const attentionCheckKeys = definition.questionnaire.filter((question) => question.role === 'attention-check').map((question) => question.key);
  return exclusionReasons(definition.analysisPlan.exclusions, {
    decided: row.decision !== null,
    completed: row.completedAt !== null,
    attentionChecks: attentionCheckKeys.flatMap((key) => (row.answers[key] ? [row.answers[key].correct] : [])),
    clientSecondsToDecide: row.decision !== null && row.timingSource === 'client' && row.timeToDecisionMs !== null ? row.timeToDecisionMs / 1000 : null,
  });
}
