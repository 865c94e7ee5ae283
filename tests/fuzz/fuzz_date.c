/* fuzz_date: libFuzzer target for date_parse_time.  Whatever it accepts must be a real
 * date (and time) that prints back as the same characters (a time with an offset: as
 * its local time in the zone, which reads back the same), and the calendar must answer
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
	char buf[DATE_TIME_MAX];
	kday day, day2;
	int32_t ms, ms2;
	int off, off2, y, m, d;
	size_t n;

	if (date_parse_time(s, size, &day, &ms, &off) != 0)
		return 0;
	date_to_ymd(day, &y, &m, &d);
	if (!date_valid(y, m, d) || date_from_ymd(y, m, d) != day)
		abort();
	if (size == 10 ? ms != -1 || off != DATE_NOOFF : (ms < 0 || ms >= 86400000))
		abort();
	if (off == DATE_NOOFF) {
		/* No offset: the date and the clock time come back as written. */
		date_format(day, buf);
		if (size < 10 || memcmp(buf, s, 10) != 0)
			abort();
		if (size > 10) {
			int hh = (s[11] - '0') * 10 + (s[12] - '0');
			int mi = (s[14] - '0') * 10 + (s[15] - '0');
			int ss = size >= 19 && s[16] == ':' ? (s[17] - '0') * 10 + (s[18] - '0')
							    : 0;
			if (ms / 1000 != hh * 3600 + mi * 60 + ss)
				abort();
		}
	} else if (off < -24 * 60 || off > 24 * 60) {
		abort();
	}
	/* What is written reads back as the same day, time and offset. */
	n = date_time_format(day, ms, off, 1, buf);
	if (date_parse_time(buf, n, &day2, &ms2, &off2) != 0 || day2 != day || ms2 != ms ||
	    off2 != off)
		abort();
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
