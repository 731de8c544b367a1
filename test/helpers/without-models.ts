/**
 * A metric of the results JSON without the plan's model figures (adjusted
 * effects, moderators, factorial effects) and the reasons they are missing:
 * the metric as the plain analysis engine reports it, for tests that compare
 * the results with the engine run on exported rows.
 *
 * @example
 * expect(results.metrics.map(withoutModels)).toEqual(engine.metrics);
 */
export function withoutModels(metric: Record<string, unknown>): Record<string, unknown> {
  const { moderators: _moderators, factorial: _factorial, ...rest } = metric;
  const comparisons = (rest.comparisons as Record<string, unknown>[]).map(({ adjusted: _adjusted, ...comparison }) => ({
    ...comparison,
    problems: (comparison.problems as string[]).filter((problem) => !problem.startsWith('adjusted:')),
  }));
  return { ...rest, comparisons };
}
