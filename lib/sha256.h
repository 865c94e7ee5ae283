/* sha256: the SHA-256 digest of FIPS 180-4, for the provenance of report inputs. */
#ifndef KETEN_SHA256_H
#define KETEN_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
/* The digest as lowercase hex, with its NUL. */
#define SHA256_HEX (2 * SHA256_BYTES + 1)

struct sha256 {
	uint32_t h[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64]; /* a block not yet full */
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/* Pads, finishes and writes the digest; c must be initialised again before reuse. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_BYTES]);
/* sha256_update with the context as a void pointer: a reader's tap (csvr_opts.tap). */
void sha256_tap(void *c, const void *data, size_t n);
/* Writes the digest as lowercase hex and a NUL into hex (SHA256_HEX bytes). */
void sha256_hex(const unsigned char d[SHA256_BYTES], char *hex);

#endif
