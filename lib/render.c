/* render: tables shown as aligned text, GitHub Markdown, HTML, keten CSV, CSV for Dutch
 * spreadsheets or an Excel workbook (through libxlsxwriter, used here only).
 *
 * A table keeps its cells in one arena: the bytes of every cell one after another, a
 * 32-bit length per cell and a flag byte per row, so a held row costs its bytes plus
 * 4 bytes a cell plus 1.  Aligned text needs every row before the first line (the column
 * widths), so it holds them all, and so does xlsx (its column widths); md, html, csv and
 * csv-nl need only the alignment of each column, which render_start decides from the first
 * RENDER_LOOKAHEAD rows, and after that they write and forget the rows in batches, in
 * constant memory. */
#include "render.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "convert.h"
#include "csvio.h"
#include "diag.h"

/* A line built in a buffer: aligned text, so that the spaces at its end can go, and a
 * Markdown row, handed to the writer whole rather than a piece per cell. */
struct line {
	char *b;
	size_t n, cap;
};

struct render_table {
	size_t ncols;
	char **names;
	size_t *namelen;
	enum render_align *align;
	char *title;

	char *arena;
	size_t alen, acap;
	uint32_t *len;
	size_t ncells, lencap;
	unsigned char *flags;
	size_t nrows, flagcap;

	/* Set by render_start. */
	int streaming, headed;
	enum render_format fmt;
	size_t width;
	struct csvw *out;
	enum render_align *eff; /* the alignment the header went out with */
	struct line row;        /* a Markdown row written as it comes (render_row) */
};

/* What text shows for a line break, a character it cannot show, and a cut. */
#define SYM_NL "\xE2\x8F\x8E"  /* ⏎ U+23CE */
#define SYM_BAD "\xEF\xBF\xBD" /* U+FFFD */
#define SYM_CUT "\xE2\x80\xA6" /* … U+2026 */
#define BAD_CP 0xFFFFFFFFu

/* Writes a string literal. */
#define LIT(w, s) csvw_raw((w), (s), sizeof(s) - 1)

struct range {
	uint32_t lo, hi;
};

/* The width tables follow Unicode 14.0 and were made with Python's unicodedata, taking
 * unassigned code points into the ranges around them:
 *   zero: category Mn or Me, U+200B..200F, 2028..202E, 2060..2064, FEFF, and the
 *         medial and final Hangul jamo U+1160..11FF and D7B0..D7FF;
 *   wide: East Asian Width W or F, and not zero. */
/* clang-format off */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 }, { 0x0730, 0x074A },
	{ 0x07A6, 0x07B0 }, { 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD }, { 0x0816, 0x0819 },
	{ 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D }, { 0x0859, 0x085B },
	{ 0x0898, 0x089F }, { 0x08CA, 0x08E1 }, { 0x08E3, 0x0902 }, { 0x093A, 0x093A },
	{ 0x093C, 0x093C }, { 0x0941, 0x0948 }, { 0x094D, 0x094D }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC }, { 0x09C1, 0x09C4 },
	{ 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 }, { 0x09FE, 0x0A02 }, { 0x0A3C, 0x0A3C },
	{ 0x0A41, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 }, { 0x0A81, 0x0A82 },
	{ 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC8 }, { 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 },
	{ 0x0AFA, 0x0B01 }, { 0x0B3C, 0x0B3C }, { 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 },
	{ 0x0B4D, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 }, { 0x0BC0, 0x0BC0 },
	{ 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 }, { 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C },
	{ 0x0C3E, 0x0C40 }, { 0x0C46, 0x0C56 }, { 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 },
	{ 0x0CBC, 0x0CBC }, { 0x0CBF, 0x0CBF }, { 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD },
	{ 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 }, { 0x0D3B, 0x0D3C }, { 0x0D41, 0x0D44 },
	{ 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 }, { 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA },
	{ 0x0DD2, 0x0DD6 }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD }, { 0x0F18, 0x0F19 },
	{ 0x0F35, 0x0F35 }, { 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E },
	{ 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 }, { 0x0F8D, 0x0FBC }, { 0x0FC6, 0x0FC6 },
	{ 0x102D, 0x1030 }, { 0x1032, 0x1037 }, { 0x1039, 0x103A }, { 0x103D, 0x103E },
	{ 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 }, { 0x1082, 0x1082 },
	{ 0x1085, 0x1086 }, { 0x108D, 0x108D }, { 0x109D, 0x109D }, { 0x1160, 0x11FF },
	{ 0x135D, 0x135F }, { 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD }, { 0x17C6, 0x17C6 },
	{ 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD }, { 0x180B, 0x180D }, { 0x180F, 0x180F },
	{ 0x1885, 0x1886 }, { 0x18A9, 0x18A9 }, { 0x1920, 0x1922 }, { 0x1927, 0x1928 },
	{ 0x1932, 0x1932 }, { 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B },
	{ 0x1A56, 0x1A56 }, { 0x1A58, 0x1A60 }, { 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C },
	{ 0x1A73, 0x1A7F }, { 0x1AB0, 0x1B03 }, { 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A },
	{ 0x1B3C, 0x1B3C }, { 0x1B42, 0x1B42 }, { 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 },
	{ 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD }, { 0x1BE6, 0x1BE6 },
	{ 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED }, { 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 },
	{ 0x1C36, 0x1C37 }, { 0x1CD0, 0x1CD2 }, { 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 },
	{ 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x2028, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20F0 },
	{ 0x2CEF, 0x2CF1 }, { 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xA66F, 0xA672 }, { 0xA674, 0xA67D }, { 0xA69E, 0xA69F },
	{ 0xA6F0, 0xA6F1 }, { 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B },
	{ 0xA825, 0xA826 }, { 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 }, { 0xA8E0, 0xA8F1 },
	{ 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D }, { 0xA947, 0xA951 }, { 0xA980, 0xA982 },
	{ 0xA9B3, 0xA9B3 }, { 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 },
	{ 0xAA29, 0xAA2E }, { 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 }, { 0xAA43, 0xAA43 },
	{ 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C }, { 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 },
	{ 0xAAB7, 0xAAB8 }, { 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED },
	{ 0xAAF6, 0xAAF6 }, { 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 }, { 0xABED, 0xABED },
	{ 0xD7B0, 0xD7FB }, { 0xFB1E, 0xFB1E }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A0F }, { 0x10A38, 0x10A3F },
	{ 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC },
	{ 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 }, { 0x11001, 0x11001 },
	{ 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 },
	{ 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA },
	{ 0x110C2, 0x110C2 }, { 0x11100, 0x11102 }, { 0x11127, 0x1112B },
	{ 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123E, 0x1123E }, { 0x112DF, 0x112DF }, { 0x112E3, 0x112EA },
	{ 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 },
	{ 0x114BA, 0x114BA }, { 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 },
	{ 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD }, { 0x115BF, 0x115C0 },
	{ 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD },
	{ 0x116B0, 0x116B5 }, { 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F },
	{ 0x11722, 0x11725 }, { 0x11727, 0x1172B }, { 0x1182F, 0x11837 },
	{ 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119DB }, { 0x119E0, 0x119E0 },
	{ 0x11A01, 0x11A0A }, { 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E },
	{ 0x11A47, 0x11A47 }, { 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B },
	{ 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 }, { 0x11C30, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 },
	{ 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D45 },
	{ 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 },
	{ 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x16AF0, 0x16AF4 },
	{ 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F }, { 0x16F8F, 0x16F92 },
	{ 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E }, { 0x1CF00, 0x1CF46 },
	{ 0x1D167, 0x1D169 }, { 0x1D17B, 0x1D182 }, { 0x1D185, 0x1D18B },
	{ 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 },
	{ 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 },
	{ 0x1DA9B, 0x1DAAF }, { 0x1E000, 0x1E02A }, { 0x1E130, 0x1E136 },
	{ 0x1E2AE, 0x1E2AE }, { 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 },
	{ 0x1E944, 0x1E94A }, { 0xE0100, 0xE01EF },
};
/* clang-format on */

/* clang-format off */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0x3247 }, { 0x3250, 0x4DBF },
	{ 0x4E00, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAD9 },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x1B2FB }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C },
	{ 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 },
	{ 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E },
	{ 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D },
	{ 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A },
	{ 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F },
	{ 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 },
	{ 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC },
	{ 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF6 }, { 0x20000, 0x3134A },
};
/* clang-format on */

static int in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Characters that text, md and html do not pass through as they are. */
enum { CH_PLAIN, CH_NL, CH_TAB, CH_BAD };

/* Classifies the character at s (n > 0) and returns its length; a CR LF pair is one line
 * break. */
static size_t char_at(const unsigned char *s, size_t n, uint32_t *cp, int *kind)
{
	int k;

	if (s[0] >= 0x20 && s[0] < 0x7F) {
		*cp = s[0];
		*kind = CH_PLAIN;
		return 1;
	}
	if (s[0] == '\r' || s[0] == '\n') {
		*cp = s[0];
		*kind = CH_NL;
		return s[0] == '\r' && n > 1 && s[1] == '\n' ? 2 : 1;
	}
	if (s[0] == '\t') {
		*cp = s[0];
		*kind = CH_TAB;
		return 1;
	}
	/* A byte that does not begin well-formed UTF-8 is one bad character. */
	k = conv_utf8_decode(s, n, cp);
	if (k <= 0) {
		*cp = BAD_CP;
		*kind = CH_BAD;
		return 1;
	}
	*kind = *cp < 0x20 || (*cp >= 0x7F && *cp < 0xA0) ? CH_BAD : CH_PLAIN;
	return (size_t)k;
}

static size_t cp_width(uint32_t c, int kind)
{
	if (kind != CH_PLAIN || c < 0x300)
		return 1;
	if (in_ranges(c, zero_width, sizeof zero_width / sizeof *zero_width))
		return 0;
	if (in_ranges(c, wide, sizeof wide / sizeof *wide))
		return 2;
	return 1;
}

size_t render_width(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0;

	while (i < n && u[i] >= 0x20 && u[i] < 0x7F)
		i++;
	w = i;
	while (i < n) {
		uint32_t cp;
		int kind;
		i += char_at(u + i, n - i, &cp, &kind);
		w += cp_width(cp, kind);
	}
	return w;
}

int render_is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (!e)
			return 0;
	}
	return i == n;
}

int render_is_sheet_number(const char *s, size_t n)
{
	size_t i = 0, int0, digits;

	if (i < n && s[i] == '-')
		i++;
	for (int0 = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	digits = i - int0;
	/* 0012 is an id, not twelve: a spreadsheet would drop its zeros. */
	if (digits == 0 || (digits > 1 && s[int0] == '0'))
		return 0;
	if (i < n && s[i] == '.') {
		size_t frac0 = ++i;

		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == frac0)
			return 0;
		digits += i - frac0;
	}
	return i == n && digits <= 15;
}

/* Escapers write runs of plain bytes whole and only look closely at the bytes their
 * table marks: ASCII they change, control characters, and every byte of a multi-byte
 * character (which must be checked to be UTF-8). */
static unsigned char html_special[256], md_special[256];

static void init_special(void)
{
	static int done;
	int c;

	if (done)
		return;
	for (c = 0; c < 256; c++) {
		int ctl = c < 0x20 || c >= 0x7F;
		html_special[c] = ctl || strchr("&<>\"'", c) != NULL;
		md_special[c] = ctl || strchr("\\|`*[]<>~_&", c) != NULL;
	}
	html_special[0] = md_special[0] = 1;
	done = 1;
}

static const char *entity(uint32_t c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* HTML text; br turns line breaks into <br>, as table cells want. */
static void html_text(struct csvw *w, const char *s, size_t n, int br)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	init_special();
	while (i < n) {
		const char *rep;
		uint32_t cp;
		int kind;
		size_t len;

		if (!html_special[u[i]]) {
			i++;
			continue;
		}
		len = char_at(u + i, n - i, &cp, &kind);
		if (kind == CH_NL)
			rep = br ? "<br>" : NULL;
		else if (kind == CH_BAD)
			rep = SYM_BAD;
		else if (kind == CH_PLAIN)
			rep = entity(cp);
		else
			rep = NULL;
		if (rep) {
			csvw_raw(w, s + run, i - run);
			csvw_raw(w, rep, strlen(rep));
			run = i + len;
		}
		i += len;
	}
	csvw_raw(w, s + run, n - run);
}

void render_html_escape(struct csvw *w, const char *s, size_t n)
{
	html_text(w, s, n, 0);
}

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(unsigned char c)
{
	return is_letter(c) || (c >= '0' && c <= '9');
}

static void put(struct line *l, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (l->n + n > l->cap)
		xgrow(&l->b, &l->cap, l->n + n, 1);
	memcpy(l->b + l->n, s, n);
	l->n += n;
}

#define PUT(l, s) put((l), (s), sizeof(s) - 1)

static void md_escape(struct line *l, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	init_special();
	while (i < n) {
		/* Eight bytes a test: most cells have nothing to escape. */
		while (i + 8 <= n &&
		       !(md_special[u[i]] | md_special[u[i + 1]] | md_special[u[i + 2]] |
			 md_special[u[i + 3]] | md_special[u[i + 4]] | md_special[u[i + 5]] |
			 md_special[u[i + 6]] | md_special[u[i + 7]]))
			i += 8;
		if (i >= n)
			break;
		const char *rep = NULL;
		int esc = 0;
		uint32_t cp;
		int kind;
		size_t len;

		if (!md_special[u[i]]) {
			i++;
			continue;
		}
		len = char_at(u + i, n - i, &cp, &kind);
		if (kind == CH_NL)
			rep = SYM_NL;
		else if (kind == CH_TAB)
			rep = " ";
		else if (kind == CH_BAD)
			rep = SYM_BAD;
		else if (cp < 0x80 && strchr("\\|`*[]<>~", (int)cp))
			esc = 1;
		else if (cp == '_')
			/* An underscore between letters or digits cannot start or end emphasis,
			 * so stage names like eerste_gesprek stay readable. */
			esc = !(i > 0 && is_alnum(u[i - 1]) && i + 1 < n && is_alnum(u[i + 1]));
		else if (cp == '&')
			/* Only an & that could begin an entity reference changes meaning. */
			esc = i + 1 < n && (u[i + 1] == '#' || is_letter(u[i + 1]));
		if (rep || esc) {
			put(l, s + run, i - run);
			if (rep) {
				put(l, rep, strlen(rep));
				run = i + len;
			} else {
				PUT(l, "\\");
				run = i;
			}
		}
		i += len;
	}
	put(l, s + run, n - run);
}

void render_md_escape(struct csvw *w, const char *s, size_t n)
{
	struct line l = { NULL, 0, 0 };

	md_escape(&l, s, n);
	if (l.n)
		csvw_raw(w, l.b, l.n);
	free(l.b);
}

/* A Markdown row: each cell escaped, the empty cell of a suppressed row as the mark. */
static void md_row(struct line *l, const char *const *cells, const size_t *lens, size_t ncols,
		   int flags)
{
	size_t i;

	l->n = 0;
	for (i = 0; i < ncols; i++) {
		PUT(l, "| ");
		if (lens[i] == 0 && (flags & RENDER_SUPPRESSED))
			md_escape(l, RENDER_MARK, strlen(RENDER_MARK));
		else
			md_escape(l, cells[i], lens[i]);
		PUT(l, " ");
	}
	PUT(l, "|\n");
}

const char render_css[] =
	"body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}\n"
	"table{border-collapse:collapse}\n"
	"caption{text-align:left;font-weight:bold;padding:0 0 .5em}\n"
	"th,td{padding:.25em .75em;text-align:left;vertical-align:top;"
	"border-bottom:1px solid #ddd}\n"
	"th{border-bottom:2px solid #999}\n"
	"tbody tr:nth-child(even){background:#f6f6f6}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tr.s{color:#555}\n";

void render_page_begin(struct csvw *w, const char *title, const char *lang, const char *css)
{
	LIT(w, "<!DOCTYPE html>\n<html lang=\"");
	render_html_escape(w, lang, strlen(lang));
	LIT(w, "\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	       "<title>");
	if (title)
		render_html_escape(w, title, strlen(title));
	else
		LIT(w, "keten");
	LIT(w, "</title>\n<style>\n");
	csvw_raw(w, render_css, strlen(render_css));
	if (css)
		csvw_raw(w, css, strlen(css));
	LIT(w, "</style>\n</head>\n<body>\n");
}

void render_page_end(struct csvw *w)
{
	LIT(w, "</body>\n</html>\n");
}

struct render_table *render_new(size_t ncols, const char *const *names)
{
	struct render_table *t = xcalloc(1, sizeof *t);
	size_t i;

	t->ncols = ncols;
	t->names = xcalloc(ncols, sizeof *t->names);
	t->namelen = xcalloc(ncols, sizeof *t->namelen);
	t->align = xcalloc(ncols, sizeof *t->align);
	for (i = 0; i < ncols; i++) {
		t->names[i] = xstrdup(names[i]);
		t->namelen[i] = strlen(names[i]);
		t->align[i] = RENDER_AUTO;
	}
	return t;
}

void render_free(struct render_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->namelen);
	free(t->align);
	free(t->title);
	free(t->row.b);
	free(t->arena);
	free(t->len);
	free(t->flags);
	free(t->eff);
	free(t);
}

void render_set_title(struct render_table *t, const char *title)
{
	free(t->title);
	t->title = title ? xstrdup(title) : NULL;
}

void render_set_align(struct render_table *t, size_t col, enum render_align a)
{
	if (col < t->ncols)
		t->align[col] = a;
}

size_t render_nrows(const struct render_table *t)
{
	return t->nrows;
}

void render_cell(struct render_table *t, const char *s, size_t n)
{
	if (t->ncells - t->nrows * t->ncols >= t->ncols)
		die("render: more than %zu cells in a row", t->ncols);
	if (n > UINT32_MAX)
		die("render: a cell of %zu bytes is too long to show", n);
	if (t->alen + n > t->acap)
		xgrow(&t->arena, &t->acap, t->alen + n, 1);
	if (n)
		memcpy(t->arena + t->alen, s, n);
	t->alen += n;
	if (t->ncells + 1 > t->lencap)
		xgrow(&t->len, &t->lencap, t->ncells + 1, sizeof *t->len);
	t->len[t->ncells++] = (uint32_t)n;
}

static void flush_rows(struct render_table *t);

void render_end_row(struct render_table *t, int flags)
{
	size_t have = t->ncells - t->nrows * t->ncols;

	if (have != t->ncols)
		die("render: a row of %zu cells in a table of %zu columns", have, t->ncols);
	xgrow(&t->flags, &t->flagcap, t->nrows + 1, 1);
	t->flags[t->nrows++] = (unsigned char)flags;
	if (t->streaming && t->fmt != RENDER_TEXT && t->fmt != RENDER_XLSX &&
	    t->nrows >= RENDER_LOOKAHEAD)
		flush_rows(t);
}

void render_row(struct render_table *t, const char *const *cells, const size_t *lens, int flags)
{
	size_t i;

	/* Once the header is out (its alignment decided on the rows held before it), a
	 * Markdown row needs no other row: it is written as it comes, without its copy. */
	if (t->streaming && t->headed && t->nrows == 0 && t->fmt == RENDER_MD) {
		md_row(&t->row, cells, lens, t->ncols, flags);
		csvw_raw(t->out, t->row.b, t->row.n);
		return;
	}
	for (i = 0; i < t->ncols; i++)
		render_cell(t, cells[i], lens[i]);
	render_end_row(t, flags);
}

/* Walks the held rows cell by cell. */
struct cursor {
	const struct render_table *t;
	size_t off, cell;
};

/* The next cell as shown: RENDER_MARK for an empty cell of a suppressed row. */
static const char *next_cell(struct cursor *c, size_t row, size_t *n)
{
	const char *s = c->t->arena + c->off;

	*n = c->t->len[c->cell++];
	c->off += *n;
	if (*n == 0 && (c->t->flags[row] & RENDER_SUPPRESSED)) {
		*n = strlen(RENDER_MARK);
		return RENDER_MARK;
	}
	return s;
}

/* A column is right-aligned when it holds at least one number and nothing else but empty
 * cells and the mark of a suppressed cell. */
static void decide_align(const struct render_table *t, enum render_align *eff)
{
	unsigned char *num = xcalloc(t->ncols, 1), *other = xcalloc(t->ncols, 1);
	struct cursor c = { t, 0, 0 };
	size_t r, i, n;

	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			const char *s = next_cell(&c, r, &n);
			if (n == 0 || (n == 1 && s[0] == RENDER_MARK[0]) || other[i])
				continue;
			if (render_is_number(s, n))
				num[i] = 1;
			else
				other[i] = 1;
		}
	for (i = 0; i < t->ncols; i++) {
		eff[i] = t->align[i];
		if (eff[i] == RENDER_AUTO)
			eff[i] = num[i] && !other[i] ? RENDER_RIGHT : RENDER_LEFT;
	}
	free(num);
	free(other);
}

/* csv-nl: one field, after a ';' unless it is the first.  A number gets a decimal comma.
 * Text that begins with = + - @, a tab or a carriage return, which a spreadsheet would
 * take for a formula, gets a "'" in front (OWASP, CSV Injection); a field that holds ';',
 * '"' or a line break is quoted, with its quotes doubled. */
static void nl_field(struct csvw *w, const char *s, size_t n, int first)
{
	size_t i, run;
	int quote = 0;

	if (!first)
		LIT(w, ";");
	if (render_is_sheet_number(s, n)) {
		const char *dot = memchr(s, '.', n);

		if (!dot) {
			csvw_raw(w, s, n);
			return;
		}
		csvw_raw(w, s, (size_t)(dot - s));
		LIT(w, ",");
		csvw_raw(w, dot + 1, n - (size_t)(dot - s) - 1);
		return;
	}
	for (i = 0; i < n && !quote; i++)
		quote = s[i] == ';' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (quote)
		LIT(w, "\"");
	if (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		      s[0] == '\r'))
		LIT(w, "'");
	for (i = run = 0; i < n; i++)
		if (s[i] == '"') {
			csvw_raw(w, s + run, i + 1 - run);
			LIT(w, "\"");
			run = i + 1;
		}
	csvw_raw(w, s + run, n - run);
	if (quote)
		LIT(w, "\"");
}

/* Markdown, HTML and CSV: what comes before the rows, the rows, and what comes after. */
static void write_head(const struct render_table *t, enum render_format f,
		       const enum render_align *eff, struct csvw *w)
{
	size_t i;

	switch (f) {
	case RENDER_MD:
		if (t->title) {
			LIT(w, "# ");
			render_md_escape(w, t->title, strlen(t->title));
			LIT(w, "\n\n");
		}
		for (i = 0; i < t->ncols; i++) {
			LIT(w, "| ");
			render_md_escape(w, t->names[i], t->namelen[i]);
			LIT(w, " ");
		}
		LIT(w, "|\n");
		for (i = 0; i < t->ncols; i++)
			if (eff[i] == RENDER_RIGHT)
				LIT(w, "| ---: ");
			else
				LIT(w, "| --- ");
		LIT(w, "|\n");
		break;
	case RENDER_HTML:
		render_page_begin(w, t->title, RENDER_LANG, NULL);
		/* fall through */
	case RENDER_HTML_TABLE:
		LIT(w, "<table>\n");
		if (t->title) {
			LIT(w, "<caption>");
			html_text(w, t->title, strlen(t->title), 1);
			LIT(w, "</caption>\n");
		}
		LIT(w, "<thead>\n<tr>");
		for (i = 0; i < t->ncols; i++) {
			/* scope tells a screen reader which cells a header is of. */
			if (eff[i] == RENDER_RIGHT)
				LIT(w, "<th scope=\"col\" class=\"n\">");
			else
				LIT(w, "<th scope=\"col\">");
			html_text(w, t->names[i], t->namelen[i], 1);
			LIT(w, "</th>");
		}
		LIT(w, "</tr>\n</thead>\n<tbody>\n");
		break;
	case RENDER_CSV:
		for (i = 0; i < t->ncols; i++)
			csvw_field(w, t->names[i], t->namelen[i]);
		csvw_end(w);
		break;
	case RENDER_CSV_NL:
		/* The byte order mark is what makes Excel read the file as UTF-8. */
		LIT(w, "\xEF\xBB\xBF");
		for (i = 0; i < t->ncols; i++)
			nl_field(w, t->names[i], t->namelen[i], i == 0);
		LIT(w, "\r\n");
		break;
	case RENDER_TEXT:
	case RENDER_XLSX:
		break;
	}
}

static void write_rows(const struct render_table *t, enum render_format f,
		       const enum render_align *eff, struct csvw *w)
{
	struct cursor c = { t, 0, 0 };
	struct line md = { NULL, 0, 0 };
	const char **cell = f == RENDER_MD ? xcalloc(t->ncols + 1, sizeof *cell) : NULL;
	size_t *cell_len = f == RENDER_MD ? xcalloc(t->ncols + 1, sizeof *cell_len) : NULL;
	size_t r, i, n;
	const char *s;

	for (r = 0; r < t->nrows; r++) {
		switch (f) {
		case RENDER_MD:
			for (i = 0; i < t->ncols; i++) {
				cell[i] = t->arena + c.off;
				cell_len[i] = t->len[c.cell++];
				c.off += cell_len[i];
			}
			md_row(&md, cell, cell_len, t->ncols, t->flags[r]);
			csvw_raw(w, md.b, md.n);
			break;
		case RENDER_HTML:
		case RENDER_HTML_TABLE:
			if (t->flags[r] & RENDER_SUPPRESSED)
				LIT(w, "<tr class=\"s\">");
			else
				LIT(w, "<tr>");
			for (i = 0; i < t->ncols; i++) {
				s = next_cell(&c, r, &n);
				if (eff[i] == RENDER_RIGHT)
					LIT(w, "<td class=\"n\">");
				else
					LIT(w, "<td>");
				html_text(w, s, n, 1);
				LIT(w, "</td>");
			}
			LIT(w, "</tr>\n");
			break;
		case RENDER_CSV:
			/* CSV keeps the cells as they are: no mark in suppressed rows. */
			for (i = 0; i < t->ncols; i++) {
				n = t->len[c.cell++];
				csvw_field(w, t->arena + c.off, n);
				c.off += n;
			}
			csvw_end(w);
			break;
		case RENDER_CSV_NL:
			/* Blanks stay empty, as in keten CSV (keten(5), Small cells): the
			 * column suppressed tells them apart. */
			for (i = 0; i < t->ncols; i++) {
				n = t->len[c.cell++];
				nl_field(w, t->arena + c.off, n, i == 0);
				c.off += n;
			}
			LIT(w, "\r\n");
			break;
		case RENDER_TEXT:
		case RENDER_XLSX:
			break;
		}
	}
	free(md.b);
	free(cell);
	free(cell_len);
}

static void write_tail(enum render_format f, struct csvw *w)
{
	if (f == RENDER_HTML || f == RENDER_HTML_TABLE)
		LIT(w, "</tbody>\n</table>\n");
	if (f == RENDER_HTML)
		render_page_end(w);
}

static void spaces(struct line *l, size_t n)
{
	/* Nothing to add: the buffer may not exist yet, and NULL + 0 is undefined. */
	if (n == 0)
		return;
	if (l->n + n > l->cap)
		xgrow(&l->b, &l->cap, l->n + n, 1);
	memset(l->b + l->n, ' ', n);
	l->n += n;
}

/* Appends the characters of s (as text shows them) that fit in width columns, and
 * returns the columns they took. */
static size_t put_shown(struct line *l, const char *s, size_t n, size_t width)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0;

	/* Printable ASCII, most cells, goes in one piece. */
	while (i < n && i < width && u[i] >= 0x20 && u[i] < 0x7F)
		i++;
	put(l, s, i);
	w = i;
	while (i < n) {
		uint32_t cp;
		int kind;
		size_t len = char_at(u + i, n - i, &cp, &kind), cw = cp_width(cp, kind);

		if (w + cw > width)
			break;
		if (kind == CH_PLAIN)
			put(l, s + i, len);
		else if (kind == CH_NL)
			put(l, SYM_NL, strlen(SYM_NL));
		else if (kind == CH_TAB)
			put(l, " ", 1);
		else
			put(l, SYM_BAD, strlen(SYM_BAD));
		w += cw;
		i += len;
	}
	return w;
}

/* Appends s in a column of width columns: padded on the side alignment asks, or cut to
 * end in … when it is wider. */
static void put_cell(struct line *l, const char *s, size_t n, size_t width, enum render_align a)
{
	size_t w = render_width(s, n), used;

	if (w <= width) {
		if (a == RENDER_RIGHT)
			spaces(l, width - w);
		put_shown(l, s, n, w);
		if (a != RENDER_RIGHT)
			spaces(l, width - w);
		return;
	}
	if (width == 0)
		return;
	if (a == RENDER_RIGHT) {
		/* A wide character that does not fit leaves a gap, which goes in front. */
		struct line tmp = { 0 };
		used = put_shown(&tmp, s, n, width - 1);
		spaces(l, width - 1 - used);
		put(l, tmp.b, tmp.n);
		free(tmp.b);
	} else {
		used = put_shown(l, s, n, width - 1);
	}
	put(l, SYM_CUT, strlen(SYM_CUT));
	if (a != RENDER_RIGHT)
		spaces(l, width - 1 - used);
}

static void end_line(struct line *l, struct csvw *w)
{
	while (l->n && l->b[l->n - 1] == ' ')
		l->n--;
	put(l, "\n", 1);
	csvw_raw(w, l->b, l->n);
	l->n = 0;
}

/* How many columns capping the selected widths at cap (never below floor) would save. */
static size_t saving(const size_t *w, const unsigned char *sel, size_t ncols, size_t cap)
{
	size_t i, s = 0;

	for (i = 0; i < ncols; i++)
		if (sel[i] && w[i] > cap)
			s += w[i] - cap;
	return s;
}

/* Narrows the selected columns, the widest first and down to floor at least, until the
 * widths add up to budget; returns 0 when floor is reached first. */
static int squeeze(size_t *w, const unsigned char *sel, size_t ncols, size_t floor, size_t budget)
{
	size_t i, total = 0, excess, lo, hi, over;

	for (i = 0; i < ncols; i++)
		total += w[i];
	if (total <= budget)
		return 1;
	excess = total - budget;
	if (saving(w, sel, ncols, floor) < excess) {
		for (i = 0; i < ncols; i++)
			if (sel[i] && w[i] > floor)
				w[i] = floor;
		return 0;
	}
	/* The widest common cap that saves enough: saving(lo) >= excess > saving(hi). */
	lo = floor;
	hi = floor;
	for (i = 0; i < ncols; i++)
		if (sel[i] && w[i] > hi)
			hi = w[i];
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (saving(w, sel, ncols, mid) >= excess)
			lo = mid;
		else
			hi = mid;
	}
	/* Capping at lo may save more than needed; the leftmost capped columns get the
	 * columns back. */
	over = saving(w, sel, ncols, lo) - excess;
	for (i = 0; i < ncols; i++)
		if (sel[i] && w[i] > lo) {
			w[i] = lo;
			if (over) {
				w[i]++;
				over--;
			}
		}
	return 1;
}

static void write_text(const struct render_table *t, const enum render_align *eff, size_t width,
		       struct csvw *w)
{
	size_t nc = t->ncols, *cw = xcalloc(nc, sizeof *cw), r, i, n;
	unsigned char *sel = xcalloc(nc, 1);
	struct cursor c = { t, 0, 0 };
	struct line l = { 0 };
	const char *s;

	for (i = 0; i < nc; i++)
		cw[i] = render_width(t->names[i], t->namelen[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < nc; i++) {
			size_t cellw;
			s = next_cell(&c, r, &n);
			cellw = render_width(s, n);
			if (cellw > cw[i])
				cw[i] = cellw;
		}
	if (width) {
		/* Text columns give way first, then numbers, each down to 3 columns (two
		 * characters and the …), then all down to 1. */
		size_t seps = nc ? 2 * (nc - 1) : 0, budget = width > seps ? width - seps : 0;
		int ok;

		for (i = 0; i < nc; i++)
			sel[i] = eff[i] != RENDER_RIGHT;
		ok = squeeze(cw, sel, nc, 3, budget);
		for (i = 0; !ok && i < nc; i++)
			sel[i] = eff[i] == RENDER_RIGHT;
		if (!ok)
			ok = squeeze(cw, sel, nc, 3, budget);
		for (i = 0; !ok && i < nc; i++)
			sel[i] = 1;
		if (!ok)
			squeeze(cw, sel, nc, 1, budget);
	}

	if (t->title) {
		size_t tlen = strlen(t->title), tw = render_width(t->title, tlen);
		put_cell(&l, t->title, tlen, width && tw > width ? width : tw, RENDER_LEFT);
		end_line(&l, w);
	}
	for (i = 0; i < nc; i++) {
		if (i)
			spaces(&l, 2);
		put_cell(&l, t->names[i], t->namelen[i], cw[i], eff[i]);
	}
	end_line(&l, w);
	for (i = 0; i < nc; i++) {
		if (i)
			spaces(&l, 2);
		if (cw[i] == 0)
			continue;
		if (l.n + cw[i] > l.cap)
			xgrow(&l.b, &l.cap, l.n + cw[i], 1);
		memset(l.b + l.n, '-', cw[i]);
		l.n += cw[i];
	}
	end_line(&l, w);
	c.off = c.cell = 0;
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < nc; i++) {
			if (i)
				spaces(&l, 2);
			s = next_cell(&c, r, &n);
			put_cell(&l, s, n, cw[i], eff[i]);
		}
		end_line(&l, w);
	}
	free(l.b);
	free(cw);
	free(sel);
}

/* xlsx.  The temporary file libxlsxwriter writes to, while it exists: removed at exit, so
 * that a die between its making and its removal leaves nothing behind. */
static char *xlsx_tmp;

static void remove_xlsx_tmp(void)
{
	if (xlsx_tmp)
		unlink(xlsx_tmp);
}

/* A cell's text as a sheet holds it, NUL-terminated in l: UTF-8 without the control
 * characters that XML cannot carry; a byte that is not UTF-8, a NUL and a control
 * character other than tab and line breaks become U+FFFD, as in html. */
static const char *sheet_text(struct line *l, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	l->n = 0;
	while (i < n) {
		uint32_t cp;
		int kind;
		size_t len = char_at(u + i, n - i, &cp, &kind);

		if (kind == CH_BAD)
			put(l, SYM_BAD, strlen(SYM_BAD));
		else
			put(l, s + i, len);
		i += len;
	}
	put(l, "", 1);
	return l->b;
}

static void xlsx_check(lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR)
		die("render: xlsx: %s: %s", what, lxw_strerror(e));
}

/* The same for a cell: row r of the table (1 is the header), column col. */
static void xlsx_cell_check(lxw_error e, const struct render_table *t, size_t r, size_t col)
{
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		die("render: xlsx: row %zu, column '%s': more than the %d characters a cell holds",
		    r, t->names[col], RENDER_XLSX_CHARS);
	if (e != LXW_NO_ERROR)
		die("render: xlsx: row %zu, column '%s': %s", r, t->names[col], lxw_strerror(e));
}

/* A column's width in characters of the default font: its widest cell and two more, at
 * most 60; wider text wraps in the spreadsheet when its user asks. */
#define XLSX_MAX_WIDTH 60

/* The whole table as a workbook of one sheet: the header row bold and frozen, numbers
 * (render_is_sheet_number) as numeric cells shown with their decimals, everything else as
 * string cells, which a spreadsheet never evaluates, an empty cell of a suppressed row as
 * a string RENDER_MARK, and each column as wide as its widest cell.  The workbook is made
 * in a temporary file and copied to w. */
static void write_xlsx(const struct render_table *t, const enum render_align *eff, struct csvw *w)
{
	static int registered;
	const char *dir = getenv("TMPDIR");
	lxw_format *head, *mark_left, *mark_right, *decimals[16] = { 0 };
	lxw_doc_properties props = { 0 };
	struct cursor c = { t, 0, 0 };
	struct line l = { 0 };
	size_t r, i, n, *cw;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	sigset_t hold, old;
	char buf[BUFSIZ];
	const char *s;
	FILE *fp;
	int fd;

	if (t->nrows > RENDER_XLSX_ROWS)
		die("render: xlsx: %zu rows, more than the %d a sheet holds under its header",
		    t->nrows, RENDER_XLSX_ROWS);
	if (t->ncols > RENDER_XLSX_COLS || t->ncols == 0)
		die("render: xlsx: %zu columns, not 1 to %d", t->ncols, RENDER_XLSX_COLS);
	if (!dir || !*dir)
		dir = "/tmp";
	xlsx_tmp = xmalloc(strlen(dir) + sizeof "/keten-xlsx.XXXXXX");
	sprintf(xlsx_tmp, "%s/keten-xlsx.XXXXXX", dir);
	if (!registered) {
		atexit(remove_xlsx_tmp);
		registered = 1;
	}
	/* SIGHUP, SIGINT and SIGTERM wait until the file is gone again. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigprocmask(SIG_BLOCK, &hold, &old);
	fd = mkstemp(xlsx_tmp);
	if (fd < 0) {
		int e = errno;

		free(xlsx_tmp);
		xlsx_tmp = NULL;
		die("render: xlsx: cannot make a temporary file in %s: %s", dir, strerror(e));
	}
	close(fd);
	wb = workbook_new(xlsx_tmp);
	if (!wb)
		die("render: xlsx: cannot make a workbook");
	/* The creation time is part of the file: a fixed one keeps the bytes the same for the
	 * same input (HACKING.md).  1 January 2000 stands for "not said". */
	props.created = 946684800;
	props.title = t->title;
	xlsx_check(workbook_set_properties(wb, &props), "properties");
	ws = workbook_add_worksheet(wb, NULL);
	if (!ws)
		die("render: xlsx: cannot add a sheet");
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	mark_left = workbook_add_format(wb);
	mark_right = workbook_add_format(wb);
	format_set_align(mark_right, LXW_ALIGN_RIGHT);

	cw = xcalloc(t->ncols, sizeof *cw);
	for (i = 0; i < t->ncols; i++) {
		cw[i] = render_width(t->names[i], t->namelen[i]);
		xlsx_cell_check(worksheet_write_string(ws, 0, (lxw_col_t)i,
						       sheet_text(&l, t->names[i], t->namelen[i]),
						       head),
				t, 1, i);
	}
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			lxw_row_t row = (lxw_row_t)(r + 1);
			lxw_col_t col = (lxw_col_t)i;
			int blank = t->len[c.cell] == 0 && (t->flags[r] & RENDER_SUPPRESSED);
			size_t cellw;

			s = next_cell(&c, r, &n);
			cellw = render_width(s, n);
			if (cellw > cw[i])
				cw[i] = cellw;
			if (n == 0)
				continue;
			if (render_is_sheet_number(s, n)) {
				const char *dot = memchr(s, '.', n);
				size_t d = dot ? n - (size_t)(dot - s) - 1 : 0;
				char num[32];

				/* The format shows the decimals the input has: 12.50 stays 12.50. */
				if (d && !decimals[d]) {
					char code[24] = "0.";

					memset(code + 2, '0', d);
					code[2 + d] = '\0';
					decimals[d] = workbook_add_format(wb);
					format_set_num_format(decimals[d], code);
				}
				memcpy(num, s, n);
				num[n] = '\0';
				xlsx_cell_check(worksheet_write_number(ws, row, col,
								       strtod(num, NULL),
								       decimals[d]),
						t, r + 2, i);
			} else if (blank) {
				xlsx_cell_check(worksheet_write_string(ws, row, col, RENDER_MARK,
								       eff[i] == RENDER_RIGHT
									       ? mark_right
									       : mark_left),
						t, r + 2, i);
			} else {
				xlsx_cell_check(worksheet_write_string(ws, row, col,
								       sheet_text(&l, s, n), NULL),
						t, r + 2, i);
			}
		}
	for (i = 0; i < t->ncols; i++)
		xlsx_check(worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
						(double)(cw[i] + 2 > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH
										    : cw[i] + 2),
						NULL),
			   "column width");
	worksheet_freeze_panes(ws, 1, 0);
	xlsx_check(worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1)),
		   "filter");
	xlsx_check(workbook_close(wb), "cannot write the workbook");

	/* Opened, the file can go: what is read from it stays readable until fclose. */
	fp = fopen(xlsx_tmp, "rb");
	if (!fp) {
		int e = errno;

		die("render: xlsx: cannot read the temporary file %s: %s", xlsx_tmp, strerror(e));
	}
	unlink(xlsx_tmp);
	free(xlsx_tmp);
	xlsx_tmp = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		csvw_raw(w, buf, n);
	if (ferror(fp))
		die("render: xlsx: cannot read the temporary file: %s", strerror(errno));
	fclose(fp);
	free(cw);
	free(l.b);
}

void render_table(const struct render_table *t, enum render_format f, size_t width, struct csvw *w)
{
	enum render_align *eff = xcalloc(t->ncols, sizeof *eff);

	decide_align(t, eff);
	if (f == RENDER_TEXT) {
		write_text(t, eff, width, w);
	} else if (f == RENDER_XLSX) {
		write_xlsx(t, eff, w);
	} else {
		write_head(t, f, eff, w);
		write_rows(t, f, eff, w);
		write_tail(f, w);
	}
	free(eff);
}

static void clear_rows(struct render_table *t)
{
	t->alen = 0;
	t->ncells = 0;
	t->nrows = 0;
}

/* Writes the header once, then the held rows, and forgets them. */
static void flush_rows(struct render_table *t)
{
	if (!t->headed) {
		t->eff = xcalloc(t->ncols, sizeof *t->eff);
		decide_align(t, t->eff);
		write_head(t, t->fmt, t->eff, t->out);
		t->headed = 1;
	}
	write_rows(t, t->fmt, t->eff, t->out);
	clear_rows(t);
}

void render_start(struct render_table *t, enum render_format f, size_t width, struct csvw *w)
{
	t->streaming = 1;
	t->headed = 0;
	t->fmt = f;
	t->width = width;
	t->out = w;
}

void render_finish(struct render_table *t)
{
	if (!t->streaming)
		return;
	if (t->fmt == RENDER_TEXT || t->fmt == RENDER_XLSX) {
		render_table(t, t->fmt, t->width, t->out);
		clear_rows(t);
	} else {
		flush_rows(t);
		write_tail(t->fmt, t->out);
	}
	t->streaming = 0;
	free(t->eff);
	t->eff = NULL;
}
