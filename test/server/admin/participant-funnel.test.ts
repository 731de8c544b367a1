import { describe, expect, it } from 'vitest';
import { participantFunnel } from '../../../server/admin/participant-funnel';
import { stateHistory } from '../../../server/admin/state-history';

describe('participantFunnel', () => {
  it('gives each step its count and the share lost since the step before', () => {
    expect(participantFunnel({ entered: 10, exposed: 8, decided: 6, completed: 6 })).toEqual([
      { step: 'entered', count: 10, dropout: null },
      { step: 'exposed', count: 8, dropout: 0.2 },
      { step: 'decided', count: 6, dropout: 0.25 },
      { step: 'completed', count: 6, dropout: 0 },
    ]);
  });

  it('has no dropout after an empty step', () => {
    expect(participantFunnel({ entered: 3, exposed: 0, decided: 0, completed: 0 }).map((step) => step.dropout)).toEqual([null, 1, null, null]);
  });
});

describe('stateHistory', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 15, minute));
  it('keeps the lifecycle entries of one experiment, newest first as the audit log lists them', () => {
    const entries = [
      { at: at(3), actor: 'ada', action: 'experiment.stop', subject: 'loan-anchor', details: { from: 'paused', to: 'stopped' } },
      { at: at(2), actor: 'rik', action: 'user.login', subject: 'rik', details: null },
      { at: at(1), actor: 'bo', action: 'experiment.pause', subject: 'credit-choice', details: { from: 'running', to: 'paused' } },
      { at: at(0), actor: 'cli', action: 'experiment.pause', subject: 'loan-anchor', details: { from: 'running', to: 'paused' } },
    ];
    expect(stateHistory(entries, 'loan-anchor')).toEqual([
      { at: at(3), actor: 'ada', action: 'stop', from: 'paused', to: 'stopped' },
      { at: at(0), actor: 'cli', action: 'pause', from: 'running', to: 'paused' },
    ]);
  });

  it('reads a state it does not know as null', () => {
    expect(stateHistory([{ at: at(0), actor: 'ada', action: 'experiment.start', subject: 'x', details: { from: 'weird' } }], 'x')[0]).toMatchObject({ from: null, to: null });
  });
});
