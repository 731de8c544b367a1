import { describe, expect, it } from 'vitest';
import { exclusionReasons } from '../../analysis/exclusion-reasons';

const allRules = [{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }, { rule: 'decided-faster-than', seconds: 3 }] as const;
const diligent = { decided: true, completed: true, attentionChecks: [true], clientSecondsToDecide: 14.2 };

describe('exclusionReasons', () => {
  it('excludes nobody who passed every rule', () => {
    expect(exclusionReasons(allRules, diligent)).toEqual([]);
  });

  it('names a failed attention check, not an unanswered or unscored one', () => {
    expect(exclusionReasons(allRules, { ...diligent, attentionChecks: [true, false] })).toEqual(['failed-attention-check']);
    expect(exclusionReasons(allRules, { ...diligent, attentionChecks: [null] })).toEqual([]);
    expect(exclusionReasons(allRules, { ...diligent, completed: false, attentionChecks: [] })).toEqual(['did-not-complete']);
  });

  it('excludes fast deciders by the browser’s timing only, strictly below the threshold', () => {
    expect(exclusionReasons(allRules, { ...diligent, clientSecondsToDecide: 2.9 })).toEqual(['decided-faster-than']);
    expect(exclusionReasons(allRules, { ...diligent, clientSecondsToDecide: 3 })).toEqual([]);
    expect(exclusionReasons(allRules, { ...diligent, clientSecondsToDecide: null })).toEqual([]);
  });

  it('lists every rule that applies, in the plan’s order, and only declared rules', () => {
    expect(exclusionReasons(allRules, { decided: true, completed: false, attentionChecks: [false], clientSecondsToDecide: 1 })).toEqual([
      'failed-attention-check',
      'did-not-complete',
      'decided-faster-than',
    ]);
    expect(exclusionReasons([{ rule: 'did-not-complete' }], { decided: true, completed: true, attentionChecks: [false], clientSecondsToDecide: 1 })).toEqual([]);
  });
});
