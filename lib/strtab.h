/* strtab: interning of strings (case ids, stage names, group values) as dense numbers. */
#ifndef KETEN_STRTAB_H
#define KETEN_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab;

struct strtab *strtab_new(void);
/* A table whose strings each start at a multiple of STRTAB_ALIGN bytes, so that a string
 * that holds the bytes of a struct (a key of counts, as in partial.c) can be read as that
 * struct in place; a struct of up to that alignment, as every key of keten is. */
struct strtab *strtab_new_aligned(void);
#define STRTAB_ALIGN 8
/* A table for strings that arrive in rising order, each in one run, as the case ids of a
 * log in case order: while every new string is greater than the one before (in byte
 * order, or by length and then in byte order, as K9 before K10), all are different and
 * no index is kept, so that each costs a comparison with the last one instead of a probe
 * of a large hash table.  At the first string that does not rise, the index is built from
 * the strings so far (as large as strtab_reserve asked) and the table works on as one of
 * strtab_new; the ids are the same either way. */
struct strtab *strtab_new_lazy(void);
/* The id of s (n bytes), adding it when new; ids are 0, 1, 2, ... in order of first sight. */
uint32_t strtab_intern(struct strtab *t, const char *s, size_t n);
/* Makes room for n strings in all, so that a table whose size is known from the input
 * (evlog_read sizes the case ids from the file) grows no more while it is filled. */
void strtab_reserve(struct strtab *t, size_t n);
/* The id of s, or UINT32_MAX when it was never added. */
uint32_t strtab_find(const struct strtab *t, const char *s, size_t n);
/* Drops the index once no more strings will be added or looked up, keeping the strings
 * (strtab_str, strtab_len, strtab_count): ten million case ids need it only while they
 * are read.  strtab_intern and strtab_find must not be called after it. */
void strtab_seal(struct strtab *t);
/* The string of an id, NUL-terminated; valid until strtab_free. */
const char *strtab_str(const struct strtab *t, uint32_t id);
size_t strtab_len(const struct strtab *t, uint32_t id);
size_t strtab_count(const struct strtab *t);
/* The ids of t in byte order of their strings (a shorter string before a longer one that
 * begins with it), as a new array of strtab_count(t) ids; when rank is not NULL,
 * rank[id] is set to the id's place in that order.  The one ordering of interned text
 * that every table sorted by name uses. */
uint32_t *strtab_order(const struct strtab *t, uint32_t *rank);
void strtab_free(struct strtab *t);

#endif
