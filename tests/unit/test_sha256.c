/* Unit tests of lib/sha256.c: the test vectors of FIPS 180-2 (appendix B), the empty
 * message, and the padding boundaries at 55, 56, 63 and 64 bytes, whose digests were
 * taken from coreutils sha256sum.  Run from tests/. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sha256.h"

/* The digest of s in one update, or fed in pieces of step bytes (0: one update). */
static void digest(const char *s, size_t n, size_t step, char *hex)
{
	struct sha256 c;
	unsigned char d[SHA256_BYTES];
	size_t i;

	sha256_init(&c);
	if (step == 0) {
		sha256_update(&c, s, n);
	} else {
		for (i = 0; i < n; i += step)
			sha256_update(&c, s + i, n - i < step ? n - i : step);
	}
	sha256_final(&c, d);
	sha256_hex(d, hex);
}

static void vector(const char *s, size_t n, const char *want, const char *name)
{
	static const size_t steps[] = { 0, 1, 3, 63, 64, 65 };
	char hex[SHA256_HEX], label[128];
	size_t i;

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		digest(s, n, steps[i], hex);
		if (strcmp(hex, want) != 0)
			fprintf(stderr, "%s (pieces of %zu): got %s, want %s\n", name, steps[i],
				hex, want);
		snprintf(label, sizeof label, "sha256 %s, pieces of %zu bytes", name, steps[i]);
		check(strcmp(hex, want) == 0, label);
	}
}

int main(void)
{
	static char million[1000000], pad[65];
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "FIPS 180-2 B.1 \"abc\"");
	vector(m448, strlen(m448),
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "FIPS 180-2 B.2 448-bit message");
	memset(million, 'a', sizeof million);
	vector(million, sizeof million,
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "FIPS 180-2 B.3 a million 'a'");
	vector("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "empty message");
	memset(pad, 'x', sizeof pad);
	vector(pad, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072",
	       "55 bytes (padding fits)");
	vector(pad, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e",
	       "56 bytes (padding spills)");
	vector(pad, 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2",
	       "63 bytes");
	vector(pad, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c",
	       "64 bytes (one whole block)");
	return failed;
}
