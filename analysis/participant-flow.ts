import { chiSquareIndependenceTest } from './chi-square-independence-test';
import type { Unavailable } from './unavailable';

/** One arm's participants at each step of the flow. */
export interface ArmFlow {
  arm: string;
  /** Enrolled. Arms are drawn at consent, so every enrolled participant consented: `entered` equals `consented`. */
  entered: number;
  consented: number;
  exposed: number;
  decided: number;
  completed: number;
  /** Participants with a decision that a pre-registered rule excludes (each counted once). */
  excluded: number;
  /** Per rule, participants with a decision it excludes (a participant can fall under several). */
  excludedByRule: Record<string, number>;
  /** Decided and not excluded: the participants every metric is computed on. */
  analysed: number;
}

/** The participant flow with its differential-attrition check. */
export interface ParticipantFlow {
  arms: ArmFlow[];
  /**
   * Completion by arm (completed / entered but not completed), Pearson's
   * chi-square without continuity correction; `differential` when p < 0.05.
   */
  attrition: ({ available: true; chiSquare: number; degreesOfFreedom: number; pValue: number; differential: boolean } | Unavailable) & { completedShare: Record<string, number | null> };
}

/** One participant's place in the flow. */
export interface FlowParticipant {
  arm: string;
  exposed: boolean;
  decided: boolean;
  completed: boolean;
  /** The rules that exclude the participant (see exclusionReasons). */
  excludedBy: readonly string[];
}

/**
 * Counts participants into the flow (entered → consented → exposed → decided
 * → completed → excluded by rule → analysed) one at a time, so a million rows
 * stream past in flat memory; `result()` adds the differential-attrition
 * chi-square of completion by arm.
 *
 * @example
 * const flow = participantFlow(['control', 'treatment'], ['did-not-complete']);
 * flow.add({ arm: 'control', exposed: true, decided: true, completed: false, excludedBy: ['did-not-complete'] });
 * flow.result().arms[0]; // => { arm: 'control', entered: 1, …, decided: 1, completed: 0, excluded: 1, excludedByRule: { 'did-not-complete': 1 }, analysed: 0 }
 * @throws RangeError from `add` for an arm that was not declared.
 */
export function participantFlow(arms: readonly string[], ruleNames: readonly string[]) {
  const byArm = new Map<string, ArmFlow>(
    arms.map((arm) => [
      arm,
      { arm, entered: 0, consented: 0, exposed: 0, decided: 0, completed: 0, excluded: 0, excludedByRule: Object.fromEntries(ruleNames.map((rule) => [rule, 0])), analysed: 0 },
    ]),
  );
  const addDecision = (arm: string, excludedBy: readonly string[], count = 1): void => {
    const flow = byArm.get(arm);
    if (!flow) throw new RangeError(`arm "${arm}" is not one of ${arms.join(', ')}`);
    flow.decided += count;
    for (const rule of excludedBy) flow.excludedByRule[rule] = (flow.excludedByRule[rule] ?? 0) + count;
    if (excludedBy.length > 0) flow.excluded += count;
    else flow.analysed += count;
  };
  return {
    add(participant: FlowParticipant): void {
      const flow = byArm.get(participant.arm);
      if (!flow) throw new RangeError(`arm "${participant.arm}" is not one of ${arms.join(', ')}`);
      flow.entered += 1;
      flow.consented += 1;
      if (participant.exposed) flow.exposed += 1;
      if (participant.completed) flow.completed += 1;
      if (participant.decided) addDecision(participant.arm, participant.excludedBy);
    },
    /**
     * Counts participants of one arm at the steps before the decision all at
     * once, as a database counts them (`entered`, `exposed`, `completed`);
     * their decisions then come one by one through `addDecision`. Together
     * they give what `add` gives participant by participant.
     */
    addStepCounts(arm: string, counts: { entered: number; exposed: number; completed: number }): void {
      const flow = byArm.get(arm);
      if (!flow) throw new RangeError(`arm "${arm}" is not one of ${arms.join(', ')}`);
      flow.entered += counts.entered;
      flow.consented += counts.entered;
      flow.exposed += counts.exposed;
      flow.completed += counts.completed;
    },
    /** Counts one decision of `arm` (or `count` alike) and the rules that exclude it (see `addStepCounts`). */
    addDecision,
    result(): ParticipantFlow {
      const flows = [...byArm.values()];
      const completedShare = Object.fromEntries(flows.map((flow) => [flow.arm, flow.entered === 0 ? null : flow.completed / flow.entered]));
      const test = flows.length < 2 ? ({ available: false, reason: 'one arm: nothing to compare' } as Unavailable) : chiSquareIndependenceTest(flows.map((flow) => [flow.completed, flow.entered - flow.completed]));
      const attrition = test.available
        ? { available: true as const, chiSquare: test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue, differential: test.pValue < 0.05, completedShare }
        : { ...test, completedShare };
      return { arms: flows.map((flow) => ({ ...flow, excludedByRule: { ...flow.excludedByRule } })), attrition };
    },
  };
}
