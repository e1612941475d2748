/* model/lpm.h - longest-prefix match for route tables, IPv4 and IPv6 (DESIGN.md, issue 6).
 *
 * The fast structure only: the model keeps the routes as AWS describes them and puts into
 * the LPM the index of each prefix's winning route (STYLE.md §8). A lookup returns that
 * index; which other routes matched is the model's linear pass over its route array.
 *
 * One multibit trie serves both families: a 65,536-entry first level indexed by the first
 * 16 bits of the address, then groups of 256 entries, one per following byte (DIR-16-8-8
 * for IPv4, 16-8-8-...-8 with at most 14 group levels for IPv6). Design note, invariants
 * and measured memory in model/lpm.c.
 *
 * Lookups read at most 3 (IPv4) or 15 (IPv6) entries and allocate nothing. Updates are one
 * prefix at a time and must not run concurrently with lookups on the same table: the
 * caller serialises (a replayed BGP UPDATE changes a table between two packets).
 */
#ifndef AWSTRACE_MODEL_LPM_H
#define AWSTRACE_MODEL_LPM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* The largest value (route index) an entry holds: 22 bits, 4,194,303 routes per table
 * (AWS allows at most 1,000 routes in a VPC route table and 10,000 static routes in a
 * transit gateway route table). */
#define LPM_VALUE_MAX ((UINT32_C(1) << 22) - 1)
/* What lpm4_lookup_bulk() writes for an address no prefix covers. */
#define LPM_MISS UINT32_MAX

/* One 32-bit entry (DPDK's rte_lpm packs the same way, with a static_assert on the size):
 *   bit 31     EXT: bits 0..30 are the index of the next level's group of 256 entries
 *   bit 30     VALID: a leaf of some prefix (else no prefix covers it; the entry is 0)
 *   bits 22-29 depth of the prefix that set this leaf (0..128), read by updates only
 *   bits 0-21  the value (route index) */
#define LPM_E_EXT         UINT32_C(0x80000000)
#define LPM_E_VALID       UINT32_C(0x40000000)
#define LPM_E_DEPTH_SHIFT 22
#define LPM_E_DEPTH_MASK  UINT32_C(0xff)
#define LPM_E_VALUE_MASK  LPM_VALUE_MAX
#define LPM_E_GROUP_MASK  UINT32_C(0x7fffffff)

static_assert(LPM_E_VALUE_MASK < (UINT32_C(1) << LPM_E_DEPTH_SHIFT), "value overlaps depth");
static_assert((LPM_E_DEPTH_MASK << LPM_E_DEPTH_SHIFT) < LPM_E_VALID, "depth overlaps flags");

struct lpm_rule_slot;

/* Shared by both families; the fields are public only so lookups can be inline. */
struct lpm_tbl {
	uint32_t *tbl16;             /* 65,536 entries, indexed by the first 16 bits */
	uint32_t *grp;               /* cap groups of 256 entries, back to back */
	uint32_t ngroups;            /* groups handed out so far (in use + on the free list) */
	uint32_t cap;                /* groups grp has room for */
	uint32_t nfree;              /* groups on the free list */
	uint32_t free_head;          /* first free group, UINT32_MAX when none */
	struct lpm_rule_slot *rules; /* the prefixes held: open addressing, linear probing */
	size_t rules_cap;            /* a power of two */
	size_t nrules;
	unsigned key_len; /* 4 (IPv4) or 16 (IPv6) bytes */
};

struct lpm4 {
	struct lpm_tbl t;
};

struct lpm6 {
	struct lpm_tbl t;
};

/* Sizes for reports and tests. */
struct lpm_stats {
	size_t rules;      /* prefixes held */
	size_t groups;     /* 256-entry groups in use */
	size_t bytes;      /* bytes allocated: first level, groups (with growth slack), rules */
	size_t bytes_used; /* the same without slack: first level, groups in use, rules held */
};

/* Called once per prefix held, in no particular order (sort for stable output). */
typedef void lpm4_walk_fn(uint32_t prefix, uint8_t depth, uint32_t value, void *ctx);
typedef void lpm6_walk_fn(const uint8_t prefix[16], uint8_t depth, uint32_t value, void *ctx);

/* An empty table (every lookup misses), about 256 KiB; free with lpm4_free(). */
struct lpm4 *lpm4_new(void);
void lpm4_free(struct lpm4 *lpm);

/* Adds PREFIX/DEPTH (host byte order; bits past DEPTH are ignored) with VALUE, or replaces
 * the value of that prefix when it is already held.
 * @return true; false (table unchanged) when DEPTH > 32 or VALUE > LPM_VALUE_MAX. */
bool lpm4_add(
	struct lpm4 *lpm, uint32_t prefix, uint8_t depth, uint32_t value) G_GNUC_WARN_UNUSED_RESULT;

/* Removes PREFIX/DEPTH: the addresses it covered fall back to the longest prefix still
 * held that covers them, or to nothing.
 * @return true; false (table unchanged) when the prefix is not held or DEPTH > 32. */
bool lpm4_delete(struct lpm4 *lpm, uint32_t prefix, uint8_t depth) G_GNUC_WARN_UNUSED_RESULT;

/* @return the value held for exactly PREFIX/DEPTH in *VALUE and true; false when absent. */
bool lpm4_get(const struct lpm4 *lpm, uint32_t prefix, uint8_t depth, uint32_t *value);

/* Looks up N addresses: VALUES[i] is the value of the longest prefix covering ADDRS[i], or
 * LPM_MISS. As fast as a loop of lpm4_lookup(), which it is; for callers with batches. */
void lpm4_lookup_bulk(const struct lpm4 *lpm, const uint32_t *addrs, uint32_t *values, size_t n);

void lpm4_walk(const struct lpm4 *lpm, lpm4_walk_fn *fn, void *ctx);
void lpm4_stats(const struct lpm4 *lpm, struct lpm_stats *st);

struct lpm6 *lpm6_new(void);
void lpm6_free(struct lpm6 *lpm);
/* As lpm4_add(), lpm4_delete() and lpm4_get(), for 128-bit prefixes in network order. */
bool lpm6_add(struct lpm6 *lpm, const uint8_t prefix[16], uint8_t depth,
	uint32_t value) G_GNUC_WARN_UNUSED_RESULT;
bool lpm6_delete(
	struct lpm6 *lpm, const uint8_t prefix[16], uint8_t depth) G_GNUC_WARN_UNUSED_RESULT;
bool lpm6_get(const struct lpm6 *lpm, const uint8_t prefix[16], uint8_t depth, uint32_t *value);
void lpm6_walk(const struct lpm6 *lpm, lpm6_walk_fn *fn, void *ctx);
void lpm6_stats(const struct lpm6 *lpm, struct lpm_stats *st);

/* Longest-prefix match of ADDR (host byte order).
 * @return true and the matching prefix's value in *VALUE; false, *VALUE untouched, when no
 * prefix covers ADDR. */
static inline bool
lpm4_lookup(const struct lpm4 *lpm, uint32_t addr, uint32_t *value)
{
	uint32_t e = lpm->t.tbl16[addr >> 16];

	if (e & LPM_E_EXT) {
		e = lpm->t.grp[(size_t)(e & LPM_E_GROUP_MASK) << 8 | ((addr >> 8) & 0xff)];
		if (e & LPM_E_EXT)
			e = lpm->t.grp[(size_t)(e & LPM_E_GROUP_MASK) << 8 | (addr & 0xff)];
	}
	if (!(e & LPM_E_VALID))
		return false;
	*value = e & LPM_E_VALUE_MASK;
	return true;
}

/* Longest-prefix match of ADDR (network order); returns as lpm4_lookup(). No group exists
 * below the 15th byte, so the loop reads at most addr[15]. */
static inline bool
lpm6_lookup(const struct lpm6 *lpm, const uint8_t addr[16], uint32_t *value)
{
	uint32_t e = lpm->t.tbl16[(uint32_t)addr[0] << 8 | addr[1]];

	for (unsigned i = 2; e & LPM_E_EXT; i++)
		e = lpm->t.grp[(size_t)(e & LPM_E_GROUP_MASK) << 8 | addr[i]];
	if (!(e & LPM_E_VALID))
		return false;
	*value = e & LPM_E_VALUE_MASK;
	return true;
}

#endif
