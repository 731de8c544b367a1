import type { BinaryComparison, ContinuousComparison } from '../../analysis/analysis-report';

/** How an outcome's values read in words: € amounts, percentage points, seconds, or plain numbers. */
export function outcomeFormatter(type: 'continuous' | 'binary', unit: string | undefined): (value: number) => string {
  if (type === 'binary') return (value) => `${(value * 100).toFixed(1)} percentage points`;
  if (unit === 'EUR') return (value) => `€${Math.round(value).toLocaleString('en-GB')}`;
  if (unit === 'seconds') return (value) => `${value.toFixed(1)} s`;
  if (unit) return (value) => `${value.toFixed(2)} ${unit}`;
  return (value) => value.toFixed(2);
}

const pText = (p: number | null) => (p === null ? 'not computable' : p < 0.001 ? '< 0.001' : p.toFixed(3));

/**
 * One comparison in a sentence a behavioural scientist would write, e.g.
 * "Pre-filled €2,500 lowered requested amount by €1,754 (95% CI €1,176 to €2,332) compared with Empty amount field; p < 0.001, adjusted p < 0.001."
 */
export function comparisonInWords(
  comparison: ContinuousComparison | BinaryComparison,
  { armLabel, controlLabel, outcomeLabel, format, confidence }: { armLabel: string; controlLabel: string; outcomeLabel: string; format: (value: number) => string; confidence: number },
): string {
  if (comparison.diff === null || comparison.diffCi === null) {
    return `${armLabel} against ${controlLabel}: ${comparison.problems.join('; ') || 'not computable'}.`;
  }
  const [low, high] = comparison.diffCi;
  const direction = comparison.diff < 0 ? 'lowered' : comparison.diff > 0 ? 'raised' : 'did not change';
  const [from, to] = comparison.diff < 0 ? [-high, -low] : [low, high];
  const size = comparison.diff === 0 ? '' : ` by ${format(Math.abs(comparison.diff))}`;
  return `${armLabel} ${direction} ${outcomeLabel.toLowerCase()}${size} (${Math.round(confidence * 100)}% CI ${format(from)} to ${format(to)}) compared with ${controlLabel}; p ${comparison.pValue !== null && comparison.pValue < 0.001 ? '' : '= '}${pText(comparison.pValue)}, adjusted p ${comparison.pAdjusted !== null && comparison.pAdjusted < 0.001 ? '' : '= '}${pText(comparison.pAdjusted)}.`;
}
