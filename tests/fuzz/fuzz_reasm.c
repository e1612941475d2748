/* fuzz_reasm.c - libFuzzer target over the TCP reassembler (decode/reasm.c): segments in
 * the order the input gives, to a few connections of a framed protocol made up here.
 *
 * The input is a list of records, each
 *   ctl   1 byte: bit 0 sender (client/server), bits 1-2 connection (client port), bit 3
 *         through dec_packet() + dec_stream_known instead of dec_stream_segment(), bit 4
 *         capture time jumps 200 s (idle timeout 120 s), bit 5 snaplen cuts the payload
 *         in half, bit 6 on a VLAN
 *   flags 1 byte: TCP flags (FIN SYN RST PSH ACK as in the header)
 *   seq   2 bytes: sequence number relative to an ISN near 2^32, so streams wrap
 *   ack   2 bytes: likewise, of the other direction
 *   len   1 byte, then len payload bytes (fewer when the input ends)
 * and each is built into an Ethernet/IPv4/TCP frame of exactly its captured size. Limits
 * are small (2 KiB per direction, 6 KiB in all, 3 connections) so the caps, gaps and
 * evictions are reached. The made-up protocol: magic 0xA5, a type byte, a 2-byte length
 * of the whole message, at least 4. Every message cursor is checked: it covers exactly
 * one whole message (magic and length), readable to its end (ASan watches), and the
 * reassembler's counters stay within the limits. A failed check aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "decode/decode.h"
#include "decode/stream.h"

#define FK_MAGIC 0xA5
#define ISN_BASE 0xFFFFF000u

static const struct dec_reasm_limits fuzz_limits = {
	.stream_bytes = 2048,
	.total_bytes = 6144,
	.max_streams = 3,
	.idle_timeout = 120,
};

struct fk_conn {
	uint64_t bytes;
	uint8_t *heap; /* a missed conn_free shows as a leak */
};

static struct dec *fuzz_dec;

static void G_GNUC_NORETURN
fail(const char *what)
{
	fprintf(stderr, "fuzz_reasm: %s\n", what);
	abort();
}

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
	if (dir != 0 && dir != 1)
		fail("direction out of range");
	size_t n = cur_left(c);
	const uint8_t *p = cur_here(c);
	if (n < 4 || p[0] != FK_MAGIC || (size_t)(p[2] << 8 | p[3]) != n)
		fail("message cursor does not cover one whole message");
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	struct fk_conn *fc = conn;
	if (fc) {
		if (!fc->heap)
			fc->heap = g_malloc(8);
		fc->bytes += n + (sum & 1);
	}
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
	g_free(((struct fk_conn *)conn)->heap);
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

static void
check_stats(const struct dec_reasm *r)
{
	struct dec_reasm_stats st;
	dec_reasm_get_stats(r, &st);
	if (st.conns_open > fuzz_limits.max_streams)
		fail("more connections open than the limit");
	/* one segment (at most 255 bytes) may be buffered past the caps within a call */
	if (st.bytes_buffered > fuzz_limits.total_bytes + 2 * 256)
		fail("more bytes buffered than the total cap");
	if (st.conns_open + st.conns_closed + st.conns_idle + st.conns_evicted != st.conns)
		fail("connection counters do not add up");
}

static void
segment(struct dec_reasm *r, const uint8_t *rec, const uint8_t *pl, size_t n, int64_t *now)
{
	uint8_t ctl = rec[0];
	int from = ctl & 1;
	uint16_t cport = (uint16_t)(40000 + ((ctl >> 1) & 3));
	bool known = ctl & 8;
	if (ctl & 16)
		*now += 200;
	bool vlan = ctl & 64;
	uint8_t b[14 + 4 + 20 + 20 + 255];
	size_t o = 12;
	memset(b, 0, 12);
	b[0] = b[6] = 2;
	b[5] = 1;
	b[11] = 2;
	if (vlan) {
		put16(b + o, 0x8100);
		put16(b + o + 2, 42);
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
	memcpy(ip + 12, a[from], 4);
	memcpy(ip + 16, a[!from], 4);
	o += 20;
	uint8_t *t = b + o;
	put16(t, from ? 7777 : cport);
	put16(t + 2, from ? cport : 7777);
	put32(t + 4, ISN_BASE + (uint32_t)(rec[2] << 8 | rec[3]) + (from ? 0x800u : 0));
	put32(t + 8, ISN_BASE + (uint32_t)(rec[4] << 8 | rec[5]) + (from ? 0 : 0x800u));
	put16(t + 12, 0x5000 | (rec[1] & 0x1F));
	put16(t + 14, 65535);
	put32(t + 16, 0);
	o += 20;
	size_t poff = o;
	memcpy(b + o, pl, n);
	size_t caplen = o + ((ctl & 32) ? n / 2 : n);
	uint8_t *frame = g_memdup2(b, caplen);

	struct dec *d = fuzz_dec;
	d->ts_sec = *now;
	d->ts_nsec = 0;
	d->reasm = known ? r : NULL;
	dec_packet(d, frame, (uint32_t)caplen, (uint32_t)(poff + n), DEC_LINK_EN10MB);
	if (!known && d->nlayers && d->layers[d->nlayers - 1].proto == DEC_P_TCP) {
		d->reasm = r;
		struct cur c = cur_make(frame + poff, caplen - poff, poff);
		dec_stream_segment(d, &c, &fk_proto);
	}
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == 0 || d->errors[i].code >= DEC_E_COUNT)
			fail("event code out of range");
	check_stats(r);
	/* the frame must outlive the packet only: the reassembler copies what it keeps */
	g_free(frame);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_dec)
		fuzz_dec = dec_new();
	struct dec_reasm *r = dec_reasm_new(&fuzz_limits);
	int64_t now = 1714564800;
	size_t at = 0;
	while (size - at >= 7) {
		const uint8_t *rec = data + at;
		size_t n = rec[6];
		at += 7;
		if (n > size - at)
			n = size - at;
		segment(r, rec, data + at, n, &now);
		at += n;
	}
	dec_reasm_free(r);
	fuzz_dec->reasm = NULL;
	return 0;
}
