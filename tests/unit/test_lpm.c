/* test_lpm.c - the longest-prefix match (model/lpm.c) against a linear scan of its prefixes.
 *
 * Hand-made tables for /0, /24, /25, /32 (IPv6: /0, /48, /56, /64, /127, /128), replace,
 * delete-restores-cover, then random tables of 1, 10, 1,000 and 100,000 prefixes looked up
 * at random addresses and at the edges of the prefixes (first, last, one either side), and
 * random add/replace/delete churn. The reference is a linear scan; on the 100,000-prefix
 * table most lookups use a second, equally simple reference (probe every depth in a sorted
 * array) so the test stays within seconds under ASan. Seeds are fixed: a failure repeats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/lpm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64, deterministic ---- */

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t
rnd_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rnd(s) % n);
}

/* ---- IPv4 reference ---- */

struct ref4 {
	uint32_t prefix;
	uint8_t depth;
	uint32_t value;
};

static uint32_t
mask4(unsigned depth)
{
	return depth == 0 ? 0 : UINT32_MAX << (32 - depth);
}

/* @return the index of the longest prefix covering A, or -1 */
static long
linear4(const struct ref4 *r, size_t n, uint32_t a)
{
	long best = -1;
	for (size_t i = 0; i < n; i++)
		if ((a & mask4(r[i].depth)) == r[i].prefix &&
			(best < 0 || r[i].depth > r[best].depth))
			best = (long)i;
	return best;
}

static int
ref4_cmp(const void *pa, const void *pb)
{
	const struct ref4 *a = pa, *b = pb;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return a->prefix < b->prefix ? -1 : a->prefix > b->prefix;
}

/* R sorted by ref4_cmp: probe /32, /31 ... /0 */
static long
probe4(const struct ref4 *r, size_t n, uint32_t a)
{
	for (int d = 32; d >= 0; d--) {
		struct ref4 k = { .prefix = a & mask4((unsigned)d), .depth = (uint8_t)d };
		const struct ref4 *f = bsearch(&k, r, n, sizeof(*r), ref4_cmp);
		if (f)
			return f - r;
	}
	return -1;
}

/* a depth with /0, /8, /16, /24, /25, /32 and their neighbours well represented, mostly /24 */
static unsigned
rnd_depth4(uint64_t *s)
{
	static const uint8_t common[] = { 0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 24, 24, 24, 25, 31, 32,
		32 };
	if (rnd_below(s, 4) == 0)
		return rnd_below(s, 33);
	return common[rnd_below(s, sizeof(common))];
}

/* prefixes drawn near a few hubs so that they nest and overlap */
static uint32_t
rnd_prefix4(uint64_t *s, const uint32_t *hubs, unsigned nhubs, unsigned depth)
{
	uint32_t a = hubs[rnd_below(s, nhubs)] ^ ((uint32_t)rnd(s) >> rnd_below(s, 32));
	return a & mask4(depth);
}

/* an address at random, or at or next to the edges of a prefix of R, or inside it */
static uint32_t
rnd_addr4(uint64_t *s, const struct ref4 *r, size_t n)
{
	if (n == 0 || rnd_below(s, 2) == 0)
		return (uint32_t)rnd(s);
	const struct ref4 *p = &r[rnd_below(s, (uint32_t)n)];
	uint32_t last = p->prefix | ~mask4(p->depth);
	switch (rnd_below(s, 5)) {
	case 0:
		return p->prefix;
	case 1:
		return p->prefix - 1;
	case 2:
		return last;
	case 3:
		return last + 1;
	default:
		return p->prefix | ((uint32_t)rnd(s) & ~mask4(p->depth));
	}
}

/* a random table of N distinct prefixes; values are their indexes */
static struct ref4 *
random_table4(uint64_t *s, size_t n, struct lpm4 *lpm)
{
	struct ref4 *r = calloc(n ? n : 1, sizeof(*r));
	uint32_t hubs[16];
	for (unsigned i = 0; i < 16; i++)
		hubs[i] = (uint32_t)rnd(s);
	size_t have = 0;
	while (have < n) {
		unsigned d = rnd_depth4(s);
		/* the bigger tables spread over the whole space, as a real full table does */
		uint32_t p = n > 1000 && d >= 16 ? (uint32_t)rnd(s) & mask4(d)
						 : rnd_prefix4(s, hubs, 16, d);
		uint32_t old;
		if (lpm4_get(lpm, p, (uint8_t)d, &old))
			continue;
		r[have] = (struct ref4){ p, (uint8_t)d, (uint32_t)have };
		assert_true(lpm4_add(lpm, p, (uint8_t)d, (uint32_t)have));
		have++;
	}
	return r;
}

/* looks up N addresses one by one and in bulk; EXPECT gives the reference answer */
static void
check4(const struct lpm4 *lpm, const struct ref4 *r, size_t n, uint64_t *s, size_t lookups,
	long (*expect)(const struct ref4 *, size_t, uint32_t), const struct ref4 *sorted)
{
	enum { B = 37 }; /* not a multiple of the bulk batch */
	uint32_t addrs[B], got[B];
	long want[B];

	for (size_t done = 0; done < lookups; done += B) {
		for (unsigned i = 0; i < B; i++) {
			addrs[i] = rnd_addr4(s, r, n);
			long w = expect(sorted ? sorted : r, n, addrs[i]);
			want[i] = w < 0 ? -1 : (long)(sorted ? sorted : r)[w].value;
		}
		lpm4_lookup_bulk(lpm, addrs, got, B);
		for (unsigned i = 0; i < B; i++) {
			uint32_t v = 0xdeadbeef;
			bool hit = lpm4_lookup(lpm, addrs[i], &v);
			if (want[i] < 0) {
				if (hit || got[i] != LPM_MISS)
					fail_msg("0x%08x: want miss, got %u (bulk %u)", addrs[i], v,
						got[i]);
				assert_int_equal(v, 0xdeadbeef); /* untouched on a miss */
			} else if (!hit || v != (uint32_t)want[i] || got[i] != (uint32_t)want[i]) {
				fail_msg("0x%08x: want %ld, got %s %u (bulk %u)", addrs[i], want[i],
					hit ? "hit" : "miss", v, got[i]);
			}
		}
	}
}

static uint32_t
ip4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | d;
}

static void
assert_lookup4(const struct lpm4 *lpm, uint32_t a, long want)
{
	uint32_t v = 0xdeadbeef;
	bool hit = lpm4_lookup(lpm, a, &v);
	if (want < 0) {
		assert_false(hit);
		assert_int_equal(v, 0xdeadbeef);
	} else {
		assert_true(hit);
		assert_int_equal(v, want);
	}
}

static size_t
groups4(const struct lpm4 *lpm)
{
	struct lpm_stats st;
	lpm4_stats(lpm, &st);
	return st.groups;
}

/* ---- IPv4 tests ---- */

static void
test_lpm4_empty_table_misses(void **state)
{
	(void)state;
	struct lpm4 *lpm = lpm4_new();
	uint32_t addrs[3] = { 0, ip4(10, 0, 0, 1), UINT32_MAX }, got[3] = { 1, 2, 3 };
	assert_lookup4(lpm, 0, -1);
	assert_lookup4(lpm, UINT32_MAX, -1);
	lpm4_lookup_bulk(lpm, addrs, got, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(got[i], LPM_MISS);
	assert_int_equal(groups4(lpm), 0);
	lpm4_free(lpm);
}

static void
test_lpm4_default_route_covers_everything(void **state)
{
	(void)state;
	struct lpm4 *lpm = lpm4_new();
	assert_true(lpm4_add(lpm, 0, 0, 7));
	assert_lookup4(lpm, 0, 7);
	assert_lookup4(lpm, ip4(10, 1, 2, 3), 7);
	assert_lookup4(lpm, UINT32_MAX, 7);
	/* the default route under a /32: the /32 wins only for its own address */
	assert_true(lpm4_add(lpm, ip4(10, 1, 2, 3), 32, 8));
	assert_lookup4(lpm, ip4(10, 1, 2, 3), 8);
	assert_lookup4(lpm, ip4(10, 1, 2, 4), 7);
	assert_true(lpm4_delete(lpm, 0, 0));
	assert_lookup4(lpm, ip4(10, 1, 2, 4), -1);
	assert_lookup4(lpm, ip4(10, 1, 2, 3), 8);
	assert_true(lpm4_delete(lpm, ip4(10, 1, 2, 3), 32));
	assert_lookup4(lpm, ip4(10, 1, 2, 3), -1);
	assert_int_equal(groups4(lpm), 0);
	lpm4_free(lpm);
}

static void
test_lpm4_nested_24_25_32_delete_restores_cover(void **state)
{
	(void)state;
	struct lpm4 *lpm = lpm4_new();
	assert_true(lpm4_add(lpm, 0, 0, 1));
	assert_true(lpm4_add(lpm, ip4(10, 0, 0, 0), 8, 2));
	assert_true(lpm4_add(lpm, ip4(10, 1, 2, 0), 24, 3));
	assert_true(lpm4_add(lpm, ip4(10, 1, 2, 128), 25, 4));
	assert_true(lpm4_add(lpm, ip4(10, 1, 2, 200), 32, 5));
	/* the /24's two halves and the boundaries of each prefix */
	assert_lookup4(lpm, ip4(10, 1, 1, 255), 2);
	assert_lookup4(lpm, ip4(10, 1, 2, 0), 3);
	assert_lookup4(lpm, ip4(10, 1, 2, 127), 3);
	assert_lookup4(lpm, ip4(10, 1, 2, 128), 4);
	assert_lookup4(lpm, ip4(10, 1, 2, 199), 4);
	assert_lookup4(lpm, ip4(10, 1, 2, 200), 5);
	assert_lookup4(lpm, ip4(10, 1, 2, 201), 4);
	assert_lookup4(lpm, ip4(10, 1, 2, 255), 4);
	assert_lookup4(lpm, ip4(10, 1, 3, 0), 2);
	assert_lookup4(lpm, ip4(10, 255, 255, 255), 2);
	assert_lookup4(lpm, ip4(11, 0, 0, 0), 1);
	assert_lookup4(lpm, ip4(9, 255, 255, 255), 1);

	/* the /25 goes: its half falls back to the /24, the /32 stays */
	assert_true(lpm4_delete(lpm, ip4(10, 1, 2, 128), 25));
	assert_lookup4(lpm, ip4(10, 1, 2, 128), 3);
	assert_lookup4(lpm, ip4(10, 1, 2, 255), 3);
	assert_lookup4(lpm, ip4(10, 1, 2, 200), 5);
	/* the /24 goes: the /8 covers, the /32 still stays */
	assert_true(lpm4_delete(lpm, ip4(10, 1, 2, 0), 24));
	assert_lookup4(lpm, ip4(10, 1, 2, 0), 2);
	assert_lookup4(lpm, ip4(10, 1, 2, 200), 5);
	/* deleting a prefix twice, or one never added, changes nothing */
	assert_false(lpm4_delete(lpm, ip4(10, 1, 2, 0), 24));
	assert_false(lpm4_delete(lpm, ip4(10, 1, 2, 0), 23));
	assert_lookup4(lpm, ip4(10, 1, 2, 0), 2);
	/* the /8 goes under the /32: the default route covers; the /32 keeps its group */
	assert_true(lpm4_delete(lpm, ip4(10, 0, 0, 0), 8));
	assert_lookup4(lpm, ip4(10, 1, 2, 199), 1);
	assert_lookup4(lpm, ip4(10, 1, 2, 200), 5);
	assert_int_equal(groups4(lpm), 2);
	assert_true(lpm4_delete(lpm, ip4(10, 1, 2, 200), 32));
	assert_lookup4(lpm, ip4(10, 1, 2, 200), 1);
	assert_int_equal(groups4(lpm), 0); /* every group given back */
	lpm4_free(lpm);
}

static void
test_lpm4_replace_value_and_arguments(void **state)
{
	(void)state;
	struct lpm4 *lpm = lpm4_new();
	struct lpm_stats st;
	uint32_t v;
	assert_true(lpm4_add(lpm, ip4(172, 16, 0, 0), 12, 1));
	assert_true(lpm4_add(lpm, ip4(172, 16, 5, 0), 24, 2));
	assert_true(lpm4_add(lpm, ip4(172, 16, 0, 0), 12, 3)); /* replace */
	assert_lookup4(lpm, ip4(172, 20, 0, 1), 3);
	assert_lookup4(lpm, ip4(172, 16, 5, 1), 2);
	assert_true(lpm4_add(lpm, ip4(172, 16, 5, 99), 24, 4)); /* host bits ignored */
	assert_lookup4(lpm, ip4(172, 16, 5, 1), 4);
	assert_true(lpm4_get(lpm, ip4(172, 16, 5, 0), 24, &v));
	assert_int_equal(v, 4);
	lpm4_stats(lpm, &st);
	assert_int_equal(st.rules, 2);
	assert_true(lpm4_delete(lpm, ip4(172, 16, 5, 0), 24));
	assert_lookup4(lpm, ip4(172, 16, 5, 1), 3); /* no stale value */
	assert_true(lpm4_add(lpm, 0, 0, LPM_VALUE_MAX));
	assert_lookup4(lpm, 1, LPM_VALUE_MAX);
	assert_false(lpm4_add(lpm, 0, 33, 1));
	assert_false(lpm4_add(lpm, 0, 8, LPM_VALUE_MAX + 1));
	assert_false(lpm4_delete(lpm, 0, 33));
	assert_false(lpm4_get(lpm, 0, 8, &v));
	lpm4_free(lpm);
}

/* Two /17 (or /25) halves with one value fill their group with equal leaves: the group must
 * not be folded into a /16 (/24) entry, or deleting one half would take the other. */
static void
test_lpm4_sibling_prefixes_with_equal_values_stay_apart(void **state)
{
	(void)state;
	struct lpm4 *lpm = lpm4_new();
	assert_true(lpm4_add(lpm, ip4(10, 0, 0, 0), 17, 5));
	assert_true(lpm4_add(lpm, ip4(10, 0, 128, 0), 17, 5));
	assert_true(lpm4_add(lpm, ip4(10, 0, 1, 0), 25, 5));
	assert_true(lpm4_add(lpm, ip4(10, 0, 1, 128), 25, 5));
	assert_true(lpm4_add(lpm, ip4(10, 0, 1, 7), 32, 6));
	assert_true(lpm4_delete(lpm, ip4(10, 0, 1, 7), 32));
	assert_true(lpm4_add(lpm, ip4(10, 0, 200, 0), 24, 6));
	assert_true(lpm4_delete(lpm, ip4(10, 0, 200, 0), 24));
	assert_lookup4(lpm, ip4(10, 0, 1, 7), 5);
	assert_true(lpm4_delete(lpm, ip4(10, 0, 1, 0), 25));
	assert_lookup4(lpm, ip4(10, 0, 1, 0), 5); /* the /17 */
	assert_lookup4(lpm, ip4(10, 0, 1, 128), 5);
	assert_true(lpm4_delete(lpm, ip4(10, 0, 0, 0), 17));
	assert_lookup4(lpm, ip4(10, 0, 0, 1), -1);
	assert_lookup4(lpm, ip4(10, 0, 1, 127), -1);
	assert_lookup4(lpm, ip4(10, 0, 1, 128), 5); /* the other /25 */
	assert_lookup4(lpm, ip4(10, 0, 128, 0), 5); /* the other /17 */
	assert_true(lpm4_delete(lpm, ip4(10, 0, 1, 128), 25));
	assert_true(lpm4_delete(lpm, ip4(10, 0, 128, 0), 17));
	assert_lookup4(lpm, ip4(10, 0, 128, 0), -1);
	assert_int_equal(groups4(lpm), 0);
	lpm4_free(lpm);
}

static void
random_vs_linear4(uint64_t seed, size_t n, size_t linear_lookups, size_t probe_lookups)
{
	uint64_t s = seed;
	struct lpm4 *lpm = lpm4_new();
	struct ref4 *r = random_table4(&s, n, lpm);
	check4(lpm, r, n, &s, linear_lookups, linear4, NULL);
	if (probe_lookups) {
		struct ref4 *sorted = malloc(n * sizeof(*sorted));
		memcpy(sorted, r, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), ref4_cmp);
		check4(lpm, r, n, &s, probe_lookups, probe4, sorted);
		free(sorted);
	}
	/* every prefix's own first address finds it or a longer one */
	for (size_t i = 0; i < n; i++) {
		uint32_t v;
		assert_true(lpm4_lookup(lpm, r[i].prefix, &v));
		assert_true(r[v].depth >= r[i].depth);
	}
	free(r);
	lpm4_free(lpm);
}

static void
test_lpm4_random_tables_vs_linear_scan(void **state)
{
	(void)state;
	random_vs_linear4(1, 1, 300000, 0);
	random_vs_linear4(2, 10, 600000, 0);
	random_vs_linear4(3, 1000, 100000, 0);
	random_vs_linear4(4, 100000, 1500, 600000);
}

static void
test_lpm4_churn_vs_linear_scan(void **state)
{
	(void)state;
	uint64_t s = 5;
	uint32_t hubs[4];
	struct lpm4 *lpm = lpm4_new();
	size_t cap = 600, n = 0;
	struct ref4 *r = calloc(cap, sizeof(*r));

	for (unsigned i = 0; i < 4; i++)
		hubs[i] = (uint32_t)rnd(&s);
	for (unsigned op = 0; op < 20000; op++) {
		unsigned what = rnd_below(&s, 10);
		if (n > 0 && (what < 4 || n == cap)) {
			size_t i = rnd_below(&s, (uint32_t)n);
			assert_true(lpm4_delete(lpm, r[i].prefix, r[i].depth));
			r[i] = r[--n];
		} else if (n > 0 && what < 5) {
			size_t i = rnd_below(&s, (uint32_t)n);
			r[i].value = rnd_below(&s, 4);
			assert_true(lpm4_add(lpm, r[i].prefix, r[i].depth, r[i].value));
		} else {
			unsigned d = rnd_depth4(&s);
			uint32_t p = rnd_prefix4(&s, hubs, 4, d), old;
			if (lpm4_get(lpm, p, (uint8_t)d, &old))
				continue;
			r[n] = (struct ref4){ p, (uint8_t)d,
				rnd_below(&s, 4) }; /* equal values, apart */
			assert_true(lpm4_add(lpm, p, (uint8_t)d, r[n].value));
			n++;
		}
		if (op % 500 == 0)
			check4(lpm, r, n, &s, 1000, linear4, NULL);
	}
	check4(lpm, r, n, &s, 20000, linear4, NULL);
	while (n > 0) {
		assert_true(lpm4_delete(lpm, r[n - 1].prefix, r[n - 1].depth));
		n--;
	}
	check4(lpm, r, 0, &s, 1000, linear4, NULL);
	assert_int_equal(groups4(lpm), 0);
	free(r);
	lpm4_free(lpm);
}

struct walk4 {
	const struct ref4 *r;
	size_t n, seen;
};

static void
walk4_visit(uint32_t prefix, uint8_t depth, uint32_t value, void *ctx)
{
	struct walk4 *w = ctx;
	assert_true(value < w->n);
	assert_int_equal(w->r[value].prefix, prefix);
	assert_int_equal(w->r[value].depth, depth);
	w->seen++;
}

static void
test_lpm4_walk_visits_each_prefix(void **state)
{
	(void)state;
	uint64_t s = 6;
	struct lpm4 *lpm = lpm4_new();
	struct ref4 *r = random_table4(&s, 3000, lpm);
	struct walk4 w = { r, 3000, 0 };
	lpm4_walk(lpm, walk4_visit, &w);
	assert_int_equal(w.seen, 3000);
	free(r);
	lpm4_free(lpm);
}

/* ---- IPv6 ---- */

struct ref6 {
	uint8_t prefix[16];
	uint8_t depth;
	uint32_t value;
};

static void
mask6(uint8_t out[16], const uint8_t in[16], unsigned depth)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = depth >= 8 * (i + 1) ? 8 : depth > 8 * i ? depth - 8 * i : 0;
		out[i] = keep == 0 ? 0 : (uint8_t)(in[i] & (0xff << (8 - keep)));
	}
}

static bool
covers6(const struct ref6 *r, const uint8_t a[16])
{
	uint8_t m[16];
	mask6(m, a, r->depth);
	return memcmp(m, r->prefix, 16) == 0;
}

static long
linear6(const struct ref6 *r, size_t n, const uint8_t a[16])
{
	long best = -1;
	for (size_t i = 0; i < n; i++)
		if (covers6(&r[i], a) && (best < 0 || r[i].depth > r[best].depth))
			best = (long)i;
	return best;
}

static unsigned
rnd_depth6(uint64_t *s)
{
	static const uint8_t common[] = { 0, 16, 17, 24, 32, 40, 47, 48, 48, 49, 56, 56, 63, 64, 64,
		64, 65, 96, 127, 128, 128 };
	if (rnd_below(s, 4) == 0)
		return rnd_below(s, 129);
	return common[rnd_below(s, sizeof(common))];
}

static void
rnd_bytes(uint64_t *s, uint8_t out[16])
{
	uint64_t a = rnd(s), b = rnd(s);
	memcpy(out, &a, 8);
	memcpy(out + 8, &b, 8);
}

/* near a hub: the hub with a random run of low bits flipped */
static void
rnd_prefix6(uint64_t *s, const uint8_t hubs[][16], unsigned nhubs, unsigned depth, uint8_t out[16])
{
	uint8_t noise[16], keep[16];
	memcpy(out, hubs[rnd_below(s, nhubs)], 16);
	rnd_bytes(s, noise);
	memset(keep, 0xff, 16);
	mask6(keep, keep, rnd_below(s, 129));
	for (unsigned i = 0; i < 16; i++)
		out[i] ^= noise[i] & (uint8_t)~keep[i];
	mask6(out, out, depth);
}

/* at random, or at or next to a prefix's edges, or inside it */
static void
rnd_addr6(uint64_t *s, const struct ref6 *r, size_t n, uint8_t a[16])
{
	rnd_bytes(s, a);
	if (n == 0 || rnd_below(s, 4) == 0)
		return;
	const struct ref6 *p = &r[rnd_below(s, (uint32_t)n)];
	uint8_t host[16], all[16];
	memset(all, 0xff, 16);
	mask6(host, all, p->depth); /* network bits set */
	unsigned how = rnd_below(s, 5);
	for (unsigned i = 0; i < 16; i++) {
		uint8_t hostbits = (uint8_t)~host[i];
		uint8_t fill = how == 0 || how == 1 ? 0 : how == 2 || how == 3 ? 0xff : a[i];
		a[i] = p->prefix[i] | (fill & hostbits);
	}
	/* one before the first address, one after the last: carry across the bytes */
	if (how == 1)
		for (int i = 15; i >= 0 && a[i]-- == 0; i--)
			;
	if (how == 3)
		for (int i = 15; i >= 0 && ++a[i] == 0; i--)
			;
}

static void
check6(const struct lpm6 *lpm, const struct ref6 *r, size_t n, uint64_t *s, size_t lookups)
{
	for (size_t k = 0; k < lookups; k++) {
		uint8_t a[16];
		uint32_t v = 0xdeadbeef;
		rnd_addr6(s, r, n, a);
		long w = linear6(r, n, a);
		bool hit = lpm6_lookup(lpm, a, &v);
		if (w < 0 && hit)
			fail_msg("lookup %zu: want miss, got %u", k, v);
		if (w >= 0 && (!hit || v != r[w].value))
			fail_msg("lookup %zu: want %u (/%u), got %s %u", k, r[w].value, r[w].depth,
				hit ? "hit" : "miss", v);
	}
}

static size_t
groups6(const struct lpm6 *lpm)
{
	struct lpm_stats st;
	lpm6_stats(lpm, &st);
	return st.groups;
}

static void
test_lpm6_nested_0_48_56_64_127_128(void **state)
{
	(void)state;
	/* 2001:db8:1:2::/64 and its neighbourhood */
	static const uint8_t p[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02 };
	static const uint8_t depths[] = { 0, 48, 56, 64, 127, 128 };
	struct lpm6 *lpm = lpm6_new();
	struct ref6 r[6];
	uint64_t s = 7;

	for (unsigned i = 0; i < 6; i++) {
		uint8_t a[16];
		memcpy(a, p, 16);
		a[15] = 0x05; /* ::5 so that /127 and /128 name ::4/127 and ::5/128 */
		mask6(r[i].prefix, a, depths[i]);
		r[i].depth = depths[i];
		r[i].value = 10 + i;
		assert_true(lpm6_add(lpm, a, depths[i], r[i].value));
	}
	check6(lpm, r, 6, &s, 20000);
	uint8_t a[16];
	uint32_t v;
	memcpy(a, p, 16);
	a[15] = 5;
	assert_true(lpm6_lookup(lpm, a, &v));
	assert_int_equal(v, 15);
	a[15] = 4;
	assert_true(lpm6_lookup(lpm, a, &v));
	assert_int_equal(v, 14);
	a[15] = 6;
	assert_true(lpm6_lookup(lpm, a, &v));
	assert_int_equal(v, 13);
	a[7] = 3; /* outside the /64, inside the /56 */
	assert_true(lpm6_lookup(lpm, a, &v));
	assert_int_equal(v, 12);

	/* delete from the middle outwards, checking against the shrinking reference */
	static const unsigned order[] = { 3, 4, 1, 5, 0, 2 };
	size_t n = 6;
	for (unsigned k = 0; k < 6; k++) {
		size_t i = 0;
		while (r[i].depth != depths[order[k]])
			i++;
		assert_true(lpm6_delete(lpm, r[i].prefix, r[i].depth));
		assert_false(lpm6_delete(lpm, r[i].prefix, r[i].depth));
		r[i] = r[--n];
		check6(lpm, r, n, &s, 5000);
	}
	assert_int_equal(groups6(lpm), 0);
	assert_false(lpm6_add(lpm, p, 129, 1));
	lpm6_free(lpm);
}

static void
random_vs_linear6(uint64_t seed, size_t n, size_t lookups)
{
	uint64_t s = seed;
	uint8_t hubs[8][16];
	struct lpm6 *lpm = lpm6_new();
	struct ref6 *r = calloc(n, sizeof(*r));

	for (unsigned i = 0; i < 8; i++)
		rnd_bytes(&s, hubs[i]);
	for (size_t have = 0; have < n;) {
		unsigned d = rnd_depth6(&s);
		uint32_t old;
		rnd_prefix6(&s, (const uint8_t(*)[16])hubs, 8, d, r[have].prefix);
		if (lpm6_get(lpm, r[have].prefix, (uint8_t)d, &old))
			continue;
		r[have].depth = (uint8_t)d;
		r[have].value = (uint32_t)have;
		assert_true(lpm6_add(lpm, r[have].prefix, (uint8_t)d, r[have].value));
		have++;
	}
	check6(lpm, r, n, &s, lookups);
	/* then delete half and compare again: covers restored */
	for (size_t i = 0; i < n / 2; i++) {
		size_t k = rnd_below(&s, (uint32_t)(n - i));
		assert_true(lpm6_delete(lpm, r[k].prefix, r[k].depth));
		r[k] = r[n - i - 1];
	}
	check6(lpm, r, n - n / 2, &s, lookups);
	free(r);
	lpm6_free(lpm);
}

static void
test_lpm6_random_tables_vs_linear_scan(void **state)
{
	(void)state;
	random_vs_linear6(11, 1, 100000);
	random_vs_linear6(12, 10, 100000);
	random_vs_linear6(13, 1000, 20000);
	random_vs_linear6(14, 5000, 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lpm4_empty_table_misses),
		cmocka_unit_test(test_lpm4_default_route_covers_everything),
		cmocka_unit_test(test_lpm4_nested_24_25_32_delete_restores_cover),
		cmocka_unit_test(test_lpm4_replace_value_and_arguments),
		cmocka_unit_test(test_lpm4_sibling_prefixes_with_equal_values_stay_apart),
		cmocka_unit_test(test_lpm4_random_tables_vs_linear_scan),
		cmocka_unit_test(test_lpm4_churn_vs_linear_scan),
		cmocka_unit_test(test_lpm4_walk_visits_each_prefix),
		cmocka_unit_test(test_lpm6_nested_0_48_56_64_127_128),
		cmocka_unit_test(test_lpm6_random_tables_vs_linear_scan),
	};
	return cmocka_run_group_tests_name("lpm", tests, NULL, NULL);
}
