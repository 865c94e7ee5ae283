# bench/peers/waits.R EVENTS.csv: the finished waits of every transition by city, as
# keten waits --by city computes them, written with R's data.table for the benchmark.
#
# For every case the events are put in date order (ties by the model order of the
# stage); each two consecutive events are a transition from -> to whose wait is the
# difference of their dates in days, grouped by the city of the starting event, from and
# to.  Printed per group: n, mean, sd (n - 1), min, p25, median, p75, p90, max (quantiles
# of type 7, R's default), two decimals, groups by city and then the model order of from
# and to.  No censoring, Kaplan-Meier or norms: only the finished waits.
suppressMessages(library(data.table))
args <- commandArgs(TRUE)
if (length(args) != 1)
	stop("usage: waits.R EVENTS.csv")
stages <- c("signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek",
	    "intake", "beschikking", "stabilisatie", "schuldregeling", "wsnp",
	    "begeleiding", "nazorg", "uitstroom")
ev <- fread(args[1], select = c("case", "stage", "date", "city"),
	    colClasses = list(character = c("case", "stage", "city")), na.strings = NULL)
ev[, o := match(stage, stages)]
if (anyNA(ev$o))
	stop(sprintf("not a stage of the model: '%s'", ev$stage[is.na(ev$o)][1]))
# fread reads ISO dates as IDate already; a date with a time would stay text.
ev[, `:=`(day = as.integer(as.IDate(date)), stage = NULL, date = NULL)]
setorder(ev, case, day, o)

n <- nrow(ev)
same <- ev$case[-1L] == ev$case[-n]
gaps <- data.table(city = ev$city[-n][same], from = ev$o[-n][same], to = ev$o[-1L][same],
		   wait = as.double(ev$day[-1L][same] - ev$day[-n][same]))
rm(ev, same)

res <- gaps[, {
	q <- quantile(wait, c(0.25, 0.5, 0.75, 0.9), type = 7, names = FALSE)
	list(n = .N, mean = mean(wait), sd = sd(wait), min = min(wait), p25 = q[1],
	     median = q[2], p75 = q[3], p90 = q[4], max = max(wait))
}, keyby = .(city, from, to)]
res[, `:=`(from = stages[from], to = stages[to])]
num <- c("mean", "sd", "min", "p25", "median", "p75", "p90", "max")
res[, (num) := lapply(.SD, function(x) ifelse(is.na(x), NA_character_, sprintf("%.2f", x))),
    .SDcols = num]
fwrite(res)
