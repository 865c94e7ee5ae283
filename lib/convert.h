/* convert: values of foreign exports turned into keten values: dates in Dutch and other
 * forms, Dutch numbers, Windows-1252 and UTF-16 text, yes/no words and header names. */
#ifndef KETEN_CONVERT_H
#define KETEN_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"

/* Two-digit years: 00..29 are 2000..2029, 30..99 are 1930..1999 (Excel's default). */
#define CONV_YY_PIVOT 30

/* How a numeric date without a four-digit year first is read: 5-3-2024. */
enum { CONV_DMY = 0, CONV_MDY = 1 };

/* A date read from text: the day, and the time when one was written. */
struct conv_date {
	kday day;     /* the local day (in the zone of date_zone_set when an offset was given) */
	int32_t ms;   /* milliseconds after midnight, -1 without a time */
	int off;      /* the UTC offset in minutes east, DATE_NOOFF when none was written */
	int with_sec; /* the seconds were written (they are printed back) */
};

/* A --date-format pattern, compiled. */
struct conv_datefmt;

/* Compiles a pattern of %d %m %b %Y %y %H %M %S %f %p %z %a and literal characters.
 * Returns NULL and sets *err (static text) when it is not usable. */
struct conv_datefmt *conv_datefmt_new(const char *fmt, const char **err);
void conv_datefmt_free(struct conv_datefmt *f);

/* Reads s (n bytes; spaces around are ignored) as a date: ISO dates and date-times
 * (T or space, seconds, a fraction of which milliseconds are kept, Z or a UTC offset:
 * the time is then moved into the zone of date_zone_set, with the zone's offset),
 * d-m-yyyy, d-m-yy, d/m/yyyy, d.m.yyyy, Dutch and English month names (3 mrt 2024,
 * 3 maart 2024, March 3, 2024), optionally after a weekday name and followed by a time.
 * order says how to read d-m-y forms; with fmt, values must be ISO or match fmt.
 * Returns 0, or -1 when s is no date or names one that does not exist. */
int conv_date(const char *s, size_t n, int order, const struct conv_datefmt *fmt,
	      struct conv_date *out);
/* Writes the keten form of d (YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, then
 * .mmm when the milliseconds are not zero and +HH:MM when it has an offset;
 * date_time_format) and a NUL into buf (DATE_TIME_MAX bytes); returns its length. */
size_t conv_date_write(const struct conv_date *d, char *buf);
/* The month named by s (Dutch or English, full or abbreviated, any case, a trailing
 * full stop allowed): 1..12, or 0. */
int conv_month(const char *s, size_t n);

/* Reads a number in Dutch notation (1.234,56, EUR or a euro sign before or after, a sign,
 * 12,- for whole amounts) or in plain notation (1234.56); writes the plain form (-1234.56,
 * the decimals as written) into out, which holds n + 2 bytes.  Returns the length, or -1
 * when s is not a number.  The rules for a lone '.' or ',' are in keten-import(1). */
long conv_number(const char *s, size_t n, char *out);

/* 1 for a yes (1, ja, j, yes, y, true, waar, x), 0 for a no (0, nee, n, no, false,
 * onwaar), -1 for anything else; any case, spaces around ignored. */
int conv_yesno(const char *s, size_t n);

/* Trims spaces, tabs and no-break spaces (U+00A0) at both ends of *s. */
void conv_trim(const char **s, size_t *n);

/* The length of the valid UTF-8 sequence at s (at most n bytes): 1..4, 0 when the bytes
 * there are not UTF-8 (overlong forms, surrogates and code points past U+10FFFF
 * included), or -1 when they begin a sequence that n bytes cut short.  keten's one
 * UTF-8 decoder: every reader and writer of text checks UTF-8 with it. */
int conv_utf8_seq(const unsigned char *s, size_t n);
/* The same, and sets *cp to the code point of a valid sequence. */
int conv_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Writes the UTF-8 form of the Windows-1252 character c into out (up to 3 bytes); returns
 * the bytes written. */
size_t conv_cp1252_char(unsigned char c, char *out);
/* Converts n bytes of Windows-1252 to UTF-8 in out (3n bytes); returns the bytes written. */
size_t conv_cp1252(const char *in, size_t n, char *out);
/* Converts text that is UTF-8 except where it is not: valid UTF-8 sequences are kept, any
 * other byte is read as Windows-1252.  Unless final, a sequence cut short at the end is
 * left for the next call: *used says how many bytes were taken.  *bad is set to the offset
 * of the first byte that was not UTF-8, or left alone when there was none.  out holds 3n
 * bytes; returns the bytes written. */
size_t conv_utf8_mixed(const char *in, size_t n, int final, char *out, size_t *used, size_t *bad);
/* The length of the longest prefix of in that is valid UTF-8. */
size_t conv_utf8_valid(const char *in, size_t n);

/* A converter of UTF-16 to UTF-8 (glibc's iconv), for Excel's "Unicode text": UTF-16 with a
 * byte-order mark, which the caller has seen and skipped. */
struct conv_utf16;

/* A converter of UTF-16LE (big_endian 0) or UTF-16BE. */
struct conv_utf16 *conv_utf16_new(int big_endian);
/* Converts n bytes at in to UTF-8 in out, which holds 3 * n / 2 + 4 bytes; returns the bytes
 * written, and sets *used to the bytes of in that were converted: all but a character cut
 * short at the end (an odd byte, or the first half of a surrogate pair), which the caller
 * passes again with the bytes that follow.  Returns -1 when in holds bytes that are no
 * UTF-16 (a half of a surrogate pair alone), with *used at the first of them. */
long conv_utf16(struct conv_utf16 *c, const char *in, size_t n, char *out, size_t *used);
void conv_utf16_free(struct conv_utf16 *c);

/* Writes the cleaned form of a header name into out (n + 1 bytes, NUL-terminated) and
 * returns its length: ASCII letters lowercased, digits and other letters kept, every run
 * of other characters (spaces, punctuation, symbols such as the euro sign, bytes that
 * are not UTF-8) one '_', none at either end.  May return 0. */
size_t conv_clean_name(const char *s, size_t n, char *out);

#endif
