import { minimumPerArmForTests } from '../../analysis/comparison-verdict';
import type { ArmFlow } from '../../analysis/participant-flow';

/** A pre-registered rule in words. */
const ruleText = (rule: string) => (rule === 'decided-faster-than' ? 'decided faster than the limit' : rule.replace(/-/g, ' '));

/**
 * Why a comparison is too small to test when the reason is the exclusions,
 * not a lack of participants: for each of its arms that has enough decisions
 * (8) but too few analysed, how many who decided the pre-registered rules
 * exclude, by rule. "Too early" alone would tell the researcher to wait, where
 * an arm emptied by an attention check or a completion rule needs looking at.
 * Null when no arm falls short through exclusions.
 *
 * @example
 * exclusionShortfall([lowAnchorFlow, controlFlow], labelOf);
 * // => 'In Pre-filled €2,500 all 40 who decided are excluded by pre-registered rules (failed attention check: 40): check the rule and the screen before waiting for more participants.'
 */
export function exclusionShortfall(arms: readonly ArmFlow[], labelOf: (arm: string) => string): string | null {
  const short = arms.filter((arm) => arm.decided >= minimumPerArmForTests && arm.analysed < minimumPerArmForTests && arm.excluded > 0);
  if (short.length === 0) return null;
  const parts = short.map((arm, index) => {
    const rules = Object.entries(arm.excludedByRule)
      .filter(([, count]) => count > 0)
      .map(([rule, count]) => `${ruleText(rule)}: ${count}`)
      .join(', ');
    const share = arm.excluded === arm.decided ? `all ${arm.decided}` : `${arm.excluded} of ${arm.decided}`;
    return index === 0 ? `In ${labelOf(arm.arm)} ${share} who decided are excluded by pre-registered rules (${rules})` : `in ${labelOf(arm.arm)} ${share} (${rules})`;
  });
  return `${parts.join('; ')}: check the rule and the screen before waiting for more participants.`;
}
