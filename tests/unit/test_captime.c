/* test_captime.c - capture time (capture/captime.h) and the reader's far-future timestamps
 * (issue 17, item 1): seconds and nanoseconds kept apart, clamped only at +-2^62 s, and
 * arithmetic that saturates instead of overflowing (the sanitizers abort on a signed
 * overflow, so reaching the end of each test is part of the check). */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "capture/capture.h"
#include "capture/captime.h"
#include "decode/decode.h"
#include "decode/flow.h"

static void
test_captime_make_carries_and_clamps(void **state)
{
	(void)state;
	struct cap_time t = cap_time_make(10, 2500000000u);
	assert_int_equal(t.sec, 12);
	assert_int_equal(t.nsec, 500000000);
	t = cap_time_make(INT64_MAX, 5);
	assert_int_equal(t.sec, CAP_TIME_SEC_MAX);
	assert_int_equal(t.nsec, 999999999);
	t = cap_time_make(INT64_MIN, UINT64_MAX);
	assert_int_equal(t.sec, CAP_TIME_SEC_MIN);
	assert_int_equal(t.nsec, 0);
	t = cap_time_make(CAP_TIME_SEC_MAX, UINT64_MAX); /* the carry would pass the end */
	assert_int_equal(t.sec, CAP_TIME_SEC_MAX);
	assert_int_equal(t.nsec, 999999999);
}

static void
test_captime_diff_saturates(void **state)
{
	(void)state;
	struct cap_time a = { 1714564800, 1000 }, b = { 1714564790, 999999000 };
	assert_int_equal(cap_time_diff_ns(a, b), 9000002000);
	assert_int_equal(cap_time_diff_ns(b, a), -9000002000);
	assert_true(cap_time_cmp(b, a) < 0 && cap_time_cmp(a, b) > 0 && cap_time_cmp(a, a) == 0);
	/* 2262-04-11T23:47:17Z is where int64 nanoseconds end: one second past it and back */
	struct cap_time far = { 9223372037, 0 }, zero = { 0, 0 };
	assert_int_equal(cap_time_diff_ns(far, zero), INT64_MAX);
	assert_int_equal(cap_time_diff_ns(zero, far), -INT64_MAX);
	struct cap_time hi = { CAP_TIME_SEC_MAX, 999999999 }, lo = { CAP_TIME_SEC_MIN, 0 };
	assert_int_equal(cap_time_diff_ns(hi, lo), INT64_MAX);
	assert_int_equal(cap_time_diff_ns(lo, hi), -INT64_MAX);
	assert_true(cap_time_diff_s(hi, lo) > 9e18);
	assert_true(cap_time_diff_s(a, b) > 9.000001 && cap_time_diff_s(a, b) < 9.000003);
}

static void
test_captime_add_clamps(void **state)
{
	(void)state;
	struct cap_time t = { 100, 900000000 };
	struct cap_time u = cap_time_add_ns(t, 200000000);
	assert_int_equal(u.sec, 101);
	assert_int_equal(u.nsec, 100000000);
	u = cap_time_add_ns(t, -1000000000 - 950000000);
	assert_int_equal(u.sec, 98);
	assert_int_equal(u.nsec, 950000000);
	struct cap_time hi = { CAP_TIME_SEC_MAX, 999999999 };
	u = cap_time_add_ns(hi, INT64_MAX);
	assert_int_equal(u.sec, CAP_TIME_SEC_MAX);
	u = cap_time_add_s((struct cap_time){ CAP_TIME_SEC_MIN, 0 }, INT64_MIN);
	assert_int_equal(u.sec, CAP_TIME_SEC_MIN);
	u = cap_time_add_s(t, -600);
	assert_int_equal(u.sec, -500);
	assert_int_equal(u.nsec, 900000000);
}

/* The 88-byte pcapng of issue 17: an IDB with if_tsresol 0 (seconds) and an EPB at
 * 2^40 s, year 36812. Read back as seconds, not wrapped. */
static const char far_hex[] =
	"0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000010000001c000000010000000000"
	"000009000100000000001c0000000600000020000000000000000001000000000000000000000000000020"
	"000000";

static char *
write_temp(const uint8_t *p, size_t n)
{
	char *path = g_strdup("/tmp/test_captime.XXXXXX");
	int fd = g_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
test_reader_far_future_pcapng(void **state)
{
	(void)state;
	size_t n = strlen(far_hex) / 2;
	assert_int_equal(n, 88);
	uint8_t *buf = g_malloc(n);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(far_hex + 2 * i, "%2x", &v), 1);
		buf[i] = (uint8_t)v;
	}
	g_autofree char *path = write_temp(buf, n);
	g_free(buf);
	GError *err = NULL;
	struct cap_reader *r = cap_open(path, &err);
	assert_non_null(r);
	struct cap_pkt p;
	assert_int_equal(cap_next(r, &p, &err), 1);
	assert_int_equal(p.sec, INT64_C(1) << 40);
	assert_int_equal(p.nsec, 0);
	assert_int_equal(cap_pkt_time(&p).sec, INT64_C(1) << 40);
	/* the flow table takes the same time without overflowing */
	struct dec *d = dec_new();
	struct flow_table *t = flow_table_new(NULL, NULL, NULL);
	dec_packet(d, p.data, p.caplen, p.len, p.linktype);
	flow_table_add(t, d, p.sec, p.nsec, p.prec, p.len);
	assert_int_equal(cap_next(r, &p, &err), 0);
	assert_null(err);
	flow_table_free(t);
	dec_free(d);
	cap_close(r);
	unlink(path);
}

/* Two flows whose times straddle 2262 and the clamp: durations and idle sweeps saturate. */
static void
on_done(const struct flow *f, void *user)
{
	struct cap_time *last = user;
	assert_true(cap_time_cmp(f->first, f->last) <= 0);
	*last = f->last;
}

static void
test_flow_times_past_2262(void **state)
{
	(void)state;
	static const uint8_t udp[] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00, /* Ethernet */
		0x45, 0, 0, 32, 0, 1, 0, 0, 64, 17, 0x66, 0xca, 10, 0, 0, 1, 10, 0, 0, 2, /* IPv4 */
		0x9c, 0x40, 0, 9, 0, 12, 0, 0,                       /* UDP 40000 > 9 */
		'p', 'i', 'n', 'g',
	};
	struct dec *d = dec_new();
	struct cap_time last = { 0, 0 };
	struct flow_table *t = flow_table_new(NULL, on_done, &last);
	dec_packet(d, udp, sizeof(udp), sizeof(udp), DEC_LINK_EN10MB);
	flow_table_add(t, d, 1714564800, 0, 6, sizeof(udp));
	flow_table_add(t, d, INT64_C(1) << 40, 0, 6, sizeof(udp)); /* idle: a new flow */
	flow_table_add(t, d, INT64_MAX, 999999999, 9, sizeof(udp));
	flow_table_flush(t);
	assert_int_equal(last.sec, CAP_TIME_SEC_MAX);
	struct flow_stats st;
	flow_table_get_stats(t, &st);
	assert_int_equal(st.flows, 3);
	assert_int_equal(st.ended[FLOW_END_IDLE], 2);
	flow_table_free(t);
	dec_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captime_make_carries_and_clamps),
		cmocka_unit_test(test_captime_diff_saturates),
		cmocka_unit_test(test_captime_add_clamps),
		cmocka_unit_test(test_reader_far_future_pcapng),
		cmocka_unit_test(test_flow_times_past_2262),
	};
	return cmocka_run_group_tests_name("captime", tests, NULL, NULL);
}
