/* fuzz_ipfrag.c - libFuzzer target over IP fragment reassembly (decode/ipfrag.c), fed whole
 * packet sequences: fragments of a few datagrams in the order the input gives.
 *
 * The input is a list of records, each
 *   ctl   1 byte: bit 0 IPv6 (else IPv4), bits 1-2 identification (one of four), bit 3
 *         More Fragments, bit 4 capture time jumps 31 s (timeout 60 s), bit 5 inside a
 *         GENEVE tunnel, bit 6 its VNI (two tunnels, same ids), bit 7 snaplen cuts the
 *         fragment's data in half
 *   off   2 bytes: fragment offset in 8-byte units (13 bits)
 *   len   1 byte, then len data bytes (fewer when the input ends); the data of offset 0
 *         begins with whatever the input says (a UDP header to port 53, a TCP header...)
 * and each is built into an Ethernet frame of exactly its captured size, decoded with a
 * reassembler of small caps (8 fragments, 4 KiB, 3 datagrams) so that every limit is
 * reached, rendered as text and JSON and added to a flow table kept across inputs. Checks: the reassembler's counters stay within
 * its caps, a completing fragment names at least one frame and its length, and the view's
 * counts and codes stay in range. A failed check aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>

#include <glib.h>

#include "capture/capture.h"
#include "decode/decode.h"
#include "decode/flow.h"
#include "decode/ipfrag.h"
#include "reports/out.h"
#include "reports/render.h"

static const struct dec_ipfrag_limits fuzz_limits = {
	.max_frags = 8,
	.total_bytes = 4096,
	.max_dgrams = 3,
	.timeout = 60,
};

static struct dec *fuzz_dec;
static struct out *fuzz_out;
static struct flow_table *fuzz_flows;


static void G_GNUC_NORETURN
fail(const char *what)
{
	fprintf(stderr, "fuzz_ipfrag: %s\n", what);
	abort();
}

static void
on_flow_done(const struct flow *f, void *user)
{
	(void)user;
	if (f->pkts[0] + f->pkts[1] == 0)
		fail("a finished flow without packets");
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static size_t
build(uint8_t *b, uint8_t ctl, unsigned off, const uint8_t *data, size_t n)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	size_t o = 0;
	memcpy(b, macs, 12);
	o = 12;
	bool v6 = ctl & 1, more = ctl & 8, tun = ctl & 0x20;
	unsigned id = (ctl >> 1) & 3;
	size_t inner = 14 + (v6 ? 48 : 20) + n;
	if (tun) {
		put16(b + o, 0x0800);
		o += 2;
		uint8_t *ip = b + o;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, (unsigned)(20 + 8 + 8 + inner));
		ip[8] = 64;
		ip[9] = 17;
		ip[12] = 10;
		ip[15] = 1;
		ip[16] = 10;
		ip[19] = 2;
		o += 20;
		put16(b + o, 60000);
		put16(b + o + 2, 6081);
		put16(b + o + 4, (unsigned)(8 + 8 + inner));
		put16(b + o + 6, 0);
		o += 8;
		memset(b + o, 0, 8);
		put16(b + o + 2, 0x6558);
		b[o + 6] = (ctl & 0x40) ? 2 : 1;
		o += 8;
		memcpy(b + o, macs, 12);
		o += 12;
	}
	put16(b + o, v6 ? 0x86DD : 0x0800);
	o += 2;
	if (v6) {
		uint8_t *ip = b + o;
		memset(ip, 0, 48);
		ip[0] = 0x60;
		put16(ip + 4, (unsigned)(8 + n));
		ip[6] = 44;
		ip[7] = 64;
		ip[8] = 0x20;
		ip[23] = 1;
		ip[24] = 0x20;
		ip[39] = 2;
		ip[40] = 17;
		put16(ip + 42, (off & 0x1FFF) << 3 | (more ? 1 : 0));
		ip[47] = (uint8_t)id;
		o += 48;
	} else {
		uint8_t *ip = b + o;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, (unsigned)(20 + n));
		put16(ip + 4, id);
		put16(ip + 6, (more ? 0x2000 : 0) | (off & 0x1FFF));
		ip[8] = 64;
		ip[9] = 17;
		ip[12] = 10;
		ip[15] = 3;
		ip[16] = 10;
		ip[19] = 4;
		o += 20;
	}
	memcpy(b + o, data, n);
	return o + n;
}

static void
check(const struct dec *d)
{
	struct dec_ipfrag_stats s;
	dec_ipfrag_get_stats(d->ipfrag, &s);
	if (s.bytes_held > fuzz_limits.total_bytes)
		fail("bytes held over the cap");
	if (s.dgrams_open > fuzz_limits.max_dgrams)
		fail("datagrams open over the cap");
	if (d->nlayers > DEC_MAX_LAYERS || d->nerrors > DEC_MAX_ERRORS)
		fail("view counts out of range");
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == 0 || d->errors[i].code >= DEC_E_COUNT)
			fail("event code out of range");
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		uint8_t st = l->proto == DEC_P_IPV4 ? l->u.ipv4.frag_state
			   : l->proto == DEC_P_IPV6 ? l->u.ipv6.frag_state
						    : 0;
		const struct dec_frag_done *done = l->proto == DEC_P_IPV4 ? l->u.ipv4.reasm
						 : l->proto == DEC_P_IPV6 ? l->u.ipv6.reasm
									  : NULL;
		if (st == DEC_FRAG_DONE && done && (done->nframes == 0 || done->total > 65535))
			fail("a completed datagram without frames or over 65535 bytes");
		if (st == DEC_FRAG_HELD && i + 1 != d->nlayers)
			fail("layers decoded above a held fragment");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_dec) {
		fuzz_dec = dec_new();
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			fail("cannot open /dev/null");
		fuzz_out = out_new(fd);
		struct flow_limits lim = { .idle_timeout = 60, .max_flows = 64 };
		fuzz_flows = flow_table_new(&lim, on_flow_done, NULL);
	}
	struct dec *d = fuzz_dec;
	d->ipfrag = dec_ipfrag_new(&fuzz_limits);
	d->ts_sec = 1714564800;
	uint64_t n = 0;
	size_t at = 0;
	while (size - at >= 4) {
		const uint8_t *rec = data + at;
		size_t len = rec[3];
		at += 4;
		if (len > size - at)
			len = size - at;
		uint8_t *b = g_malloc(200 + len);
		size_t flen = build(b, rec[0], (unsigned)rec[1] << 8 | rec[2], data + at, len);
		size_t cap = rec[0] & 0x80 ? flen - len / 2 : flen;
		uint8_t *frame = g_memdup2(b, cap); /* exactly what was captured: ASan sees past */
		g_free(b);
		if (rec[0] & 0x10)
			d->ts_sec += 31;
		d->frame_n = ++n;
		dec_packet(d, frame, (uint32_t)cap, (uint32_t)flen, DEC_LINK_EN10MB);
		check(d);
		flow_table_add(fuzz_flows, d, d->ts_sec, 0, 6, (uint32_t)flen);
		struct cap_pkt p = { .n = n, .sec = d->ts_sec, .caplen = (uint32_t)cap,
			.len = (uint32_t)flen, .data = frame, .linktype = DEC_LINK_EN10MB, .prec = 6 };
		report_text_packet(fuzz_out, &p, d);
		report_json_packet(fuzz_out, &p, d);
		out_flush(fuzz_out);
		g_free(frame);
		at += len;
	}
	dec_ipfrag_finish(d->ipfrag);
	struct dec_ipfrag_stats s;
	dec_ipfrag_get_stats(d->ipfrag, &s);
	if (s.bytes_held || s.dgrams_open)
		fail("something held after finish");
	dec_ipfrag_free(d->ipfrag);
	d->ipfrag = NULL;
	return 0;
}
