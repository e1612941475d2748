/* captime.h - capture time: one representation that cannot overflow, used by the reader,
 * the flow table, reassembly's idle clock and every report (issue 17, item 1).
 *
 * Design: seconds and nanoseconds are kept apart, { int64_t sec; uint32_t nsec; } with
 * 0 <= nsec < 10^9 (C's struct timespec, and what pcap and pcapng store). A single int64
 * of nanoseconds ends in April 2262, and pcapng reaches past it easily: an if_tsresol of
 * seconds and a 64-bit timestamp, or a large if_tsoffset (RFC draft-ietf-opsawg-pcapng
 * §4.2). The reader clamps seconds into [CAP_TIME_SEC_MIN, CAP_TIME_SEC_MAX] (about
 * +-1.46e11 years; only a hostile file gets there), so the difference of any two times
 * fits int64 seconds. What needs nanoseconds (durations, RTTs) asks cap_time_diff_ns(),
 * which saturates at +-INT64_MAX ns (292 years) instead of overflowing.
 *
 * Use:
 *   struct cap_time t = cap_pkt_time(&pkt);       (or pkt.ts: the same bytes)
 *   cap_time_cmp(a, b) < 0                         a is earlier
 *   cap_time_diff_ns(later, earlier)               a duration in ns, saturated
 *   cap_time_diff_s(later, earlier)                the same as a double, in seconds
 *   cap_time_add_ns(t, ns), cap_time_add_s(t, s)   a time moved, clamped to the range
 *   reports print one with out_time(o, t.sec, t.nsec, prec), the same in every command.
 */
#ifndef AWSTRACE_CAPTURE_CAPTIME_H
#define AWSTRACE_CAPTURE_CAPTIME_H

#include <stdbool.h>
#include <stdint.h>

#define CAP_NS_PER_S INT64_C(1000000000)
/* 2^62 - 1: the difference of two clamped seconds fits int64 */
#define CAP_TIME_SEC_MAX ((INT64_C(1) << 62) - 1)
#define CAP_TIME_SEC_MIN (-CAP_TIME_SEC_MAX)

struct cap_time {
	int64_t sec;   /* UTC seconds since 1970, within [CAP_TIME_SEC_MIN, CAP_TIME_SEC_MAX] */
	uint32_t nsec; /* nanoseconds within the second, < 10^9 */
};

/* sec clamped into range (a clamped time has nsec 0 at the low end, 999999999 at the high
 * end, so order is kept); nsec >= 10^9 carries into the seconds. */
static inline struct cap_time
cap_time_make(int64_t sec, uint64_t nsec)
{
	struct cap_time t;
	if (nsec >= (uint64_t)CAP_NS_PER_S) {
		/* at most 1.9e10 s: no overflow when sec is in range or below it, and a sec
		 * above the range stays above it */
		int64_t carry = (int64_t)(nsec / (uint64_t)CAP_NS_PER_S);
		nsec %= (uint64_t)CAP_NS_PER_S;
		if (sec <= CAP_TIME_SEC_MAX)
			sec += carry;
	}
	if (sec > CAP_TIME_SEC_MAX) {
		t.sec = CAP_TIME_SEC_MAX;
		t.nsec = (uint32_t)(CAP_NS_PER_S - 1);
	} else if (sec < CAP_TIME_SEC_MIN) {
		t.sec = CAP_TIME_SEC_MIN;
		t.nsec = 0;
	} else {
		t.sec = sec;
		t.nsec = (uint32_t)nsec;
	}
	return t;
}

/* -1, 0, 1 as a is before, at, after b. */
static inline int
cap_time_cmp(struct cap_time a, struct cap_time b)
{
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	if (a.nsec != b.nsec)
		return a.nsec < b.nsec ? -1 : 1;
	return 0;
}

/* a - b in nanoseconds, saturated to [-INT64_MAX, INT64_MAX]. Both must be in range. */
static inline int64_t
cap_time_diff_ns(struct cap_time a, struct cap_time b)
{
	int64_t ds = a.sec - b.sec; /* cannot overflow: both within +-(2^62 - 1) */
	int64_t dn = (int64_t)a.nsec - (int64_t)b.nsec;
	/* |ds| <= 9223372035 keeps ds * 10^9 + dn within int64 */
	if (ds > INT64_C(9223372035))
		return INT64_MAX;
	if (ds < -INT64_C(9223372035))
		return -INT64_MAX;
	return ds * CAP_NS_PER_S + dn;
}

/* a - b in seconds (exact to the nanosecond for spans of up to about 100 days). */
static inline double
cap_time_diff_s(struct cap_time a, struct cap_time b)
{
	return (double)(a.sec - b.sec) + ((double)a.nsec - (double)b.nsec) / 1e9;
}

/* t + ns (ns may be negative), clamped to the range. */
static inline struct cap_time
cap_time_add_ns(struct cap_time t, int64_t ns)
{
	int64_t s = ns / CAP_NS_PER_S, n = ns % CAP_NS_PER_S + (int64_t)t.nsec;
	if (n < 0) {
		n += CAP_NS_PER_S;
		s--;
	}
	/* t.sec and s are within +-2^62 and +-9.3e9: no overflow */
	return cap_time_make(t.sec + s, (uint64_t)n);
}

static inline struct cap_time
cap_time_add_s(struct cap_time t, int64_t s)
{
	if (s > CAP_TIME_SEC_MAX)
		s = CAP_TIME_SEC_MAX;
	if (s < CAP_TIME_SEC_MIN)
		s = CAP_TIME_SEC_MIN;
	return cap_time_make(t.sec + s, t.nsec);
}

#endif /* AWSTRACE_CAPTURE_CAPTIME_H */
