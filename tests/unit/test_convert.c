/* Unit tests of lib/convert.c: every date form, Dutch numbers, yes/no, Windows-1252 and
 * mixed text, header names.  The expected values are written out by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "diag.h"
#include "harness.h"

/* A date and what keten writes for it ("" when it must be refused). */
/* clang-format off */
static const struct {
	const char *in, *want;
	int order;
} dates[] = {
	{ "2024-03-05", "2024-03-05", CONV_DMY },
	{ "2024-03-05T14:30", "2024-03-05T14:30", CONV_DMY },
	{ "2024-03-05 14:30:15", "2024-03-05T14:30:15", CONV_DMY },
	{ "2024-03-05T14:30:15.123456", "2024-03-05T14:30:15.123", CONV_DMY },
	{ "2024-03-05T23:59:59.999", "2024-03-05T23:59:59.999", CONV_DMY },
	{ "2010-12-30 14:32:00+01:00", "2010-12-30T14:32:00+01:00", CONV_DMY },
	{ "2005-07-22 00:00:00+02:00", "2005-07-22T00:00:00+02:00", CONV_DMY },
	{ "2017-01-02T11:41:53Z", "2017-01-02T12:41:53+01:00", CONV_DMY },
	{ "2024-03-05T14:30-0500", "2024-03-05T20:30+01:00", CONV_DMY },
	{ "2024-03-05T14:30:00 +01", "2024-03-05T14:30:00+01:00", CONV_DMY },
	{ "2024/03/05", "2024-03-05", CONV_DMY },
	{ " 2024-03-05 ", "2024-03-05", CONV_DMY },
	{ "05-03-2024", "2024-03-05", CONV_DMY },
	{ "5-3-2024", "2024-03-05", CONV_DMY },
	{ "05-03-24", "2024-03-05", CONV_DMY },
	{ "05-03-29", "2029-03-05", CONV_DMY },
	{ "05-03-30", "1930-03-05", CONV_DMY },
	{ "05/03/2024", "2024-03-05", CONV_DMY },
	{ "05.03.2024", "2024-03-05", CONV_DMY },
	{ "05-03-2024 9:05", "2024-03-05T09:05", CONV_DMY },
	{ "05-03-2024 09:05:07", "2024-03-05T09:05:07", CONV_DMY },
	{ "3 mrt 2024", "2024-03-03", CONV_DMY },
	{ "3 maart 2024", "2024-03-03", CONV_DMY },
	{ "3 MAART 2024", "2024-03-03", CONV_DMY },
	{ "3 mrt. 2024", "2024-03-03", CONV_DMY },
	{ "03-mrt-2024", "2024-03-03", CONV_DMY },
	{ "3-okt-24", "2024-10-03", CONV_DMY },
	{ "17 mei 2024", "2024-05-17", CONV_DMY },
	{ "1 januari 2025 10:00", "2025-01-01T10:00", CONV_DMY },
	{ "zondag 3 maart 2024", "2024-03-03", CONV_DMY },
	{ "zo 3 mrt 2024", "2024-03-03", CONV_DMY },
	{ "March 3, 2024", "2024-03-03", CONV_DMY },
	{ "Mar 3 2024", "2024-03-03", CONV_DMY },
	{ "Sunday, March 3, 2024", "2024-03-03", CONV_DMY },
	{ "03/05/2024", "2024-03-05", CONV_MDY },
	{ "3/5/2024 2:30 PM", "2024-03-05T14:30", CONV_MDY },
	{ "3/5/2024 12:00 am", "2024-03-05T00:00", CONV_MDY },
	{ "29-02-2024", "2024-02-29", CONV_DMY },
	/* Refused: impossible dates, never shifted. */
	{ "31-02-2024", "", CONV_DMY },
	{ "29-02-2023", "", CONV_DMY },
	{ "2024-02-30", "", CONV_DMY },
	{ "2024-13-01", "", CONV_DMY },
	{ "00-01-2024", "", CONV_DMY },
	{ "31-04-2024", "", CONV_DMY },
	{ "13/25/2024", "", CONV_MDY },
	{ "25/12/2024", "", CONV_MDY },
	{ "2024-03-05T24:00", "", CONV_DMY },
	{ "2024-03-05T12:60", "", CONV_DMY },
	{ "2024-03-05T12:30:60", "", CONV_DMY },
	{ "05-03-2024 13:00 pm", "", CONV_DMY },
	{ "maandag 3 maart 2024", "", CONV_DMY },
	{ "3 mar 2024x", "", CONV_DMY },
	{ "3 foo 2024", "", CONV_DMY },
	{ "05-03-202", "", CONV_DMY },
	{ "05-03-20245", "", CONV_DMY },
	{ "05-03/2024", "", CONV_DMY },
	{ "5 3 2024", "", CONV_DMY },
	{ "20240305", "", CONV_DMY },
	{ "", "", CONV_DMY },
	{ "gisteren", "", CONV_DMY },
	{ "2024-03-05T", "", CONV_DMY },
	{ "2024-03-05+01:00", "", CONV_DMY },
};
/* clang-format on */

/* clang-format off */
static const struct {
	const char *in, *want;
} numbers[] = {
	{ "1.234,56", "1234.56" },
	{ "\xE2\x82\xAC 1.234,56", "1234.56" },
	{ "\xE2\x82\xAC" "1.234,56", "1234.56" },
	{ "1.234,56 \xE2\x82\xAC", "1234.56" },
	{ "EUR 12,50", "12.50" },
	{ "-12,50", "-12.50" },
	{ "\xE2\x82\xAC -12,50", "-12.50" },
	{ "-\xE2\x82\xAC 12,50", "-12.50" },
	{ "+7", "7" },
	{ "12,-", "12" },
	{ "\xE2\x82\xAC 12,--", "12" },
	{ "1.234,-", "1234" },
	{ "1.234.567", "1234567" },
	{ "1.234", "1234" },
	{ "1,5", "1.5" },
	{ "1,234", "1.234" },
	{ "12.50", "12.50" },
	{ "35.0", "35.0" },
	{ "0.500", "0.500" },
	{ "1234.567", "1234.567" },
	{ "1,234.56", "1234.56" },
	{ "1,234,567", "1234567" },
	{ ",5", "0.5" },
	{ "007", "7" },
	{ "0", "0" },
	{ "-0,00", "0.00" },
	{ " 42 ", "42" },
	{ "\xC2\xA0" "42\xC2\xA0", "42" },
	/* Refused. */
	{ "", "" },
	{ "abc", "" },
	{ "1.23.456", "" },
	{ "1,2,3", "" },
	{ "12,", "" },
	{ ",", "" },
	{ ".", "" },
	{ "--5", "" },
	{ "1 234", "" },
	{ "1.234,56,7", "" },
	{ "1,234.5.6", "" },
	{ "\xE2\x82\xAC", "" },
	{ "12%", "" },
	{ "1e5", "" },
};
/* clang-format on */

static void test_dates(void)
{
	size_t i;
	char buf[DATE_TIME_MAX], name[96];

	for (i = 0; i < sizeof dates / sizeof *dates; i++) {
		struct conv_date d;
		int r = conv_date(dates[i].in, strlen(dates[i].in), dates[i].order, NULL, &d);
		int ok;

		if (*dates[i].want)
			ok = r == 0 && conv_date_write(&d, buf) == strlen(dates[i].want) &&
			     strcmp(buf, dates[i].want) == 0;
		else
			ok = r != 0;
		snprintf(name, sizeof name, "date '%s'", dates[i].in);
		check(ok, name);
	}
}

/* Every day of 1900..2099 written as d-m-yyyy and dd.mm.yyyy comes back as itself. */
static void test_all_days(void)
{
	kday day, from = date_from_ymd(1900, 1, 1), to = date_from_ymd(2099, 12, 31);
	int ok = 1;

	for (day = from; day <= to && ok; day++) {
		int y, m, dd;
		char in[32], buf[DATE_TIME_MAX];
		struct conv_date d;

		date_to_ymd(day, &y, &m, &dd);
		snprintf(in, sizeof in, "%d-%d-%d", dd, m, y);
		ok = conv_date(in, strlen(in), CONV_DMY, NULL, &d) == 0 && d.day == day &&
		     d.ms == -1;
		snprintf(in, sizeof in, "%02d.%02d.%04d", dd, m, y);
		ok = ok && conv_date(in, strlen(in), CONV_DMY, NULL, &d) == 0 && d.day == day;
		snprintf(in, sizeof in, "%02d/%02d/%04d", m, dd, y);
		ok = ok && conv_date(in, strlen(in), CONV_MDY, NULL, &d) == 0 && d.day == day;
		conv_date_write(&d, buf);
		date_format(day, in);
		ok = ok && strcmp(buf, in) == 0;
	}
	check(ok, "every day of 1900..2099 in three forms");
}

static void test_format(void)
{
	static const struct {
		const char *fmt, *in, *want;
		/* clang-format off */
	} t[] = {
		{ "%Y%m%d", "20240305", "2024-03-05" },
		{ "%d %B %Y om %H:%M", "5 maart 2024 om 14:30", "2024-03-05T14:30" },
		{ "%m/%d/%y %I", "", "" },
		{ "%d-%m-%Y %H:%M:%S.%f", "05-03-2024 10:11:12.5", "2024-03-05T10:11:12.500" },
		{ "%a %d %b %Y", "di 5 mrt 2024", "2024-03-05" },
		{ "%a %d %b %Y", "wo 5 mrt 2024", "" },
		{ "%Y%m%d", "2024-03-05", "2024-03-05" },
		{ "%Y%m%d", "05-03-2024", "" },
		{ "%d/%m/%Y %H:%M %p", "05/03/2024 01:15 PM", "2024-03-05T13:15" },
		{ "%d/%m/%Y %H:%M%z", "05/03/2024 01:15+0100", "2024-03-05T01:15+01:00" },
		{ "%d/%m/%Y", "31/02/2024", "" },
	};
	/* clang-format on */
	size_t i;
	char name[128], buf[DATE_TIME_MAX];

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		const char *err = NULL;
		struct conv_datefmt *f = conv_datefmt_new(t[i].fmt, &err);
		struct conv_date d;
		int ok;

		snprintf(name, sizeof name, "--date-format '%s' on '%s'", t[i].fmt, t[i].in);
		if (!f) {
			check(*t[i].want == '\0' && err != NULL, name);
			continue;
		}
		if (*t[i].want)
			ok = conv_date(t[i].in, strlen(t[i].in), CONV_DMY, f, &d) == 0 &&
			     conv_date_write(&d, buf) && strcmp(buf, t[i].want) == 0;
		else
			ok = conv_date(t[i].in, strlen(t[i].in), CONV_DMY, f, &d) != 0;
		check(ok, name);
		conv_datefmt_free(f);
	}
	{
		const char *err = NULL;
		check(conv_datefmt_new("%d-%m", &err) == NULL && err,
		      "--date-format without a year");
		check(conv_datefmt_new("%d-%m-%Y %H", &err) == NULL && err,
		      "--date-format with an hour and no minute");
	}
}

static void test_numbers(void)
{
	size_t i;
	char out[64], name[96];

	for (i = 0; i < sizeof numbers / sizeof *numbers; i++) {
		long n = conv_number(numbers[i].in, strlen(numbers[i].in), out);
		int ok = *numbers[i].want ? n >= 0 && strcmp(out, numbers[i].want) == 0 : n < 0;

		snprintf(name, sizeof name, "number '%s'", numbers[i].in);
		check(ok, name);
	}
}

static void test_yesno(void)
{
	check(conv_yesno("Ja", 2) == 1 && conv_yesno(" x ", 3) == 1 && conv_yesno("1", 1) == 1 &&
		      conv_yesno("TRUE", 4) == 1,
	      "yes words");
	check(conv_yesno("nee", 3) == 0 && conv_yesno("N", 1) == 0 && conv_yesno("0", 1) == 0 &&
		      conv_yesno("false", 5) == 0,
	      "no words");
	check(conv_yesno("misschien", 9) == -1 && conv_yesno("", 0) == -1, "neither");
}

static void test_text(void)
{
	char out[64];
	size_t used, bad = (size_t)-1, n;

	/* 0x80 is the euro sign, 0xEB e-diaeresis, 0x93/0x94 curly quotes. */
	n = conv_cp1252("\x80 3,50 Re\xEBle \x93x\x94", 16, out);
	check(n == 23 && memcmp(out, "\xE2\x82\xAC 3,50 Re\xC3\xABle \xE2\x80\x9Cx\xE2\x80\x9D",
				23) == 0,
	      "windows-1252 to utf-8");
	n = conv_cp1252("\x81\x8D", 2, out);
	check(n == 4 && memcmp(out, "\xC2\x81\xC2\x8D", 4) == 0, "undefined windows-1252 bytes");

	n = conv_utf8_mixed("Re\xC3\xABle Re\xEBle", 12, 1, out, &used, &bad);
	check(n == 13 && used == 12 && bad == 9 &&
		      memcmp(out, "Re\xC3\xABle Re\xC3\xABle", 13) == 0,
	      "mixed text: utf-8 kept");
	bad = (size_t)-1;
	n = conv_utf8_mixed("ab\xE2\x82", 4, 0, out, &used, &bad);
	check(n == 2 && used == 2 && bad == (size_t)-1, "a cut sequence waits for the next chunk");
	n = conv_utf8_mixed("ab\xE2\x82", 4, 1, out, &used, &bad);
	check(n == 2 + 3 + 2 && used == 4 && bad == 2, "a cut sequence at the end is converted");
	check(conv_utf8_valid("abc\xC3\xAB", 5) == 5 && conv_utf8_valid("a\xC3", 2) == 1 &&
		      conv_utf8_valid("a\xED\xA0\x80", 4) == 1 &&
		      conv_utf8_valid("\xC0\x80", 2) == 0,
	      "utf-8 validity (overlong and surrogates refused)");
	check(conv_utf8_seq((const unsigned char *)"\xF0\x9F\x98", 3) == -1 &&
		      conv_utf8_seq((const unsigned char *)"\xF0\x9F\x98\x80", 4) == 4 &&
		      conv_utf8_seq((const unsigned char *)"\xF5\x80", 2) == 0,
	      "utf-8 sequences");
	{
		/* The code points are Python's ord() of the same characters. */
		static const struct {
			const char *s;
			int len;
			uint32_t cp;
			/* clang-format off */
		} dec[] = {
			{ "A", 1, 0x41 },
			{ "\xC3\xA9", 2, 0xE9 },
			{ "\xE2\x82\xAC", 3, 0x20AC },
			{ "\xF0\x9F\x98\x80", 4, 0x1F600 },
			{ "\xF4\x8F\xBF\xBF", 4, 0x10FFFF },
			{ "\xF4\x90\x80\x80", 0, 0 }, /* past U+10FFFF */
			{ "\xED\xA0\x80", 0, 0 },     /* a surrogate */
			{ "\xE0\x80\xAF", 0, 0 },     /* overlong */
			{ "\xE2\x82", -1, 0 },        /* cut short */
		};
		/* clang-format on */
		int ok = 1;

		for (size_t i = 0; i < sizeof dec / sizeof *dec; i++) {
			uint32_t cp = 0;
			int k = conv_utf8_decode((const unsigned char *)dec[i].s, strlen(dec[i].s),
						 &cp);
			ok &= k == dec[i].len && (k <= 0 || cp == dec[i].cp);
		}
		check(ok, "utf-8 decoding to code points");
	}
}

static void test_names(void)
{
	static const struct {
		const char *in, *want;
		/* clang-format off */
	} t[] = {
		{ "Dossiernummer", "dossiernummer" },
		{ "case:concept:name", "case_concept_name" },
		{ " Document name ", "document_name" },
		{ "Coverage %", "coverage" },
		{ "Reële waarde (\xE2\x82\xAC)", "reële_waarde" },
		{ "Bedrag \xE2\x82\xAC \xE2\x80\x93 netto", "bedrag_netto" },
		{ "Stra\xC3\x9F" "e \xCE\xB1", "stra\xC3\x9F" "e_\xCE\xB1" },
		{ "Temp \xC2\xB0" "C", "temp_c" },
		{ "A\xFF" "B", "a_b" },
		{ "Bedrag\xC2\xA0" "EUR", "bedrag_eur" },
		{ "\xEF\xBB\xBF" "Fase", "fase" },
		{ "", "" },
		{ "--", "" },
		{ "A__B", "a_b" },
	};
	/* clang-format on */
	size_t i;
	char out[64], name[96];

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		size_t n = conv_clean_name(t[i].in, strlen(t[i].in), out);
		snprintf(name, sizeof name, "name '%s'", t[i].in);
		check(n == strlen(t[i].want) && strcmp(out, t[i].want) == 0, name);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	diag_init(argv[0]);
	test_dates();
	test_all_days();
	test_format();
	test_numbers();
	test_yesno();
	test_text();
	test_names();
	return failed;
}
