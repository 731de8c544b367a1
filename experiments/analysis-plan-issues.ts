/** A problem with a definition, at a path below its root. */
interface Issue {
  path: (string | number)[];
  message: string;
}

/** What the plan checks read of a (shape-checked) definition. */
export interface AnalysisPlanParts {
  arms: readonly { key: string }[];
  lenderAttributes: readonly { key: string; levels: readonly string[] }[];
  questionnaire: readonly { key: string; kind: string; timing: 'after-screen' | 'before-screen'; correctByArm?: unknown; correctByFactor?: unknown; truthByArm?: unknown }[];
  analysisPlan: { covariates: readonly string[]; moderators: readonly { key: string }[]; comparisons: readonly { arm: string; against: string }[] };
}

const duplicatesOf = (keys: readonly string[]) => [...new Set(keys.filter((key, index) => keys.indexOf(key) !== index))];

/**
 * The cross-checks of the plan's pre-treatment measures and comparisons:
 * each covariate and moderator is a before-screen question or a declared
 * lender attribute (an after-screen question is refused: the arm can move a
 * measure taken after the screen), none is named twice; each declared
 * comparison names two different arms, once. Also keeps pre-treatment
 * measures pre-treatment: a before-screen question cannot be scored per arm
 * (the participant has not seen their arm yet), and a lender attribute
 * cannot share a key with a question or repeat a level.
 *
 * @example
 * analysisPlanIssues({ arms, lenderAttributes: [], questionnaire: [recallQuestion], analysisPlan: { covariates: ['recall_anchor'], moderators: [], comparisons: [] } })[0].message;
 * // => '"recall_anchor" is asked after the screen, so the arm can move it …'
 */
export function analysisPlanIssues({ arms, lenderAttributes, questionnaire, analysisPlan }: AnalysisPlanParts): Issue[] {
  const issues: Issue[] = [];
  const armKeys = arms.map((arm) => arm.key);
  const attributeKeys = lenderAttributes.map((attribute) => attribute.key);
  const questionNamed = new Map(questionnaire.map((question) => [question.key, question]));
  const pretreatmentProblem = (key: string): string | null => {
    if (attributeKeys.includes(key)) return null;
    const question = questionNamed.get(key);
    if (question?.timing === 'before-screen') return null;
    if (question) return `"${key}" is asked after the screen, so the arm can move it and it cannot adjust or split a comparison; ask it before the screen (timing: 'before-screen') to use it here`;
    const known = [...questionnaire.filter((candidate) => candidate.timing === 'before-screen').map((candidate) => candidate.key), ...attributeKeys];
    return `"${key}" is neither a before-screen question nor a lender attribute (${known.join(', ') || 'none declared'})`;
  };
  analysisPlan.covariates.forEach((key, index) => {
    const problem = pretreatmentProblem(key);
    if (problem) issues.push({ path: ['analysisPlan', 'covariates', index], message: problem });
  });
  for (const key of duplicatesOf(analysisPlan.covariates)) issues.push({ path: ['analysisPlan', 'covariates'], message: `covariate "${key}" is named twice` });
  analysisPlan.moderators.forEach((moderator, index) => {
    const problem = pretreatmentProblem(moderator.key);
    if (problem) issues.push({ path: ['analysisPlan', 'moderators', index, 'key'], message: problem });
  });
  for (const key of duplicatesOf(analysisPlan.moderators.map((moderator) => moderator.key))) issues.push({ path: ['analysisPlan', 'moderators'], message: `moderator "${key}" is named twice` });
  analysisPlan.comparisons.forEach((pair, index) => {
    for (const side of ['arm', 'against'] as const) {
      if (!armKeys.includes(pair[side])) issues.push({ path: ['analysisPlan', 'comparisons', index, side], message: `"${pair[side]}" is not an arm key (${armKeys.join(', ')})` });
    }
    if (pair.arm === pair.against) issues.push({ path: ['analysisPlan', 'comparisons', index], message: 'compares an arm with itself' });
  });
  for (const pair of duplicatesOf(analysisPlan.comparisons.map((pair) => `${pair.arm} against ${pair.against}`))) issues.push({ path: ['analysisPlan', 'comparisons'], message: `${pair} is declared twice` });
  questionnaire.forEach((question, index) => {
    if (question.timing !== 'before-screen') return;
    for (const field of ['correctByArm', 'correctByFactor', 'truthByArm'] as const) {
      if (question[field] !== undefined) issues.push({ path: ['questionnaire', index, field], message: 'a before-screen question is asked before the participant sees their arm, so its answer cannot depend on the arm' });
    }
  });
  for (const key of duplicatesOf(attributeKeys)) issues.push({ path: ['lenderAttributes'], message: `duplicate lender attribute "${key}"` });
  lenderAttributes.forEach((attribute, index) => {
    if (questionNamed.has(attribute.key)) issues.push({ path: ['lenderAttributes', index, 'key'], message: `"${attribute.key}" is also a question key; export columns would clash` });
    for (const level of duplicatesOf(attribute.levels)) issues.push({ path: ['lenderAttributes', index, 'levels'], message: `duplicate level "${level}"` });
  });
  return issues;
}
