/** A problem with a definition, at a path below its root. */
interface Issue {
  path: (string | number)[];
  message: string;
}

/** What the factorial checks read of a (shape-checked) definition. */
export interface FactorialDesignParts {
  factors: readonly { key: string; levels: readonly { key: string; params: Record<string, unknown> }[] }[];
  arms: readonly { key: string; factorLevels?: Record<string, string> | undefined }[];
  outcomes: readonly { expectedDirectionByFactor?: Record<string, Record<string, string>> | undefined }[];
  questionnaire: readonly ({ kind: string } & { correctByFactor?: { factor: string; answers: Record<string, string> } | undefined })[];
}

const duplicatesOf = (keys: readonly string[]) => keys.filter((key, index) => keys.indexOf(key) !== index);

/**
 * The cross-checks of a factorial design: factor and level keys unique, no
 * two factors setting the same arm param, every arm a cell (written with
 * `factors`, an experiment leaves `arms` out), and declarations per factor
 * level (`expectedDirectionByFactor`, `correctByFactor`) naming factors and
 * levels that exist — the reference level has no direction, and a
 * manipulation check answers every level. Without factors, declarations per
 * factor level are refused. Returns every issue; none for a sound design.
 *
 * @example
 * factorialDesignIssues({ factors: [], arms, outcomes: [{ expectedDirectionByFactor: { default: { fixed: 'lower' } } }], questionnaire: [] });
 * // => [{ path: ['outcomes', 0, 'expectedDirectionByFactor'], message: 'declares directions per factor level, but the experiment has no factors' }]
 */
export function factorialDesignIssues({ factors, arms, outcomes, questionnaire }: FactorialDesignParts): Issue[] {
  const issues: Issue[] = [];
  const factorNamed = new Map(factors.map((factor) => [factor.key, factor]));
  const levelProblem = (factorKey: string, levelKey: string): string | null => {
    const factor = factorNamed.get(factorKey);
    if (!factor) return `"${factorKey}" is not a factor (${[...factorNamed.keys()].join(', ') || 'none declared'})`;
    if (!factor.levels.some((level) => level.key === levelKey)) return `"${levelKey}" is not a level of factor "${factorKey}" (${factor.levels.map((level) => level.key).join(', ')})`;
    return null;
  };
  for (const key of new Set(duplicatesOf(factors.map((factor) => factor.key)))) issues.push({ path: ['factors'], message: `duplicate factor "${key}"` });
  factors.forEach((factor, index) => {
    for (const key of new Set(duplicatesOf(factor.levels.map((level) => level.key)))) issues.push({ path: ['factors', index, 'levels'], message: `duplicate level "${key}" of factor "${factor.key}"` });
  });
  const setterOf = new Map<string, string>();
  for (const factor of factors) {
    for (const param of new Set(factor.levels.flatMap((level) => Object.keys(level.params)))) {
      const other = setterOf.get(param);
      if (other !== undefined && other !== factor.key) issues.push({ path: ['factors'], message: `factors "${other}" and "${factor.key}" both set the arm param "${param}"; each param belongs to one factor (or to commonParams)` });
      setterOf.set(param, factor.key);
    }
  }
  if (factors.length > 0) {
    arms.forEach((arm, index) => {
      if (!arm.factorLevels) {
        issues.push({ path: ['arms', index], message: 'with `factors`, leave `arms` out: the arms are the cells of the factors (common params go in `commonParams`)' });
        return;
      }
      for (const factor of factors) {
        const level = arm.factorLevels[factor.key];
        if (level === undefined) issues.push({ path: ['arms', index, 'factorLevels'], message: `has no level of factor "${factor.key}"` });
        else {
          const problem = levelProblem(factor.key, level);
          if (problem) issues.push({ path: ['arms', index, 'factorLevels', factor.key], message: problem });
        }
      }
    });
  }
  outcomes.forEach((outcome, index) => {
    if (!outcome.expectedDirectionByFactor) return;
    const path = ['outcomes', index, 'expectedDirectionByFactor'];
    if (factors.length === 0) return void issues.push({ path, message: 'declares directions per factor level, but the experiment has no factors' });
    for (const [factorKey, levels] of Object.entries(outcome.expectedDirectionByFactor)) {
      for (const levelKey of Object.keys(levels)) {
        const problem = levelProblem(factorKey, levelKey);
        if (problem) issues.push({ path: [...path, factorKey, levelKey], message: problem });
        else if (factorNamed.get(factorKey)!.levels[0]!.key === levelKey) issues.push({ path: [...path, factorKey, levelKey], message: `"${levelKey}" is the reference level of "${factorKey}": the others are compared with it` });
      }
    }
  });
  questionnaire.forEach((question, index) => {
    if (!question.correctByFactor) return;
    const path = ['questionnaire', index, 'correctByFactor'];
    if (factors.length === 0) return void issues.push({ path, message: 'declares answers per factor level, but the experiment has no factors' });
    const factor = factorNamed.get(question.correctByFactor.factor);
    if (!factor) return void issues.push({ path: [...path, 'factor'], message: levelProblem(question.correctByFactor.factor, '')! });
    const levelKeys = factor.levels.map((level) => level.key);
    const answered = Object.keys(question.correctByFactor.answers);
    for (const levelKey of answered) {
      if (!levelKeys.includes(levelKey)) issues.push({ path: [...path, 'answers', levelKey], message: levelProblem(factor.key, levelKey)! });
    }
    const missing = levelKeys.filter((levelKey) => !answered.includes(levelKey));
    if (missing.length > 0) issues.push({ path: [...path, 'answers'], message: `needs the correct answer for every level of "${factor.key}"; missing: ${missing.join(', ')}` });
  });
  return issues;
}
