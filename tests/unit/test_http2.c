/* test_http2.c - HTTP/2 (RFC 9113) over reassembled TCP: the preface, every frame type,
 * header blocks through one HPACK inflater per direction (RFC 7541; blocks here are made
 * with libnghttp2's deflater), CONTINUATION, padding, per-request latency, and the
 * malformed cases: bad padding, CONTINUATION out of place, HPACK garbage, every truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include <nghttp2/nghttp2.h>

#include "decode/decoders.h"
#include "decode/http2.h"
#include "decode/stream.h"
#include "reports/render.h"

#define PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define L2L4 TEST_TCP4_HDR /* Ethernet + IPv4 + 20-byte TCP */

struct t {
	struct dec *d;
	nghttp2_hd_deflater *def[2]; /* one encoder per direction, as a peer has */
	uint32_t seq[2];
	GByteArray *buf;             /* the payload being built */
};

static int
setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	t->d = dec_new();
	t->d->reasm = dec_reasm_new(NULL);
	assert_int_equal(nghttp2_hd_deflate_new(&t->def[0], 4096), 0);
	assert_int_equal(nghttp2_hd_deflate_new(&t->def[1], 4096), 0);
	t->seq[0] = 1000;
	t->seq[1] = 90000;
	t->buf = g_byte_array_new();
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct t *t = *state;
	dec_reasm_free(t->d->reasm);
	dec_free(t->d);
	nghttp2_hd_deflate_del(t->def[0]);
	nghttp2_hd_deflate_del(t->def[1]);
	g_byte_array_free(t->buf, TRUE);
	free(t);
	return 0;
}

static void
put(GByteArray *b, const void *p, size_t n)
{
	g_byte_array_append(b, p, (guint)n);
}

/* a 9-byte frame header and its payload */
static void
frame(GByteArray *b, uint8_t type, uint8_t flags, uint32_t sid, const void *p, size_t n)
{
	uint8_t h[9] = { (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n, type, flags,
		(uint8_t)(sid >> 24), (uint8_t)(sid >> 16), (uint8_t)(sid >> 8), (uint8_t)sid };
	put(b, h, 9);
	if (n)
		put(b, p, n);
}

/* An HPACK block for the NULL-terminated name/value list, from dir's encoder. */
static size_t
hpack(struct t *t, int dir, uint8_t *out, size_t size, const char *const *kv)
{
	nghttp2_nv nv[16];
	size_t n = 0;
	for (; kv[2 * n]; n++) {
		nv[n].name = (uint8_t *)(uintptr_t)kv[2 * n];
		nv[n].namelen = strlen(kv[2 * n]);
		nv[n].value = (uint8_t *)(uintptr_t)kv[2 * n + 1];
		nv[n].valuelen = strlen(kv[2 * n + 1]);
		nv[n].flags = NGHTTP2_NV_FLAG_NONE;
	}
	ssize_t r = nghttp2_hd_deflate_hd(t->def[dir], out, size, nv, n);
	assert_true(r > 0);
	return (size_t)r;
}

static void
headers(struct t *t, int dir, uint8_t flags, uint32_t sid, const char *const *kv)
{
	uint8_t blk[512];
	size_t n = hpack(t, dir, blk, sizeof(blk), kv);
	frame(t->buf, DEC_H2_HEADERS, flags, sid, blk, n);
}

/* Sends t->buf as one TCP segment in direction dir (0: client 10.0.0.1:40000 to
 * 10.0.0.2:80) at capture time sec.msec, decodes it, empties t->buf. */
static struct dec *
send_seg(struct t *t, int dir, int64_t sec, uint32_t msec)
{
	size_t n = t->buf->len;
	uint16_t sp = dir ? 80 : 40000, dp = dir ? 40000 : 80;
	uint8_t *p = test_tcp4_segment(dir, sp, dp, t->seq[dir], t->seq[!dir], t->buf->data, n);
	t->seq[dir] += (uint32_t)n;
	t->d->ts_sec = sec;
	t->d->ts_nsec = msec * 1000000u;
	test_decode(t->d, p, L2L4 + n, DEC_LINK_EN10MB);
	free(p);
	g_byte_array_set_size(t->buf, 0);
	return t->d;
}

static const struct dec_http2_layer *
h2(const struct dec *d)
{
	const struct dec_layer *l = test_layer(d, DEC_P_HTTP2, 0);
	return l ? &l->u.http2 : NULL;
}

static const struct dec_http2_frame *
nth_frame(const struct dec_http2_layer *h, unsigned n)
{
	const struct dec_http2_frame *f = h->frames;
	while (f && n--)
		f = f->next;
	assert_non_null(f);
	return f;
}

/* The value of the first header called name in f, as a NUL-terminated copy (static). */
static const char *
hval(const struct dec_http2_frame *f, const char *name)
{
	static char buf[256];
	for (const struct dec_http2_header *h = f->headers; h; h = h->next)
		if (h->namelen == strlen(name) && memcmp(h->name, name, h->namelen) == 0) {
			memcpy(buf, h->value, h->valuelen);
			buf[h->valuelen] = 0;
			return buf;
		}
	return NULL;
}

static const char *const get_items[] = { ":method", "GET", ":scheme", "http", ":authority",
	"api.example.com", ":path", "/v1/items", "x-trace-id", "abc123", NULL };
static const char *const resp_200[] = { ":status", "200", "content-type", "application/json",
	NULL };

/* Client preface + SETTINGS + HEADERS(GET, END_STREAM); server SETTINGS + HEADERS(200) +
 * DATA(512, END_STREAM) 12.5 ms later: one finished request with its latency. */
static void
test_http2_exchange_latency(void **state)
{
	struct t *t = *state;
	static const uint8_t settings[] = { 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, /* MCS 100 */
		0x00, 0x01, 0x00, 0x01, 0x00, 0x00 };                    /* HTS 65536 */
	put(t->buf, PREFACE, 24);
	frame(t->buf, DEC_H2_SETTINGS, 0, 0, settings, sizeof(settings));
	headers(t, 0, DEC_H2_F_END_STREAM | DEC_H2_F_END_HEADERS, 1, get_items);
	struct dec *d = send_seg(t, 0, 1700000000, 100);
	const struct dec_http2_layer *h = h2(d);
	assert_non_null(h);
	assert_true(h->preface);
	assert_int_equal(h->nframes, 2);
	assert_int_equal(test_count(d, DEC_P_HTTP2), 1);
	const struct dec_http2_frame *f = nth_frame(h, 0);
	assert_int_equal(f->type, DEC_H2_SETTINGS);
	assert_int_equal(f->nsettings, 2);
	assert_int_equal(f->settings[0].id, 3);
	assert_int_equal(f->settings[0].value, 100);
	f = nth_frame(h, 1);
	assert_int_equal(f->type, DEC_H2_HEADERS);
	assert_int_equal(f->stream, 1);
	assert_string_equal(hval(f, ":path"), "/v1/items");
	assert_string_equal(hval(f, ":authority"), "api.example.com");
	assert_int_equal(h->nrequests, 0);
	char *js = test_json(d);
	assert_non_null(strstr(js, "\"preface\":true"));
	assert_non_null(strstr(js, "\"settings\":{\"MAX_CONCURRENT_STREAMS\":100,"
				   "\"HEADER_TABLE_SIZE\":65536}"));
	assert_non_null(strstr(js, "[\":method\",\"GET\"]"));
	g_free(js);

	frame(t->buf, DEC_H2_SETTINGS, 0, 0, NULL, 0);
	headers(t, 1, DEC_H2_F_END_HEADERS, 1, resp_200);
	uint8_t body[512];
	memset(body, 'x', sizeof(body));
	frame(t->buf, DEC_H2_DATA, DEC_H2_F_END_STREAM, 1, body, sizeof(body));
	d = send_seg(t, 1, 1700000000, 112);
	h = h2(d);
	assert_non_null(h);
	assert_int_equal(h->nframes, 3);
	assert_string_equal(hval(nth_frame(h, 1), ":status"), "200");
	assert_int_equal(h->nrequests, 1);
	const struct dec_http2_request *r = h->requests;
	assert_int_equal(r->stream, 1);
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->authority, "api.example.com");
	assert_string_equal(r->path, "/v1/items");
	assert_int_equal(r->status, 200);
	assert_int_equal(r->req_bytes, 0);
	assert_int_equal(r->resp_bytes, 512);
	assert_true(r->has_start);
	js = test_json(d);
	assert_non_null(strstr(js, "\"latency_ms\":12.000"));
	assert_non_null(strstr(js, "\"start\":\"2023-11-14T22:13:20.100000Z\""));
	g_free(js);
	char *tx = test_text(d);
	assert_non_null(strstr(tx, "HTTP/2 SETTINGS n=0; HEADERS s=1 200; DATA s=1 512B END_STREAM "
				   "[done s=1 200 12.0ms]"));
	g_free(tx);
}

/* A frame cut over two segments is reported once, on the segment that completes it. */
static void
test_http2_frame_split_across_segments(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	frame(t->buf, DEC_H2_SETTINGS, 0, 0, NULL, 0);
	send_seg(t, 0, 10, 0);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 1, get_items);
	GByteArray *all = g_byte_array_new();
	put(all, t->buf->data, t->buf->len);
	g_byte_array_set_size(t->buf, 0);
	put(t->buf, all->data, 5); /* inside the frame header */
	struct dec *d = send_seg(t, 0, 10, 1);
	assert_null(h2(d));
	put(t->buf, all->data + 5, all->len - 5);
	d = send_seg(t, 0, 10, 2);
	assert_non_null(h2(d));
	assert_int_equal(h2(d)->nframes, 1);
	assert_string_equal(hval(h2(d)->frames, ":method"), "GET");
	g_byte_array_free(all, TRUE);

	/* the framing itself: too few bytes say 0, a header says its whole length */
	static const uint8_t hdr[9] = { 0x00, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 1 };
	assert_int_equal(dec_http2_stream.frame(hdr, 5, NULL), 0);
	assert_int_equal(dec_http2_stream.frame(hdr, 9, NULL), 9 + 256);
	assert_int_equal(dec_http2_stream.frame((const uint8_t *)PREFACE, 10, NULL), 0);
	assert_int_equal(dec_http2_stream.frame((const uint8_t *)PREFACE, 24, NULL), 24);
	static const uint8_t rbit[9] = { 0, 0, 4, 8, 0, 0x80, 0, 0, 1 };
	assert_int_equal(dec_http2_stream.frame(rbit, 9, NULL), -1);
}

/* Bytes lost in one direction may hold a header block that changed its dynamic table:
 * that direction's later header blocks are given up (one event), not decoded wrong. */
static void
test_http2_gap_gives_up_headers(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	send_seg(t, 0, 30, 0);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 1, get_items);
	t->seq[0] += (uint32_t)t->buf->len; /* this segment is never captured */
	g_byte_array_set_size(t->buf, 0);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 3, get_items);
	struct dec *d = send_seg(t, 0, 30, 2); /* held: a hole before it */
	assert_null(h2(d));
	d = send_seg(t, 1, 30, 3); /* the server acknowledges the bytes never seen */
	assert_true(test_has_event(d, DEC_E_STREAM_GAP));
	/* given up because of the gap, not because the inflater then failed on the block */
	bool gave_up = false;
	for (unsigned i = 0; i < d->nerrors; i++)
		gave_up |= d->errors[i].code == DEC_E_HTTP2_HPACK &&
			strstr(d->errors[i].what, "bytes lost") != NULL;
	assert_true(gave_up);
	const struct dec_http2_layer *h = h2(d);
	assert_non_null(h);
	assert_int_equal(h->frames->type, DEC_H2_HEADERS);
	assert_int_equal(h->frames->stream, 3);
	assert_true(h->frames->undecoded);
	assert_int_equal(h->frames->nheaders, 0);
}

/* HEADERS without END_HEADERS, then CONTINUATION: the block is one, cut mid-string. */
static void
test_http2_headers_continuation(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	send_seg(t, 0, 20, 0);
	uint8_t blk[512];
	size_t n = hpack(t, 0, blk, sizeof(blk), get_items);
	size_t cut = n / 2;
	frame(t->buf, DEC_H2_HEADERS, DEC_H2_F_END_STREAM, 1, blk, cut);
	struct dec *d = send_seg(t, 0, 20, 1);
	const struct dec_http2_layer *h = h2(d);
	assert_non_null(h);
	unsigned first = h->frames->nheaders;
	assert_true(first < 5);
	frame(t->buf, DEC_H2_CONTINUATION, DEC_H2_F_END_HEADERS, 1, blk + cut, n - cut);
	d = send_seg(t, 0, 20, 2);
	h = h2(d);
	assert_non_null(h);
	assert_int_equal(h->frames->type, DEC_H2_CONTINUATION);
	assert_int_equal(first + h->frames->nheaders, 5);
	assert_string_equal(hval(h->frames, "x-trace-id"), "abc123");
	assert_int_equal(d->nerrors, 0);

	/* a CONTINUATION with no block open is an event, and is not inflated */
	frame(t->buf, DEC_H2_CONTINUATION, DEC_H2_F_END_HEADERS, 1, blk, 4);
	d = send_seg(t, 0, 20, 3);
	assert_true(test_has_event(d, DEC_E_HTTP2_SEQUENCE));
	assert_true(h2(d)->frames->bad);
}

/* The second request names headers by dynamic-table index: right only with the inflater
 * that saw the first one. */
static void
test_http2_dynamic_table_across_requests(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	uint8_t blk[512];
	size_t n1 = hpack(t, 0, blk, sizeof(blk), get_items);
	frame(t->buf, DEC_H2_HEADERS, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 1, blk, n1);
	send_seg(t, 0, 30, 0);
	static const char *const second[] = { ":method", "GET", ":scheme", "http", ":authority",
		"api.example.com", ":path", "/v1/items", "x-trace-id", "abc123", NULL };
	size_t n = hpack(t, 0, blk, sizeof(blk), second);
	assert_true(n < n1 - 10); /* x-trace-id and authority now indexed from its table */
	frame(t->buf, DEC_H2_HEADERS, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 3, blk, n);
	struct dec *d = send_seg(t, 0, 30, 1);
	assert_int_equal(d->nerrors, 0);
	const struct dec_http2_frame *f = h2(d)->frames;
	assert_false(f->undecoded);
	assert_string_equal(hval(f, "x-trace-id"), "abc123");
	assert_string_equal(hval(f, ":authority"), "api.example.com");

	/* the same block on a connection that did not see the first request */
	struct dec *d2 = dec_new();
	d2->reasm = dec_reasm_new(NULL);
	uint8_t *conn = g_malloc0(dec_http2_stream.conn_size);
	GByteArray *b = g_byte_array_new();
	frame(b, DEC_H2_HEADERS, DEC_H2_F_END_HEADERS, 3, blk, n);
	test_decode(d2, (const uint8_t *)"", 0, DEC_LINK_EN10MB);
	struct cur c = cur_make(b->data, b->len, 0);
	dec_http2_stream.message(d2, &c, conn, 0);
	assert_true(test_has_event(d2, DEC_E_HTTP2_HPACK));
	assert_true(h2(d2)->frames->undecoded);
	dec_http2_stream.conn_free(conn);
	g_free(conn);
	g_byte_array_free(b, TRUE);
	dec_reasm_free(d2->reasm);
	dec_free(d2);
}

/* RST_STREAM and GOAWAY carry their error names; a reset ends the request. */
static void
test_http2_rst_goaway_names(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 3, get_items);
	send_seg(t, 0, 40, 0);
	static const uint8_t cancel[4] = { 0, 0, 0, 8 };
	static const uint8_t goaway[] = { 0, 0, 0, 5, 0, 0, 0, 1, 'b', 'y', 'e' };
	frame(t->buf, DEC_H2_RST_STREAM, 0, 3, cancel, 4);
	frame(t->buf, DEC_H2_GOAWAY, 0, 0, goaway, sizeof(goaway));
	struct dec *d = send_seg(t, 1, 40, 7);
	const struct dec_http2_layer *h = h2(d);
	assert_int_equal(h->nframes, 2);
	assert_int_equal(nth_frame(h, 0)->error, 8);
	assert_int_equal(nth_frame(h, 1)->value, 5);
	assert_int_equal(h->nrequests, 1);
	assert_true(h->requests->reset);
	assert_string_equal(dec_http2_error_name(8), "CANCEL");
	assert_string_equal(dec_http2_error_name(13), "HTTP_1_1_REQUIRED");
	assert_null(dec_http2_error_name(14));
	char *js = test_json(d);
	assert_non_null(strstr(js, "{\"type\":\"RST_STREAM\",\"stream\":3,\"flags\":0,\"len\":4,"));
	assert_non_null(strstr(js, "\"error\":\"CANCEL\",\"error_code\":8}"));
	assert_non_null(strstr(js, "\"last_stream\":5,\"error\":\"PROTOCOL_ERROR\","
				   "\"error_code\":1,\"debug\":\"bye\"}"));
	assert_non_null(strstr(js, "\"reset\":\"CANCEL\""));
	g_free(js);
	char *tx = test_text(d);
	assert_non_null(strstr(tx, "RST_STREAM s=3 CANCEL; GOAWAY last=5 PROTOCOL_ERROR "
				   "[done s=3 CANCEL 7.0ms]"));
	g_free(tx);
}

/* PADDED: the padding is not data; a pad length past the frame is an event. */
static void
test_http2_padded(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 1, get_items);
	send_seg(t, 0, 50, 0);
	uint8_t blk[128];
	size_t n = hpack(t, 1, blk, sizeof(blk), resp_200);
	uint8_t hp[160] = { 3 }; /* pad length 3 */
	memcpy(hp + 1, blk, n);
	frame(t->buf, DEC_H2_HEADERS, DEC_H2_F_END_HEADERS | DEC_H2_F_PADDED, 1, hp, 1 + n + 3);
	static const uint8_t data[] = { 4, 'a', 'b', 'c', 0, 0, 0, 0 };
	frame(t->buf, DEC_H2_DATA, DEC_H2_F_END_STREAM | DEC_H2_F_PADDED, 1, data, sizeof(data));
	struct dec *d = send_seg(t, 1, 50, 1);
	assert_int_equal(d->nerrors, 0);
	const struct dec_http2_layer *h = h2(d);
	assert_string_equal(hval(h->frames, ":status"), "200");
	assert_int_equal(nth_frame(h, 1)->pad, 4);
	assert_int_equal(h->requests->resp_bytes, 3);

	static const uint8_t bad[] = { 9, 'a', 'b' };
	frame(t->buf, DEC_H2_DATA, DEC_H2_F_PADDED, 3, bad, sizeof(bad));
	d = send_seg(t, 0, 50, 2);
	assert_true(test_has_event(d, DEC_E_HTTP2_PADDING));
	assert_true(h2(d)->frames->bad);
}

/* HPACK garbage: one event, the direction's later blocks undecoded without more events,
 * the other direction unaffected. */
static void
test_http2_hpack_garbage(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	static const uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00 }; /* index 2^28 */
	frame(t->buf, DEC_H2_HEADERS, DEC_H2_F_END_HEADERS, 1, junk, sizeof(junk));
	struct dec *d = send_seg(t, 0, 60, 0);
	assert_true(test_has_event(d, DEC_E_HTTP2_HPACK));
	assert_true(h2(d)->frames->undecoded);
	headers(t, 0, DEC_H2_F_END_HEADERS, 3, get_items);
	d = send_seg(t, 0, 60, 1);
	assert_int_equal(d->nerrors, 0);
	assert_true(h2(d)->frames->undecoded);
	assert_int_equal(h2(d)->frames->nheaders, 0);
	headers(t, 1, DEC_H2_F_END_HEADERS, 3, resp_200);
	d = send_seg(t, 1, 60, 2);
	assert_int_equal(d->nerrors, 0);
	assert_string_equal(hval(h2(d)->frames, ":status"), "200");
}

/* Frames of fixed size with the wrong length, a SETTINGS on a stream: events, no crash. */
static void
test_http2_fixed_lengths(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	static const uint8_t five[5] = { 0 };
	frame(t->buf, DEC_H2_PING, 0, 0, five, 5);
	frame(t->buf, DEC_H2_SETTINGS, 0, 1, NULL, 0);
	frame(t->buf, DEC_H2_WINDOW_UPDATE, 0, 0, five, 4);
	struct dec *d = send_seg(t, 0, 70, 0);
	assert_true(test_has_event(d, DEC_E_HTTP2_FRAME_LEN));
	assert_true(test_has_event(d, DEC_E_HTTP2_SEQUENCE));
	const struct dec_http2_layer *h = h2(d);
	assert_int_equal(h->nframes, 3);
	assert_true(nth_frame(h, 0)->bad);
	assert_false(nth_frame(h, 2)->bad);
	char *js = test_json(d);
	assert_non_null(strstr(js, "\"malformed\":true"));
	g_free(js);
}

/* Without a reassembler: every prefix of a segment with the preface and frames. */
static void
test_http2_every_truncation(void **state)
{
	struct t *t = *state;
	put(t->buf, PREFACE, 24);
	frame(t->buf, DEC_H2_SETTINGS, 0, 0, NULL, 0);
	headers(t, 0, DEC_H2_F_END_HEADERS | DEC_H2_F_END_STREAM, 1, get_items);
	static const uint8_t ping[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	frame(t->buf, DEC_H2_PING, DEC_H2_F_ACK, 0, ping, 8);
	struct dec_reasm *keep = t->d->reasm;
	t->d->reasm = NULL;
	struct dec *d = send_seg(t, 0, 80, 0);
	t->d->reasm = keep;
	const struct dec_http2_layer *h = h2(d);
	assert_non_null(h);
	assert_int_equal(h->nframes, 3);
	/* a one-frame block decodes without connection state when it needs none */
	assert_string_equal(hval(nth_frame(h, 1), ":path"), "/v1/items");
	uint8_t *pkt = test_dup(d->data, d->caplen);
	size_t n = d->caplen;
	test_every_truncation(pkt, n, DEC_LINK_EN10MB);
	free(pkt);
}

static void
test_http2_probe_and_resync(void **state)
{
	(void)state;
	struct cur c = cur_make((const uint8_t *)PREFACE "xyz", 27, 0);
	assert_true(dec_probe_http2(&c));
	c = cur_make((const uint8_t *)"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, 0);
	assert_false(dec_probe_http2(&c));
	c = cur_make((const uint8_t *)PREFACE, 23, 0);
	assert_false(dec_probe_http2(&c));
	/* garbage, then WINDOW_UPDATE s=0 and PING: resync lands on the first */
	static const uint8_t p[] = { 0xde, 0xad, 0xbe, 0xef, 0x99, 0x01, 0x02,
		0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
		0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 };
	assert_int_equal(dec_http2_stream.resync(p, sizeof(p)), 7);
	assert_int_equal(dec_http2_stream.resync(p, 7), -1);
	assert_string_equal(dec_http2_type_name(9), "CONTINUATION");
	assert_string_equal(dec_http2_setting_name(5), "MAX_FRAME_SIZE");
}

/* Last: a configured port makes the probe take every unclaimed segment for good. A
 * connection caught mid-way (no preface) on that port is decoded. */
static void
test_http2_configured_port(void **state)
{
	struct t *t = *state;
	static const uint8_t ping[8] = { 0 };
	frame(t->buf, DEC_H2_PING, 0, 0, ping, 8);
	struct dec *d = send_seg(t, 0, 90, 0);
	assert_null(h2(d));
	dec_http2_add_port(80);
	frame(t->buf, DEC_H2_PING, 0, 0, ping, 8);
	d = send_seg(t, 0, 90, 1);
	assert_non_null(h2(d));
	assert_int_equal(h2(d)->frames->type, DEC_H2_PING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_http2_exchange_latency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_gap_gives_up_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_frame_split_across_segments, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_http2_headers_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_dynamic_table_across_requests, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_http2_rst_goaway_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_padded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_hpack_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_fixed_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_every_truncation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_probe_and_resync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http2_configured_port, setup, teardown),
	};
	return cmocka_run_group_tests_name("http2", tests, NULL, NULL);
}
