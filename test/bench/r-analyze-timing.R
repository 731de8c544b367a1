# R's side of the `nudgelab analyze` benchmark: the same work on the same CSV,
# timed as a whole process by the benchmark (start, read.csv, the tests).
# For each treatment arm against control: Welch t-test and Wilcoxon rank-sum
# on `amount`; prop.test and Fisher's exact test on the 0/1 column `above`.
# Usage: Rscript r-analyze-timing.R data.csv
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
control <- d[d$arm == "control", ]
for (arm in setdiff(unique(d$arm), "control")) {
  treated <- d[d$arm == arm, ]
  t.test(treated$amount, control$amount)
  wilcox.test(treated$amount, control$amount)
  events <- c(sum(treated$above), sum(control$above))
  totals <- c(nrow(treated), nrow(control))
  prop.test(events, totals)
  fisher.test(matrix(c(events, totals - events), nrow = 2))
}
cat("done\n")
