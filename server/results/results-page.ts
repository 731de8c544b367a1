import type { RequestHandler } from 'express';
import { powerOfProportionTest } from '../../analysis/power-prop-test';
import { powerOfTTest } from '../../analysis/power-t-test';
import { armDefaults } from '../../experiments/arm-defaults';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import { experimentResults } from './experiment-results';
import { comparisonInWords, outcomeFormatter } from './plain-words';
import { distributionPlotSvg } from './plots/distribution-plot';
import { enrolmentPlotSvg } from './plots/enrolment-plot';
import { forestPlotSvg } from './plots/forest-plot';

/**
 * GET /admin/experiments/:experimentKey/results — the plan; for each outcome
 * every arm against control with the analysis engine's figures in a table and
 * in plain words, and a forest plot; the distribution of the primary outcome
 * per arm (bunching at anchors shows); enrolment over time per arm; power
 * achieved against the plan. Plots are SVG with text alternatives.
 */
export function resultsPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    if (!experiment) throw new HttpError(404, `no experiment "${String(request.params.experimentKey)}"`);
    const { definition } = experiment;
    const labelOf = new Map(definition.arms.map((arm) => [arm.key, arm.label]));
    const primary = definition.outcomes.find((outcome) => outcome.primary)!;
    const primaryValues = new Map(definition.arms.map((arm) => [arm.key, [] as number[]]));
    const entryTimes = new Map(definition.arms.map((arm) => [arm.key, [] as number[]]));
    const results = await experimentResults(context.store, experiment, (row, outcomes) => {
      entryTimes.get(row.arm)?.push(Date.parse(row.enteredAt));
      const value = outcomes[primary.key];
      if (value !== null && value !== undefined) primaryValues.get(row.arm)?.push(value);
    });

    const metrics = results.metrics.map((metric) => {
      const outcome = definition.outcomes.find((candidate) => candidate.key === metric.metric)!;
      const format = outcomeFormatter(metric.type, outcome.unit);
      const comparisons = metric.comparisons.map((comparison) => ({
        ...comparison,
        armLabel: labelOf.get(comparison.arm) ?? comparison.arm,
        words: comparisonInWords(comparison, {
          armLabel: labelOf.get(comparison.arm) ?? comparison.arm,
          controlLabel: labelOf.get(comparison.control) ?? comparison.control,
          outcomeLabel: outcome.label,
          format,
          confidence: results.confidenceLevel,
        }),
        standardisedEffect: 'hedgesG' in comparison ? comparison.hedgesG : comparison.oddsRatio,
      }));
      const plotted = comparisons.filter((comparison) => comparison.diff !== null && comparison.diffCi !== null);
      return {
        key: metric.metric,
        label: outcome.label,
        type: metric.type,
        primary: outcome.primary,
        arms: metric.arms.map((arm) => ({ ...arm, label: labelOf.get(arm.arm) ?? arm.arm })),
        comparisons,
        forestPlot:
          plotted.length > 0
            ? forestPlotSvg(
                plotted.map((comparison) => ({ label: comparison.armLabel, estimate: comparison.diff!, low: comparison.diffCi![0], high: comparison.diffCi![1] })),
                { title: `${outcome.label}: difference from control with ${Math.round(results.confidenceLevel * 100)}% confidence intervals`, format },
              )
            : null,
      };
    });

    const plan = definition.analysisPlan;
    const controlValues = primaryValues.get(definition.arms[0]!.key) ?? [];
    const smallestArm = Math.min(...definition.arms.map((arm) => primaryValues.get(arm.key)?.length ?? 0));
    let achievedPower: number | null = null;
    if (smallestArm >= 2 && controlValues.length >= 2) {
      const mean = controlValues.reduce((sum, value) => sum + value, 0) / controlValues.length;
      if (primary.type === 'binary') {
        const treatmentRate = Math.min(0.999, mean + plan.minimumDetectableEffect);
        if (mean > 0 && mean < 1) achievedPower = powerOfProportionTest(smallestArm, { controlRate: mean, treatmentRate, alpha: plan.alpha });
      } else {
        const sd = Math.sqrt(controlValues.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (controlValues.length - 1));
        if (sd > 0) achievedPower = powerOfTTest(smallestArm, { minimumDetectableEffect: plan.minimumDetectableEffect, standardDeviation: sd, alpha: plan.alpha });
      }
    }
    const primaryFormat = outcomeFormatter('continuous', primary.unit);
    response.render('admin/results', {
      title: `Results: ${definition.title}`,
      user: response.locals.user,
      csrfToken: response.locals.csrfToken as string,
      experiment: { key: definition.key, title: definition.title, hypothesis: definition.hypothesis, state: await experimentStateName(context.store, experiment) },
      plan: { ...plan, primaryMetric: primary.label, smallestArm, achievedPower: achievedPower === null ? null : `${Math.round(achievedPower * 100)}%` },
      srm: results.srm,
      metrics,
      distributionPlot:
        primary.type === 'continuous'
          ? distributionPlotSvg(
              definition.arms.map((arm) => ({ label: arm.label, values: primaryValues.get(arm.key) ?? [] })),
              {
                title: `Distribution of ${primary.label.toLowerCase()} per arm`,
                format: primaryFormat,
                markers: definition.arms.flatMap((arm) => {
                  const anchor = armDefaults(definition, arm).amount;
                  return typeof anchor === 'number' && primary.unit === 'EUR' ? [{ value: anchor, label: primaryFormat(anchor) }] : [];
                }),
              },
            )
          : null,
      enrolmentPlot: enrolmentPlotSvg(
        definition.arms.map((arm) => ({ label: arm.label, times: entryTimes.get(arm.key) ?? [] })),
        { title: 'Participants entered over time, per arm' },
      ),
    });
  };
}
