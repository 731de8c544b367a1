import { describe, expect, it } from 'vitest';
import { participantFlowLine } from '../../../server/results/participant-flow-line';

const flow = [
  { arm: 'control', entered: 100, completed: 95, analysed: 90 },
  { arm: 'treatment', entered: 100, completed: 70, analysed: 66 },
];

describe('participantFlowLine', () => {
  it('writes a tiny differential-attrition p as p < 0.001, never "p = 0.000"', () => {
    const line = participantFlowLine(flow, { available: true, pValue: 0.00002, differential: true }, (arm) => arm);
    expect(line).toBe('Analysed 156 of 200 entered (78.0%); completed by arm: control 95.0%, treatment 70.0%; completion differs between arms (differential attrition, p < 0.001): read effects with care.');
  });

  it('says no differential attrition was detected, with its p, and nothing when the check is unavailable', () => {
    expect(participantFlowLine(flow, { available: true, pValue: 0.4321, differential: false }, (arm) => arm)).toContain('; no differential attrition detected (p = 0.432).');
    expect(participantFlowLine(flow, { available: false }, (arm) => arm)).toBe('Analysed 156 of 200 entered (78.0%); completed by arm: control 95.0%, treatment 70.0%.');
    expect(participantFlowLine([{ arm: 'control', entered: 0, completed: 0, analysed: 0 }], null, (arm) => arm)).toBe('Nobody has entered yet.');
  });
});
