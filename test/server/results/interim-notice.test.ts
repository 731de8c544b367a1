import { describe, expect, it } from 'vitest';
import { interimNotice } from '../../../server/results/interim-notice';

const plan = { plannedPerArm: 125, alpha: 0.05, primaryFamilySize: 2 };

describe('interimNotice', () => {
  it('says every headline is a confidence sequence while no primary comparison has reached the plan', () => {
    expect(interimNotice({ ...plan, state: 'running', sequential: 2, comparisons: 2 })).toBe(
      'The experiment is running and has not reached the planned 125 per arm, so the headline intervals are peeking-safe confidence sequences (valid however often the page is looked at; for the primary family at 97.5% each, so the family keeps 95%), and verdicts come from them. Fixed-horizon intervals and p-values take over when the planned sample is reached or the experiment is stopped.',
    );
  });

  it('says which kind each headline is when some comparisons have reached the plan and others not', () => {
    expect(interimNotice({ ...plan, state: 'running', sequential: 1, comparisons: 2 })).toBe(
      'The experiment is running and 1 of the 2 primary comparisons has not reached the planned 125 per arm: its headline interval is a peeking-safe confidence sequence (valid however often the page is looked at; for the primary family at 97.5% each, so the family keeps 95%), and its verdict comes from it. The comparison whose arms have reached the plan shows its fixed-horizon interval and family-adjusted p.',
    );
    expect(interimNotice({ ...plan, primaryFamilySize: 5, state: 'paused', sequential: 3, comparisons: 5 })).toContain(
      'The experiment is paused and 3 of the 5 primary comparisons have not reached the planned 125 per arm: their headline intervals are peeking-safe confidence sequences',
    );
  });

  it('says nothing once no headline is a confidence sequence', () => {
    expect(interimNotice({ ...plan, state: 'stopped', sequential: 0, comparisons: 2 })).toBeNull();
  });
});
