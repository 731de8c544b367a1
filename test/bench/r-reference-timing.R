# Times R's own tests on the benchmark's analysis data, for the ratio in
# `npm run bench`: Welch t-test, prop.test and Wilcoxon rank-sum, each
# treatment arm against control. Reading the CSV is not timed.
# Usage: Rscript r-reference-timing.R data.csv  → prints elapsed seconds.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
by_arm <- split(d, d$arm)
control <- by_arm[["control"]]
treatments <- setdiff(names(by_arm), "control")
elapsed <- system.time({
  for (arm in treatments) {
    treated <- by_arm[[arm]]
    t.test(treated$amount, control$amount)
    prop.test(c(sum(treated$above), sum(control$above)), c(nrow(treated), nrow(control)))
    wilcox.test(treated$amount, control$amount)
  }
})[["elapsed"]]
cat(sprintf("%.4f\n", elapsed))
