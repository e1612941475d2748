/* lpm_bench: longest-prefix-match lookups per second (model/lpm.c) against a linear scan.
 *
 * Builds a random 100,000-route IPv4 table - 5% /8-/15, 25% /16-/23, 60% /24, 10% /25-/32,
 * spread over the whole address space (the worst case for memory and cache: no two routes
 * share a group unless they share a /16) - and times, on one core:
 *   lpm4.lookup   N lookups of random addresses, lpm4_lookup() in a loop with no dependency
 *                 from one lookup to the next (the sum of the values keeps them alive)
 *   lpm4.bulk     the same addresses through lpm4_lookup_bulk()
 *   lpm4.linear   a linear scan of the same routes, on N / 25,000 addresses
 *   lpm4.add, lpm4.delete  building the table one prefix at a time, and emptying it
 * then a random IPv6 table (LPM_BENCH_V6_ROUTES, default 10,000 - a transit gateway route
 * table's static route quota) of /32-/64 routes under 500 /32s, looked up at addresses
 * inside its routes. Memory lines give each table's bytes, and a 10-route table's.
 *
 * Output: one line per measure, first field the measure's name (tests/bench.sh reads the
 * M/s column of lpm4.lookup for the 50 M lookups/s target). Environment:
 * LPM_BENCH_LOOKUPS (default 50000000), LPM_BENCH_SEED (default 1). Exit 0, 1 on a
 * mismatch between the LPM and the linear scan.
 */
#include "model/lpm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct route4 {
	uint32_t prefix;
	uint32_t mask;
	uint8_t depth;
};

static uint64_t seed = 1;

static uint64_t
rnd(void)
{
	uint64_t z = (seed += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t
mask4(unsigned d)
{
	return d == 0 ? 0 : UINT32_MAX << (32 - d);
}

static unsigned
depth4(void)
{
	unsigned r = (unsigned)(rnd() % 100);
	if (r < 5)
		return 8 + (unsigned)(rnd() % 8);
	if (r < 30)
		return 16 + (unsigned)(rnd() % 8);
	if (r < 90)
		return 24;
	return 25 + (unsigned)(rnd() % 8);
}

/* the linear scan: the longest route covering A, or LPM_MISS */
static uint32_t
linear4(const struct route4 *r, size_t n, uint32_t a)
{
	uint32_t best = LPM_MISS;
	int best_depth = -1;
	for (size_t i = 0; i < n; i++)
		if ((a & r[i].mask) == r[i].prefix && (int)r[i].depth > best_depth) {
			best_depth = r[i].depth;
			best = (uint32_t)i;
		}
	return best;
}

static void
line(const char *name, double ops, double secs, const char *what)
{
	printf("%-14s %12.0f ops %9.3f s %10.2f M/s   %s\n", name, ops, secs,
		secs > 0 ? ops / secs / 1e6 : 0.0, what);
}

static void
mem_line(const char *name, const struct lpm_stats *st)
{
	printf("%-14s %12zu routes %7zu groups %9.2f MiB allocated %9.2f MiB in use\n", name,
		st->rules, st->groups, (double)st->bytes / 1048576,
		(double)st->bytes_used / 1048576);
}

static size_t
env_size(const char *name, size_t dflt)
{
	const char *v = getenv(name);
	return v && *v ? (size_t)strtoull(v, NULL, 10) : dflt;
}

static int
bench4(size_t routes, size_t lookups)
{
	struct route4 *r = malloc(routes * sizeof(*r));
	struct lpm4 *lpm = lpm4_new();
	struct lpm_stats st;
	size_t n = 0;
	int rc = 0;

	/* draw distinct routes first, so the add timing below is only adds */
	while (n < routes) {
		unsigned d = depth4();
		uint32_t p = (uint32_t)rnd() & mask4(d);
		uint32_t v;
		if (lpm4_get(lpm, p, (uint8_t)d, &v))
			continue;
		if (!lpm4_add(lpm, p, (uint8_t)d, (uint32_t)n))
			abort();
		r[n++] = (struct route4){ p, mask4(d), (uint8_t)d };
	}
	lpm4_free(lpm);
	lpm = lpm4_new();
	double t0 = now();
	for (size_t i = 0; i < n; i++)
		if (!lpm4_add(lpm, r[i].prefix, r[i].depth, (uint32_t)i))
			abort();
	double t_add = now() - t0;
	lpm4_stats(lpm, &st);

	enum { NADDR = 1 << 20 };
	uint32_t *addrs = malloc(NADDR * sizeof(*addrs));
	uint32_t *vals = malloc(NADDR * sizeof(*vals));
	for (size_t i = 0; i < NADDR; i++)
		addrs[i] = (uint32_t)rnd();

	/* warm up, and count hits */
	size_t hits = 0;
	for (size_t i = 0; i < NADDR; i++) {
		uint32_t v;
		hits += lpm4_lookup(lpm, addrs[i], &v);
	}

	uint64_t sum = 0;
	t0 = now();
	for (size_t done = 0; done < lookups;) {
		size_t m = lookups - done < NADDR ? lookups - done : NADDR;
		for (size_t i = 0; i < m; i++) {
			uint32_t v = 0;
			lpm4_lookup(lpm, addrs[i], &v);
			sum += v;
		}
		done += m;
	}
	double t_one = now() - t0;

	uint64_t sum_bulk = 0;
	t0 = now();
	for (size_t done = 0; done < lookups;) {
		size_t m = lookups - done < NADDR ? lookups - done : NADDR;
		lpm4_lookup_bulk(lpm, addrs, vals, m);
		for (size_t i = 0; i < m; i++)
			sum_bulk += vals[i] == LPM_MISS ? 0 : vals[i];
		done += m;
	}
	double t_bulk = now() - t0;
	if (sum != sum_bulk) {
		fprintf(stderr, "lpm_bench: lookup and bulk lookup disagree\n");
		rc = 1;
	}

	size_t nlin = lookups / 25000 ? lookups / 25000 : 1;
	uint64_t sum_lin = 0;
	t0 = now();
	for (size_t i = 0; i < nlin; i++) {
		uint32_t w = linear4(r, n, addrs[i]);
		sum_lin += w;
		uint32_t v = LPM_MISS;
		lpm4_lookup(lpm, addrs[i], &v);
		if (v != w) {
			fprintf(stderr, "lpm_bench: 0x%08x: LPM %u, linear scan %u\n", addrs[i], v,
				w);
			rc = 1;
		}
	}
	double t_lin = now() - t0;

	char what[128];
	snprintf(what, sizeof(what), "(%zu routes, %.0f%% of addresses hit, checksum %llu)", n,
		100.0 * (double)hits / NADDR, (unsigned long long)(sum & 0xffff));
	line("lpm4.lookup", (double)lookups, t_one, what);
	line("lpm4.bulk", (double)lookups, t_bulk, "(lpm4_lookup_bulk)");
	snprintf(what, sizeof(what), "(LPM is %.0fx faster; checksum %llu)",
		t_lin > 0 && t_one > 0 ? ((double)lookups / t_one) / ((double)nlin / t_lin) : 0.0,
		(unsigned long long)(sum_lin & 0xffff));
	line("lpm4.linear", (double)nlin, t_lin, what);
	line("lpm4.add", (double)n, t_add, "(one prefix at a time, into an empty table)");
	mem_line("lpm4.memory", &st);

	t0 = now();
	for (size_t i = n; i-- > 0;)
		if (!lpm4_delete(lpm, r[i].prefix, r[i].depth))
			abort();
	line("lpm4.delete", (double)n, now() - t0, "(one prefix at a time, to empty)");
	lpm4_stats(lpm, &st);
	if (st.groups != 0) {
		fprintf(stderr, "lpm_bench: %zu groups left in an empty table\n", st.groups);
		rc = 1;
	}

	struct lpm4 *small = lpm4_new();
	for (size_t i = 0; i < 10; i++)
		if (!lpm4_add(small, r[i].prefix, r[i].depth, (uint32_t)i))
			abort();
	lpm4_stats(small, &st);
	mem_line("lpm4.memory10", &st);
	lpm4_free(small);

	lpm4_free(lpm);
	free(addrs);
	free(vals);
	free(r);
	return rc;
}

struct route6 {
	uint8_t prefix[16];
	uint8_t depth;
};

static void
rnd16(uint8_t out[16])
{
	uint64_t a = rnd(), b = rnd();
	memcpy(out, &a, 8);
	memcpy(out + 8, &b, 8);
}

static void
mask6(uint8_t a[16], unsigned d)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = d >= 8 * (i + 1) ? 8 : d > 8 * i ? d - 8 * i : 0;
		a[i] = keep ? (uint8_t)(a[i] & (0xff << (8 - keep))) : 0;
	}
}

static unsigned
depth6(void)
{
	unsigned r = (unsigned)(rnd() % 100);
	if (r < 5)
		return 32;
	if (r < 15)
		return 33 + (unsigned)(rnd() % 15);
	if (r < 65)
		return 48;
	if (r < 80)
		return 56;
	return 64;
}

static void
bench6(size_t routes, size_t lookups)
{
	enum { ALLOCS = 500, NADDR = 1 << 18 };
	uint8_t(*alloc)[16] = malloc(ALLOCS * sizeof(*alloc));
	struct route6 *r = malloc(routes * sizeof(*r));
	struct lpm6 *lpm = lpm6_new();
	struct lpm_stats st;
	size_t n = 0;

	for (unsigned i = 0; i < ALLOCS; i++) {
		rnd16(alloc[i]);
		alloc[i][0] = (uint8_t)(0x20 | (alloc[i][0] & 0x1f)); /* 2000::/3 */
		mask6(alloc[i], 32);
	}
	double t0 = now();
	while (n < routes) {
		unsigned d = depth6();
		uint8_t p[16];
		uint32_t v;
		rnd16(p);
		memcpy(p, alloc[rnd() % ALLOCS], 4);
		mask6(p, d);
		if (lpm6_get(lpm, p, (uint8_t)d, &v))
			continue;
		if (!lpm6_add(lpm, p, (uint8_t)d, (uint32_t)n))
			abort();
		memcpy(r[n].prefix, p, 16);
		r[n++].depth = (uint8_t)d;
	}
	double t_add = now() - t0;
	lpm6_stats(lpm, &st);

	/* addresses inside the routes: random 128-bit addresses would all miss */
	uint8_t(*addrs)[16] = malloc(NADDR * sizeof(*addrs));
	for (size_t i = 0; i < NADDR; i++) {
		const struct route6 *q = &r[rnd() % n];
		uint8_t host[16];
		rnd16(host);
		for (unsigned k = 0; k < 16; k++) {
			uint8_t net = 0xff;
			unsigned keep = q->depth >= 8 * (k + 1) ? 8
					: q->depth > 8 * k      ? q->depth - 8 * k
								: 0;
			net = keep ? (uint8_t)(0xff << (8 - keep)) : 0;
			addrs[i][k] = (uint8_t)(q->prefix[k] | (host[k] & ~net));
		}
	}
	uint64_t sum = 0;
	t0 = now();
	for (size_t done = 0; done < lookups;) {
		size_t m = lookups - done < NADDR ? lookups - done : NADDR;
		for (size_t i = 0; i < m; i++) {
			uint32_t v = 0;
			lpm6_lookup(lpm, addrs[i], &v);
			sum += v;
		}
		done += m;
	}
	double t_one = now() - t0;

	char what[128];
	snprintf(what, sizeof(what), "(%zu routes /32-/64, addresses inside them, checksum %llu)",
		n, (unsigned long long)(sum & 0xffff));
	line("lpm6.lookup", (double)lookups, t_one, what);
	line("lpm6.add", (double)n, t_add, "(one prefix at a time, with duplicate checks)");
	mem_line("lpm6.memory", &st);

	struct lpm6 *small = lpm6_new();
	for (size_t i = 0; i < 10; i++)
		if (!lpm6_add(small, r[i].prefix, r[i].depth, (uint32_t)i))
			abort();
	lpm6_stats(small, &st);
	mem_line("lpm6.memory10", &st);
	lpm6_free(small);

	lpm6_free(lpm);
	free(addrs);
	free(alloc);
	free(r);
}

int
main(void)
{
	size_t lookups = env_size("LPM_BENCH_LOOKUPS", 50000000);
	seed = env_size("LPM_BENCH_SEED", 1);
	if (lookups == 0)
		lookups = 1;
	int rc = bench4(100000, lookups);
	bench6(env_size("LPM_BENCH_V6_ROUTES", 10000), lookups / 5 ? lookups / 5 : 1);
	return rc;
}
