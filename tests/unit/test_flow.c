/* test_flow.c - the flow table (decode/flow.h) and Community ID (decode/community_id.h):
 * the key (both directions, VLANs, tunnel inner vs outer), ICMP echo pairing, expiry by
 * idle timeout, TCP close and port reuse, retransmissions, handshake RTT, table growth and
 * deletion, and the Community ID spec's published baseline. Frames are built here. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/community_id.h"
#include "decode/flow.h"

/* ---- frame building ---- */

struct pkt {
	uint8_t b[256];
	size_t n;
};

static void
put(struct pkt *p, const void *x, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	memcpy(p->b + p->n, x, n);
	p->n += n;
}

static void
put16(struct pkt *p, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(p, x, 2);
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
}

/* Ethernet with an optional 802.1Q tag (vid 0 = none) */
static void
eth(struct pkt *p, uint16_t vid, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	put(p, macs, sizeof(macs));
	if (vid) {
		put16(p, 0x8100);
		put16(p, vid);
	}
	put16(p, type);
}

/* IPv4 header; payload of plen bytes follows */
static void
ipv4(struct pkt *p, const char *src, const char *dst, uint8_t proto, size_t plen)
{
	uint8_t s[4], d[4];
	assert_int_equal(inet_pton(AF_INET, src, s), 1);
	assert_int_equal(inet_pton(AF_INET, dst, d), 1);
	put16(p, 0x4500);
	put16(p, (uint16_t)(20 + plen));
	put32(p, 0x00014000);
	uint8_t ttl_proto[2] = { 64, proto };
	put(p, ttl_proto, 2);
	put16(p, 0);
	put(p, s, 4);
	put(p, d, 4);
}

static void
tcp(struct pkt *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
	uint16_t win, size_t plen)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, seq);
	put32(p, ack);
	uint8_t off_flags[2] = { 0x50, flags };
	put(p, off_flags, 2);
	put16(p, win);
	put32(p, 0);
	static const uint8_t zeros[128];
	assert_true(plen <= sizeof(zeros));
	put(p, zeros, plen);
}

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16 };

/* a whole Ethernet/IPv4/TCP frame */
static struct pkt
tcp4(uint16_t vid, const char *src, const char *dst, uint16_t sport, uint16_t dport,
	uint32_t seq, uint32_t ack, uint8_t flags, size_t plen)
{
	struct pkt p = { .n = 0 };
	eth(&p, vid, 0x0800);
	ipv4(&p, src, dst, 6, 20 + plen);
	tcp(&p, sport, dport, seq, ack, flags, 1000, plen);
	return p;
}

static struct pkt
icmp4(const char *src, const char *dst, uint8_t type, uint16_t id, uint16_t seq)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0, 0x0800);
	ipv4(&p, src, dst, 1, 8);
	uint8_t tc[2] = { type, 0 };
	put(&p, tc, 2);
	put16(&p, 0);
	put16(&p, id);
	put16(&p, seq);
	return p;
}

static struct pkt
udp4(const char *src, const char *dst, uint16_t sport, uint16_t dport, size_t plen)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0, 0x0800);
	ipv4(&p, src, dst, 17, 8 + plen);
	put16(&p, sport);
	put16(&p, dport);
	put16(&p, (uint16_t)(8 + plen));
	put16(&p, 0);
	static const uint8_t zeros[64];
	put(&p, zeros, plen);
	return p;
}

/* ESP (RFC 4303 §2: SPI, sequence number, then opaque payload) over IP protocol 50, or in
 * UDP 4500 (RFC 3948 §2.2: the SPI, never 0, is where IKE's non-ESP marker would be) */
static struct pkt
esp4(const char *src, const char *dst, uint32_t spi, uint32_t seq, bool natt)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0, 0x0800);
	size_t esp_len = 8 + 32;
	ipv4(&p, src, dst, natt ? 17 : 50, esp_len + (natt ? 8 : 0));
	if (natt) {
		put16(&p, 4500);
		put16(&p, 4500);
		put16(&p, (uint16_t)(8 + esp_len));
		put16(&p, 0);
	}
	put32(&p, spi);
	put32(&p, seq);
	static const uint8_t opaque[32] = { 1, 2, 3 };
	put(&p, opaque, sizeof(opaque));
	return p;
}

/* An IKEv2 header alone (RFC 7296 §3.1), no payloads: IKE_SA_INIT or INFORMATIONAL */
static struct pkt
ike4(const char *src, const char *dst, uint16_t port, uint64_t ispi, uint64_t rspi,
	bool response)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0, 0x0800);
	size_t ike_len = 28 + (port == 4500 ? 4 : 0);
	ipv4(&p, src, dst, 17, 8 + ike_len);
	put16(&p, port);
	put16(&p, port);
	put16(&p, (uint16_t)(8 + ike_len));
	put16(&p, 0);
	if (port == 4500)
		put32(&p, 0); /* non-ESP marker */
	put32(&p, (uint32_t)(ispi >> 32));
	put32(&p, (uint32_t)ispi);
	put32(&p, (uint32_t)(rspi >> 32));
	put32(&p, (uint32_t)rspi);
	uint8_t hdr[4] = { 0, 0x20, rspi ? 37 : 34, response ? 0x20 : 0x08 };
	put(&p, hdr, 4);
	put32(&p, 0);
	put32(&p, 28);
	return p;
}

/* GWLB to appliance: outer UDP 6081, GENEVE vni, inner IPv4/TCP (no inner Ethernet) */
static struct pkt
geneve_tcp(const char *osrc, const char *odst, uint32_t vni, const char *src, const char *dst,
	uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags)
{
	struct pkt p = { .n = 0 };
	eth(&p, 0, 0x0800);
	ipv4(&p, osrc, odst, 17, 8 + 8 + 40);
	put16(&p, 61234);
	put16(&p, 6081);
	put16(&p, 8 + 8 + 40);
	put16(&p, 0);
	put16(&p, 0x0000);      /* ver 0, no options */
	put16(&p, 0x0800);      /* inner IPv4 */
	put32(&p, vni << 8);
	ipv4(&p, src, dst, 6, 20);
	tcp(&p, sport, dport, seq, 0, flags, 1000, 0);
	return p;
}

/* ---- a table and what it finished ---- */

struct fx {
	struct dec *d;
	struct flow_table *t;
	GArray *done; /* struct flow */
	/* per finished flow, the texts of its label and its carrier's ("" none): labels are
	 * freed with their last flow, so only the callback can read them */
	GPtrArray *label_text, *carrier_text;
};

static void
on_done(const struct flow *f, void *user)
{
	struct fx *x = user;
	g_array_append_val(x->done, *f);
	const char *l = flow_table_label(x->t, f->label), *c = flow_table_label(x->t, f->carrier);
	/* a flow's labels are alive while it is reported */
	assert_true(!f->label || l);
	assert_true(!f->carrier || c);
	g_ptr_array_add(x->label_text, g_strdup(l ? l : ""));
	g_ptr_array_add(x->carrier_text, g_strdup(c ? c : ""));
}

static struct fx *
fx_new(uint32_t idle, size_t max)
{
	struct fx *x = g_new0(struct fx, 1);
	x->d = dec_new();
	struct flow_limits lim = { .idle_timeout = idle, .max_flows = max };
	x->t = flow_table_new(&lim, on_done, x);
	x->done = g_array_new(FALSE, FALSE, sizeof(struct flow));
	x->label_text = g_ptr_array_new_with_free_func(g_free);
	x->carrier_text = g_ptr_array_new_with_free_func(g_free);
	return x;
}

static void
fx_free(struct fx *x)
{
	flow_table_free(x->t);
	dec_free(x->d);
	g_array_free(x->done, TRUE);
	g_ptr_array_unref(x->label_text);
	g_ptr_array_unref(x->carrier_text);
	g_free(x);
}

/* feeds p at time ms (milliseconds) */
static void
feed(struct fx *x, const struct pkt *p, int64_t ms)
{
	test_decode(x->d, p->b, p->n, DEC_LINK_EN10MB);
	assert_int_equal(x->d->nerrors, 0);
	flow_table_add(x->t, x->d, 1700000000 + ms / 1000, (uint32_t)(ms % 1000) * 1000000u, 6,
		(uint32_t)p->n);
}

static const struct flow *
done_flow(const struct fx *x, size_t i)
{
	assert_true(i < x->done->len);
	return &g_array_index(x->done, struct flow, i);
}

static struct flow_stats
stats(const struct fx *x)
{
	struct flow_stats s;
	flow_table_get_stats(x->t, &s);
	return s;
}

/* ---- the key ---- */

static void
test_flow_both_directions_one_flow(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt a = tcp4(0, "10.0.0.2", "10.0.0.1", 40000, 80, 1, 0, F_ACK, 10);
	struct pkt b = tcp4(0, "10.0.0.1", "10.0.0.2", 80, 40000, 1, 11, F_ACK, 20);
	feed(x, &a, 0);
	feed(x, &b, 1);
	feed(x, &a, 2);
	assert_int_equal(stats(x).flows, 1);
	flow_table_flush(x->t);
	const struct flow *f = done_flow(x, 0);
	assert_int_equal(f->pkts[0], 2);
	assert_int_equal(f->pkts[1], 1);
	assert_int_equal(f->bytes[0], 2 * a.n);
	assert_int_equal(f->bytes[1], b.n);
	/* src is the first sender, though its address sorts higher */
	assert_memory_equal(flow_src(f), "\x0a\x00\x00\x02", 4);
	assert_int_equal(flow_sport(f), 40000);
	assert_int_equal(flow_dport(f), 80);
	assert_int_equal(f->end, FLOW_END_EOF);
	fx_free(x);
}

static void
test_flow_vlan_differs(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt a = tcp4(100, "10.0.0.1", "10.0.0.2", 40000, 80, 1, 0, F_ACK, 0);
	struct pkt b = tcp4(200, "10.0.0.2", "10.0.0.1", 80, 40000, 1, 1, F_ACK, 0);
	struct pkt c = tcp4(0, "10.0.0.2", "10.0.0.1", 80, 40000, 1, 1, F_ACK, 0);
	feed(x, &a, 0);
	feed(x, &b, 1);
	feed(x, &c, 2);
	feed(x, &a, 3);
	assert_int_equal(stats(x).flows, 3);
	flow_table_flush(x->t);
	assert_int_equal(done_flow(x, 0)->key.vlan[0], 101);
	assert_int_equal(done_flow(x, 0)->pkts[0], 2);
	assert_int_equal(done_flow(x, 1)->key.vlan[0], 201);
	assert_int_equal(done_flow(x, 2)->key.vlan[0], 0);
	fx_free(x);
}

static void
test_flow_geneve_inner_has_outer_carrier(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt to = geneve_tcp("10.1.200.50", "10.1.210.20", 7, "10.1.1.10", "192.168.10.5",
		49812, 80, 100, F_SYN);
	struct pkt back = geneve_tcp("10.1.210.20", "10.1.200.50", 7, "10.1.1.10",
		"192.168.10.5", 49812, 80, 100, F_SYN);
	feed(x, &to, 0);
	feed(x, &back, 1); /* the same SYN back from the appliance: a copy, not a retransmission */
	assert_int_equal(stats(x).flows, 3); /* two outer UDP flows (ports differ), one inner */
	flow_table_flush(x->t);
	const struct flow *outer = done_flow(x, 0), *inner = done_flow(x, 1);
	assert_int_equal(outer->key.proto, 17);
	assert_int_equal(flow_dport(outer), 6081);
	assert_true(outer->apps & (1u << FLOW_APP_GENEVE));
	assert_int_equal(outer->carrier, 0);
	assert_string_equal(g_ptr_array_index(x->label_text, 0),
		"geneve vni=7 10.1.200.50>10.1.210.20");
	assert_int_equal(inner->key.proto, 6);
	assert_int_equal(inner->pkts[0], 2);
	assert_int_equal(inner->carrier, outer->label);
	assert_int_equal(inner->carrier_flow, outer->id);
	assert_int_equal(inner->u.tcp.retrans, 0);
	assert_int_equal(inner->u.tcp.copies, 1);
	fx_free(x);
}

/* Issue 17 item 6: a label lives while a live flow names it - the carrier flow itself, or a
 * flow inside it that outlives it - and is freed with the last; then its index is reused. */
static void
test_flow_carrier_labels_freed_with_last_flow(void **state)
{
	(void)state;
	struct fx *x = fx_new(10, 0);
	struct pkt a = geneve_tcp("10.1.200.50", "10.1.210.20", 7, "10.1.1.10", "192.168.10.5",
		49812, 80, 100, F_SYN);
	struct pkt inner_only = { .n = 0 };
	feed(x, &a, 0);
	assert_int_equal(stats(x).labels_live, 1);
	/* the inner flow goes on without its carrier (seen untunnelled), the carrier idles */
	eth(&inner_only, 0, 0x0800);
	ipv4(&inner_only, "10.1.1.10", "192.168.10.5", 6, 20);
	tcp(&inner_only, 49812, 80, 101, 0, F_ACK, 1000, 0);
	feed(x, &inner_only, 8000);
	feed(x, &inner_only, 16000);
	struct flow_stats st = stats(x);
	assert_int_equal(st.ended[FLOW_END_IDLE], 1); /* the outer UDP flow */
	assert_int_equal(st.labels_live, 1);          /* held by the inner flow */
	uint32_t held = 0;
	for (size_t k = 0; k < x->done->len; k++)
		if (done_flow(x, k)->label)
			held = done_flow(x, k)->label;
	assert_int_not_equal(held, 0);
	assert_string_equal(flow_table_label(x->t, held), "geneve vni=7 10.1.200.50>10.1.210.20");
	feed(x, &inner_only, 40000); /* past the idle time of both */
	struct pkt b = geneve_tcp("10.9.9.9", "10.1.210.20", 7, "10.1.1.11", "192.168.10.5",
		40000, 80, 1, F_SYN);
	feed(x, &b, 60000);
	flow_table_flush(x->t);
	st = stats(x);
	assert_int_equal(st.labels_live, 0);
	assert_int_equal(st.labels_made, 2);
	assert_int_equal(st.labels_peak, 1); /* the first was freed before the second was made */
	assert_null(flow_table_label(x->t, held));
	fx_free(x);
}

/* Found by fuzz_ipv4 and fuzz_juniper: with the table full, making room for a packet's inner
 * flow finished the outer flow created for the same packet, and with it the label the
 * inner flow was about to name. The packet holds the label while it is handled. */
static void
test_flow_carrier_label_survives_its_flow_evicted_mid_packet(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 1);
	struct pkt a = geneve_tcp("10.1.200.50", "10.1.210.20", 7, "10.1.1.10", "192.168.10.5",
		49812, 80, 100, F_SYN);
	feed(x, &a, 0);
	struct flow_stats st = stats(x);
	assert_int_equal(st.ended[FLOW_END_EVICTED], 1); /* the outer flow, for the inner */
	assert_int_equal(st.labels_live, 1);             /* held by the inner flow */
	flow_table_flush(x->t);
	assert_int_equal(x->done->len, 2);
	assert_int_equal(done_flow(x, 1)->key.proto, 6);
	assert_string_equal(g_ptr_array_index(x->carrier_text, 1),
		"geneve vni=7 10.1.200.50>10.1.210.20");
	assert_int_equal(stats(x).labels_live, 0);
	fx_free(x);
}

/* ---- ICMP ---- */

static void
test_flow_icmp_echo_pairs(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt req = icmp4("10.0.0.1", "10.0.0.2", 8, 77, 1);
	struct pkt rep = icmp4("10.0.0.2", "10.0.0.1", 0, 77, 1);
	struct pkt other = icmp4("10.0.0.1", "10.0.0.2", 8, 78, 1);
	feed(x, &req, 0);
	feed(x, &rep, 1);
	feed(x, &other, 2);
	assert_int_equal(stats(x).flows, 2);
	flow_table_flush(x->t);
	const struct flow *f = done_flow(x, 0);
	assert_int_equal(f->pkts[0], 1);
	assert_int_equal(f->pkts[1], 1);
	assert_int_equal(flow_sport(f), 8); /* type and code of the first packet */
	assert_int_equal(flow_dport(f), 0);
	char cid[32];
	assert_true(flow_community_id_of(f, cid));
	fx_free(x);
}

/* ---- IPsec: flows per SA ---- */

static const struct flow *
find_spi(const struct fx *x, uint32_t spi)
{
	for (size_t i = 0; i < x->done->len; i++) {
		const struct flow *f = done_flow(x, i);
		if ((f->key.kind & FLOW_K_SA) && f->key.proto == 50 &&
			(f->u.ipsec.spi[0] == spi || f->u.ipsec.spi[1] == spi))
			return f;
	}
	fail_msg("no ESP SA flow with SPI 0x%08x", spi);
	return NULL;
}

static void
test_flow_esp_sa_pairs_and_rekey(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	const char *gw = "203.0.113.10", *aws = "52.95.100.10";
	/* the SA pair: 0x1111 from gw, 0x2222 back */
	struct pkt a1 = esp4(gw, aws, 0x1111, 1, false), b1 = esp4(aws, gw, 0x2222, 1, false);
	/* after a rekey (RFC 7296 §2.8): new SPIs both ways, old ones still in flight */
	struct pkt a2 = esp4(gw, aws, 0x3333, 1, false), b2 = esp4(aws, gw, 0x4444, 1, false);
	feed(x, &a1, 0);
	feed(x, &b1, 1);
	feed(x, &a1, 2);
	feed(x, &a2, 3);
	feed(x, &b1, 4); /* old SA, late */
	feed(x, &b2, 5);
	feed(x, &a2, 6);
	assert_int_equal(stats(x).flows, 2);
	flow_table_flush(x->t);
	const struct flow *old = find_spi(x, 0x1111), *cur = find_spi(x, 0x3333);
	assert_ptr_equal(old, find_spi(x, 0x2222));
	assert_ptr_equal(cur, find_spi(x, 0x4444));
	assert_int_equal(old->u.ipsec.spi[0], 0x1111); /* [0]: from src, the first sender */
	assert_int_equal(old->u.ipsec.spi[1], 0x2222);
	assert_int_equal(old->pkts[0], 2);
	assert_int_equal(old->pkts[1], 2);
	assert_int_equal(cur->pkts[0], 2);
	assert_int_equal(cur->pkts[1], 1);
	assert_memory_equal(flow_src(old), "\xcb\x00\x71\x0a", 4);
	assert_false(flow_has_ports(old));
	assert_true(old->apps & (1u << FLOW_APP_ESP));
	assert_false(old->u.ipsec.natt);
	/* other monitors see IP protocol 50 between the two addresses */
	char cid[32];
	assert_true(flow_community_id_of(old, cid));
	fx_free(x);
}

static void
test_flow_esp_other_side_starts(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	/* the SA's first packet comes from the side whose address sorts higher: the pairing
	 * must work from either side */
	struct pkt b = esp4("52.95.100.10", "10.0.0.1", 0xaaaa, 1, false);
	struct pkt a = esp4("10.0.0.1", "52.95.100.10", 0xbbbb, 1, false);
	struct pkt c = esp4("10.0.0.9", "52.95.100.10", 0xcccc, 1, false); /* another peer */
	feed(x, &b, 0);
	feed(x, &c, 1);
	feed(x, &a, 2);
	feed(x, &b, 3);
	assert_int_equal(stats(x).flows, 2);
	flow_table_flush(x->t);
	const struct flow *f = find_spi(x, 0xaaaa);
	assert_int_equal(f->u.ipsec.spi[0], 0xaaaa);
	assert_int_equal(f->u.ipsec.spi[1], 0xbbbb);
	assert_int_equal(f->pkts[0] + f->pkts[1], 3);
	assert_int_equal(find_spi(x, 0xcccc)->u.ipsec.spi[1], 0);
	fx_free(x);
}

static void
test_flow_esp_natt_is_a_level_below_udp(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt a = esp4("203.0.113.10", "52.95.100.10", 0x1111, 1, true);
	struct pkt b = esp4("52.95.100.10", "203.0.113.10", 0x2222, 1, true);
	feed(x, &a, 0);
	feed(x, &b, 1);
	assert_int_equal(stats(x).flows, 2);
	flow_table_flush(x->t);
	const struct flow *udp = done_flow(x, 0), *sa = done_flow(x, 1);
	assert_int_equal(udp->key.proto, 17);
	assert_int_equal(flow_dport(udp), 4500);
	assert_int_equal(udp->pkts[0] + udp->pkts[1], 2);
	assert_true(udp->apps & (1u << FLOW_APP_ESP));
	assert_int_equal(sa->key.proto, 50);
	assert_true(sa->key.kind & FLOW_K_SA);
	assert_true(sa->u.ipsec.natt);
	assert_int_equal(sa->u.ipsec.spi[0], 0x1111);
	assert_int_equal(sa->u.ipsec.spi[1], 0x2222);
	assert_int_equal(sa->carrier_flow, udp->id);
	assert_string_equal(g_ptr_array_index(x->carrier_text, 1),
		"udp 203.0.113.10:4500>52.95.100.10:4500");
	char cid[32];
	assert_false(flow_community_id_of(sa, cid)); /* the UDP flow has it */
	assert_true(flow_community_id_of(udp, cid));
	fx_free(x);
}

static void
test_flow_ike_sa_spans_500_and_4500(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	const char *i = "203.0.113.10", *r = "52.95.100.10";
	uint64_t ispi = 0x5f3a9c21d4e87b06ull, rspi = 0xa7c40e9b31f25d88ull;
	struct pkt p1 = ike4(i, r, 500, ispi, 0, false), p2 = ike4(r, i, 500, ispi, rspi, true);
	struct pkt p3 = ike4(i, r, 4500, ispi, rspi, false), p4 = ike4(r, i, 4500, ispi, rspi, true);
	struct pkt other = ike4(i, r, 500, 0x0102030405060708ull, 0, false);
	feed(x, &p1, 0);
	feed(x, &p2, 1);
	feed(x, &p3, 2);
	feed(x, &p4, 3);
	feed(x, &other, 4);
	/* UDP 500, UDP 4500, and two IKE SAs */
	assert_int_equal(stats(x).flows, 4);
	flow_table_flush(x->t);
	const struct flow *sa = NULL;
	const char *sa_carrier = NULL;
	unsigned udp = 0, sas = 0;
	for (size_t k = 0; k < x->done->len; k++) {
		const struct flow *f = done_flow(x, k);
		if (f->key.kind & FLOW_K_SA) {
			sas++;
			if (f->u.ipsec.ike_ispi == ispi) {
				sa = f;
				sa_carrier = g_ptr_array_index(x->carrier_text, k);
			}
		} else {
			udp++;
		}
	}
	assert_int_equal(udp, 2);
	assert_int_equal(sas, 2);
	assert_non_null(sa);
	assert_int_equal(sa->pkts[0], 2);
	assert_int_equal(sa->pkts[1], 2);
	assert_true(sa->u.ipsec.ike_rspi == rspi);
	assert_true(sa->apps & (1u << FLOW_APP_IKE));
	assert_false(flow_has_ports(sa));
	assert_string_equal(sa_carrier, "udp 203.0.113.10:500>52.95.100.10:500");
	fx_free(x);
}

static void
test_flow_esp_sa_idle_then_new_sa(void **state)
{
	(void)state;
	struct fx *x = fx_new(10, 0);
	struct pkt a = esp4("10.0.0.1", "10.0.0.2", 0x1111, 1, false);
	struct pkt b = esp4("10.0.0.2", "10.0.0.1", 0x2222, 1, false);
	feed(x, &a, 0);
	feed(x, &b, 1);
	/* both idle past the timeout: finished, and the pairing forgotten with them */
	struct pkt c = udp4("10.9.9.9", "10.9.9.8", 1, 2, 0);
	feed(x, &c, 30000);
	feed(x, &b, 30001); /* the same SPI after the SA ended starts a new flow */
	assert_int_equal(stats(x).flows, 3);
	assert_int_equal(x->done->len, 1);
	assert_int_equal(done_flow(x, 0)->end, FLOW_END_IDLE);
	flow_table_flush(x->t);
	const struct flow *again = done_flow(x, x->done->len - 1);
	assert_int_equal(again->u.ipsec.spi[0], 0x2222);
	assert_int_equal(again->u.ipsec.spi[1], 0);
	fx_free(x);
}

/* ---- expiry ---- */

static void
test_flow_idle_timeout(void **state)
{
	(void)state;
	struct fx *x = fx_new(10, 0);
	struct pkt a = udp4("10.0.0.1", "10.0.0.2", 1000, 2000, 4);
	struct pkt b = udp4("10.0.0.3", "10.0.0.4", 1000, 2000, 4);
	feed(x, &a, 0);
	feed(x, &b, 5000);
	assert_int_equal(x->done->len, 0);
	feed(x, &b, 12000); /* a is 12 s quiet: past the 10 s timeout */
	assert_int_equal(x->done->len, 1);
	assert_int_equal(done_flow(x, 0)->end, FLOW_END_IDLE);
	feed(x, &a, 12500); /* a new flow for the same tuple */
	struct flow_stats s = stats(x);
	assert_int_equal(s.flows, 3);
	assert_int_equal(s.evicted, 1);
	assert_int_equal(s.live, 2);
	fx_free(x);
}

/* SYN, SYN/ACK, ACK at 0, 10, 20 ms; then data */
static void
handshake(struct fx *x, const char *c, const char *s, uint16_t cp, uint16_t sp, int64_t t0)
{
	struct pkt p;
	p = tcp4(0, c, s, cp, sp, 1000, 0, F_SYN, 0);
	feed(x, &p, t0);
	p = tcp4(0, s, c, sp, cp, 5000, 1001, F_SYN | F_ACK, 0);
	feed(x, &p, t0 + 10);
	p = tcp4(0, c, s, cp, sp, 1001, 5001, F_ACK, 0);
	feed(x, &p, t0 + 20);
}

static void
test_flow_tcp_close_fin_and_rtt(void **state)
{
	(void)state;
	struct fx *x = fx_new(600, 0);
	handshake(x, "10.0.0.1", "10.0.0.2", 40000, 443, 0);
	struct pkt p;
	p = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 1001, 5001, F_FIN | F_ACK, 0);
	feed(x, &p, 30);
	p = tcp4(0, "10.0.0.2", "10.0.0.1", 443, 40000, 5001, 1002, F_FIN | F_ACK, 0);
	feed(x, &p, 40);
	p = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 1002, 5002, F_ACK, 0);
	feed(x, &p, 50);
	assert_int_equal(x->done->len, 0); /* the last ACK still finds it */
	assert_int_equal(stats(x).flows, 1);
	/* anything FLOW_CLOSE_LINGER + a sweep later finishes it */
	struct pkt u = udp4("10.9.9.9", "10.9.9.8", 1, 2, 0);
	feed(x, &u, 50 + (FLOW_CLOSE_LINGER + 100) * 1000);
	assert_int_equal(x->done->len, 1);
	const struct flow *f = done_flow(x, 0);
	assert_int_equal(f->end, FLOW_END_FIN);
	assert_true(f->u.tcp.state & FLOW_TCP_HANDSHAKE);
	assert_true(f->u.tcp.state & FLOW_TCP_FIN_AB);
	assert_true(f->u.tcp.state & FLOW_TCP_FIN_BA);
	assert_int_equal(f->u.tcp.rtt_ns, 20000000);
	assert_int_equal(f->pkts[0] + f->pkts[1], 6);
	assert_int_equal(f->u.tcp.retrans, 0);
	fx_free(x);
}

static void
test_flow_tcp_rst_and_reuse(void **state)
{
	(void)state;
	struct fx *x = fx_new(600, 0);
	handshake(x, "10.0.0.1", "10.0.0.2", 40000, 443, 0);
	struct pkt p = tcp4(0, "10.0.0.2", "10.0.0.1", 443, 40000, 5001, 1001, F_RST | F_ACK, 0);
	feed(x, &p, 30);
	/* a new connection on the same ports, new ISN: the old flow ends, a new one begins */
	p = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 9000, 0, F_SYN, 0);
	feed(x, &p, 1000);
	assert_int_equal(x->done->len, 1);
	assert_int_equal(done_flow(x, 0)->end, FLOW_END_REUSED);
	assert_true(done_flow(x, 0)->u.tcp.state & FLOW_TCP_RST);
	/* RST on the new one, then time passes: it ends as rst */
	p = tcp4(0, "10.0.0.2", "10.0.0.1", 443, 40000, 0, 9001, F_RST | F_ACK, 0);
	feed(x, &p, 1010);
	struct pkt u = udp4("10.9.9.9", "10.9.9.8", 1, 2, 0);
	feed(x, &u, 1010 + (FLOW_CLOSE_LINGER + 100) * 1000);
	assert_int_equal(x->done->len, 2);
	assert_int_equal(done_flow(x, 1)->end, FLOW_END_RST);
	assert_int_equal(done_flow(x, 1)->pkts[0], 1);
	assert_int_equal(stats(x).evicted, 2);
	fx_free(x);
}

static void
test_flow_tcp_retransmission(void **state)
{
	(void)state;
	struct fx *x = fx_new(600, 0);
	handshake(x, "10.0.0.1", "10.0.0.2", 40000, 443, 0);
	struct pkt d1 = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 1001, 5001, F_PSH | F_ACK, 100);
	struct pkt d2 = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 1101, 5001, F_PSH | F_ACK, 100);
	struct pkt d3 = tcp4(0, "10.0.0.1", "10.0.0.2", 40000, 443, 1201, 5001, F_PSH | F_ACK, 100);
	feed(x, &d1, 30);
	feed(x, &d1, 300); /* the same segment 270 ms later */
	/* d3 before d2, then d2 1 ms later: out of order, not a retransmission */
	feed(x, &d3, 400);
	feed(x, &d2, 401);
	struct pkt z = tcp4(0, "10.0.0.2", "10.0.0.1", 443, 40000, 5001, 1301, F_ACK, 0);
	z.b[14 + 20 + 14] = 0; /* window 0 */
	z.b[14 + 20 + 15] = 0;
	feed(x, &z, 402);
	flow_table_flush(x->t);
	const struct flow *f = done_flow(x, 0);
	assert_int_equal(f->u.tcp.retrans, 1);
	assert_int_equal(f->u.tcp.ooo, 1);
	assert_int_equal(f->u.tcp.zero_win, 1);
	fx_free(x);
}

/* Thousands of flows: the table grows, half expire (backward-shift deletion), the rest
 * are still found (no flow created twice). */
static void
test_flow_grow_and_delete(void **state)
{
	(void)state;
	struct fx *x = fx_new(10, 0);
	enum { N = 6000 };
	for (int i = 0; i < N; i++) {
		char dst[32];
		snprintf(dst, sizeof(dst), "10.%d.%d.1", i / 250, i % 250);
		struct pkt p = udp4("10.0.0.1", dst, (uint16_t)(20000 + i), 7777, 0);
		feed(x, &p, (i % 2) ? 8000 : 0); /* odd ones are fresher */
	}
	assert_int_equal(stats(x).flows, N);
	/* at 15 s the even ones are 15 s idle, the odd ones 7 */
	for (int i = 1; i < N; i += 2) {
		char dst[32];
		snprintf(dst, sizeof(dst), "10.%d.%d.1", i / 250, i % 250);
		struct pkt p = udp4("10.0.0.1", dst, (uint16_t)(20000 + i), 7777, 0);
		feed(x, &p, 15000);
	}
	struct flow_stats s = stats(x);
	assert_int_equal(s.flows, N);
	assert_int_equal(s.ended[FLOW_END_IDLE], N / 2);
	assert_int_equal(s.live, N / 2);
	assert_true(s.slots >= N * 10 / 7);
	fx_free(x);
}

static void
test_flow_table_full_evicts(void **state)
{
	(void)state;
	struct fx *x = fx_new(600, 64);
	for (int i = 0; i < 200; i++) {
		char dst[32];
		snprintf(dst, sizeof(dst), "10.0.%d.1", i);
		struct pkt p = udp4("10.0.0.1", dst, 1000, 7777, 0);
		feed(x, &p, i * 10);
	}
	struct flow_stats s = stats(x);
	assert_true(s.live <= 64);
	assert_int_equal(s.flows, 200);
	assert_true(s.ended[FLOW_END_EVICTED] >= 200 - 64);
	flow_table_flush(x->t);
	assert_int_equal(x->done->len, 200); /* every flow is reported */
	fx_free(x);
}

/* ---- Community ID: corelight/community-id-spec baseline/baseline_deflt.json ---- */

struct cid_vector {
	uint8_t proto;
	const char *saddr, *daddr;
	int sport, dport; /* -1: none */
	const char *id;
};

static const struct cid_vector cid_vectors[] = {
	{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136,
		"1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135,
		"1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136,
		"1:zavyT/cezQr1fmImYCwYnMXbgck=" },
	{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 135,
		"1:zavyT/cezQr1fmImYCwYnMXbgck=" },
	{ 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0,
		"1:2ObVBgIn28oZvibYZhZMBgh7WdQ=" },
	{ 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
		"1:hLZd0XGWojozrvxqE0dWB1iM6R0=" },
	{ 58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129,
		"1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=" },
	{ 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128,
		"1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=" },
	{ 58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134, "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133, "1:pkvHqCL88/tg1k4cPigmZXUtL00=" },
	{ 1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 1, "192.168.0.1", "192.168.0.89", 0, 8, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=" },
	{ 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25,
		"1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943,
		"1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 132, "192.168.170.56", "192.168.170.8", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 6, "66.35.250.204", "128.232.110.120", 80, 34855, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 46, "10.1.12.1", "10.1.12.2", -1, -1, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
	{ 46, "10.1.12.2", "10.1.12.1", -1, -1, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
};

static size_t
addr(const char *s, uint8_t out[16])
{
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
	return 16;
}

static void
test_community_id_baseline(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cid_vectors); i++) {
		const struct cid_vector *v = &cid_vectors[i];
		uint8_t s[16], d[16];
		size_t alen = addr(v->saddr, s);
		assert_int_equal(addr(v->daddr, d), alen);
		char out[FLOW_COMMUNITY_ID_LEN];
		/* the baseline's ports for ICMP are already Zeek's mapping of type and code */
		flow_community_id(out, 0, s, d, alen, v->proto, v->sport >= 0,
			(uint16_t)(v->sport < 0 ? 0 : v->sport), (uint16_t)(v->dport < 0 ? 0 : v->dport));
		if (strcmp(out, v->id))
			fail_msg("vector %zu: %s, want %s", i, out, v->id);
	}
}

/* the same vectors from ICMP type and code, through the mapping */
static void
test_community_id_icmp_mapping(void **state)
{
	(void)state;
	static const struct {
		uint8_t proto;
		const char *s, *d;
		uint8_t type, code;
		const char *id;
	} v[] = {
		{ 1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
		{ 1, "192.168.0.1", "192.168.0.89", 0, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
		{ 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=" },
		{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 0,
			"1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
		{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 0,
			"1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
		{ 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
			"1:hLZd0XGWojozrvxqE0dWB1iM6R0=" },
		{ 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 0,
			"1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=" },
		{ 58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 0, "1:pkvHqCL88/tg1k4cPigmZXUtL00=" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
		uint8_t s[16], d[16];
		size_t alen = addr(v[i].s, s);
		addr(v[i].d, d);
		char out[FLOW_COMMUNITY_ID_LEN];
		flow_community_id_icmp(out, 0, s, d, alen, v[i].proto, v[i].type, v[i].code);
		if (strcmp(out, v[i].id))
			fail_msg("icmp vector %zu: %s, want %s", i, out, v[i].id);
	}
	/* ICMPv4 router advertisement is one-way (Zeek), its solicitation is not */
	assert_int_equal(flow_icmp_counterpart(false, 10), 9);
	assert_int_equal(flow_icmp_counterpart(false, 9), -1);
}

/* a flow's own ID, from a decoded TCP packet, against the baseline's TCP vector */
static void
test_community_id_of_flow(void **state)
{
	(void)state;
	struct fx *x = fx_new(0, 0);
	struct pkt p = tcp4(0, "66.35.250.204", "128.232.110.120", 80, 34855, 1, 1, F_ACK, 0);
	feed(x, &p, 0);
	flow_table_flush(x->t);
	char cid[32];
	assert_true(flow_community_id_of(done_flow(x, 0), cid));
	assert_string_equal(cid, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
	fx_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow_both_directions_one_flow),
		cmocka_unit_test(test_flow_vlan_differs),
		cmocka_unit_test(test_flow_geneve_inner_has_outer_carrier),
		cmocka_unit_test(test_flow_carrier_labels_freed_with_last_flow),
		cmocka_unit_test(test_flow_carrier_label_survives_its_flow_evicted_mid_packet),
		cmocka_unit_test(test_flow_icmp_echo_pairs),
		cmocka_unit_test(test_flow_esp_sa_pairs_and_rekey),
		cmocka_unit_test(test_flow_esp_other_side_starts),
		cmocka_unit_test(test_flow_esp_natt_is_a_level_below_udp),
		cmocka_unit_test(test_flow_ike_sa_spans_500_and_4500),
		cmocka_unit_test(test_flow_esp_sa_idle_then_new_sa),
		cmocka_unit_test(test_flow_idle_timeout),
		cmocka_unit_test(test_flow_tcp_close_fin_and_rtt),
		cmocka_unit_test(test_flow_tcp_rst_and_reuse),
		cmocka_unit_test(test_flow_tcp_retransmission),
		cmocka_unit_test(test_flow_grow_and_delete),
		cmocka_unit_test(test_flow_table_full_evicts),
		cmocka_unit_test(test_community_id_baseline),
		cmocka_unit_test(test_community_id_icmp_mapping),
		cmocka_unit_test(test_community_id_of_flow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
