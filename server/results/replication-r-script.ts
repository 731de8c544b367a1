import type { CorrectionMethod } from '../../analysis/adjust-p-values';
import type { AnalysisWithModels, ComparisonWithModels, MetricWithModels } from '../cli/analysis-with-models';

/** What `analysis.R` reproduces, and from which CSV. */
export interface ReplicationScriptInput {
  /** A line saying what the figures are (the experiment and when they were computed). */
  title: string;
  /** The participant CSV, relative to the script's folder. */
  csvFile: string;
  /** The arm column; null when `factors` give the arms (cells `A=a,B=b`). */
  armColumn: string | null;
  /** The factors with their levels, the reference first, when the arms are factorial cells. */
  factors?: readonly { name: string; levels: readonly string[] }[];
  /** The covariates' CSV columns. */
  covariates?: readonly string[];
  /** The moderators, as the report names them. */
  moderators?: readonly string[];
  /** The CSV column of a moderator the report names otherwise (a before-screen question `age_band` is the column `q_age_band`). */
  columns?: Readonly<Record<string, string>>;
  /** nudgelab's figures: the metrics to reproduce, with their comparisons (and models), as the report gives them. */
  report: Pick<AnalysisWithModels, 'confidenceLevel'> & { metrics: readonly MetricWithModels[] };
}

const rString = (text: string): string => JSON.stringify(text);
const rNumber = (value: number): string => (Number.isFinite(value) ? String(value) : 'NA');
const rStrings = (texts: readonly string[]): string => `c(${texts.map(rString).join(', ')})`;
const rCorrection: Record<CorrectionMethod, string> = { holm: 'holm', bh: 'BH', none: 'none' };

/** The R functions the figures call: base R for the comparisons, estimatr/sandwich/lmtest for the models. */
const helpers = String.raw`
suppressPackageStartupMessages({ library(estimatr); library(sandwich); library(lmtest) })
script_arguments <- commandArgs(trailingOnly = FALSE)
script_file <- sub("^--file=", "", script_arguments[grep("^--file=", script_arguments)])
here <- if (length(script_file) == 1) dirname(normalizePath(script_file)) else getwd()
data <- read.csv(file.path(here, csv_file), stringsAsFactors = FALSE, check.names = FALSE, na.strings = c("", "NA", "NaN", "null"))
# The results analyse the participants no pre-registered exclusion rule excludes (excluded_by empty).
if ("excluded_by" %in% names(data)) data <- data[is.na(data$excluded_by), , drop = FALSE]
# The arm column when there is one (a factorial experiment's export names each cell); else the cells from the factor columns.
arm_of_row <- if (!is.null(arm_column)) data[[arm_column]] else
  do.call(paste, c(lapply(names(factor_levels), function(f) paste0(f, "=", data[[f]])), sep = ","))
if (is.null(arm_column)) arm_of_row[Reduce("|", lapply(names(factor_levels), function(f) is.na(data[[f]])))] <- NA

figures <- data.frame(figure = character(), r = numeric(), nudgelab = numeric(), relative_difference = numeric())
check <- function(figure, r, nudgelab) {
  # Relative even for tiny p-values; only an exact zero is compared absolutely.
  relative <- if (nudgelab == 0) abs(r) else abs(r - nudgelab) / abs(nudgelab)
  figures[nrow(figures) + 1, ] <<- list(figure, r, nudgelab, relative)
  cat(sprintf("%-72s R %-24.15g nudgelab %-24.15g relative difference %.1e\n", figure, r, nudgelab, relative))
}
values_in <- function(outcome, arm, rows = TRUE) { y <- data[[outcome]][rows & !is.na(arm_of_row) & arm_of_row == arm]; y[!is.na(y)] }

# Welch's t-test for a continuous outcome; for a binary one the risk difference with
# Newcombe's hybrid score interval (from the Wilson intervals prop.test gives without
# continuity correction) and the chi-square p of prop.test(correct = FALSE), or
# fisher.test's p when an expected count of the 2x2 table is below 5.
compare_arms <- function(y1, y0, type) {
  if (type == "continuous") {
    test <- t.test(y1, y0, conf.level = confidence_level)
    return(list(diff = mean(y1) - mean(y0), low = test$conf.int[1], high = test$conf.int[2], p = test$p.value))
  }
  x1 <- sum(y1); n1 <- length(y1); x0 <- sum(y0); n0 <- length(y0)
  w1 <- suppressWarnings(prop.test(x1, n1, correct = FALSE, conf.level = confidence_level))$conf.int
  w0 <- suppressWarnings(prop.test(x0, n0, correct = FALSE, conf.level = confidence_level))$conf.int
  p1 <- x1 / n1; p0 <- x0 / n0
  table <- matrix(c(x1, n1 - x1, x0, n0 - x0), 2, byrow = TRUE)
  expected <- outer(rowSums(table), colSums(table)) / sum(table)
  p <- if (min(expected) < 5) fisher.test(table)$p.value else suppressWarnings(prop.test(c(x1, x0), c(n1, n0), correct = FALSE)$p.value)
  list(diff = p1 - p0, low = p1 - p0 - sqrt((p1 - w1[1])^2 + (w0[2] - p0)^2), high = p1 - p0 + sqrt((w1[2] - p1)^2 + (p0 - w0[1])^2), p = p)
}

# Lin (2013): y ~ treat * (covariates centred at their mean) on the two arms' complete rows, HC2.
lin_effect <- function(outcome, arm, control) {
  rows <- data.frame(y = data[[outcome]], arm = arm_of_row, data[covariates], check.names = FALSE)
  rows <- rows[!is.na(rows$arm) & rows$arm %in% c(arm, control), ]
  rows <- rows[complete.cases(rows), ]
  rows$treat <- as.numeric(rows$arm == arm)
  fit <- lm_lin(y ~ treat, covariates = reformulate(paste0("\x60", covariates, "\x60")), data = rows, se_type = "HC2", alpha = 1 - confidence_level)
  list(diff = coef(fit)[["treat"]], se = fit$std.error[["treat"]], low = fit$conf.low[["treat"]], high = fit$conf.high[["treat"]], p = fit$p.value[["treat"]])
}

# The HC2 Wald F-test of arm × moderator; aliased columns (an arm missing from a level) are dropped first.
interaction_test <- function(outcome, moderator) {
  rows <- data.frame(y = data[[outcome]], arm = arm_of_row, m = data[[moderator]])
  rows <- rows[complete.cases(rows), ]
  rows$arm <- factor(rows$arm, levels = unique(rows$arm)); rows$m <- factor(rows$m, levels = unique(rows$m))
  X <- model.matrix(~ arm * m, rows)
  X <- X[, !is.na(coef(lm.fit(X, rows$y))), drop = FALSE]
  columns <- as.data.frame(X); names(columns) <- paste0("x", seq_len(ncol(X)))
  interaction_columns <- names(columns)[grepl(":", colnames(X))]
  columns$y <- rows$y
  full <- lm(as.formula(paste("y ~ 0 +", paste(setdiff(names(columns), "y"), collapse = " + "))), columns)
  reduced <- lm(as.formula(paste("y ~ 0 +", paste(setdiff(names(columns), c("y", interaction_columns)), collapse = " + "))), columns)
  wald <- waldtest(full, reduced, vcov = vcovHC(full, type = "HC2"), test = "F")
  list(F = wald$F[2], df1 = abs(wald$Df[2]), df2 = wald$Res.Df[1], p = wald$"Pr(>F)"[2])
}

# Factorial effects: main effects as contrasts of the cell means of lm_robust(y ~ 0 + cell, HC2);
# two-way interactions as the treatment-coded coefficients of the saturated lm_robust(y ~ A * B …).
factorial_model <- function(outcome) {
  rows <- data[!is.na(data[[outcome]]), ]
  factors <- names(factor_levels)
  grid <- expand.grid(rev(factor_levels), stringsAsFactors = FALSE)[, rev(factors), drop = FALSE]
  cell_name <- function(frame) do.call(paste, c(lapply(factors, function(f) paste0(f, "=", frame[[f]])), sep = ","))
  rows$cell <- factor(cell_name(rows), levels = cell_name(grid))
  fit <- lm_robust(as.formula(paste0("\x60", outcome, "\x60 ~ 0 + cell")), data = rows, se_type = "HC2")
  df <- nrow(rows) - nrow(grid); q <- qt(1 - (1 - confidence_level) / 2, df)
  main <- list()
  for (f in factors) {
    other_cells <- nrow(grid) / length(factor_levels[[f]])
    for (level in factor_levels[[f]][-1]) {
      w <- ((grid[[f]] == level) - (grid[[f]] == factor_levels[[f]][1])) / other_cells
      estimate <- sum(w * coef(fit)); se <- sqrt(drop(t(w) %*% vcov(fit) %*% w))
      main[[paste0(f, "=", level)]] <- list(estimate = estimate, low = estimate - q * se, high = estimate + q * se, p = 2 * pt(-abs(estimate / se), df))
    }
  }
  for (f in factors) rows[[f]] <- factor(rows[[f]], levels = factor_levels[[f]])
  saturated <- lm_robust(as.formula(paste0("\x60", outcome, "\x60 ~ ", paste0("\x60", factors, "\x60", collapse = " * "))), data = rows, se_type = "HC2", alpha = 1 - confidence_level)
  interaction <- function(first, a, second, b) {
    term <- paste0("\x60", first, "\x60", a, ":", "\x60", second, "\x60", b)
    if (!term %in% names(coef(saturated))) term <- paste0(first, a, ":", second, b)
    list(estimate = coef(saturated)[[term]], low = saturated$conf.low[[term]], high = saturated$conf.high[[term]], p = saturated$p.value[[term]])
  }
  list(main = main, interaction = interaction)
}
`;

/**
 * The text of `analysis.R`: R code that reads the participant CSV and
 * recomputes, with base R (t.test, prop.test, p.adjust) and estimatr,
 * sandwich and lmtest, every figure of the given metrics — each comparison's
 * difference, confidence interval, p and family-adjusted p; with covariates
 * the Lin-adjusted effect (lm_lin, HC2); with moderators each level's
 * comparisons and the HC2 Wald F; with factors the main effects and
 * interactions — printing each beside the value nudgelab computed (embedded
 * in the script) and their relative difference. It ends with the largest
 * difference and exits with status 1 when one exceeds 1e-6.
 *
 * @example
 * replicationRScript({ title: 'loan-anchor, results of 2026-11-28', csvFile: 'participants.csv', armColumn: 'arm', report: { confidenceLevel: 0.95, metrics: primaryMetrics } });
 * // => '# loan-anchor, results of 2026-11-28\n…check("amount | low-anchor vs control | diff", …'
 */
export function replicationRScript(input: ReplicationScriptInput): string {
  const { report, covariates = [], moderators = [], factors, columns = {} } = input;
  const lines: string[] = [
    `# ${input.title}`,
    '# Reproduces nudgelab\'s figures from the participant CSV; nudgelab\'s own values are embedded beside each.',
    '# Run: Rscript analysis.R   (R with the packages estimatr, sandwich and lmtest)',
    `csv_file <- ${rString(input.csvFile)}`,
    `arm_column <- ${input.armColumn === null ? 'NULL' : rString(input.armColumn)}`,
    `factor_levels <- ${factors && factors.length > 0 ? `list(${factors.map((factor) => `${rString(factor.name)} = ${rStrings(factor.levels)}`).join(', ')})` : 'NULL'}`,
    `covariates <- ${rStrings(covariates)}`,
    `confidence_level <- ${rNumber(report.confidenceLevel)}`,
    helpers,
  ];
  const checks = (label: string, pairs: readonly [string, string, number | null | undefined][]) => {
    for (const [figure, expression, value] of pairs) if (value !== null && value !== undefined && Number.isFinite(value)) lines.push(`check(${rString(`${label} | ${figure}`)}, ${expression}, ${rNumber(value)})`);
  };
  const families = new Map<string, { correction: CorrectionMethod; members: { label: string; variable: string; pAdjusted: number | null }[] }>();
  let counter = 0;
  for (const metric of report.metrics) {
    const outcome = rString(metric.metric);
    lines.push('', `## ${metric.metric} (${metric.type})`);
    for (const comparison of metric.comparisons as ComparisonWithModels[]) {
      if (comparison.diff === null) continue;
      const label = `${metric.metric} | ${comparison.arm} vs ${comparison.control}`;
      const variable = `comparison_${(counter += 1)}`;
      lines.push(`${variable} <- compare_arms(values_in(${outcome}, ${rString(comparison.arm)}), values_in(${outcome}, ${rString(comparison.control)}), ${rString(metric.type)})`);
      checks(label, [
        ['diff', `${variable}$diff`, comparison.diff],
        ['CI low', `${variable}$low`, comparison.diffCi?.[0]],
        ['CI high', `${variable}$high`, comparison.diffCi?.[1]],
        ['p', `${variable}$p`, comparison.pValue],
      ]);
      if (comparison.pValue !== null) {
        const familyKey = comparison.family === 'outcome' ? `outcome ${metric.metric}` : comparison.family;
        const family = families.get(familyKey) ?? { correction: comparison.correction, members: [] };
        families.set(familyKey, family);
        family.members.push({ label, variable, pAdjusted: comparison.pAdjusted });
      }
      if (comparison.adjusted) {
        const adjusted = `adjusted_${counter}`;
        lines.push(`${adjusted} <- lin_effect(${outcome}, ${rString(comparison.arm)}, ${rString(comparison.control)})`);
        checks(`${label} | adjusted`, [
          ['diff', `${adjusted}$diff`, comparison.adjusted.diff],
          ['se', `${adjusted}$se`, comparison.adjusted.se],
          ['CI low', `${adjusted}$low`, comparison.adjusted.diffCi[0]],
          ['CI high', `${adjusted}$high`, comparison.adjusted.diffCi[1]],
          ['p', `${adjusted}$p`, comparison.adjusted.pValue],
        ]);
      }
    }
    for (const moderator of metric.moderators ?? []) {
      if (!moderators.includes(moderator.moderator)) continue;
      const column = rString(columns[moderator.moderator] ?? moderator.moderator);
      for (const level of moderator.levels) {
        const inLevel = `!is.na(data[[${column}]]) & data[[${column}]] == ${rString(level.level)}`;
        const label = `${metric.metric} | ${moderator.moderator} = ${level.level}`;
        checks(label, [['n', `sum(${inLevel} & !is.na(arm_of_row) & !is.na(data[[${outcome}]]))`, level.n]]);
        for (const comparison of level.comparisons) {
          if (comparison.diff === null) continue;
          const variable = `level_${(counter += 1)}`;
          lines.push(`${variable} <- compare_arms(values_in(${outcome}, ${rString(comparison.arm)}, ${inLevel}), values_in(${outcome}, ${rString(comparison.control)}, ${inLevel}), ${rString(metric.type)})`);
          checks(`${label} | ${comparison.arm} vs ${comparison.control}`, [
            ['diff', `${variable}$diff`, comparison.diff],
            ['CI low', `${variable}$low`, comparison.diffCi?.[0]],
            ['CI high', `${variable}$high`, comparison.diffCi?.[1]],
            ['p', `${variable}$p`, comparison.pValue],
          ]);
        }
      }
      if (moderator.interaction) {
        const variable = `interaction_${(counter += 1)}`;
        lines.push(`${variable} <- interaction_test(${outcome}, ${column})`);
        checks(`${metric.metric} | arm x ${moderator.moderator} | Wald`, [
          ['F', `${variable}$F`, moderator.interaction.F],
          ['df1', `${variable}$df1`, moderator.interaction.df1],
          ['df2', `${variable}$df2`, moderator.interaction.df2],
          ['p', `${variable}$p`, moderator.interaction.pValue],
        ]);
      }
    }
    if (metric.factorial && factors && factors.length > 0 && metric.factorial.mainEffects.length > 0) {
      const variable = `factorial_${(counter += 1)}`;
      lines.push(`${variable} <- factorial_model(${outcome})`);
      for (const effect of metric.factorial.mainEffects) {
        const term = `${variable}$main[[${rString(`${effect.factor}=${effect.level}`)}]]`;
        checks(`${metric.metric} | main effect ${effect.factor}: ${effect.level} vs ${effect.reference}`, [
          ['estimate', `${term}$estimate`, effect.estimate],
          ['CI low', `${term}$low`, effect.ci?.[0]],
          ['CI high', `${term}$high`, effect.ci?.[1]],
          ['p', `${term}$p`, effect.pValue],
        ]);
      }
      for (const effect of metric.factorial.interactions) {
        const [first, second] = effect.term.split(':') as [string, string];
        const split = (part: string) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const;
        const [firstFactor, firstLevel] = split(first);
        const [secondFactor, secondLevel] = split(second);
        const term = `${variable}$interaction(${rString(firstFactor)}, ${rString(firstLevel)}, ${rString(secondFactor)}, ${rString(secondLevel)})`;
        const interaction = `interaction_${(counter += 1)}`;
        lines.push(`${interaction} <- ${term}`);
        checks(`${metric.metric} | interaction ${effect.term}`, [
          ['estimate', `${interaction}$estimate`, effect.estimate],
          ['CI low', `${interaction}$low`, effect.ci?.[0]],
          ['CI high', `${interaction}$high`, effect.ci?.[1]],
          ['p', `${interaction}$p`, effect.pValue],
        ]);
      }
    }
  }
  for (const [name, family] of families) {
    lines.push('', `## Family "${name}": ${family.correction} over ${family.members.length} comparisons`);
    lines.push(`family_p <- p.adjust(c(${family.members.map((member) => `${member.variable}$p`).join(', ')}), method = ${rString(rCorrection[family.correction])})`);
    family.members.forEach((member, index) => checks(member.label, [['p adjusted', `family_p[${index + 1}]`, member.pAdjusted]]));
  }
  lines.push(
    '',
    'worst <- max(figures$relative_difference)',
    'cat(sprintf("\\n%d figures compared; largest relative difference %.1e\\n", nrow(figures), worst))',
    'if (is.na(worst) || worst > 1e-6) { cat("Some figures differ by more than 1e-6 (relative).\\n"); quit(status = 1) }',
    '',
  );
  return lines.join('\n');
}
