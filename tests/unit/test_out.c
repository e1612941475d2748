/* test_out.c - the buffered writer's formatters (reports/out.c): integers, addresses and
 * JSON keys are written straight into the buffer without snprintf, so each is compared
 * with libc's formatting at every digit-count boundary and on many pseudo-random values,
 * including values that straddle a buffer flush. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <sys/types.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "reports/out.h"
#include "reports/render.h"

/* The writer flushes into an unlinked temporary file; drain() reads what was written
 * since its last call. */
struct fx {
	int fd;
	off_t off;
	struct out *o;
};

static int
setup(void **state)
{
	struct fx *f = g_new0(struct fx, 1);
	char path[] = "/tmp/test_out.XXXXXX";
	f->fd = mkstemp(path);
	if (f->fd < 0)
		return -1;
	unlink(path);
	f->o = out_new(f->fd);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	out_free(f->o);
	close(f->fd);
	g_free(f);
	return 0;
}

static const char *
drain(struct fx *f)
{
	static char got[OUT_BUF_SIZE + 256];
	out_flush(f->o);
	assert_false(out_broken(f->o));
	ssize_t n = pread(f->fd, got, sizeof(got) - 1, f->off);
	assert_true(n >= 0);
	f->off += n;
	got[n] = '\0';
	return got;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
next_rand(void)
{
	/* xorshift64*: deterministic, so a failure reproduces */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717u;
}

static void
check_u64(struct fx *f, uint64_t v)
{
	char want[32];
	snprintf(want, sizeof(want), "%" PRIu64, v);
	out_u64(f->o, v);
	assert_string_equal(drain(f), want);
}

static void
test_u64_boundaries(void **state)
{
	struct fx *f = *state;
	uint64_t p = 1;
	check_u64(f, 0);
	for (int d = 1; d <= 19; d++) {
		p *= 10;
		check_u64(f, p - 1);
		check_u64(f, p);
		check_u64(f, p + 1);
	}
	check_u64(f, UINT64_MAX);
	check_u64(f, UINT64_MAX - 1);
	check_u64(f, UINT32_MAX);
	check_u64(f, (uint64_t)UINT32_MAX + 1);
	for (int i = 0; i < 20000; i++)
		check_u64(f, next_rand() >> (next_rand() % 64));
}

static void
test_i64(void **state)
{
	struct fx *f = *state;
	const int64_t vs[] = {0, -1, 1, -9, -10, INT64_MIN, INT64_MAX, INT64_MIN + 1};
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		char want[32];
		snprintf(want, sizeof(want), "%" PRId64, vs[i]);
		out_i64(f->o, vs[i]);
		assert_string_equal(drain(f), want);
	}
}

static void
test_ipv4_all_octets(void **state)
{
	struct fx *f = *state;
	/* Every octet value in every position, then random addresses. */
	for (unsigned v = 0; v < 256; v++) {
		for (int pos = 0; pos < 4; pos++) {
			uint8_t a[4] = {1, 22, 133, 4};
			char want[INET_ADDRSTRLEN];
			a[pos] = (uint8_t)v;
			inet_ntop(AF_INET, a, want, sizeof(want));
			out_ipv4(f->o, a);
			assert_string_equal(drain(f), want);
		}
	}
	for (int i = 0; i < 20000; i++) {
		uint32_t r = (uint32_t)next_rand();
		uint8_t a[4];
		char want[INET_ADDRSTRLEN];
		memcpy(a, &r, 4);
		inet_ntop(AF_INET, a, want, sizeof(want));
		out_ipv4(f->o, a);
		assert_string_equal(drain(f), want);
	}
}

static void
test_ipv6_rfc5952(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t a[16];
		const char *want;
	} cases[] = {
		{{0}, "::"},
		{{[15] = 1}, "::1"},
		{{0x20, 0x01, 0x0d, 0xb8, [15] = 1}, "2001:db8::1"},
		/* §4.2.2: a single zero group is not shortened */
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, "2001:db8:0:1:1:1:1:1"},
		/* §4.2.3: the first of two equal runs */
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, "2001:db8::1:0:0:1"},
		/* §5: IPv4-mapped */
		{{[10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2, [15] = 1}, "::ffff:192.0.2.1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out_ipv6(f->o, cases[i].a);
		assert_string_equal(drain(f), cases[i].want);
	}
	/* Random addresses with runs of zero groups; the first group is kept nonzero so that
	 * glibc's IPv4-compatible form (::a.b.c.d, deprecated by RFC 4291) never applies. */
	for (int i = 0; i < 20000; i++) {
		uint8_t a[16];
		char want[INET6_ADDRSTRLEN];
		for (int g = 0; g < 8; g++) {
			uint16_t w = (next_rand() % 3 == 0) ? 0 : (uint16_t)next_rand();
			a[2 * g] = (uint8_t)(w >> 8);
			a[2 * g + 1] = (uint8_t)w;
		}
		a[0] |= 0x20;
		inet_ntop(AF_INET6, a, want, sizeof(want));
		out_ipv6(f->o, a);
		assert_string_equal(drain(f), want);
	}
}

/* Values written where the buffer is about to fill must come out whole: fill it to within
 * `left` bytes of the end, then write each formatter. */
static void
test_across_flush(void **state)
{
	struct fx *f = *state;
	const char want[] = "18446744073709551615|255.255.255.255,\"seq\":4049434364";
	for (size_t left = 0; left < 64; left++) {
		memset(f->o->buf, 'x', OUT_BUF_SIZE - left);
		f->o->n = OUT_BUF_SIZE - left;
		out_u64(f->o, UINT64_MAX);
		out_ch(f->o, '|');
		out_ipv4(f->o, (const uint8_t[4]){255, 255, 255, 255});
		json_u64(f->o, "seq", 4049434364u);
		const char *got = drain(f);
		size_t gl = strlen(got), wl = strlen(want);
		assert_int_equal(gl, OUT_BUF_SIZE - left + wl);
		assert_string_equal(got + gl - wl, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_u64_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_i64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_all_octets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_rfc5952, setup, teardown),
		cmocka_unit_test_setup_teardown(test_across_flush, setup, teardown),
	};
	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
