import type { Outcome } from '../../../experiments/definition-schema';
import type { Experiment } from '../../../experiments/validate-experiments';
import { experimentStateName } from '../../lifecycle/experiment-lifecycle';
import type { Store } from '../../store/store';
import { experimentResultsWithData, type experimentResults } from '../experiment-results';
import type { HistogramBin } from './distribution-chart';
import { EnrolmentByDay } from './enrolment-by-day';
import { StreamingHistogram } from './streaming-histogram';

/** One arm's participants at each step, as the results' `participantFlow` gives them or as counted from the rows. */
export interface ArmFlowCounts {
  arm: string;
  entered: number;
  exposed: number;
  decided: number;
  completed: number;
  /** Participants the metrics are computed on: decided and not excluded by a pre-registered rule. */
  analysed: number;
  /** Decided but excluded by a pre-registered rule; null when the results do not report exclusions. */
  excluded: number | null;
}

/**
 * The participant flow the results engine may report (another part of the
 * code adds it): read structurally so the page works with and without it.
 */
interface ReportedFlow {
  arms: { arm: string; entered: number; exposed: number; decided: number; completed: number; excluded?: number; analysed: number }[];
  attrition?: { available: boolean; pValue?: number; differential?: boolean };
}

export type ExperimentResults = Awaited<ReturnType<typeof experimentResults>>;

export interface ExperimentChartData {
  results: ExperimentResults;
  state: Awaited<ReturnType<typeof experimentStateName>>;
  /** When the experiment first started running (the frozen plan's date); null while a draft. */
  startedAt: Date | null;
  /** The primary continuous outcome whose distribution is drawn, if any. */
  distributed: Outcome | null;
  /** Per arm (declared order), the histogram of the distributed outcome. */
  histograms: { arm: string; bins: HistogramBin[]; values: number }[];
  enrolment: ReturnType<EnrolmentByDay['cumulative']>;
  /** The first and last UTC day anyone entered; null without participants. */
  enrolmentSpan: { first: string; last: string } | null;
  flow: ArmFlowCounts[];
  /** The differential-attrition check when the results report one. */
  attrition: ReportedFlow['attrition'] | null;
}

/**
 * Everything the results page and its chart downloads draw, from the data the
 * results were computed on (read once per data version, see
 * experimentResultsWithData): the engine's figures; the primary continuous
 * outcome's histogram per arm from its typed columns (in fixed memory, no
 * `Math.min(...values)`); enrolment per arm and day as the database counted
 * it; and the participant flow as the results report it.
 *
 * @example
 * const data = await experimentChartData(context.store, experiment);
 * data.histograms[0]; // => { arm: 'control', bins: [{ start: 0, end: 2000, count: 14 }, …], values: 50 }
 */
export async function experimentChartData(store: Store, experiment: Experiment): Promise<ExperimentChartData> {
  const { definition } = experiment;
  const arms = definition.arms.map((arm) => arm.key);
  const distributed = definition.outcomes.find((outcome) => outcome.primary && outcome.type === 'continuous') ?? null;
  const [state, stored, { data, results }] = await Promise.all([experimentStateName(store, experiment), store.findExperimentState(definition.key), experimentResultsWithData(store, experiment)]);
  const histograms = new Map(arms.map((arm) => [arm, new StreamingHistogram()]));
  if (distributed) {
    for (const arm of arms) {
      const histogram = histograms.get(arm)!;
      for (const value of data.everyoneWhoDecided.get(distributed.key)!.get(arm)!) histogram.add(value);
    }
  }
  const enrolment = new EnrolmentByDay(arms);
  for (const row of data.enrolment) enrolment.addCount(row.arm, row.day, row.entered);
  const days = data.enrolment.map((row) => row.day).sort();
  const flow = results.participantFlow.arms.map((armFlow) => ({
    arm: armFlow.arm,
    entered: armFlow.entered,
    exposed: armFlow.exposed,
    decided: armFlow.decided,
    completed: armFlow.completed,
    analysed: armFlow.analysed,
    excluded: armFlow.excluded,
  }));
  return {
    results,
    state,
    startedAt: stored?.startedAt ?? null,
    distributed,
    histograms: StreamingHistogram.sharedBins([...histograms.values()], 30).map((bins, index) => ({ arm: arms[index]!, bins, values: histograms.get(arms[index]!)!.total })),
    enrolment: enrolment.cumulative(),
    enrolmentSpan: days.length > 0 ? { first: days[0]!, last: days.at(-1)! } : null,
    flow,
    attrition: results.participantFlow.attrition,
  };
}
