/* testlib.c - helpers shared by the unit tests (see testlib.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "reports/render.h"

static uint8_t *kept;

uint8_t *
test_dup(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);
	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

struct dec *
test_decode(struct dec *d, const uint8_t *p, size_t n, int linktype)
{
	free(kept);
	kept = test_dup(p, n);
	dec_packet(d, kept, (uint32_t)n, (uint32_t)n, linktype);
	return d;
}

struct dec *
test_decode_snaplen(struct dec *d, const uint8_t *p, size_t caplen, size_t len, int linktype)
{
	assert_true(caplen <= len);
	free(kept);
	kept = test_dup(p, caplen);
	dec_packet(d, kept, (uint32_t)caplen, (uint32_t)len, linktype);
	return d;
}

const struct dec_layer *
test_layer(const struct dec *d, unsigned proto, unsigned nth)
{
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == proto && nth-- == 0)
			return &d->layers[i];
	return NULL;
}

unsigned
test_count(const struct dec *d, unsigned proto)
{
	unsigned n = 0;
	for (unsigned i = 0; i < d->nlayers; i++)
		n += d->layers[i].proto == proto;
	return n;
}

bool
test_has_event(const struct dec *d, unsigned code)
{
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == code)
			return true;
	return false;
}

static char *
render(const struct dec *d, bool json)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	struct out *o = out_new(fileno(f));
	struct cap_pkt p = { .data = d->data, .caplen = d->caplen, .len = d->len, .sec = 0,
		.nsec = 0, .prec = 6, .linktype = d->linktype, .n = 1 };
	if (json)
		report_json_packet(o, &p, d);
	else
		report_text_packet(o, &p, d);
	out_free(o);
	long sz = ftell(f);
	assert_true(sz > 0);
	char *s = g_malloc((size_t)sz + 1);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	s[sz] = 0;
	if (sz && s[sz - 1] == '\n')
		s[sz - 1] = 0;
	return s;
}

char *
test_json(const struct dec *d)
{
	return render(d, true);
}

char *
test_text(const struct dec *d)
{
	return render(d, false);
}

size_t
test_every_truncation(const uint8_t *p, size_t n, int linktype)
{
	struct dec *d = dec_new();
	test_decode(d, p, n, linktype);
	unsigned full = d->nlayers;
	size_t with_event = 0;
	for (size_t k = 0; k < n; k++) {
		test_decode(d, p, k, linktype);
		assert_true(d->nlayers <= full);
		if (d->nerrors > 0)
			with_event++;
		/* rendering a truncated packet must not read past it either */
		g_free(test_json(d));
		g_free(test_text(d));
	}
	dec_free(d);
	return with_event;
}

static bool
listed(size_t k, const size_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == k)
			return true;
	return false;
}

void
test_every_cut(const uint8_t *p, size_t n, int linktype, const size_t *except, size_t nexcept)
{
	struct dec *d = dec_new();
	test_decode(d, p, n, linktype);
	unsigned full = d->nlayers;
	bool full_has[DEC_E_COUNT] = { false };
	for (unsigned i = 0; i < d->nerrors; i++)
		full_has[d->errors[i].code] = true;
	for (size_t k = 0; k < n; k++) {
		test_decode(d, p, k, linktype);
		if (d->nlayers > full)
			fail_msg("frame cut to %zu bytes: %u layers, the whole packet has %u", k,
				d->nlayers, full);
		bool excepted = listed(k, except, nexcept);
		if (!excepted && d->nerrors == 0)
			fail_msg("frame cut to %zu of %zu bytes: no event", k, n);
		if (excepted && d->nerrors != 0)
			fail_msg("frame cut to %zu bytes is listed as no event, but has %s (%s)", k,
				dec_event_name(d->errors[0].code), d->errors[0].what);
		g_free(test_json(d));
		g_free(test_text(d));

		test_decode_snaplen(d, p, k, n, linktype);
		if (d->nlayers > full)
			fail_msg("snaplen %zu: %u layers, the whole packet has %u", k, d->nlayers,
				full);
		for (unsigned i = 0; i < d->nerrors; i++) {
			unsigned code = d->errors[i].code;
			if (code != DEC_E_TRUNCATED && !full_has[code])
				fail_msg("snaplen %zu of %zu bytes: event %s (%s) at %u", k, n,
					dec_event_name(code), d->errors[i].what, d->errors[i].off);
		}
		g_free(test_json(d));
		g_free(test_text(d));
	}
	dec_free(d);
}

void
test_cut_adds_length_event(struct dec *d, const uint8_t *p, size_t k, size_t n, int linktype,
	unsigned proto, uint32_t off)
{
	test_decode(d, p, k, linktype);
	unsigned nframe = d->nerrors;
	struct dec_event frame[DEC_MAX_ERRORS];
	memcpy(frame, d->errors, sizeof(frame));
	test_decode_snaplen(d, p, k, n, linktype);
	unsigned skip = off != TEST_NO_LENGTH_EVENT;
	if (nframe != d->nerrors + skip)
		fail_msg("cut to %zu of %zu bytes: %u events as a frame, %u as a snaplen cut", k, n,
			nframe, d->nerrors);
	if (skip && (frame[0].code != DEC_E_BAD_LENGTH || frame[0].proto != proto ||
			    frame[0].off != off))
		fail_msg("frame cut to %zu bytes: first event %s (%s) by %s at %u, not bad_length "
			 "by %s at %u",
			k, dec_event_name(frame[0].code), frame[0].what,
			dec_proto_name(frame[0].proto), frame[0].off, dec_proto_name(proto), off);
	for (unsigned i = 0; i < d->nerrors; i++) {
		const struct dec_event *a = &frame[i + skip], *b = &d->errors[i];
		if (a->code != b->code || a->proto != b->proto || a->off != b->off)
			fail_msg(
				"cut to %zu bytes: event %u differs: %s by %s at %u as a frame, %s "
				"by %s at %u as a snaplen cut",
				k, i, dec_event_name(a->code), dec_proto_name(a->proto), a->off,
				dec_event_name(b->code), dec_proto_name(b->proto), b->off);
	}
}

uint8_t *
test_tcp4_segment(int dir, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	const uint8_t *payload, size_t n)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
	uint8_t *p = calloc(1, TEST_TCP4_HDR + n);
	assert_non_null(p);
	memcpy(p, eth, 14);
	uint8_t *ip = p + 14, *tcp = p + 34;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + n) >> 8);
	ip[3] = (uint8_t)(40 + n);
	ip[8] = 64;
	ip[9] = 6;
	static const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	memcpy(ip + 12, dir ? b : a, 4);
	memcpy(ip + 16, dir ? a : b, 4);
	tcp[0] = (uint8_t)(sport >> 8);
	tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8);
	tcp[3] = (uint8_t)dport;
	for (int i = 0; i < 4; i++) {
		tcp[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
		tcp[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
	}
	tcp[12] = 0x50;
	tcp[13] = 0x18; /* PSH ACK */
	tcp[14] = 0xff;
	if (n)
		memcpy(p + TEST_TCP4_HDR, payload, n);
	return p;
}

void
test_rm_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
			test_rm_tree(p);
		else
			g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}
