// bench/peers/duckdb.mjs TASK EVENTS.csv: the bench's queries run by DuckDB (the npm
// package @duckdb/node-api, pinned in bench/peers/package.json and installed by
// `npm ci --prefix bench/peers`), with 2 threads, writing CSV on stdout:
//
//   check        prints DuckDB's version: is the package installed and working?
//   filter-row   the events whose chain is zakelijk, every column as the text it was,
//                in input order (keten filter -e 'chain = zakelijk')
//   waits        the finished waits by city, from and to, as bench/peers/waits.py
//                computes them: per case the events in date order (ties by the model
//                order of the stage), each two consecutive events a transition whose
//                wait is the difference of the dates in days; n, mean, sd, min, p25,
//                median, p75, p90 and max (quantiles of type 7: quantile_cont), two
//                decimals, by city and the model order of from and to
//   csv-copy     every record read as text and written back (csvcat)
//
// bench/filter.sh, bench/waits.sh and bench/csv.sh check its output against keten's.
import { DuckDBInstance } from '@duckdb/node-api';

const ORDER = ['signaal', 'informeel', 'doorverwijzing', 'aanmelding', 'eerste_gesprek',
	'intake', 'beschikking', 'stabilisatie', 'schuldregeling', 'wsnp', 'begeleiding',
	'nazorg', 'uitstroom'];

const [task, file] = process.argv.slice(2);
if (!task || (task !== 'check' && !file)) {
	process.stderr.write('usage: duckdb.mjs check | filter-row|waits|csv-copy EVENTS.csv\n');
	process.exit(2);
}

// A string literal of SQL.
const lit = (s) => "'" + String(s).replace(/'/g, "''") + "'";
// The events as text, as keten reads them: no type guessing.  An empty field is read as
// NULL, which is written back as an empty field again.
const text = (f) => `read_csv(${lit(f)}, header = true, all_varchar = true, ` +
	`delim = ',', quote = '"', escape = '"')`;
const out = "'/dev/stdout' (FORMAT csv, HEADER true, DELIMITER ',')";

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();

if (task === 'check') {
	const r = await con.runAndReadAll('SELECT version()');
	process.stdout.write(String(r.getRows()[0][0]) + '\n');
} else if (task === 'filter-row') {
	await con.run(`COPY (SELECT * FROM ${text(file)} WHERE chain = 'zakelijk') TO ${out}`);
} else if (task === 'csv-copy') {
	await con.run(`COPY (SELECT * FROM ${text(file)}) TO ${out}`);
} else if (task === 'waits') {
	const order = ORDER.map((s, i) => `(${lit(s)}, ${i})`).join(', ');
	await con.run(`COPY (
		WITH o(stage, o) AS (VALUES ${order}),
		ev AS (
			SELECT e."case" AS c, e.stage, CAST(e.date AS DATE) AS d, e.city, o.o
			FROM read_csv(${lit(file)}, header = true, all_varchar = true) e
			JOIN o USING (stage)),
		t AS (
			SELECT city, o AS fo, lead(o) OVER w AS t_o, lead(c) OVER w AS nc, c,
				lead(d) OVER w - d AS wait
			FROM ev WINDOW w AS (PARTITION BY c ORDER BY d, o))
		SELECT city, (SELECT stage FROM o WHERE o.o = fo) AS "from",
			(SELECT stage FROM o WHERE o.o = t_o) AS "to", count(*) AS n,
			round(avg(wait), 2) AS mean, round(stddev_samp(wait), 2) AS sd,
			min(wait) AS min, round(quantile_cont(wait, 0.25), 2) AS p25,
			round(quantile_cont(wait, 0.5), 2) AS median,
			round(quantile_cont(wait, 0.75), 2) AS p75,
			round(quantile_cont(wait, 0.9), 2) AS p90, max(wait) AS max
		FROM t WHERE nc = c
		GROUP BY city, fo, t_o ORDER BY city, fo, t_o) TO ${out}`);
} else {
	process.stderr.write(`duckdb.mjs: unknown task '${task}'\n`);
	process.exit(2);
}
con.closeSync?.();
