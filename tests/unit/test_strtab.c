/* Unit tests of lib/strtab.c: a lazy table (strtab_new_lazy) gives the same ids as an
 * ordinary one whether its strings rise in byte order, by length (K9 before K10), in
 * neither order from some point on (the index is then built from the strings so far), or
 * come back after others; strtab_find answers before and after the index is built.  The
 * expected ids are those of first sight, counted by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "strtab.h"

/* Interns the n strings of v into a lazy and an ordinary table, and checks that both give
 * the ids of want. */
static void same_ids(const char *name, const char *const *v, size_t n, const uint32_t *want)
{
	struct strtab *a = strtab_new_lazy(), *b = strtab_new();
	size_t i;
	int ok = 1;

	for (i = 0; i < n; i++) {
		uint32_t x = strtab_intern(a, v[i], strlen(v[i]));
		uint32_t y = strtab_intern(b, v[i], strlen(v[i]));

		if (x != want[i] || y != want[i])
			ok = 0;
	}
	for (i = 0; i < n; i++)
		if (strtab_find(a, v[i], strlen(v[i])) != want[i] ||
		    strcmp(strtab_str(a, want[i]), v[i]) != 0)
			ok = 0;
	if (strtab_find(a, "absent", 6) != UINT32_MAX || strtab_find(a, "K", 1) != UINT32_MAX)
		ok = 0;
	if (strtab_count(a) != strtab_count(b))
		ok = 0;
	check(ok, name);
	strtab_free(a);
	strtab_free(b);
}

int main(void)
{
	static const char *bytes[] = { "K1", "K1", "K10", "K10", "K2", "K9" };
	static const uint32_t bytes_id[] = { 0, 0, 1, 1, 2, 3 };
	static const char *len[] = { "K8", "K9", "K9", "K10", "K11", "K100" };
	static const uint32_t len_id[] = { 0, 1, 1, 2, 3, 4 };
	static const char *back[] = { "a", "b", "c", "a", "d", "b", "e", "c" };
	static const uint32_t back_id[] = { 0, 1, 2, 0, 3, 1, 4, 2 };
	static const char *fall[] = { "b", "a", "c", "b", "a" };
	static const uint32_t fall_id[] = { 0, 1, 2, 0, 1 };
	/* K10 rises in both orders, K9 after it in byte order only, and K10 again in neither. */
	static const char *both[] = { "K1", "K10", "K9", "K10", "K9", "K100" };
	static const uint32_t both_id[] = { 0, 1, 2, 1, 2, 3 };
	static const char *prefix[] = { "", "a", "ab", "abc", "ab" };
	static const uint32_t prefix_id[] = { 0, 1, 2, 3, 2 };
	struct strtab *t = strtab_new_lazy();
	char buf[32];
	uint32_t i;
	int ok = 1;

	same_ids("lazy: rising in byte order", bytes, 6, bytes_id);
	same_ids("lazy: rising by length", len, 6, len_id);
	same_ids("lazy: a string comes back after others", back, 8, back_id);
	same_ids("lazy: falling at the second string", fall, 5, fall_id);
	same_ids("lazy: both orders broken, then a string again", both, 6, both_id);
	same_ids("lazy: the empty string and prefixes", prefix, 5, prefix_id);

	/* Many ids in rising order, a reserve smaller than their number, then all of them
	 * again in reverse: the index built late holds every one. */
	strtab_reserve(t, 1000);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "C%07u", (unsigned)i);
		if (strtab_intern(t, buf, strlen(buf)) != i)
			ok = 0;
	}
	for (i = 5000; i-- > 0;) {
		snprintf(buf, sizeof buf, "C%07u", (unsigned)i);
		if (strtab_find(t, buf, strlen(buf)) != i)
			ok = 0;
	}
	for (i = 5000; i-- > 0;) {
		snprintf(buf, sizeof buf, "C%07u", (unsigned)i);
		if (strtab_intern(t, buf, strlen(buf)) != i)
			ok = 0;
	}
	if (strtab_intern(t, "new", 3) != 5000 || strtab_count(t) != 5001)
		ok = 0;
	strtab_seal(t);
	if (strcmp(strtab_str(t, 4999), "C0004999") != 0 || strtab_len(t, 5000) != 3)
		ok = 0;
	check(ok, "lazy: 5000 rising ids, found and interned again after the index");
	strtab_free(t);
	return failed;
}
