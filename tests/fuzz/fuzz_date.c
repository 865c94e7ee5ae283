/* fuzz_date: libFuzzer target for date_parse_iso.  Whatever it accepts must be a real
 * date (and time) that prints back as the same characters, and the calendar must answer
 * for it without going wrong. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[11];
	kday day;
	int sec, y, m, d;

	if (date_parse_iso(s, size, &day, &sec) != 0)
		return 0;
	/* Accepted: the date part must come back byte for byte. */
	date_format(day, buf);
	if (size < 10 || memcmp(buf, s, 10) != 0)
		abort();
	date_to_ymd(day, &y, &m, &d);
	if (!date_valid(y, m, d) || date_from_ymd(y, m, d) != day)
		abort();
	if (size == 10 ? sec != -1 : (sec < 0 || sec >= 86400))
		abort();
	if (size > 10) {
		int hh = (s[11] - '0') * 10 + (s[12] - '0');
		int mi = (s[14] - '0') * 10 + (s[15] - '0');
		int ss = size == 19 ? (s[17] - '0') * 10 + (s[18] - '0') : 0;
		if (sec != hh * 3600 + mi * 60 + ss)
			abort();
	}
	/* The calendar: a working day is never a holiday, and the count over the week
	 * after the day is the sum of its working days, the same way round or reversed. */
	{
		const struct calendar *c = cal_default();
		long walk = 0;

		if (cal_is_workday(c, day) && cal_is_holiday(c, day))
			abort();
		for (int i = 1; i <= 7; i++)
			walk += cal_is_workday(c, day + i);
		if (cal_workdays(c, day, day + 7) != walk || cal_workdays(c, day + 7, day) != -walk)
			abort();
	}
	return 0;
}
