/* test_reader.c - the capture reader (capture/reader.c) on hand-built files.
 *
 * Every file is built here byte by byte: pcap (draft-ietf-opsawg-pcap §4, §5) and pcapng
 * (draft-ietf-opsawg-pcapng §3.1, §4) in either byte order, optionally gzip-compressed with
 * zlib, written to a temporary directory, and read back through cap_open()/cap_next().
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "capture/capture.h"

#define PCAP_US 0xa1b2c3d4u
#define PCAP_NS 0xa1b23c4du

/* one record or block of a built file, for the truncation tests */
struct mark {
	size_t off;
	bool pkt;
};

struct bld {
	GByteArray *a;
	bool be; /* write big-endian */
	GArray *marks;
};

struct fx {
	char *dir;
	unsigned seq;
};

/* a packet as cap_next() returned it, with a copy of its first bytes */
struct pk {
	struct cap_pkt p;
	uint8_t data[64];
};

static int
setup(void **state)
{
	struct fx *fx = g_new0(struct fx, 1);

	fx->dir = g_dir_make_tmp("test_reader-XXXXXX", NULL);
	assert_non_null(fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	GDir *d = g_dir_open(fx->dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(fx->dir, name, NULL);

		g_remove(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(fx->dir);
	g_free(fx->dir);
	g_free(fx);
	return 0;
}

static struct bld
bld_new(bool be)
{
	struct bld b = { g_byte_array_new(), be, g_array_new(FALSE, FALSE, sizeof(struct mark)) };

	return b;
}

static void
bld_free(struct bld *b)
{
	g_byte_array_unref(b->a);
	g_array_unref(b->marks);
}

static void
mark(struct bld *b, bool pkt)
{
	struct mark m = { b->a->len, pkt };

	g_array_append_val(b->marks, m);
}

static void
put_n(struct bld *b, uint64_t v, unsigned n)
{
	uint8_t x[8];

	for (unsigned i = 0; i < n; i++)
		x[b->be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
	g_byte_array_append(b->a, x, n);
}

static void
put16(struct bld *b, uint16_t v)
{
	put_n(b, v, 2);
}

static void
put32(struct bld *b, uint32_t v)
{
	put_n(b, v, 4);
}

static void
put64(struct bld *b, uint64_t v)
{
	put_n(b, v, 8);
}

/* caplen bytes of a pattern that starts at seed */
static void
put_data(struct bld *b, uint32_t caplen, uint8_t seed)
{
	for (uint32_t i = 0; i < caplen; i++) {
		uint8_t c = (uint8_t)(seed + i);

		g_byte_array_append(b->a, &c, 1);
	}
}

static void
pad4(struct bld *b)
{
	static const uint8_t z[3];

	if (b->a->len % 4)
		g_byte_array_append(b->a, z, 4 - b->a->len % 4);
}

static void
pcap_hdr(struct bld *b, uint32_t magic, uint32_t snaplen, uint32_t linktype)
{
	put32(b, magic);
	put16(b, 2);
	put16(b, 4);
	put32(b, 0);
	put32(b, 0);
	put32(b, snaplen);
	put32(b, linktype);
}

static void
pcap_rec(struct bld *b, uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t len, uint8_t seed)
{
	mark(b, true);
	put32(b, sec);
	put32(b, frac);
	put32(b, caplen);
	put32(b, len);
	put_data(b, caplen, seed);
}

static size_t
ng_begin(struct bld *b, uint32_t type, bool pkt)
{
	size_t start = b->a->len;

	mark(b, pkt);
	put32(b, type);
	put32(b, 0); /* total length, patched by ng_end() */
	return start;
}

static void
ng_end(struct bld *b, size_t start)
{
	pad4(b);
	uint32_t total = b->a->len - start + 4;
	struct bld patch = { g_byte_array_new(), b->be, NULL };

	put32(b, total);
	put32(&patch, total);
	memcpy(b->a->data + start + 4, patch.a->data, 4);
	g_byte_array_unref(patch.a);
}

static void
ng_shb(struct bld *b)
{
	size_t s = ng_begin(b, 0x0a0d0d0a, false);

	put32(b, 0x1a2b3c4d);
	put16(b, 1);
	put16(b, 0);
	put64(b, UINT64_MAX); /* section length unknown */
	ng_end(b, s);
}

/* tsresol < 0: no if_tsresol option; tsoffset 0: no if_tsoffset option */
static void
ng_idb(struct bld *b, uint16_t linktype, uint32_t snaplen, int tsresol, int64_t tsoffset)
{
	size_t s = ng_begin(b, 1, false);

	put16(b, linktype);
	put16(b, 0);
	put32(b, snaplen);
	put16(b, 2); /* if_name, to be skipped */
	put16(b, 3);
	g_byte_array_append(b->a, (const uint8_t *)"eth", 3);
	pad4(b);
	if (tsresol >= 0) {
		uint8_t v = (uint8_t)tsresol;

		put16(b, 9);
		put16(b, 1);
		g_byte_array_append(b->a, &v, 1);
		pad4(b);
	}
	if (tsoffset != 0) {
		put16(b, 14);
		put16(b, 8);
		put64(b, (uint64_t)tsoffset);
	}
	put16(b, 0);
	put16(b, 0);
	ng_end(b, s);
}

/* type 6 (EPB) or 2 (obsolete Packet Block: 16-bit interface id, 16-bit drops) */
static void
ng_epb_type(struct bld *b, uint32_t type, uint32_t ifid, uint64_t ts, uint32_t caplen, uint32_t len,
	uint8_t seed)
{
	size_t s = ng_begin(b, type, true);

	if (type == 6) {
		put32(b, ifid);
	} else {
		put16(b, (uint16_t)ifid);
		put16(b, 0);
	}
	put32(b, (uint32_t)(ts >> 32));
	put32(b, (uint32_t)ts);
	put32(b, caplen);
	put32(b, len);
	put_data(b, caplen, seed);
	pad4(b);
	put16(b, 1); /* opt_comment, to be skipped */
	put16(b, 2);
	g_byte_array_append(b->a, (const uint8_t *)"hi", 2);
	pad4(b);
	put16(b, 0);
	put16(b, 0);
	ng_end(b, s);
}

static void
ng_epb(struct bld *b, uint32_t ifid, uint64_t ts, uint32_t caplen, uint32_t len, uint8_t seed)
{
	ng_epb_type(b, 6, ifid, ts, caplen, len, seed);
}

static void
ng_spb(struct bld *b, uint32_t len, uint32_t stored, uint8_t seed)
{
	size_t s = ng_begin(b, 3, true);

	put32(b, len);
	put_data(b, stored, seed);
	ng_end(b, s);
}

static void
ng_other(struct bld *b, uint32_t type, uint32_t body)
{
	size_t s = ng_begin(b, type, false);

	put_data(b, body, 0x55);
	ng_end(b, s);
}

static char *
write_bytes(struct fx *fx, const uint8_t *p, size_t n, bool gz)
{
	char *path = g_strdup_printf("%s/f%u%s", fx->dir, fx->seq++, gz ? ".bin" : ".cap");

	if (gz) {
		/* no .gz in the name: the reader must go by the magic bytes */
		gzFile f = gzopen(path, "wb6");

		assert_non_null(f);
		if (n)
			assert_int_equal(gzwrite(f, p, (unsigned)n), (int)n);
		assert_int_equal(gzclose(f), Z_OK);
	} else {
		assert_true(g_file_set_contents(path, (const char *)p, (gssize)n, NULL));
	}
	return path;
}

static char *
write_bld(struct fx *fx, const struct bld *b, bool gz)
{
	return write_bytes(fx, b->a->data, b->a->len, gz);
}

/* Reads path to the end or the first error: the packets into out (at most max), the final
 * cap_next() return value as the result. */
static int
read_all(const char *path, struct pk *out, size_t max, size_t *n, GError **err)
{
	struct cap_reader *r = cap_open(path, err);
	struct cap_pkt p;
	int rc;

	assert_non_null(r);
	*n = 0;
	while ((rc = cap_next(r, &p, err)) == 1) {
		if (*n < max) {
			out[*n].p = p;
			memcpy(out[*n].data, p.data, MIN(p.caplen, sizeof(out[*n].data)));
		}
		++*n;
	}
	cap_close(r);
	return rc;
}

static void
check_data(const struct pk *k, uint8_t seed)
{
	for (uint32_t i = 0; i < MIN(k->p.caplen, sizeof(k->data)); i++)
		assert_int_equal(k->data[i], (uint8_t)(seed + i));
}

/* pcap in both byte orders and both resolutions: timestamps, lengths, offsets. */
static void
test_pcap_orders_and_resolutions(void **state)
{
	struct fx *fx = *state;

	for (int v = 0; v < 4; v++) {
		bool be = v & 1, nano = v & 2;
		struct bld b = bld_new(be);

		pcap_hdr(&b, nano ? PCAP_NS : PCAP_US, 65535, 1);
		pcap_rec(&b, 1700000000, nano ? 987654321 : 123456, 60, 60, 1);
		pcap_rec(&b, 1700000001, nano ? 5 : 999999, 42, 1514, 2);
		pcap_rec(&b, 4000000000u, 0, 0, 0, 3); /* unsigned seconds, after 2038 */
		char *path = write_bld(fx, &b, false);
		struct pk k[4];
		size_t n;
		GError *err = NULL;

		struct cap_reader *r = cap_open(path, &err);

		assert_non_null(r);
		assert_int_equal(cap_format(r), CAP_FMT_PCAP);
		assert_int_equal(cap_linktype(r), 1);
		assert_false(cap_gzipped(r));
		assert_string_equal(cap_name(r), path);
		cap_close(r);

		assert_int_equal(read_all(path, k, 4, &n, &err), 0);
		assert_null(err);
		assert_int_equal(n, 3);
		assert_int_equal(k[0].p.sec, 1700000000);
		assert_int_equal(k[0].p.nsec, nano ? 987654321 : 123456000);
		assert_int_equal(k[0].p.prec, nano ? 9 : 6);
		assert_int_equal(k[0].p.caplen, 60);
		assert_int_equal(k[0].p.len, 60);
		assert_int_equal(k[0].p.n, 1);
		assert_int_equal(k[0].p.off, 24);
		assert_int_equal(k[0].p.linktype, 1);
		assert_int_equal(k[0].p.ifindex, 0);
		check_data(&k[0], 1);
		assert_int_equal(k[1].p.sec, 1700000001);
		assert_int_equal(k[1].p.nsec, nano ? 5 : 999999000);
		assert_int_equal(k[1].p.caplen, 42);
		assert_int_equal(k[1].p.len, 1514);
		assert_int_equal(k[1].p.n, 2);
		assert_int_equal(k[1].p.off, 24 + 16 + 60);
		check_data(&k[1], 2);
		assert_int_equal(k[2].p.sec, 4000000000);
		assert_int_equal(k[2].p.caplen, 0);
		assert_int_equal(k[2].p.off, 24 + 16 + 60 + 16 + 42);
		g_free(path);
		bld_free(&b);
	}
}

/* a pcap whose snaplen is below the packet length: caplen < len is normal */
static void
test_pcap_snaplen_below_len(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	pcap_hdr(&b, PCAP_US, 64, 1);
	pcap_rec(&b, 1, 0, 64, 1500, 9);
	/* caplen above a mis-stated snaplen is accepted, as libpcap does up to 256 KiB */
	pcap_rec(&b, 2, 0, 200, 200, 10);
	char *path = write_bld(fx, &b, false);
	struct pk k[2];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 2, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(k[0].p.caplen, 64);
	assert_int_equal(k[0].p.len, 1500);
	check_data(&k[0], 9);
	assert_int_equal(k[1].p.caplen, 200);
	g_free(path);
	bld_free(&b);
}

static void
expect_damage(const char *path, size_t npkts, int code, const char *frame_at, const char *what)
{
	struct pk k[8];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 8, &n, &err), -1);
	assert_int_equal(n, npkts);
	assert_non_null(err);
	assert_true(g_error_matches(err, CAP_ERROR, code));
	assert_true(g_str_has_prefix(err->message, path));
	if (strstr(err->message, frame_at) == NULL || strstr(err->message, what) == NULL)
		fail_msg("\"%s\" lacks \"%s\" or \"%s\"", err->message, frame_at, what);
	g_error_free(err);
}

static void
test_pcap_caplen_past_end(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(true);

	pcap_hdr(&b, PCAP_US, 65535, 1);
	pcap_rec(&b, 1, 0, 20, 20, 0);
	pcap_rec(&b, 2, 0, 100, 100, 0);
	g_byte_array_set_size(b.a, b.a->len - 50);
	char *path = write_bld(fx, &b, false);

	expect_damage(
		path, 1, CAP_ERROR_TRUNCATED, ": frame 2 at byte 60: ", "captured length 100");
	g_free(path);
	bld_free(&b);
}

static void
test_pcap_caplen_absurd(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	pcap_hdr(&b, PCAP_US, 65535, 1);
	pcap_rec(&b, 1, 0, 4, 4, 0);
	mark(&b, true);
	put32(&b, 2);
	put32(&b, 0);
	put32(&b, 300000); /* above max(snaplen, 256 KiB) */
	put32(&b, 300000);
	put_data(&b, 100, 0);
	char *path = write_bld(fx, &b, false);

	expect_damage(path, 1, CAP_ERROR_CORRUPT, ": frame 2 at byte 44: ", "300000");
	g_free(path);
	bld_free(&b);
}

static void
test_pcap_caplen_above_len(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	pcap_hdr(&b, PCAP_US, 65535, 1);
	pcap_rec(&b, 1, 0, 10, 8, 0);
	char *path = write_bld(fx, &b, false);

	expect_damage(
		path, 0, CAP_ERROR_CORRUPT, ": frame 1 at byte 24: ", "greater than original");
	g_free(path);
	bld_free(&b);
}

/* Two interfaces with different link types and resolutions (10^-9 and 2^-20), one with an
 * offset; default 10^-6 on a third. */
static void
build_two_ifs(struct bld *b)
{
	ng_shb(b);
	ng_idb(b, 1, 65535, 9, 0);           /* Ethernet, ns */
	ng_idb(b, 113, 0, 0x80 | 20, -3600); /* Linux SLL, 2^-20 s, an hour earlier */
	ng_idb(b, 101, 65535, -1, 0);        /* raw IP, default us */
	ng_epb(b, 0, UINT64_C(1700000000) * 1000000000 + 123456789, 60, 60, 1);
	ng_other(b, 4, 12); /* NRB: skipped */
	ng_epb(b, 1, (UINT64_C(1700000000) << 20) + (1 << 19), 40, 100, 2);
	ng_other(b, 0x40000bad, 0); /* unknown type: skipped */
	ng_epb(b, 1, (UINT64_C(1700000001) << 20) + 1, 7, 7, 3);
	ng_other(b, 5, 20); /* ISB: skipped */
	ng_epb(b, 2, UINT64_C(1700000000) * 1000000 + 654321, 3, 3, 4);
	ng_other(b, 0x00000bad, 8); /* custom block: skipped */
}

static void
check_two_ifs(const struct pk *k)
{
	assert_int_equal(k[0].p.linktype, 1);
	assert_int_equal(k[0].p.ifindex, 0);
	assert_int_equal(k[0].p.sec, 1700000000);
	assert_int_equal(k[0].p.nsec, 123456789);
	assert_int_equal(k[0].p.prec, 9);
	assert_int_equal(k[0].p.caplen, 60);
	assert_int_equal(k[0].p.n, 1);
	assert_int_equal(k[0].p.off, 28 + 40 + 52 + 32);
	check_data(&k[0], 1);
	assert_int_equal(k[1].p.linktype, 113);
	assert_int_equal(k[1].p.ifindex, 1);
	assert_int_equal(k[1].p.sec, 1700000000 - 3600);
	assert_int_equal(k[1].p.nsec, 500000000);
	assert_int_equal(k[1].p.prec, 9);
	assert_int_equal(k[1].p.caplen, 40);
	assert_int_equal(k[1].p.len, 100);
	assert_int_equal(k[1].p.n, 2);
	check_data(&k[1], 2);
	assert_int_equal(k[2].p.sec, 1700000001 - 3600);
	assert_int_equal(k[2].p.nsec, 953); /* floor(10^9 / 2^20) */
	assert_int_equal(k[2].p.caplen, 7);
	check_data(&k[2], 3);
	assert_int_equal(k[3].p.linktype, 101);
	assert_int_equal(k[3].p.ifindex, 2);
	assert_int_equal(k[3].p.sec, 1700000000);
	assert_int_equal(k[3].p.nsec, 654321000);
	assert_int_equal(k[3].p.prec, 6);
	assert_int_equal(k[3].p.n, 4);
}

static void
test_pcapng_interfaces_le_be(void **state)
{
	struct fx *fx = *state;

	for (int be = 0; be < 2; be++) {
		struct bld b = bld_new(be);

		build_two_ifs(&b);
		char *path = write_bld(fx, &b, false);
		struct pk k[8];
		size_t n;
		GError *err = NULL;
		struct cap_reader *r = cap_open(path, &err);

		assert_non_null(r);
		assert_int_equal(cap_format(r), CAP_FMT_PCAPNG);
		assert_int_equal(cap_linktype(r), 1);
		cap_close(r);
		assert_int_equal(read_all(path, k, 8, &n, &err), 0);
		assert_null(err);
		assert_int_equal(n, 4);
		check_two_ifs(k);
		g_free(path);
		bld_free(&b);
	}
}

/* resolutions off the fast paths: 10^-12, 10^-3, 2^-40, 10^0 */
static void
test_pcapng_unusual_resolutions(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	ng_shb(&b);
	ng_idb(&b, 1, 0, 12, 0);
	ng_idb(&b, 1, 0, 3, 0);
	ng_idb(&b, 1, 0, 0x80 | 40, 0);
	ng_idb(&b, 1, 0, 0, 0);
	ng_epb(&b, 0, UINT64_C(10000000) * 1000000000000 + 123456789012, 1, 1, 0);
	ng_epb(&b, 1, UINT64_C(1700000000123), 1, 1, 0);
	ng_epb(&b, 2, (UINT64_C(5) << 40) + (UINT64_C(1) << 39) + 1, 1, 1, 0);
	ng_epb(&b, 2, (UINT64_C(6) << 40) + (UINT64_C(1) << 40) - 1, 1, 1, 0);
	ng_epb(&b, 3, 1700000000, 1, 1, 0);
	char *path = write_bld(fx, &b, false);
	struct pk k[8];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 8, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(k[0].p.sec, 10000000);
	assert_int_equal(k[0].p.nsec, 123456789);
	assert_int_equal(k[0].p.prec, 9);
	assert_int_equal(k[1].p.sec, 1700000000);
	assert_int_equal(k[1].p.nsec, 123000000);
	assert_int_equal(k[1].p.prec, 6);
	assert_int_equal(k[2].p.sec, 5);
	assert_int_equal(k[2].p.nsec, 500000000);
	assert_int_equal(k[3].p.sec, 6);
	assert_int_equal(k[3].p.nsec, 999999999);
	assert_int_equal(k[4].p.sec, 1700000000);
	assert_int_equal(k[4].p.nsec, 0);
	g_free(path);
	bld_free(&b);
}

static void
test_pcapng_spb_and_obsolete_pb(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(true);

	ng_shb(&b);
	ng_idb(&b, 1, 4, 9, 0);
	ng_spb(&b, 10, 8, 5); /* caplen = min(len 10, snaplen 4, space 8) */
	ng_epb_type(&b, 2, 0, UINT64_C(1700000000) * 1000000000 + 7, 3, 9, 6);
	ng_shb(&b);
	ng_idb(&b, 1, 0, -1, 0);
	ng_spb(&b, 10, 8, 7); /* snaplen 0: no limit, so the space: 8 */
	ng_spb(&b, 2, 4, 8);  /* len 2 below the padded space */
	char *path = write_bld(fx, &b, false);
	struct pk k[8];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 8, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(k[0].p.caplen, 4);
	assert_int_equal(k[0].p.len, 10);
	assert_int_equal(k[0].p.off, 28 + 40);
	check_data(&k[0], 5);
	assert_int_equal(k[1].p.caplen, 3);
	assert_int_equal(k[1].p.len, 9);
	assert_int_equal(k[1].p.sec, 1700000000);
	assert_int_equal(k[1].p.nsec, 7);
	assert_int_equal(k[1].p.n, 2);
	check_data(&k[1], 6);
	assert_int_equal(k[2].p.caplen, 8);
	assert_int_equal(k[2].p.len, 10);
	check_data(&k[2], 7);
	assert_int_equal(k[3].p.caplen, 2);
	assert_int_equal(k[3].p.len, 2);
	assert_int_equal(k[3].p.n, 4);
	g_free(path);
	bld_free(&b);
}

/* A second section in the other byte order: its own interfaces, numbered from 0 again. */
static void
test_pcapng_second_section(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	ng_shb(&b);
	ng_idb(&b, 1, 0, 9, 0);
	ng_epb(&b, 0, 1000000001, 5, 5, 1);
	struct bld b2 = bld_new(true);

	ng_shb(&b2);
	ng_idb(&b2, 228, 0, 6, 0); /* raw IPv4 */
	ng_idb(&b2, 113, 0, 6, 0);
	ng_epb(&b2, 1, 2000003, 6, 6, 2);
	ng_epb(&b2, 0, 3000004, 7, 7, 3);
	size_t off2 = b.a->len;

	g_byte_array_append(b.a, b2.a->data, b2.a->len);
	char *path = write_bld(fx, &b, false);
	struct pk k[8];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 8, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(k[0].p.linktype, 1);
	assert_int_equal(k[0].p.sec, 1);
	assert_int_equal(k[0].p.nsec, 1);
	assert_int_equal(k[1].p.linktype, 113);
	assert_int_equal(k[1].p.ifindex, 1);
	assert_int_equal(k[1].p.sec, 2);
	assert_int_equal(k[1].p.nsec, 3000);
	assert_int_equal(k[1].p.prec, 6);
	assert_int_equal(k[1].p.off, off2 + 28 + 2 * 40);
	check_data(&k[1], 2);
	assert_int_equal(k[2].p.linktype, 228);
	assert_int_equal(k[2].p.n, 3);
	check_data(&k[2], 3);
	g_free(path);

	/* interface 1 of the first section does not exist in a third one with one IDB */
	struct bld b3 = bld_new(false);

	ng_shb(&b3);
	ng_idb(&b3, 1, 0, -1, 0);
	ng_idb(&b3, 1, 0, -1, 0);
	ng_epb(&b3, 1, 0, 1, 1, 0);
	ng_shb(&b3);
	ng_idb(&b3, 1, 0, -1, 0);
	size_t bad = b3.a->len;

	ng_epb(&b3, 1, 0, 1, 1, 0);
	path = write_bld(fx, &b3, false);
	char *at = g_strdup_printf(": frame 2 at byte %zu: ", bad);

	expect_damage(path, 1, CAP_ERROR_CORRUPT, at, "interface 1");
	g_free(at);
	g_free(path);
	bld_free(&b);
	bld_free(&b2);
	bld_free(&b3);
}

static void
test_gzip_each_format(void **state)
{
	struct fx *fx = *state;

	for (int f = 0; f < 2; f++) {
		struct bld b = bld_new(f == 1);

		if (f == 0) {
			pcap_hdr(&b, PCAP_NS, 65535, 1);
			pcap_rec(&b, 1700000000, 987654321, 60, 60, 1);
			pcap_rec(&b, 1700000001, 5, 42, 1514, 2);
		} else {
			build_two_ifs(&b);
		}
		char *path = write_bld(fx, &b, true);
		struct pk k[8];
		size_t n;
		GError *err = NULL;
		struct cap_reader *r = cap_open(path, &err);

		assert_non_null(r);
		assert_true(cap_gzipped(r));
		assert_int_equal(cap_format(r), f == 0 ? CAP_FMT_PCAP : CAP_FMT_PCAPNG);
		cap_close(r);
		assert_int_equal(read_all(path, k, 8, &n, &err), 0);
		assert_null(err);
		if (f == 0) {
			assert_int_equal(n, 2);
			assert_int_equal(k[0].p.nsec, 987654321);
			assert_int_equal(k[1].p.len, 1514);
			assert_int_equal(k[1].p.off, 24 + 16 + 60);
			check_data(&k[1], 2);
		} else {
			assert_int_equal(n, 4);
			check_two_ifs(k);
		}
		g_free(path);
		bld_free(&b);
	}
}

/* two gzip members (as `cat a.gz b.gz` makes) read as one stream, RFC 1952 §2.2 */
static void
test_gzip_two_members(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	pcap_hdr(&b, PCAP_US, 65535, 1);
	pcap_rec(&b, 1, 1, 30, 30, 1);
	size_t cut = b.a->len - 7; /* the split falls inside a record */

	pcap_rec(&b, 2, 2, 30, 30, 2);
	char *path = g_strdup_printf("%s/two", fx->dir);
	gzFile g = gzopen(path, "wb");

	assert_int_equal(gzwrite(g, b.a->data, (unsigned)cut), (int)cut);
	assert_int_equal(gzclose(g), Z_OK);
	g = gzopen(path, "ab");
	assert_int_equal(gzwrite(g, b.a->data + cut, b.a->len - cut), (int)(b.a->len - cut));
	assert_int_equal(gzclose(g), Z_OK);

	struct pk k[4];
	size_t n;
	GError *err = NULL;

	assert_int_equal(read_all(path, k, 4, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(k[1].p.sec, 2);
	check_data(&k[1], 2);

	/* trailing zeros after the last member are ignored, as gzip(1) does */
	FILE *f = fopen(path, "ab");

	assert_non_null(f);
	for (int i = 0; i < 100; i++)
		fputc(0, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(read_all(path, k, 4, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, 2);
	g_free(path);
	bld_free(&b);
}

/* a wrong CRC-32 in the gzip trailer (RFC 1952 §2.3.1): every packet, then zlib's word */
static void
test_gzip_corrupt(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	pcap_hdr(&b, PCAP_US, 65535, 1);
	pcap_rec(&b, 1, 1, 30, 30, 1);
	pcap_rec(&b, 2, 2, 30, 30, 2);
	pcap_rec(&b, 3, 3, 30, 30, 3);
	char *path = write_bld(fx, &b, true);
	char *gz;
	gsize glen;

	assert_true(g_file_get_contents(path, &gz, &glen, NULL));
	gz[glen - 8] ^= 0x01;
	assert_true(g_file_set_contents(path, gz, (gssize)glen, NULL));
	expect_damage(path, 3, CAP_ERROR_CORRUPT, ": frame 4 at byte 162: ", "gzip");
	g_free(gz);
	g_free(path);
	bld_free(&b);
}

static void
expect_not_capture(struct fx *fx, const uint8_t *p, size_t n, bool gz, const char *what)
{
	char *path = write_bytes(fx, p, n, gz);
	GError *err = NULL;

	assert_null(cap_open(path, &err));
	assert_non_null(err);
	assert_true(g_error_matches(err, CAP_ERROR, CAP_ERROR_FORMAT));
	assert_true(g_str_has_prefix(err->message, path));
	if (strstr(err->message, "not a capture file") == NULL ||
		strstr(err->message, what) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err->message, what);
	assert_null(strchr(err->message, '\n'));
	g_error_free(err);
	g_free(path);
}

static void
test_not_a_capture(void **state)
{
	struct fx *fx = *state;
	static const uint8_t html[] = "<html><body>hello</body></html>\n";
	static const uint8_t pcap_short[] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0 };

	expect_not_capture(fx, html, sizeof(html) - 1, false, "first bytes 3c 68 74 6d");
	expect_not_capture(fx, html, 0, false, "empty");
	expect_not_capture(fx, html, 3, false, "first bytes 3c 68 74");
	expect_not_capture(fx, pcap_short, sizeof(pcap_short), false, "24 bytes");
	expect_not_capture(fx, html, sizeof(html) - 1, true, "decompressed 3c 68 74 6d");

	GError *err = NULL;
	char *missing = g_strdup_printf("%s/missing", fx->dir);

	assert_null(cap_open(missing, &err));
	assert_true(g_error_matches(err, CAP_ERROR, CAP_ERROR_OPEN));
	assert_true(g_str_has_prefix(err->message, missing));
	g_error_free(err);
	g_free(missing);
}

/* Every prefix of a valid file: the packets wholly inside it come back, then a clean end
 * exactly at a record boundary, or -1 naming the frame and byte of the cut record. */
static void
check_every_prefix(struct fx *fx, const struct bld *b, size_t hdr_min)
{
	const struct mark *m = (const struct mark *)(const void *)b->marks->data;
	size_t nm = b->marks->len;

	for (size_t len = 0; len <= b->a->len; len++) {
		char *path = write_bytes(fx, b->a->data, len, false);
		GError *err = NULL;
		struct cap_reader *r = cap_open(path, &err);

		if (len < hdr_min) {
			assert_null(r);
			assert_true(g_error_matches(err, CAP_ERROR, CAP_ERROR_FORMAT));
			g_error_free(err);
			g_remove(path);
			g_free(path);
			continue;
		}
		assert_non_null(r);

		size_t want_pkts = 0, cut = SIZE_MAX;
		uint64_t frame = 1;

		for (size_t i = 0; i < nm; i++) {
			size_t end = i + 1 < nm ? m[i + 1].off : b->a->len;

			if (end <= len) {
				want_pkts += m[i].pkt;
				frame += m[i].pkt;
			} else if (m[i].off < len) {
				cut = m[i].off;
				break;
			}
		}

		struct cap_pkt p;
		size_t got = 0;
		int rc;

		while ((rc = cap_next(r, &p, &err)) == 1) {
			got++;
			assert_int_equal(p.n, got);
		}
		assert_int_equal(got, want_pkts);
		if (cut == SIZE_MAX) {
			assert_int_equal(rc, 0);
			assert_null(err);
		} else {
			char *at = g_strdup_printf(
				": frame %" G_GUINT64_FORMAT " at byte %zu: ", frame, cut);

			assert_int_equal(rc, -1);
			assert_true(g_error_matches(err, CAP_ERROR, CAP_ERROR_TRUNCATED));
			if (strstr(err->message, at) == NULL)
				fail_msg("prefix %zu: \"%s\" lacks \"%s\"", len, err->message, at);
			g_free(at);
			g_clear_error(&err);
			/* and it stays failed */
			assert_int_equal(cap_next(r, &p, &err), -1);
			assert_non_null(err);
			g_clear_error(&err);
		}
		cap_close(r);
		g_remove(path);
		g_free(path);
	}
}

static void
test_truncated_at_every_byte(void **state)
{
	struct fx *fx = *state;

	for (int be = 0; be < 2; be++) {
		struct bld b = bld_new(be);

		pcap_hdr(&b, PCAP_US, 65535, 1);
		pcap_rec(&b, 1, 1, 21, 21, 1);
		pcap_rec(&b, 2, 2, 0, 10, 2);
		pcap_rec(&b, 3, 3, 17, 17, 3);
		check_every_prefix(fx, &b, 24);
		bld_free(&b);

		b = bld_new(be);
		ng_shb(&b);
		ng_idb(&b, 1, 0, 9, 0);
		ng_epb(&b, 0, 1, 21, 21, 1);
		ng_other(&b, 4, 4);
		ng_spb(&b, 5, 5, 2);
		ng_epb(&b, 0, 3, 17, 17, 3);
		check_every_prefix(fx, &b, 12);
		bld_free(&b);
	}
}

/* Every prefix of a gzip file: never a crash or a clean end before the whole file, and the
 * packets come in order up to the damage. */
static void
test_gzip_truncated_at_every_byte(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	ng_shb(&b);
	ng_idb(&b, 1, 0, 9, 0);
	ng_epb(&b, 0, 1, 21, 21, 1);
	ng_epb(&b, 0, 2, 40, 40, 2);
	ng_epb(&b, 0, 3, 17, 17, 3);
	char *full = write_bld(fx, &b, true);
	char *gz;
	gsize glen;
	size_t last = 0;

	assert_true(g_file_get_contents(full, &gz, &glen, NULL));
	for (size_t len = 0; len <= glen; len++) {
		char *path = g_strdup_printf("%s/gzcut", fx->dir);
		GError *err = NULL;

		assert_true(g_file_set_contents(path, gz, (gssize)len, NULL));
		struct cap_reader *r = cap_open(path, &err);

		if (r == NULL) {
			assert_non_null(err);
			assert_int_equal(last, 0);
			g_error_free(err);
			g_free(path);
			continue;
		}
		struct cap_pkt p;
		size_t got = 0;
		int rc;

		while ((rc = cap_next(r, &p, &err)) == 1)
			assert_int_equal(p.n, ++got);
		assert_true(got >= last);
		last = got;
		if (len == glen) {
			assert_int_equal(rc, 0);
			assert_int_equal(got, 3);
		} else {
			assert_int_equal(rc, -1);
			assert_true(g_error_matches(err, CAP_ERROR, CAP_ERROR_TRUNCATED) ||
				    g_error_matches(err, CAP_ERROR, CAP_ERROR_CORRUPT));
			assert_non_null(strstr(err->message, " at byte "));
			g_error_free(err);
		}
		cap_close(r);
		g_free(path);
	}
	assert_int_equal(last, 3);
	g_free(gz);
	g_free(full);
	bld_free(&b);
}

static void
test_pcapng_bad_block_lengths(void **state)
{
	struct fx *fx = *state;

	for (int v = 0; v < 4; v++) {
		struct bld b = bld_new(v & 1);

		ng_shb(&b);
		ng_idb(&b, 1, 0, -1, 0);
		ng_epb(&b, 0, 0, 4, 4, 0);
		size_t at = b.a->len;
		const char *what;

		mark(&b, false);
		if (v < 2) {
			/* total length 0: corrupt, not a loop that never advances */
			put32(&b, 6);
			put32(&b, 0);
			put32(&b, 0);
			what = "total length 0";
		} else if (v == 2) {
			put32(&b, 6);
			put32(&b, 18);
			put_data(&b, 10, 0);
			what = "total length 18";
		} else {
			size_t s = at;

			ng_epb(&b, 0, 0, 4, 4, 0);
			/* break the trailing copy */
			b.a->data[b.a->len - 1] ^= 0x10;
			b.a->data[b.a->len - 4] ^= 0x10;
			(void)s;
			what = "at its end";
		}
		ng_epb(&b, 0, 0, 4, 4, 0);
		char *path = write_bld(fx, &b, false);
		char *frame_at = g_strdup_printf(": frame 2 at byte %zu: ", at);

		expect_damage(path, 1, CAP_ERROR_CORRUPT, frame_at, what);
		g_free(frame_at);
		g_free(path);
		bld_free(&b);
	}
}

static void
test_pcapng_epb_caplen_past_block(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	ng_shb(&b);
	ng_idb(&b, 1, 0, -1, 0);
	size_t at = b.a->len;

	ng_epb(&b, 0, 0, 4, 4, 0);
	/* caplen field (offset 20) says 400 in a block with room for 4 + options */
	b.a->data[at + 20] = 0x90;
	b.a->data[at + 21] = 0x01;
	b.a->data[at + 24] = 0x90;
	b.a->data[at + 25] = 0x01;
	char *path = write_bld(fx, &b, false);
	char *frame_at = g_strdup_printf(": frame 1 at byte %zu: ", at);

	expect_damage(path, 0, CAP_ERROR_CORRUPT, frame_at, "past the block end");
	g_free(frame_at);
	g_free(path);
	bld_free(&b);

	/* no IDB at all */
	b = bld_new(false);
	ng_shb(&b);
	ng_epb(&b, 0, 0, 4, 4, 0);
	path = write_bld(fx, &b, false);
	expect_damage(path, 0, CAP_ERROR_CORRUPT, ": frame 1 at byte 28: ", "has no IDB");
	g_free(path);
	bld_free(&b);
}

/* Thousands of records, one bigger than the buffer's first size, so records straddle
 * refills and the buffer grows once; plain and gzip. */
static void
test_many_packets_across_refills(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);
	const uint32_t big = 3u << 20;
	GArray *offs = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	pcap_hdr(&b, PCAP_US, 4u << 20, 1);
	for (uint32_t i = 0; i < 4000; i++) {
		uint32_t caplen = i == 1500 ? big : (i * 37) % 1500 + 1;
		uint64_t off = b.a->len;

		g_array_append_val(offs, off);
		pcap_rec(&b, i, i, caplen, caplen, (uint8_t)i);
	}
	for (int gz = 0; gz < 2; gz++) {
		char *path = write_bld(fx, &b, gz);
		GError *err = NULL;
		struct cap_reader *r = cap_open(path, &err);
		struct cap_pkt p;
		uint32_t i = 0;
		int rc;

		assert_non_null(r);
		while ((rc = cap_next(r, &p, &err)) == 1) {
			uint32_t caplen = i == 1500 ? big : (i * 37) % 1500 + 1;

			assert_int_equal(p.n, i + 1);
			assert_int_equal(p.off, g_array_index(offs, uint64_t, i));
			assert_int_equal(p.caplen, caplen);
			assert_int_equal(p.sec, i);
			assert_int_equal(p.data[0], (uint8_t)i);
			assert_int_equal(p.data[caplen - 1], (uint8_t)(i + caplen - 1));
			i++;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(i, 4000);
		cap_close(r);
		g_free(path);
	}
	g_array_unref(offs);
	bld_free(&b);
}

/* "-" reads standard input: a file dup2()ed onto fd 0, and gzip through a pipe (which
 * cannot be rewound), each in a child so the test's own stdin is untouched. */
static int
stdin_child(const char *path, const uint8_t *pipe_data, size_t pipe_len, size_t want_pkts)
{
	if (pipe_data) {
		int fds[2];

		if (pipe(fds) != 0 || write(fds[1], pipe_data, pipe_len) != (ssize_t)pipe_len)
			return 10;
		close(fds[1]);
		dup2(fds[0], 0);
		close(fds[0]);
	} else {
		FILE *f = fopen(path, "rb");

		if (!f || dup2(fileno(f), 0) < 0)
			return 11;
	}
	GError *err = NULL;
	struct cap_reader *r = cap_open("-", &err);
	struct cap_pkt p;
	size_t n = 0;

	if (!r)
		return 12;
	if (strcmp(cap_name(r), "<stdin>") != 0)
		return 13;
	if (cap_gzipped(r) != (pipe_data != NULL))
		return 14;
	while (cap_next(r, &p, &err) == 1)
		n++;
	if (err || n != want_pkts)
		return 15;
	cap_close(r);
	return 0;
}

static void
test_stdin(void **state)
{
	struct fx *fx = *state;
	struct bld b = bld_new(false);

	build_two_ifs(&b);
	char *path = write_bld(fx, &b, false);
	char *gzpath = write_bld(fx, &b, true);
	char *gz;
	gsize glen;

	assert_true(g_file_get_contents(gzpath, &gz, &glen, NULL));
	assert_true(glen < 4096); /* fits in a pipe without a reader */
	for (int v = 0; v < 2; v++) {
		fflush(NULL);
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0)
			_exit(stdin_child(path, v ? (const uint8_t *)gz : NULL, glen, 4));
		int st;

		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	g_free(gz);
	g_free(gzpath);
	g_free(path);
	bld_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcap_orders_and_resolutions),
		cmocka_unit_test(test_pcap_snaplen_below_len),
		cmocka_unit_test(test_pcap_caplen_past_end),
		cmocka_unit_test(test_pcap_caplen_absurd),
		cmocka_unit_test(test_pcap_caplen_above_len),
		cmocka_unit_test(test_pcapng_interfaces_le_be),
		cmocka_unit_test(test_pcapng_unusual_resolutions),
		cmocka_unit_test(test_pcapng_spb_and_obsolete_pb),
		cmocka_unit_test(test_pcapng_second_section),
		cmocka_unit_test(test_gzip_each_format),
		cmocka_unit_test(test_gzip_two_members),
		cmocka_unit_test(test_gzip_corrupt),
		cmocka_unit_test(test_not_a_capture),
		cmocka_unit_test(test_truncated_at_every_byte),
		cmocka_unit_test(test_gzip_truncated_at_every_byte),
		cmocka_unit_test(test_pcapng_bad_block_lengths),
		cmocka_unit_test(test_pcapng_epb_caplen_past_block),
		cmocka_unit_test(test_many_packets_across_refills),
		cmocka_unit_test(test_stdin),
	};

	return cmocka_run_group_tests_name("reader", tests, setup, teardown);
}
