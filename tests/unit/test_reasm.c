/* test_reasm.c - TCP reassembly (decode/reasm.c) with a framed protocol made up here: in
 * order, split, several per segment, retransmission, overlap, out of order, no SYN, loss
 * and resynchronisation, sequence wrap, FIN, RST, idle timeout, caps, eviction, both
 * directions, VLANs, stateless decoding and continuation through dec_stream_known.
 *
 * The made-up protocol: a message is the magic byte 0xA5, a type byte, a 2-byte length of
 * the whole message (at least 4) and a body; resync looks for the magic byte. Its message
 * callback has no user pointer, so what it sees goes to a file-static log, reset before
 * each packet.
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "decode/stream.h"

#define FK_MAGIC 0xA5
#define LOG_MAX  64

struct fk_msg {
	const uint8_t *p; /* the cursor's bytes, valid until the next packet */
	size_t len;
	size_t base;
	int dir;
	uint8_t type;
};

struct fk_conn {
	unsigned msgs;
	uint8_t *heap; /* so that a missed conn_free shows as a leak */
};

static struct {
	unsigned n;
	struct fk_msg m[LOG_MAX];
	unsigned conns_freed;
} fk_log;

static long
fk_frame(const uint8_t *p, size_t n, void *conn)
{
	(void)conn;
	if (n == 0)
		return 0;
	if (p[0] != FK_MAGIC)
		return -1;
	if (n < 4)
		return 0;
	long len = (long)p[2] << 8 | p[3];
	return len < 4 ? -1 : len;
}

static void
fk_message(struct dec *d, struct cur *c, void *conn, int dir)
{
	(void)d;
	struct fk_conn *fc = conn;
	if (fc) {
		if (!fc->heap)
			fc->heap = malloc(16);
		fc->msgs++;
	}
	assert_true(fk_log.n < LOG_MAX);
	struct fk_msg *m = &fk_log.m[fk_log.n++];
	m->p = cur_here(c);
	m->len = cur_left(c);
	m->base = cur_off(c);
	m->dir = dir;
	assert_int_equal(cur_u8(c), FK_MAGIC);
	m->type = cur_u8(c);
	assert_int_equal(cur_be16(c), m->len);
}

static long
fk_resync(const uint8_t *p, size_t n)
{
	const uint8_t *m = memchr(p, FK_MAGIC, n);
	return m ? (long)(m - p) : -1;
}

static void
fk_conn_free(void *conn)
{
	struct fk_conn *fc = conn;
	free(fc->heap);
	fk_log.conns_freed++;
}

static const struct dec_stream_proto fk_proto = {
	.name = "fake",
	.proto = DEC_P_BGP,
	.conn_size = sizeof(struct fk_conn),
	.conn_free = fk_conn_free,
	.frame = fk_frame,
	.message = fk_message,
	.resync = fk_resync,
};

/* A message of the made-up protocol: body bytes below 0x80, so never the magic. */
static size_t
fk_make(uint8_t *out, uint8_t type, size_t len)
{
	out[0] = FK_MAGIC;
	out[1] = type;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	for (size_t i = 4; i < len; i++)
		out[i] = (uint8_t)((type * 7 + i) % 0x80);
	return len;
}

/* One TCP segment of a test. */
struct seg {
	int from; /* 0: client 10.0.0.1:40000, 1: server 10.0.0.2:7777 */
	uint32_t seq, ack;
	uint16_t flags;
	uint16_t vlan;  /* set: an 802.1Q tag with this id */
	uint16_t cport; /* set: the client's port instead of 40000 */
	size_t snap;    /* set: capture only this many bytes of the frame */
};

struct fixture {
	struct dec *d;
	struct dec_reasm *r;
	uint8_t *frame;     /* the current packet, alive until the next one */
	size_t payload_off; /* of the current packet */
	int64_t now;
};

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

/* Builds Ethernet [802.1Q] IPv4 TCP + payload into a heap buffer of exactly the captured
 * size; returns it, its length in *caplen and the payload offset in *poff. */
static uint8_t *
frame_build(const struct seg *s, const uint8_t *pl, size_t n, size_t *caplen, size_t *poff)
{
	uint8_t b[2048];
	assert_true(n <= sizeof(b) - 60);
	size_t o = 0;
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	memcpy(b, macs, 12);
	o = 12;
	if (s->vlan) {
		put16(b + o, 0x8100);
		put16(b + o + 2, s->vlan);
		o += 4;
	}
	put16(b + o, 0x0800);
	o += 2;
	uint8_t *ip = b + o;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint32_t)(40 + n));
	ip[8] = 64;
	ip[9] = 6;
	static const uint8_t a[2][4] = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } };
	memcpy(ip + 12, a[s->from], 4);
	memcpy(ip + 16, a[!s->from], 4);
	o += 20;
	uint8_t *t = b + o;
	uint16_t cport = s->cport ? s->cport : 40000;
	put16(t, s->from ? 7777 : cport);
	put16(t + 2, s->from ? cport : 7777);
	put32(t + 4, s->seq);
	put32(t + 8, s->ack);
	put16(t + 12, 0x5000 | s->flags);
	put16(t + 14, 65535);
	put32(t + 16, 0);
	o += 20;
	*poff = o;
	if (n)
		memcpy(b + o, pl, n);
	o += n;
	if (s->snap && s->snap < o)
		o = s->snap;
	*caplen = o;
	return test_dup(b, o);
}

/* Decodes the segment as one packet; with known, through dec_packet() and
 * dec_stream_known only (no protocol claims the ports), else the way a port decoder
 * does: dec_stream_segment() with the payload cursor. */
static void
feed_how(struct fixture *f, const struct seg *s, const uint8_t *pl, size_t n, bool known)
{
	free(f->frame);
	size_t caplen, poff;
	f->frame = frame_build(s, pl, n, &caplen, &poff);
	f->payload_off = poff;
	memset(&fk_log.m, 0, sizeof(fk_log.m));
	fk_log.n = 0;
	f->d->ts_sec = f->now;
	f->d->reasm = known ? f->r : NULL;
	dec_packet(f->d, f->frame, (uint32_t)caplen, (uint32_t)(poff + n), DEC_LINK_EN10MB);
	if (known)
		return;
	f->d->reasm = f->r;
	const struct dec_layer *l = &f->d->layers[f->d->nlayers - 1];
	assert_int_equal(l->proto, DEC_P_TCP);
	struct cur c = cur_make(f->frame + poff, caplen > poff ? caplen - poff : 0, poff);
	dec_stream_segment(f->d, &c, &fk_proto);
}

static void
feed(struct fixture *f, const struct seg *s, const uint8_t *pl, size_t n)
{
	feed_how(f, s, pl, n, false);
}

static struct dec_reasm_stats
stats(const struct fixture *f)
{
	struct dec_reasm_stats st;
	dec_reasm_get_stats(f->r, &st);
	return st;
}

/* The logged message i has exactly these bytes (read now: the pointer must be valid). */
static void
assert_msg(unsigned i, const uint8_t *want, size_t len, size_t base)
{
	assert_true(i < fk_log.n);
	assert_int_equal(fk_log.m[i].len, len);
	assert_memory_equal(fk_log.m[i].p, want, len);
	assert_int_equal(fk_log.m[i].base, base);
}

static int
setup_limits(void **state, const struct dec_reasm_limits *lim)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->d = dec_new();
	f->r = dec_reasm_new(lim);
	f->now = 1000;
	memset(&fk_log, 0, sizeof(fk_log));
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return setup_limits(state, NULL);
}

/* per-direction cap 4096, 8 connections, 60 s idle */
static int
setup_small(void **state)
{
	struct dec_reasm_limits lim = {
		.stream_bytes = 4096, .total_bytes = 1 << 20, .max_streams = 8, .idle_timeout = 60
	};
	return setup_limits(state, &lim);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	dec_reasm_free(f->r);
	dec_free(f->d);
	free(f->frame);
	free(f);
	return 0;
}

static const uint32_t CISN = 1000, SISN = 5000;

/* SYN, SYN-ACK, ACK: the client's next byte is CISN + 1, the server's SISN + 1. */
static void
handshake(struct fixture *f)
{
	feed(f, &(struct seg){ .from = 0, .seq = CISN, .flags = DEC_TCP_SYN }, NULL, 0);
	feed(f,
		&(struct seg){ .from = 1,
			.seq = SISN,
			.ack = CISN + 1,
			.flags = DEC_TCP_SYN | DEC_TCP_ACK },
		NULL, 0);
	feed(f, &(struct seg){ .from = 0, .seq = CISN + 1, .ack = SISN + 1, .flags = DEC_TCP_ACK },
		NULL, 0);
}

static struct seg
cli(uint32_t rel)
{
	return (struct seg){ .from = 0, .seq = CISN + 1 + rel, .flags = DEC_TCP_PSH };
}

static void
test_reasm_in_order(void **state)
{
	struct fixture *f = *state;
	uint8_t m1[20], m2[30];
	fk_make(m1, 1, sizeof(m1));
	fk_make(m2, 2, sizeof(m2));
	handshake(f);
	assert_int_equal(stats(f).conns, 1);
	feed(f, &(struct seg){ .from = 0, .seq = CISN + 1 }, m1, sizeof(m1));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m1, sizeof(m1), f->payload_off);
	assert_int_equal(fk_log.m[0].dir, 0);
	feed(f, &(struct seg){ .from = 0, .seq = CISN + 21 }, m2, sizeof(m2));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m2, sizeof(m2), f->payload_off);
	assert_int_equal(f->d->nerrors, 0);
	assert_int_equal(stats(f).bytes_buffered, 0);
	assert_int_equal(stats(f).gaps, 0);
}

static void
test_reasm_split_across_three_segments(void **state)
{
	struct fixture *f = *state;
	uint8_t m[300];
	fk_make(m, 3, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, 100);
	assert_int_equal(fk_log.n, 0);
	assert_int_equal(stats(f).bytes_buffered, 100);
	s = cli(100);
	feed(f, &s, m + 100, 100);
	assert_int_equal(fk_log.n, 0);
	s = cli(200);
	feed(f, &s, m + 200, 100);
	assert_int_equal(fk_log.n, 1);
	/* it began in an earlier segment: the cursor starts at this payload */
	assert_msg(0, m, sizeof(m), f->payload_off);
	assert_int_equal(stats(f).bytes_buffered, 0);
}

static void
test_reasm_three_messages_in_one_segment(void **state)
{
	struct fixture *f = *state;
	uint8_t p[90];
	fk_make(p, 1, 10);
	fk_make(p + 10, 2, 50);
	fk_make(p + 60, 3, 30);
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, sizeof(p));
	assert_int_equal(fk_log.n, 3);
	assert_msg(0, p, 10, f->payload_off);
	assert_msg(1, p + 10, 50, f->payload_off + 10);
	assert_msg(2, p + 60, 30, f->payload_off + 60);
	/* straight from the packet: the cursor covers the frame's own bytes */
	assert_ptr_equal(fk_log.m[1].p, f->frame + f->payload_off + 10);
}

static void
test_reasm_message_tail_and_next_in_one_segment(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	fk_make(p, 1, 60);
	fk_make(p + 60, 2, 40);
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, 30);
	s = cli(30);
	feed(f, &s, p + 30, 70);
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 60, f->payload_off);
	/* the second began inside this segment, 30 bytes in */
	assert_msg(1, p + 60, 40, f->payload_off + 30);
}

static void
test_reasm_retransmission_not_delivered_twice(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 4, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, sizeof(m));
	assert_int_equal(fk_log.n, 1);
	feed(f, &s, m, sizeof(m));
	assert_int_equal(fk_log.n, 0);
	/* a retransmitted half message, then the rest: one delivery */
	uint8_t m2[40];
	fk_make(m2, 5, sizeof(m2));
	s = cli(40);
	feed(f, &s, m2, 20);
	feed(f, &s, m2, 20);
	assert_int_equal(fk_log.n, 0);
	s = cli(60);
	feed(f, &s, m2 + 20, 20);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m2, sizeof(m2), f->payload_off);
	assert_int_equal(stats(f).gaps, 0);
}

static void
test_reasm_overlap_with_new_bytes(void **state)
{
	struct fixture *f = *state;
	uint8_t p[70];
	fk_make(p, 1, 50);
	fk_make(p + 50, 2, 20);
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, 30);
	/* bytes 10..69: 20 old, 40 new */
	s = cli(10);
	feed(f, &s, p + 10, 60);
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 50, f->payload_off);
	/* message 2 starts at stream byte 50, i.e. 40 bytes into this payload */
	assert_msg(1, p + 50, 20, f->payload_off + 40);
}

static void
test_reasm_out_of_order(void **state)
{
	struct fixture *f = *state;
	uint8_t p[120];
	fk_make(p, 1, 80);
	fk_make(p + 80, 2, 40);
	handshake(f);
	struct seg s = cli(50);
	feed(f, &s, p + 50, 70);
	assert_int_equal(fk_log.n, 0);
	assert_int_equal(stats(f).bytes_buffered, 70);
	s = cli(0);
	feed(f, &s, p, 50);
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 80, f->payload_off);
	assert_msg(1, p + 80, 40, f->payload_off);
	assert_int_equal(stats(f).bytes_buffered, 0);
	assert_int_equal(stats(f).gaps, 0);
	assert_int_equal(f->d->nerrors, 0);
}

static void
test_reasm_out_of_order_overlapping_holds(void **state)
{
	struct fixture *f = *state;
	uint8_t p[200];
	fk_make(p, 1, 200);
	handshake(f);
	struct seg s = cli(100);
	feed(f, &s, p + 100, 50);
	s = cli(120);
	feed(f, &s, p + 120, 80); /* overlaps the held one, adds 50 bytes */
	s = cli(60);
	feed(f, &s, p + 60, 70);
	assert_int_equal(stats(f).bytes_buffered, 140);
	assert_int_equal(fk_log.n, 0);
	s = cli(0);
	feed(f, &s, p, 60);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p, 200, f->payload_off);
	assert_int_equal(stats(f).bytes_buffered, 0);
}

static void
test_reasm_missing_syn(void **state)
{
	struct fixture *f = *state;
	uint8_t p[60];
	fk_make(p, 1, 24);
	fk_make(p + 24, 2, 36);
	/* mid-stream, starting at a boundary */
	feed(f, &(struct seg){ .from = 0, .seq = 777777, .flags = DEC_TCP_ACK }, p, 24);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p, 24, f->payload_off);
	assert_int_equal(fk_log.m[0].dir, 0);
	feed(f, &(struct seg){ .from = 0, .seq = 777777 + 24, .flags = DEC_TCP_ACK }, p + 24, 36);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 24, 36, f->payload_off);
	/* the server's first segment starts inside a message: resync to the next one */
	uint8_t q[50];
	memcpy(q, p + 4, 20);
	fk_make(q + 20, 9, 30);
	feed(f, &(struct seg){ .from = 1, .seq = 42, .flags = DEC_TCP_ACK, .ack = 777777 + 60 }, q,
		sizeof(q));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, q + 20, 30, f->payload_off + 20);
	assert_int_equal(fk_log.m[0].dir, 1);
	assert_int_equal(stats(f).conns, 1);
	assert_int_equal(stats(f).gaps, 0);
}

static void
test_reasm_lost_segment_gap_on_fin(void **state)
{
	struct fixture *f = *state;
	uint8_t p[150];
	fk_make(p, 1, 40);       /* 0..39 */
	fk_make(p + 40, 2, 60);  /* 40..99, of which 50..79 is lost */
	fk_make(p + 100, 3, 50); /* 100..149 */
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, 50);
	assert_int_equal(fk_log.n, 1);
	s = cli(80);
	feed(f, &s, p + 80, 30);
	assert_int_equal(fk_log.n, 0);
	s = cli(110);
	s.flags |= DEC_TCP_FIN;
	feed(f, &s, p + 110, 40);
	/* the FIN declares the hole lost; the tail of message 2 is skipped, message 3 found */
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(f->d->errors[0].proto, DEC_P_TCP);
	assert_string_equal(dec_event_name(DEC_E_STREAM_GAP), "tcp.stream_gap");
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 100, 50, f->payload_off);
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.gaps, 1);
	assert_int_equal(st.bytes_lost, 30);
	assert_true(st.resyncs >= 1);
	assert_int_equal(st.bytes_buffered, 0);
}

static void
test_reasm_lost_segment_gap_on_ack(void **state)
{
	struct fixture *f = *state;
	uint8_t p[120];
	fk_make(p, 1, 60);
	fk_make(p + 60, 2, 60);
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, 30); /* 30..59 lost */
	s = cli(60);
	feed(f, &s, p + 60, 60);
	assert_int_equal(fk_log.n, 0);
	/* the server acknowledges everything: the hole is lost, message 2 comes out */
	feed(f,
		&(struct seg){
			.from = 1, .seq = SISN + 1, .ack = CISN + 1 + 120, .flags = DEC_TCP_ACK },
		NULL, 0);
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 60, 60, f->payload_off);
	assert_int_equal(fk_log.m[0].dir, 0);
	assert_int_equal(stats(f).gaps, 1);
	assert_int_equal(stats(f).bytes_lost, 30);
	/* a lost tail with nothing after it yet: the ACK alone settles it, so the next
	 * segment is in order and decoded on arrival */
	uint8_t m3[40];
	fk_make(m3, 3, sizeof(m3));
	s = cli(120);
	feed(f, &s, m3, 10); /* 130..159 lost */
	feed(f,
		&(struct seg){
			.from = 1, .seq = SISN + 1, .ack = CISN + 1 + 160, .flags = DEC_TCP_ACK },
		NULL, 0);
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(stats(f).bytes_lost, 60);
	s = cli(160);
	feed(f, &s, m3, sizeof(m3));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m3, sizeof(m3), f->payload_off);
	assert_int_equal(stats(f).bytes_buffered, 0);
}

static void
test_reasm_lost_segment_gap_by_age(void **state)
{
	struct fixture *f = *state;
	uint8_t m[10];
	handshake(f);
	/* stream byte 0..9 never arrives; 40 messages after it do */
	for (unsigned i = 1; i <= 40; i++) {
		fk_make(m, (uint8_t)i, sizeof(m));
		struct seg s = cli(i * 10);
		feed(f, &s, m, sizeof(m));
		if (i <= 33) {
			assert_int_equal(fk_log.n, 0);
		} else if (i == 34) {
			/* the 33rd segment after the first one held gives up on the hole */
			assert_int_equal(fk_log.n, 34);
			assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
			assert_int_equal(fk_log.m[0].type, 1);
			assert_int_equal(fk_log.m[33].type, 34);
		} else {
			assert_int_equal(fk_log.n, 1);
			assert_int_equal(fk_log.m[0].type, i);
		}
	}
	assert_int_equal(stats(f).gaps, 1);
	assert_int_equal(stats(f).bytes_lost, 10);
}

static void
test_reasm_snaplen_cut_is_a_gap(void **state)
{
	struct fixture *f = *state;
	uint8_t p[140];
	fk_make(p, 1, 100);
	fk_make(p + 100, 2, 40);
	handshake(f);
	struct seg s = cli(0);
	s.snap = 54 + 30; /* 30 payload bytes of 100 captured */
	feed(f, &s, p, 100);
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(stats(f).bytes_lost, 70);
	s = cli(100);
	feed(f, &s, p + 100, 40);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 100, 40, f->payload_off);

	/* none of the payload captured (the snaplen ends at the TCP header): all of it is
	 * lost on that packet, and the next message is delivered on its own packet, not held
	 * behind a hole until HOLE_MAX_SEGS segments or an ACK give it up */
	s = cli(140);
	s.snap = 54;
	feed(f, &s, p, 100);
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(fk_log.n, 0);
	assert_int_equal(stats(f).gaps, 2);
	assert_int_equal(stats(f).bytes_lost, 170);
	s = cli(240);
	feed(f, &s, p + 100, 40);
	assert_false(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 100, 40, f->payload_off);
}

static void
test_reasm_sequence_wraps(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	fk_make(p, 1, 70);
	fk_make(p + 70, 2, 30);
	uint32_t isn = 0xFFFFFFF0u; /* byte 15 of the stream has sequence number 0 */
	feed(f, &(struct seg){ .from = 0, .seq = isn, .flags = DEC_TCP_SYN }, NULL, 0);
	/* out of order across the wrap, then the first part */
	feed(f, &(struct seg){ .from = 0, .seq = isn + 1 + 40 }, p + 40, 60);
	assert_int_equal(fk_log.n, 0);
	feed(f, &(struct seg){ .from = 0, .seq = isn + 1 }, p, 40);
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 70, f->payload_off);
	assert_msg(1, p + 70, 30, f->payload_off);
	/* a retransmission from before the wrap is old, not far ahead */
	feed(f, &(struct seg){ .from = 0, .seq = isn + 1 }, p, 40);
	assert_int_equal(fk_log.n, 0);
	assert_int_equal(stats(f).gaps, 0);
	assert_int_equal(stats(f).bytes_buffered, 0);
}

static void
test_reasm_fin_both_ways_frees(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 7, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, 20);
	feed(f,
		&(struct seg){ .from = 1,
			.seq = SISN + 1,
			.ack = CISN + 21,
			.flags = DEC_TCP_FIN | DEC_TCP_ACK },
		NULL, 0);
	assert_int_equal(stats(f).conns_open, 1);
	s = cli(20);
	s.flags |= DEC_TCP_FIN | DEC_TCP_ACK;
	s.ack = SISN + 2;
	feed(f, &s, m + 20, 20);
	/* the message completes on the last FIN and the connection is closed; its bytes are
	 * still readable until the next packet */
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m, sizeof(m), f->payload_off);
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.conns_open, 0);
	assert_int_equal(st.conns_closed, 1);
	assert_int_equal(st.gaps, 0);
	assert_int_equal(st.bytes_buffered, 0);
	/* the last ACK does not bring it back; the deferred free happens on it */
	feed(f, &(struct seg){ .from = 1, .seq = SISN + 2, .ack = CISN + 42, .flags = DEC_TCP_ACK },
		NULL, 0);
	assert_int_equal(stats(f).conns_open, 0);
	assert_int_equal(stats(f).conns, 1);
	assert_int_equal(fk_log.conns_freed, 1);
}

static void
test_reasm_rst_frees(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 7, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, 20);
	s = cli(20);
	s.flags = DEC_TCP_RST;
	feed(f, &s, m + 20, 20);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m, sizeof(m), f->payload_off);
	assert_int_equal(stats(f).conns_open, 0);
	assert_int_equal(stats(f).conns_closed, 1);
	/* a RST with nothing to follow creates nothing */
	feed(f, &(struct seg){ .from = 1, .seq = 9, .flags = DEC_TCP_RST }, NULL, 0);
	assert_int_equal(stats(f).conns, 1);
	assert_int_equal(fk_log.conns_freed, 1);
}

static void
test_reasm_idle_timeout_frees(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 7, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, 20);
	assert_int_equal(stats(f).bytes_buffered, 20);
	f->now += 299;
	s = (struct seg){ .from = 0, .cport = 40001, .seq = 1 };
	feed(f, &s, m, 20);
	assert_int_equal(stats(f).conns_open, 2);
	f->now += 2; /* 301 s after the first connection's last packet */
	s = (struct seg){ .from = 0, .cport = 40001, .seq = 21 };
	feed(f, &s, m + 20, 20);
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.conns_idle, 1);
	assert_int_equal(st.conns_open, 1);
	assert_int_equal(st.bytes_buffered, 0);
	/* the second connection saw its first segment mid-stream and resynchronised */
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m, sizeof(m), f->payload_off);
}

static void
test_reasm_oversized_message_dropped(void **state)
{
	struct fixture *f = *state;
	uint8_t p[1200];
	memset(p, 0x11, sizeof(p));
	/* a header that announces 60000 bytes, above the 4096-byte cap, then a real one */
	p[0] = FK_MAGIC;
	p[1] = 1;
	put16(p + 2, 60000);
	fk_make(p + 1000, 2, 200);
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, p, 600);
	s = cli(600);
	feed(f, &s, p + 600, 600);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, p + 1000, 200, f->payload_off + 400);
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.bytes_dropped, 1000);
	assert_true(st.resyncs >= 1);
	assert_int_equal(st.bytes_buffered, 0);
}

static void
test_reasm_out_of_order_over_cap_is_a_gap(void **state)
{
	struct fixture *f = *state;
	uint8_t m[1000];
	handshake(f);
	/* stream bytes 0..99 lost; 1000-byte messages after them; the cap holds 4 */
	for (unsigned i = 0; i < 5; i++) {
		fk_make(m, (uint8_t)(i + 1), sizeof(m));
		struct seg s = cli(100 + i * 1000);
		feed(f, &s, m, sizeof(m));
		if (i < 4)
			assert_int_equal(fk_log.n, 0);
	}
	assert_true(test_has_event(f->d, DEC_E_STREAM_GAP));
	assert_int_equal(fk_log.n, 5);
	assert_int_equal(stats(f).gaps, 1);
	assert_int_equal(stats(f).bytes_lost, 100);
	assert_true(stats(f).bytes_buffered <= 4096);
}

static void
test_reasm_eviction(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 7, sizeof(m));
	for (unsigned i = 0; i < 12; i++) {
		struct seg s = { .from = 0, .cport = (uint16_t)(41000 + i), .seq = 1 };
		feed(f, &s, m, 20);
	}
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.conns, 12);
	assert_int_equal(st.conns_open, 8);
	assert_int_equal(st.conns_evicted, 4);
	assert_int_equal(st.bytes_dropped, 4 * 20);
	assert_int_equal(st.bytes_buffered, 8 * 20);
	/* the most recent ones live on */
	struct seg s = { .from = 0, .cport = 41011, .seq = 21 };
	feed(f, &s, m + 20, 20);
	assert_int_equal(fk_log.n, 1);
	/* the first one was evicted: its second half alone is garbage */
	s = (struct seg){ .from = 0, .cport = 41000, .seq = 21 };
	feed(f, &s, m + 20, 20);
	assert_int_equal(fk_log.n, 0);
	assert_int_equal(stats(f).conns_evicted, 5);
}

static void
test_reasm_both_directions_independent(void **state)
{
	struct fixture *f = *state;
	uint8_t q[50], a[80];
	fk_make(q, 1, sizeof(q));
	fk_make(a, 2, sizeof(a));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, q, 25);
	feed(f, &(struct seg){ .from = 1, .seq = SISN + 1 }, a, 40);
	assert_int_equal(fk_log.n, 0);
	s = cli(25);
	feed(f, &s, q + 25, 25);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, q, sizeof(q), f->payload_off);
	assert_int_equal(fk_log.m[0].dir, 0);
	feed(f, &(struct seg){ .from = 1, .seq = SISN + 41 }, a + 40, 40);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, a, sizeof(a), f->payload_off);
	assert_int_equal(fk_log.m[0].dir, 1);
	assert_int_equal(stats(f).conns, 1);
}

static void
test_reasm_syn_ack_first_names_directions(void **state)
{
	struct fixture *f = *state;
	uint8_t m[20];
	fk_make(m, 1, sizeof(m));
	/* the SYN was not captured: the SYN-ACK's sender is the server, dir 1 */
	feed(f,
		&(struct seg){ .from = 1,
			.seq = SISN,
			.ack = CISN + 1,
			.flags = DEC_TCP_SYN | DEC_TCP_ACK },
		NULL, 0);
	feed(f, &(struct seg){ .from = 0, .seq = CISN + 1 }, m, sizeof(m));
	assert_int_equal(fk_log.n, 1);
	assert_int_equal(fk_log.m[0].dir, 0);
	feed(f, &(struct seg){ .from = 1, .seq = SISN + 1 }, m, sizeof(m));
	assert_int_equal(fk_log.n, 1);
	assert_int_equal(fk_log.m[0].dir, 1);
}

static void
test_reasm_vlans_keep_connections_apart(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 1, sizeof(m));
	struct seg s = { .from = 0, .seq = 1, .vlan = 100 };
	feed(f, &s, m, 20);
	s.vlan = 200;
	feed(f, &s, m, 10);
	assert_int_equal(stats(f).conns, 2);
	s = (struct seg){ .from = 0, .seq = 21, .vlan = 100 };
	feed(f, &s, m + 20, 20);
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m, sizeof(m), f->payload_off);
}

static void
test_reasm_new_syn_restarts_connection(void **state)
{
	struct fixture *f = *state;
	uint8_t m[40];
	fk_make(m, 1, sizeof(m));
	handshake(f);
	struct seg s = cli(0);
	feed(f, &s, m, 20);
	/* the same ports again with another ISN: the old connection ended unseen */
	feed(f, &(struct seg){ .from = 0, .seq = 90000, .flags = DEC_TCP_SYN }, NULL, 0);
	assert_int_equal(stats(f).conns, 2);
	assert_int_equal(stats(f).conns_open, 1);
	feed(f, &(struct seg){ .from = 0, .seq = 90001 }, m, sizeof(m));
	assert_int_equal(fk_log.n, 1);
	assert_msg(0, m, sizeof(m), f->payload_off);
}

static void
test_reasm_continues_through_stream_known(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	fk_make(p, 1, 60);
	fk_make(p + 60, 2, 40);
	/* nothing known yet: dec_stream_known does nothing */
	feed_how(f, &(struct seg){ .from = 0, .seq = 1 }, p, 30, true);
	assert_int_equal(stats(f).conns, 0);
	assert_int_equal(fk_log.n, 0);
	/* a port decoder (here: the test) claims the connection ... */
	feed(f, &(struct seg){ .from = 0, .seq = 1 }, p, 30);
	assert_int_equal(stats(f).conns, 1);
	/* ... and segments no port names continue it */
	feed_how(f, &(struct seg){ .from = 0, .seq = 31 }, p + 30, 70, true);
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 60, f->payload_off);
	assert_msg(1, p + 60, 40, f->payload_off + 30);
}

static void
test_reasm_stateless_whole_messages_only(void **state)
{
	struct fixture *f = *state;
	uint8_t p[100];
	fk_make(p, 1, 30);
	fk_make(p + 30, 2, 30);
	fk_make(p + 60, 3, 40);
	struct dec_reasm *r = f->r;
	f->r = NULL;
	/* 80 bytes: two whole messages and half of the third */
	feed(f, &(struct seg){ .from = 0, .seq = 1 }, p, 80);
	f->r = r;
	assert_int_equal(fk_log.n, 2);
	assert_msg(0, p, 30, f->payload_off);
	assert_msg(1, p + 30, 30, f->payload_off + 30);
	assert_int_equal(stats(f).conns, 0);
}

static void
test_reasm_many_connections_memory_bounded(void **state)
{
	struct fixture *f = *state;
	uint8_t m[64];
	fk_make(m, 1, sizeof(m));
	/* 2000 short connections, each opened and closed: nothing stays */
	for (unsigned i = 0; i < 2000; i++) {
		uint16_t port = (uint16_t)(20000 + i);
		feed(f, &(struct seg){ .from = 0, .cport = port, .seq = 10, .flags = DEC_TCP_SYN },
			NULL, 0);
		feed(f, &(struct seg){ .from = 0, .cport = port, .seq = 11 }, m, 30);
		feed(f, &(struct seg){ .from = 0, .cport = port, .seq = 41, .flags = DEC_TCP_RST },
			NULL, 0);
	}
	struct dec_reasm_stats st = stats(f);
	assert_int_equal(st.conns, 2000);
	assert_int_equal(st.conns_open, 0);
	assert_int_equal(st.conns_closed, 2000);
	assert_int_equal(st.bytes_buffered, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reasm_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_split_across_three_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_three_messages_in_one_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_message_tail_and_next_in_one_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_retransmission_not_delivered_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_overlap_with_new_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_out_of_order_overlapping_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_missing_syn, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_lost_segment_gap_on_fin, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_lost_segment_gap_on_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_lost_segment_gap_by_age, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_snaplen_cut_is_a_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_sequence_wraps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_fin_both_ways_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_rst_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_idle_timeout_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_oversized_message_dropped, setup_small, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_out_of_order_over_cap_is_a_gap, setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_reasm_eviction, setup_small, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_both_directions_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_syn_ack_first_names_directions, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_vlans_keep_connections_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_new_syn_restarts_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_continues_through_stream_known, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_stateless_whole_messages_only, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reasm_many_connections_memory_bounded, setup, teardown),
	};
	return cmocka_run_group_tests_name("reasm", tests, NULL, NULL);
}
