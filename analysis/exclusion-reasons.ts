/** A pre-registered exclusion rule, as the analysis plan declares it. */
export type ExclusionRuleInput =
  | { rule: 'failed-attention-check' }
  | { rule: 'did-not-complete' }
  | { rule: 'decided-faster-than'; seconds: number };

/** What the exclusion rules look at in one participant. */
export interface ExclusionFacts {
  decided: boolean;
  completed: boolean;
  /** Whether each attention-check answer was correct (null where it is not scored); empty when none was answered. */
  attentionChecks: readonly (boolean | null)[];
  /** Seconds to decide as the browser measured them; null when not measured in the browser (server timing does not count). */
  clientSecondsToDecide: number | null;
}

/**
 * The pre-registered rules that exclude one participant, in the order the
 * plan declares them; empty when the participant is analysed (given a
 * decision). `failed-attention-check`: an attention-check answer is wrong (an
 * unanswered questionnaire is `did-not-complete`, not a failed check);
 * `did-not-complete`: no completion; `decided-faster-than`: decided in fewer
 * than `seconds` by the browser's timing.
 *
 * @example
 * exclusionReasons([{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }],
 *   { decided: true, completed: true, attentionChecks: [false], clientSecondsToDecide: 12 }); // => ['failed-attention-check']
 */
export function exclusionReasons(rules: readonly ExclusionRuleInput[], facts: ExclusionFacts): string[] {
  return rules
    .filter((rule) => {
      switch (rule.rule) {
        case 'failed-attention-check':
          return facts.attentionChecks.some((correct) => correct === false);
        case 'did-not-complete':
          return !facts.completed;
        case 'decided-faster-than':
          return facts.decided && facts.clientSecondsToDecide !== null && facts.clientSecondsToDecide < rule.seconds;
      }
    })
    .map((rule) => rule.rule);
}
