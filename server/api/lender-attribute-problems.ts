import type { LenderAttribute } from '../../experiments/definition-schema';

/**
 * What is wrong with the attributes a lender sent with an assignment, against
 * the experiment's declared `lenderAttributes`: an undeclared key, or a
 * value that is not one of the attribute's levels. Each problem names the
 * field and what is allowed; an empty list means they may be stored.
 *
 * @example
 * lenderAttributeProblems('credit-choice', [{ key: 'income_band', label: 'Income', levels: ['low', 'high'] }], { channel: 'web', income_band: 'rich' });
 * // => ['attributes.channel: not declared by experiment "credit-choice" (declared: income_band); undeclared attributes are not stored',
 * //     'attributes.income_band: "rich" is not one of low, high']
 */
export function lenderAttributeProblems(experimentKey: string, declared: readonly LenderAttribute[], attributes: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const attribute = declared.find((candidate) => candidate.key === key);
    if (!attribute) {
      const names = declared.map((candidate) => candidate.key).join(', ') || 'none';
      problems.push(`attributes.${key}: not declared by experiment "${experimentKey}" (declared: ${names}); undeclared attributes are not stored`);
    } else if (!attribute.levels.includes(value)) {
      problems.push(`attributes.${key}: "${value}" is not one of ${attribute.levels.join(', ')}`);
    }
  }
  return problems;
}
