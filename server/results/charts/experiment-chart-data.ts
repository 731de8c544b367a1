import type { Outcome } from '../../../experiments/definition-schema';
import type { Experiment } from '../../../experiments/validate-experiments';
import { experimentStateName } from '../../lifecycle/experiment-lifecycle';
import type { Store } from '../../store/store';
import { experimentResults } from '../experiment-results';
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
 * Everything the results page and its chart downloads draw, from one pass
 * over the experiment's rows: the engine's figures, and — counted while the
 * rows stream past, in memory that does not grow with the participants — the
 * primary outcome's histogram per arm, enrolment per arm and day, and the
 * participant flow (the engine's `participantFlow` when it reports one).
 *
 * @example
 * const data = await experimentChartData(context.store, experiment);
 * data.histograms[0]; // => { arm: 'control', bins: [{ start: 0, end: 2000, count: 14 }, …], values: 50 }
 */
export async function experimentChartData(store: Store, experiment: Experiment): Promise<ExperimentChartData> {
  const { definition } = experiment;
  const arms = definition.arms.map((arm) => arm.key);
  const distributed = definition.outcomes.find((outcome) => outcome.primary && outcome.type === 'continuous') ?? null;
  const histograms = new Map(arms.map((arm) => [arm, new StreamingHistogram()]));
  const enrolment = new EnrolmentByDay(arms);
  const counted = new Map(arms.map((arm) => [arm, { arm, entered: 0, exposed: 0, decided: 0, completed: 0, analysed: 0, excluded: null as number | null }]));
  let first: string | null = null;
  let last: string | null = null;
  const [state, stored] = await Promise.all([experimentStateName(store, experiment), store.findExperimentState(definition.key)]);
  const results = await experimentResults(store, experiment, (row, outcomes) => {
    enrolment.add(row.arm, row.enteredAt);
    const day = row.enteredAt.slice(0, 10);
    if (first === null || day < first) first = day;
    if (last === null || day > last) last = day;
    const flow = counted.get(row.arm);
    if (flow) {
      flow.entered += 1;
      if (row.exposedAt) flow.exposed += 1;
      if (row.decision) flow.decided += 1;
      if (row.completedAt) flow.completed += 1;
    }
    const value = distributed ? outcomes[distributed.key] : null;
    if (value !== null && value !== undefined) histograms.get(row.arm)?.add(value);
  });
  const reported = (results as { participantFlow?: ReportedFlow }).participantFlow;
  const flow = reported
    ? arms.map((arm) => {
        const armFlow = reported.arms.find((candidate) => candidate.arm === arm);
        return armFlow
          ? { arm, entered: armFlow.entered, exposed: armFlow.exposed, decided: armFlow.decided, completed: armFlow.completed, analysed: armFlow.analysed, excluded: armFlow.excluded ?? null }
          : counted.get(arm)!;
      })
    : arms.map((arm) => {
        const armFlow = counted.get(arm)!;
        return { ...armFlow, analysed: armFlow.decided };
      });
  return {
    results,
    state,
    startedAt: stored?.startedAt ?? null,
    distributed,
    histograms: StreamingHistogram.sharedBins([...histograms.values()], 30).map((bins, index) => ({ arm: arms[index]!, bins, values: histograms.get(arms[index]!)!.total })),
    enrolment: enrolment.cumulative(),
    enrolmentSpan: first !== null && last !== null ? { first, last } : null,
    flow,
    attrition: reported?.attrition ?? null,
  };
}
