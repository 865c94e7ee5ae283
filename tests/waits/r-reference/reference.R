# Independent reference for keten waits: the statistics of the wait from aanmelding to
# eerste_gesprek per city in events.csv, computed with base R and survival::survfit.
# Run: Rscript reference.R > reference.csv  (R 4.2, survival 3.4 from Debian 12).
suppressMessages(library(survival))
ev <- read.csv("events.csv", stringsAsFactors = FALSE)
ev$date <- as.Date(ev$date)
asof <- as.Date("2024-12-31")
res <- NULL
for (city in sort(unique(ev$city))) {
  e <- ev[ev$city == city, ]
  t <- c(); status <- c(); kind <- c()
  for (k in unique(e$case)) {
    x <- e[e$case == k, ]
    a <- x$date[x$stage == "aanmelding"][1]
    b <- x$date[x$stage == "eerste_gesprek"]
    u <- x$date[x$stage == "uitstroom"]
    if (length(b)) { t <- c(t, as.numeric(b[1] - a)); status <- c(status, 1); kind <- c(kind, "done") }
    else if (length(u)) { t <- c(t, as.numeric(u[1] - a)); status <- c(status, 0); kind <- c(kind, "dropped") }
    else { t <- c(t, as.numeric(asof - a)); status <- c(status, 0); kind <- c(kind, "waiting") }
  }
  d <- sort(t[kind == "done"]); n <- length(d)
  q <- quantile(d, c(.25, .5, .75, .9), type = 7)
  j <- 0; while (j + 1 <= n %/% 2 && pbinom(j, n, 0.5) <= 0.025) j <- j + 1
  fit <- survfit(Surv(t, status) ~ 1)
  kq <- quantile(fit, c(.5, .9))$quantile
  res <- rbind(res, data.frame(city = city, n = length(t), done = n,
    waiting = sum(kind == "waiting"), dropped = sum(kind == "dropped"),
    mean = sprintf("%.2f", mean(d)), sd = sprintf("%.2f", sd(d)),
    min = sprintf("%.2f", min(d)), p25 = sprintf("%.2f", q[1]), median = sprintf("%.2f", q[2]),
    p75 = sprintf("%.2f", q[3]), p90 = sprintf("%.2f", q[4]), max = sprintf("%.2f", max(d)),
    ci_low = sprintf("%.2f", d[j]), ci_high = sprintf("%.2f", d[n - j + 1]),
    km_median = sprintf("%.2f", kq[1]), km_p90 = sprintf("%.2f", kq[2])))
}
write.csv(res, stdout(), row.names = FALSE, quote = FALSE)
