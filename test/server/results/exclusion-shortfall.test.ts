import { describe, expect, it } from 'vitest';
import type { ArmFlow } from '../../../analysis/participant-flow';
import { exclusionShortfall } from '../../../server/results/exclusion-shortfall';

const arm = (name: string, decided: number, excludedByRule: Record<string, number>, excluded = Math.max(0, ...Object.values(excludedByRule))): ArmFlow => ({
  arm: name,
  entered: decided + 2,
  consented: decided + 2,
  exposed: decided + 1,
  decided,
  completed: decided,
  excluded,
  excludedByRule,
  analysed: decided - excluded,
});

describe('exclusionShortfall', () => {
  it('says when exclusions, not a lack of participants, leave an arm too small to test', () => {
    const emptied = arm('low-anchor', 40, { 'failed-attention-check': 40 });
    expect(exclusionShortfall([emptied, arm('control', 40, {})], (key) => (key === 'low-anchor' ? 'Pre-filled €2,500' : 'Empty amount field'))).toBe(
      'In Pre-filled €2,500 all 40 who decided are excluded by pre-registered rules (failed attention check: 40): check the rule and the screen before waiting for more participants.',
    );
  });

  it('counts each rule and names both arms when both fall short through exclusions', () => {
    const first = arm('a', 10, { 'failed-attention-check': 2, 'did-not-complete': 3 }, 4);
    const second = arm('b', 9, { 'decided-faster-than': 5 });
    expect(exclusionShortfall([first, second], (key) => key.toUpperCase())).toBe(
      'In A 4 of 10 who decided are excluded by pre-registered rules (failed attention check: 2, did not complete: 3); in B 5 of 9 (decided faster than the limit: 5): check the rule and the screen before waiting for more participants.',
    );
  });

  it('says nothing when an arm is small because few have decided yet, or is large enough', () => {
    expect(exclusionShortfall([arm('a', 5, {}), arm('b', 40, { 'did-not-complete': 3 })], (key) => key)).toBeNull();
    expect(exclusionShortfall([arm('a', 5, { 'did-not-complete': 1 })], (key) => key)).toBeNull();
  });
});
