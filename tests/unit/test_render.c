/* Unit tests of lib/render.c: the number rule, display widths, the escapers, narrowing
 * to a width, the one-shot and streaming paths.  Run from tests/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "harness.h"
#include "render.h"

/* Compares and shows both sides on stderr when they differ. */
static void check_str(const char *got, const char *want, const char *name)
{
	int ok = strcmp(got, want) == 0;

	if (!ok)
		fprintf(stderr, "%s:\n--- want\n%s\n--- got\n%s\n", name, want, got);
	check(ok, name);
}

/* A writer on memory; done() closes it and returns what it got. */
static FILE *mem_fp;
static char *mem_buf;
static size_t mem_len;

static struct csvw *mem(void)
{
	mem_fp = open_memstream(&mem_buf, &mem_len);
	if (!mem_fp) {
		perror("open_memstream");
		exit(1);
	}
	return csvw_stream(mem_fp, "memory");
}

static char *done(struct csvw *w)
{
	csvw_close(w);
	fclose(mem_fp);
	return mem_buf;
}

static char *render(const struct render_table *t, enum render_format f, size_t width)
{
	struct csvw *w = mem();

	render_table(t, f, width, w);
	return done(w);
}

static char *md(const char *s)
{
	struct csvw *w = mem();

	render_md_escape(w, s, strlen(s));
	return done(w);
}

static char *html(const char *s)
{
	struct csvw *w = mem();

	render_html_escape(w, s, strlen(s));
	return done(w);
}

static void test_number(void)
{
	static const char *yes[] = { "0",  "-12", "+3",  "34.5",    "-0.25",
				     ".5", "5.",  "1e3", "-2.5E-7", "007" };
	static const char *no[] = {
		"",   "-",  ".",   "+.",  "1e",         "1e+",  "12%", "1,5",
		" 1", "1 ", "NaN", "inf", "2024-01-05", "0x10", "--1", "1.2.3"
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!render_is_number(yes[i], strlen(yes[i]))) {
			fprintf(stderr, "not a number: '%s'\n", yes[i]);
			ok = 0;
		}
	for (i = 0; i < sizeof no / sizeof *no; i++)
		if (render_is_number(no[i], strlen(no[i]))) {
			fprintf(stderr, "a number: '%s'\n", no[i]);
			ok = 0;
		}
	check(ok, "numbers as the alignment rule sees them");
}

/* The spreadsheet number of keten-render(1), Spreadsheets: keten's own form only. */
static void test_sheet_number(void)
{
	static const char *yes[] = { "0",
				     "-12",
				     "34.5",
				     "-0.25",
				     "0.125",
				     "-0",
				     "10.50",
				     "123456789012345",
				     "1234567890.12345" };
	static const char *no[] = { "",
				    "-",
				    "+3",
				    ".5",
				    "5.",
				    "1e3",
				    "007",
				    "-01",
				    "00.5",
				    "1,5",
				    " 1",
				    "1 ",
				    "--1",
				    "1.2.3",
				    "1234567890123456",
				    "0.1234567890123456" };
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!render_is_sheet_number(yes[i], strlen(yes[i]))) {
			fprintf(stderr, "not a sheet number: '%s'\n", yes[i]);
			ok = 0;
		}
	for (i = 0; i < sizeof no / sizeof *no; i++)
		if (render_is_sheet_number(no[i], strlen(no[i]))) {
			fprintf(stderr, "a sheet number: '%s'\n", no[i]);
			ok = 0;
		}
	check(ok, "numbers as csv-nl and xlsx write them");
}

/* The wide and narrow samples agree with Python's unicodedata.east_asian_width
 * (W or F: 2) and unicodedata.combining (non-zero: 0), Unicode 13. */
static void test_width(void)
{
	static const struct {
		const char *s;
		size_t w;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "Lëeuwarden", 10 },
		{ "e\xCC\x81", 1 },        /* e and a combining acute */
		{ "\xE2\x82\xAC 12", 4 },  /* € */
		{ "\xE7\x9A\x84", 2 },     /* 的 */
		{ "\xEF\xBC\xA1", 2 },     /* fullwidth A */
		{ "\xF0\x9F\x98\x80", 2 }, /* an emoji */
		{ "\xE2\x80\xA6", 1 },     /* … */
		{ "a\r\nb", 3 },           /* CR LF is one line break */
		{ "a\nb\rc", 5 },
		{ "\t", 1 },
		{ "\x1B[1m", 4 },      /* ESC shows as one symbol */
		{ "\xFF\xFE", 2 },     /* not UTF-8: a symbol each */
		{ "\xC0\xAF", 2 },     /* an overlong slash */
		{ "\xED\xA0\x80", 3 }, /* a surrogate */
		{ "\xE7\x9A", 2 },     /* a cut character */
		{ "\xC2\x85", 1 },     /* a C1 control */
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t w = render_width(cases[i].s, strlen(cases[i].s));
		if (w != cases[i].w) {
			fprintf(stderr, "width of case %zu: %zu, expected %zu\n", i, w, cases[i].w);
			ok = 0;
		}
	}
	check(ok, "display widths");
}

static void test_escape(void)
{
	char *s;

	check_str(s = md("a|b"), "a\\|b", "md: pipe");
	free(s);
	check_str(s = md("a\\|b"), "a\\\\\\|b", "md: backslash before a pipe");
	free(s);
	check_str(s = md("eerste_gesprek _x_ a_ _"), "eerste_gesprek \\_x\\_ a\\_ \\_",
		  "md: underscores");
	free(s);
	check_str(s = md("*b* `c` [d](e) <f> ~g~"), "\\*b\\* \\`c\\` \\[d\\](e) \\<f\\> \\~g\\~",
		  "md: inline markup");
	free(s);
	check_str(s = md("A & B &amp; &#39; &1"), "A & B \\&amp; \\&#39; &1", "md: ampersands");
	free(s);
	check_str(s = md("a\r\nb\nc\td\x01"),
		  "a\xE2\x8F\x8E"
		  "b\xE2\x8F\x8E"
		  "c d\xEF\xBF\xBD",
		  "md: line breaks, tab, control");
	free(s);
	check_str(s = md("-1.5 ë € \xE7\x9A\x84"), "-1.5 ë € \xE7\x9A\x84",
		  "md: plain text untouched");
	free(s);
	check_str(s = html("<script>alert(1)</script> \"x\" & 'y'"),
		  "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; &#39;y&#39;",
		  "html: the five characters");
	free(s);
	check_str(s = html("a\nb\x7F\xFF"), "a\nb\xEF\xBF\xBD\xEF\xBF\xBD",
		  "html: newline kept, DEL and bad byte replaced");
	free(s);
}

static struct render_table *sample(void)
{
	static const char *names[] = { "city", "n", "note" };
	struct render_table *t = render_new(3, names);

	render_cell(t, "Zoetermeer", 10);
	render_cell(t, "120", 3);
	render_cell(t, "a long note about the wait", 26);
	render_end_row(t, 0);
	render_cell(t, "Ede", 3);
	render_cell(t, "", 0);
	render_cell(t, "", 0);
	render_end_row(t, RENDER_SUPPRESSED);
	render_cell(t, "\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84", 15);
	render_cell(t, "-1234567", 8);
	render_cell(t, "x", 1);
	render_end_row(t, 0);
	return t;
}

static void test_text(void)
{
	struct render_table *t = sample();
	char *s;

	check_str(s = render(t, RENDER_TEXT, 0),
		  "city               n  note\n"
		  "----------  --------  --------------------------\n"
		  "Zoetermeer       120  a long note about the wait\n"
		  "Ede                .  .\n"
		  "的的的的的  -1234567  x\n",
		  "text: natural widths, suppressed row, wide characters");
	free(s);
	/* 10 + 8 + 26 + 4 = 48 > 40: the text columns lose 8, the widest first: note
	 * goes to 18 (cap 18 over city and note saves exactly 8). */
	check_str(s = render(t, RENDER_TEXT, 40),
		  "city               n  note\n"
		  "----------  --------  ------------------\n"
		  "Zoetermeer       120  a long note about…\n"
		  "Ede                .  .\n"
		  "的的的的的  -1234567  x\n",
		  "text: --width narrows the widest text column");
	free(s);
	/* Budget 24 - 4 = 20, excess 24: the largest common cap c of the text columns
	 * with (10 - c) + (26 - c) >= 24 is 6. */
	check_str(s = render(t, RENDER_TEXT, 24),
		  "city           n  note\n"
		  "------  --------  ------\n"
		  "Zoete…       120  a lon…\n"
		  "Ede            .  .\n"
		  "的的…   -1234567  x\n",
		  "text: a wide character that does not fit leaves a gap");
	free(s);
	/* Budget 12 - 4 = 8: text down to 3 + 3, numbers down to 3 (total 9), then all
	 * capped at 2 saves 3 where 1 is needed, so the two leftmost get a column back:
	 * 3, 3, 2. */
	check_str(s = render(t, RENDER_TEXT, 12),
		  "ci…    n  n…\n"
		  "---  ---  --\n"
		  "Zo…  120  a…\n"
		  "Ede    .  .\n"
		  "的…  -1…  x\n",
		  "text: numbers give way after text");
	free(s);
	/* Budget 5 - 4 = 1 < 3 columns: every column 1 wide, lines still too long. */
	check_str(s = render(t, RENDER_TEXT, 5),
		  "…  n  …\n"
		  "-  -  -\n"
		  "…  …  …\n"
		  "…  .  .\n"
		  "…  …  x\n",
		  "text: a width that cannot be met");
	free(s);
	render_free(t);
}

static void test_formats(void)
{
	struct render_table *t = sample();
	char *s;

	render_set_title(t, "Wacht | tijd");
	check_str(
		s = render(t, RENDER_MD, 0),
		"# Wacht \\| tijd\n\n"
		"| city | n | note |\n"
		"| --- | ---: | --- |\n"
		"| Zoetermeer | 120 | a long note about the wait |\n"
		"| Ede | . | . |\n"
		"| \xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84 | -1234567 | x |\n",
		"md: heading, alignment row, mark");
	free(s);
	check_str(s = render(t, RENDER_CSV, 0),
		  "city,n,note\n"
		  "Zoetermeer,120,a long note about the wait\n"
		  "Ede,,\n"
		  "\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84,-1234567,x\n",
		  "csv: cells as they are");
	free(s);
	render_set_align(t, 1, RENDER_LEFT);
	render_set_align(t, 2, RENDER_RIGHT);
	render_set_title(t, NULL);
	check_str(
		s = render(t, RENDER_HTML_TABLE, 0),
		"<table>\n<thead>\n<tr><th scope=\"col\">city</th><th scope=\"col\">n</th><th scope=\"col\" class=\"n\">note</th></tr>\n"
		"</thead>\n<tbody>\n"
		"<tr><td>Zoetermeer</td><td>120</td><td class=\"n\">a long note about the wait</td></tr>\n"
		"<tr class=\"s\"><td>Ede</td><td>.</td><td class=\"n\">.</td></tr>\n"
		"<tr><td>\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84\xE7\x9A\x84</td><td>-1234567</td><td class=\"n\">x</td></tr>\n"
		"</tbody>\n</table>\n",
		"html table: alignment set by the caller");
	free(s);
	render_free(t);
}

/* The empty table: a column without any value is text. */
static void test_empty(void)
{
	static const char *names[] = { "a", "b" };
	struct render_table *t = render_new(2, names);
	char *s;

	check_str(s = render(t, RENDER_TEXT, 0), "a  b\n-  -\n", "text: no rows");
	free(s);
	check_str(s = render(t, RENDER_MD, 0), "| a | b |\n| --- | --- |\n", "md: no rows");
	free(s);
	render_free(t);
}

/* md decides the alignment from the first RENDER_LOOKAHEAD rows and then holds no more
 * than that many. */
static void test_stream(void)
{
	static const char *names[] = { "n" };
	struct render_table *t = render_new(1, names);
	struct csvw *w = mem();
	size_t i, most = 0;
	char *s, *last;

	render_start(t, RENDER_MD, 0, w);
	for (i = 0; i < 3 * RENDER_LOOKAHEAD; i++) {
		const char *v = i == RENDER_LOOKAHEAD + 5 ? "n/a" : "7";
		render_cell(t, v, strlen(v));
		render_end_row(t, 0);
		if (render_nrows(t) > most)
			most = render_nrows(t);
	}
	render_finish(t);
	s = done(w);
	check(strncmp(s, "| n |\n| ---: |\n| 7 |\n", 20) == 0,
	      "stream: md alignment from the lookahead");
	check(strstr(s, "| n/a |\n") != NULL, "stream: every row written");
	last = s + strlen(s) - 6;
	check(strcmp(last, "| 7 |\n") == 0, "stream: rows in order to the end");
	check(most <= RENDER_LOOKAHEAD, "stream: held rows bounded by the lookahead");
	free(s);
	render_free(t);
}

int main(void)
{
	diag_init("test_render");
	test_number();
	test_sheet_number();
	test_width();
	test_escape();
	test_text();
	test_formats();
	test_empty();
	test_stream();
	return failed;
}
