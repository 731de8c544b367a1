import { describe, expect, it } from 'vitest';
import { probabilityText } from '../../../server/results/figure-format';

describe('probabilityText', () => {
  it('never rounds a chance to a certainty', () => {
    expect(probabilityText(0.99999)).toBe('> 99.9%');
    expect(probabilityText(0.00002)).toBe('< 0.1%');
    expect(probabilityText(0.999)).toBe('99.9%');
    expect(probabilityText(0.4567)).toBe('45.7%');
    expect(probabilityText(null)).toBe('—');
  });
});
