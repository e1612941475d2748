/* test_decode.c - the dispatch loop and the core decoders (link layers, VLAN, LLC, ARP,
 * IPv4, IPv6 extension chain, ICMP, UDP, TCP options): valid packets, every truncation,
 * and the odd cases (IPv4 header length < 20, IPv6 extension loop, option length 0). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "reports/render.h"

#define ETH_HDR(type_hi, type_lo) \
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, /* dst */ \
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* src */ \
	type_hi, type_lo

/* Ethernet / IPv4 10.1.1.10 > 192.168.10.5 / TCP 49152 > 443 SYN with options */
static const uint8_t tcp_syn[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, /* v4 ihl5 len 60 id 0x1234 DF */
	0x40, 0x06, 0x00, 0x00, 0x0a, 0x01, 0x01, 0x0a, /* ttl 64 tcp, src 10.1.1.10 */
	0xc0, 0xa8, 0x0a, 0x05,                         /* dst 192.168.10.5 */
	0xc0, 0x00, 0x01, 0xbb, 0x00, 0x00, 0x03, 0xe8, /* 49152 > 443 seq 1000 */
	0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, /* ack 0, off 10, SYN, win 64240 */
	0x00, 0x00, 0x00, 0x00,                         /* cksum, urg */
	0x02, 0x04, 0x05, 0xb4,                         /* MSS 1460 */
	0x04, 0x02,                                     /* SACK permitted */
	0x08, 0x0a, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, /* TS 100/0 */
	0x01,                                           /* NOP */
	0x03, 0x03, 0x07,                               /* window scale 7 */
};

/* Ethernet / 802.1ad S-tag 100 / 802.1Q C-tag 201 pcp 5 / IPv4 / UDP 5000 > 6000 */
static const uint8_t qinq_udp[] = {
	ETH_HDR(0x88, 0xa8),
	0x00, 0x64, 0x81, 0x00,                         /* S-tag vid 100, then 0x8100 */
	0xa0, 0xc9, 0x08, 0x00,                         /* C-tag pcp 5 vid 201, then IPv4 */
	0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, /* len 32 */
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x02, 0x00, 0x01, /* udp, 10.2.0.1 */
	0x0a, 0x01, 0x00, 0x01,                         /* 10.1.0.1 */
	0x13, 0x88, 0x17, 0x70, 0x00, 0x0c, 0x00, 0x00, /* 5000 > 6000 len 12 */
	0xde, 0xad, 0xbe, 0xef,                         /* payload */
};

/* Ethernet / IPv4 with a Router Alert option (IHL 6) / UDP */
static const uint8_t ipv4_opts[] = {
	ETH_HDR(0x08, 0x00),
	0x46, 0x00, 0x00, 0x20, 0x00, 0x02, 0x00, 0x00, /* ihl 6, len 32 */
	0x01, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x01, /* ttl 1 udp 192.168.1.1 */
	0xe0, 0x00, 0x00, 0x16,                         /* 224.0.0.22 */
	0x94, 0x04, 0x00, 0x00,                         /* router alert */
	0x04, 0x00, 0x04, 0x01, 0x00, 0x08, 0x00, 0x00, /* 1024 > 1025 len 8 */
};

/* IPv4 header length field 4 (16 bytes): below the minimum */
static const uint8_t ipv4_short_ihl[] = {
	ETH_HDR(0x08, 0x00),
	0x44, 0x00, 0x00, 0x1c, 0x00, 0x03, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
};

/* A second IPv4 fragment (offset 1480): no transport header follows */
static const uint8_t ipv4_frag2[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x09, 0x00, 0xb9, /* offset 185*8 = 1480 */
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, /* data, not a UDP header */
};

/* Ethernet / IPv6 / hop-by-hop / destination options / fragment (offset 0) / UDP */
static const uint8_t ipv6_ext[] = {
	ETH_HDR(0x86, 0xdd),
	0x60, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x40, /* plen 36, next HBH, hlim 64 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* 2001:db8::1 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, /* 2001:db8::2 */
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, /* HBH: next DO, PadN */
	0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, /* DO: next frag, PadN */
	0x11, 0x00, 0x00, 0x01, 0xca, 0xfe, 0xba, 0xbe, /* frag: next UDP, off 0 M */
	0x13, 0x88, 0x13, 0x89, 0x00, 0x0c, 0x00, 0x00, /* 5000 > 5001 len 12 */
	0x01, 0x02, 0x03, 0x04,
};

/* Ethernet / ARP who-has 10.1.0.1 tell 10.1.0.99 */
static const uint8_t arp_req[] = {
	ETH_HDR(0x08, 0x06),
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, /* eth/ipv4, request */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x01, 0x00, 0x63, /* sha spa */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x00, 0x01, /* tha tpa */
};

/* 802.3 / LLC SNAP / IPv4 / ICMP echo request */
static const uint8_t snap_icmp[] = {
	ETH_HDR(0x00, 0x24),                            /* length 36 */
	0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00, /* SNAP, OUI 0, IPv4 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x04, 0x00, 0x00,
	0x40, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	0x08, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, /* echo request id 7 seq 1 */
	0x00, 0x00,                                     /* padding after the LLC frame */
};

/* ICMP port unreachable quoting the first 8 bytes of a UDP datagram */
static const uint8_t icmp_unreach[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x38, 0x00, 0x05, 0x00, 0x00,
	0x40, 0x01, 0x00, 0x00, 0x0a, 0x01, 0x00, 0x02,
	0x0a, 0x01, 0x00, 0x01,
	0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* unreachable, port */
	0x45, 0x00, 0x00, 0x30, 0x00, 0x06, 0x00, 0x00, /* quoted IPv4 */
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x01, 0x00, 0x01,
	0x0a, 0x01, 0x00, 0x02,
	0xd4, 0x31, 0x00, 0x35, 0x00, 0x1c, 0x00, 0x00, /* quoted UDP 54321 > 53 */
};

/* TCP with an option whose length byte is 0: must not spin */
static const uint8_t tcp_opt_len0[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	0x00, 0x50, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x60, 0x10, 0x10, 0x00, /* off 6, ACK */
	0x00, 0x00, 0x00, 0x00,
	0x05, 0x00, 0x00, 0x00,                         /* SACK, length 0 */
};

/* TCP data offset 3 (12 bytes): below the minimum */
static const uint8_t tcp_short_off[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	0x00, 0x50, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x30, 0x10, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* Linux cooked v1 / IPv4 / UDP */
static const uint8_t sll_udp[] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x06,             /* to us, ARPHRD_ETHER, alen 6 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, /* address */
	0x08, 0x00,                                     /* IPv4 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	0x30, 0x39, 0x30, 0x3a, 0x00, 0x08, 0x00, 0x00, /* 12345 > 12346 */
};

/* Linux cooked v2 / IPv6 / ICMPv6 echo request */
static const uint8_t sll2_icmp6[] = {
	0x86, 0xdd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, /* IPv6, ifindex 2 */
	0x00, 0x01, 0x04, 0x06,                         /* ARPHRD_ETHER, outgoing, alen 6 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, /* plen 8, ICMPv6 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* ::1 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x80, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x03, /* echo request id 42 seq 3 */
};

/* BSD null, family 2 in little-endian host order / IPv4 / ICMP echo reply */
static const uint8_t null_icmp[] = {
	0x02, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x01, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
};

/* OpenBSD loopback (LINKTYPE_LOOP): family 2 always big-endian / IPv4 / ICMP echo reply */
static const uint8_t loop_icmp[] = {
	0x00, 0x00, 0x00, 0x02,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x01, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
};

/* OpenBSD loopback: family 24 (AF_INET6 on OpenBSD) / IPv6 / ICMPv6 echo request */
static const uint8_t loop_icmp6[] = {
	0x00, 0x00, 0x00, 0x18,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, /* plen 8, ICMPv6 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* ::1 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x80, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x03, /* echo request id 42 seq 3 */
};

/* Ethernet / IPv4 / ICMP echo request, padded to the 60-byte minimum (IEEE 802.3 §4.2.3.3)
 * with 18 bytes after the 28 the IP total length counts */
static const uint8_t eth_padded[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x07, 0x00, 0x00, /* len 28 */
	0x40, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, /* icmp, 10.0.0.1 */
	0x0a, 0x00, 0x00, 0x02,                         /* 10.0.0.2 */
	0x08, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, /* echo request id 9 seq 1 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* padding */
};
#define ETH_PADDED_END (14 + 28)

/* IPv4 total length 30 (10 bytes of IP payload) carrying a UDP header whose length says
 * 100, in a frame padded to 60 bytes */
static const uint8_t udp_len_past_ip[] = {
	ETH_HDR(0x08, 0x00),
	0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00, /* len 30 */
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, /* udp, 10.0.0.1 */
	0x0a, 0x00, 0x00, 0x02,                         /* 10.0.0.2 */
	0x13, 0x88, 0x17, 0x70, 0x00, 0x64, 0x00, 0x00, /* 5000 > 6000 len 100 */
	0xab, 0xcd,                                     /* payload */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* padding */
};

/* raw IPv4: total length 200 in a 32-byte frame; UDP's length (180) agrees with IP's */
static const uint8_t ipv4_len_past_frame[] = {
	0x45, 0x00, 0x00, 0xc8, 0x00, 0x01, 0x00, 0x00, /* len 200 */
	0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, /* udp, 10.0.0.1 */
	0x0a, 0x00, 0x00, 0x02,                         /* 10.0.0.2 */
	0x13, 0x88, 0x17, 0x70, 0x00, 0xb4, 0x00, 0x00, /* 5000 > 6000 len 180 */
	0xde, 0xad, 0xbe, 0xef,
};

static void
test_decode_tcp_options(void **state)
{
	struct dec *d = *state;
	test_decode(d, tcp_syn, sizeof(tcp_syn), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 3);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 0);
	assert_non_null(ip);
	assert_int_equal(ip->u.ipv4.id, 0x1234);
	assert_true(ip->u.ipv4.df);
	const struct dec_layer *l = test_layer(d, DEC_P_TCP, 0);
	assert_non_null(l);
	const struct dec_tcp_layer *t = &l->u.tcp;
	assert_int_equal(t->sport, 49152);
	assert_int_equal(t->dport, 443);
	assert_int_equal(t->seq, 1000);
	assert_int_equal(t->flags, DEC_TCP_SYN);
	assert_int_equal(t->win, 64240);
	assert_int_equal(t->hlen, 40);
	assert_true(t->has_mss);
	assert_int_equal(t->mss, 1460);
	assert_true(t->sack_perm);
	assert_true(t->has_ts);
	assert_int_equal(t->ts_val, 100);
	assert_true(t->has_wscale);
	assert_int_equal(t->wscale, 7);
	assert_int_equal(t->plen, 0);

	char *j = test_json(d);
	assert_non_null(strstr(j, "{\"p\":\"ipv4\",\"src\":\"10.1.1.10\",\"dst\":\"192.168.10.5\",\"proto\":6"));
	assert_non_null(strstr(j, "\"flags\":\"S\""));
	assert_non_null(strstr(j, "\"mss\":1460"));
	assert_non_null(strstr(j, "\"errors\":[]"));
	g_free(j);
	char *x = test_text(d);
	assert_string_equal(x, "1 1970-01-01T00:00:00.000000Z 10.1.1.10 > 192.168.10.5 TCP 49152 > 443 "
			       "[S] seq=1000 win=64240 mss=1460 wscale=7 sackOK ts=100/0 len=0");
	g_free(x);
}

static void
test_decode_qinq_outermost_first(void **state)
{
	struct dec *d = *state;
	test_decode(d, qinq_udp, sizeof(qinq_udp), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_VLAN), 2);
	const struct dec_layer *s = test_layer(d, DEC_P_VLAN, 0);
	const struct dec_layer *c = test_layer(d, DEC_P_VLAN, 1);
	assert_int_equal(s->u.vlan.tpid, 0x88a8);
	assert_int_equal(s->u.vlan.vid, 100);
	assert_int_equal(c->u.vlan.tpid, 0x8100);
	assert_int_equal(c->u.vlan.vid, 201);
	assert_int_equal(c->u.vlan.pcp, 5);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_int_equal(u->u.udp.sport, 5000);
	assert_int_equal(u->u.udp.dport, 6000);
	assert_int_equal(u->off, 14 + 8 + 20);
	char *x = test_text(d);
	assert_non_null(strstr(x, "vlan 100 s-tag | vlan 201 p5 | 10.2.0.1 > 10.1.0.1 UDP 5000 > 6000 len=4"));
	g_free(x);
}

static void
test_decode_ipv4_options_skipped(void **state)
{
	struct dec *d = *state;
	test_decode(d, ipv4_opts, sizeof(ipv4_opts), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 0);
	assert_int_equal(ip->u.ipv4.hlen, 24);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_int_equal(u->off, 14 + 24);
	assert_int_equal(u->u.udp.sport, 1024);
}

static void
test_decode_ipv4_hlen_below_20(void **state)
{
	struct dec *d = *state;
	test_decode(d, ipv4_short_ihl, sizeof(ipv4_short_ihl), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_HEADER_LEN));
	assert_int_equal(d->errors[0].off, 14);
	assert_int_equal(d->errors[0].proto, DEC_P_IPV4);
	assert_null(test_layer(d, DEC_P_UDP, 0));
}

static void
test_decode_ipv4_later_fragment_not_decoded(void **state)
{
	struct dec *d = *state;
	test_decode(d, ipv4_frag2, sizeof(ipv4_frag2), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV4, 0);
	assert_int_equal(ip->u.ipv4.frag, 1480);
	assert_null(test_layer(d, DEC_P_UDP, 0));
	char *x = test_text(d);
	assert_non_null(strstr(x, "10.0.0.1 > 10.0.0.2 frag id=9 off=1480 proto=17"));
	g_free(x);
}

static void
test_decode_ipv6_extension_chain(void **state)
{
	struct dec *d = *state;
	test_decode(d, ipv6_ext, sizeof(ipv6_ext), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *ip = test_layer(d, DEC_P_IPV6, 0);
	assert_non_null(ip);
	assert_int_equal(ip->u.ipv6.next_ext, 3);
	assert_int_equal(ip->u.ipv6.ext[0], 0);
	assert_int_equal(ip->u.ipv6.ext[1], 60);
	assert_int_equal(ip->u.ipv6.ext[2], 44);
	assert_int_equal(ip->u.ipv6.proto, 17);
	assert_true(ip->u.ipv6.is_fragment);
	assert_true(ip->u.ipv6.mf);
	assert_int_equal(ip->u.ipv6.frag_id, 0xcafebabe);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_int_equal(u->off, 14 + 40 + 24);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\",\"next\":0,\"proto\":17"));
	assert_non_null(strstr(j, "\"ext\":[0,60,44]"));
	g_free(j);
}

static void
test_decode_ipv6_extension_loop_capped(void **state)
{
	struct dec *d = *state;
	/* 40 hop-by-hop headers, each naming another hop-by-hop header next */
	uint8_t pkt[14 + 40 + 40 * 8];
	memset(pkt, 0, sizeof(pkt));
	memcpy(pkt, ipv6_ext, 14 + 40);
	pkt[14 + 4] = (40 * 8) >> 8;
	pkt[14 + 5] = (40 * 8) & 0xff;
	pkt[14 + 6] = 0; /* next: hop-by-hop */
	test_decode(d, pkt, sizeof(pkt), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_EXT_CHAIN));
	assert_int_equal(test_layer(d, DEC_P_IPV6, 0)->u.ipv6.next_ext, DEC_IPV6_MAX_EXT);
}

static void
test_decode_arp(void **state)
{
	struct dec *d = *state;
	test_decode(d, arp_req, sizeof(arp_req), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *a = test_layer(d, DEC_P_ARP, 0);
	assert_non_null(a);
	assert_int_equal(a->u.arp.op, 1);
	assert_true(a->u.arp.eth_ipv4);
	char *x = test_text(d);
	assert_non_null(strstr(x, "ARP who-has 10.1.0.1 tell 10.1.0.99"));
	g_free(x);
}

static void
test_decode_llc_snap_and_padding(void **state)
{
	struct dec *d = *state;
	test_decode(d, snap_icmp, sizeof(snap_icmp), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_layer *l = test_layer(d, DEC_P_LLC, 0);
	assert_non_null(l);
	assert_true(l->u.llc.snap);
	assert_int_equal(l->u.llc.pid, 0x0800);
	const struct dec_layer *m = test_layer(d, DEC_P_ICMP, 0);
	assert_non_null(m);
	assert_true(m->u.icmp.echo);
	assert_int_equal(m->u.icmp.id, 7);
}

static void
test_decode_icmp_quote_no_event(void **state)
{
	struct dec *d = *state;
	test_decode(d, icmp_unreach, sizeof(icmp_unreach), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_IPV4), 2);
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_int_equal(u->u.udp.sport, 54321);
	assert_int_equal(u->u.udp.dport, 53);
	char *x = test_text(d);
	assert_non_null(strstr(x, "ICMP unreachable code=3 for | 10.1.0.1 > 10.1.0.2 UDP 54321 > 53"));
	g_free(x);
}

static void
test_decode_tcp_option_len_zero(void **state)
{
	struct dec *d = *state;
	test_decode(d, tcp_opt_len0, sizeof(tcp_opt_len0), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_OPTION_LEN));
	assert_int_equal(d->errors[0].off, 14 + 20 + 20);
	/* a bad option is an event, the layer stays */
	const struct dec_layer *t = test_layer(d, DEC_P_TCP, 0);
	assert_non_null(t);
	assert_false(t->truncated);
	assert_int_equal(t->u.tcp.dport, 4096);
}

static void
test_decode_tcp_offset_below_20(void **state)
{
	struct dec *d = *state;
	test_decode(d, tcp_short_off, sizeof(tcp_short_off), DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_BAD_HEADER_LEN));
	assert_int_equal(d->errors[0].proto, DEC_P_TCP);
}

static void
test_decode_cooked_and_null(void **state)
{
	struct dec *d = *state;
	test_decode(d, sll_udp, sizeof(sll_udp), DEC_LINK_SLL);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->layers[0].proto, DEC_P_SLL);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 12346);

	test_decode(d, sll2_icmp6, sizeof(sll2_icmp6), DEC_LINK_SLL2);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->layers[0].u.sll.ifindex, 2);
	const struct dec_layer *m = test_layer(d, DEC_P_ICMPV6, 0);
	assert_non_null(m);
	assert_int_equal(m->u.icmp.id, 42);

	test_decode(d, null_icmp, sizeof(null_icmp), DEC_LINK_NULL);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->layers[0].u.null.family, 2);
	assert_non_null(test_layer(d, DEC_P_ICMP, 0));

	/* raw IP: the version nibble picks the decoder */
	test_decode(d, sll2_icmp6 + 20, sizeof(sll2_icmp6) - 20, DEC_LINK_RAW);
	assert_int_equal(d->layers[0].proto, DEC_P_IPV6);
	test_decode(d, sll_udp + 16, sizeof(sll_udp) - 16, DEC_LINK_IPV4);
	assert_int_equal(d->layers[0].proto, DEC_P_IPV4);
}

static void
test_decode_unknown_linktype_is_event(void **state)
{
	struct dec *d = *state;
	test_decode(d, tcp_syn, sizeof(tcp_syn), 147);
	assert_int_equal(d->nlayers, 0);
	assert_true(test_has_event(d, DEC_E_LINKTYPE));
}

static void
test_decode_snaplen_shorter_than_packet(void **state)
{
	struct dec *d = *state;
	/* 54 bytes captured of a 74-byte SYN: the TCP options are cut, IP is whole */
	uint8_t *p = test_dup(tcp_syn, 54);
	dec_packet(d, p, 54, sizeof(tcp_syn), DEC_LINK_EN10MB);
	assert_non_null(test_layer(d, DEC_P_IPV4, 0));
	assert_true(test_layer(d, DEC_P_TCP, 0)->truncated);
	assert_true(test_has_event(d, DEC_E_TRUNCATED));
	free(p);
}

/* The only event of d is code, recorded by layer proto at frame offset off. */
static void
assert_one_event(const struct dec *d, unsigned proto, unsigned code, unsigned off)
{
	assert_int_equal(d->nerrors, 1);
	assert_string_equal(dec_event_name(d->errors[0].code), dec_event_name(code));
	assert_string_equal(dec_proto_name(d->errors[0].proto), dec_proto_name(proto));
	assert_int_equal(d->errors[0].off, off);
}

/* Raw IP link types: sll_udp and sll2_icmp6 without their cooked headers */
#define RAW4 (sll_udp + 16)
#define RAW4_LEN (sizeof(sll_udp) - 16)
#define RAW6 (sll2_icmp6 + 20)
#define RAW6_LEN (sizeof(sll2_icmp6) - 20)

static void
test_decode_link_loop(void **state)
{
	struct dec *d = *state;
	test_decode(d, loop_icmp, sizeof(loop_icmp), DEC_LINK_LOOP);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 3);
	assert_int_equal(d->layers[0].proto, DEC_P_NULL);
	assert_int_equal(d->layers[0].u.null.family, 2);
	assert_int_equal(d->layers[1].off, 4);
	assert_int_equal(test_layer(d, DEC_P_ICMP, 0)->u.icmp.seq, 2);
	test_decode(d, loop_icmp6, sizeof(loop_icmp6), DEC_LINK_LOOP);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->layers[0].u.null.family, 24);
	assert_int_equal(test_layer(d, DEC_P_ICMPV6, 0)->u.icmp.id, 42);
	/* LINKTYPE_LOOP is big-endian always (tcpdump's linktypes.html): a little-endian
	 * family 2, right for LINKTYPE_NULL, is family 0x02000000 here, which names nothing */
	test_decode(d, null_icmp, sizeof(null_icmp), DEC_LINK_LOOP);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 1);
	assert_int_equal(d->layers[0].u.null.family, 0x02000000);
	test_every_cut(loop_icmp, sizeof(loop_icmp), DEC_LINK_LOOP, NULL, 0);
	test_every_cut(loop_icmp6, sizeof(loop_icmp6), DEC_LINK_LOOP, NULL, 0);
}

/* LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) name the version: no version-nibble guess,
 * so the other version is an event */
static void
test_decode_link_ipv4_ipv6(void **state)
{
	struct dec *d = *state;
	test_decode(d, RAW4, RAW4_LEN, DEC_LINK_IPV4);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 2);
	assert_int_equal(d->layers[0].proto, DEC_P_IPV4);
	assert_int_equal(d->layers[0].off, 0);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 12346);
	test_decode(d, RAW6, RAW6_LEN, DEC_LINK_IPV4);
	assert_one_event(d, DEC_P_IPV4, DEC_E_BAD_VERSION, 0);

	test_decode(d, RAW6, RAW6_LEN, DEC_LINK_IPV6);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(d->nlayers, 2);
	assert_int_equal(d->layers[0].proto, DEC_P_IPV6);
	assert_int_equal(test_layer(d, DEC_P_ICMPV6, 0)->u.icmp.seq, 3);
	/* (an IPv4 packet of at least the 40 bytes an IPv6 header takes) */
	test_decode(d, tcp_syn + 14, sizeof(tcp_syn) - 14, DEC_LINK_IPV6);
	assert_one_event(d, DEC_P_IPV6, DEC_E_BAD_VERSION, 0);

	test_every_cut(RAW4, RAW4_LEN, DEC_LINK_IPV4, NULL, 0);
	test_every_cut(RAW6, RAW6_LEN, DEC_LINK_IPV6, NULL, 0);
}

/* DLT_RAW as most BSDs (12) and OpenBSD (14) number it: the version nibble decides, as
 * for LINKTYPE_RAW (101) */
static void
test_decode_link_raw_12_14(void **state)
{
	struct dec *d = *state;
	static const int lts[] = { DEC_LINK_RAW_12, DEC_LINK_RAW_14 };
	for (size_t i = 0; i < G_N_ELEMENTS(lts); i++) {
		test_decode(d, RAW4, RAW4_LEN, lts[i]);
		assert_int_equal(d->nerrors, 0);
		assert_int_equal(d->layers[0].proto, DEC_P_IPV4);
		assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.sport, 12345);
		test_decode(d, RAW6, RAW6_LEN, lts[i]);
		assert_int_equal(d->nerrors, 0);
		assert_int_equal(d->layers[0].proto, DEC_P_IPV6);
		assert_int_equal(test_layer(d, DEC_P_ICMPV6, 0)->u.icmp.id, 42);
		test_every_cut(RAW4, RAW4_LEN, lts[i], NULL, 0);
		test_every_cut(RAW6, RAW6_LEN, lts[i], NULL, 0);
	}
}

static void
test_decode_ipv4_len_past_frame(void **state)
{
	struct dec *d = *state;
	/* total length 32, 30 bytes in the frame: the length is the event, at its field, and
	 * what is there is still decoded */
	test_decode(d, qinq_udp, sizeof(qinq_udp) - 2, DEC_LINK_EN10MB);
	assert_one_event(d, DEC_P_IPV4, DEC_E_BAD_LENGTH, 14 + 8 + 2);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 6000);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"code\":\"bad_length\",\"what\":\"total length 32 past the 30 "
				  "bytes there are\""));
	g_free(j);
	/* the same 52 bytes as a snaplen cut of the 54-byte frame: no event */
	test_decode_snaplen(d, qinq_udp, sizeof(qinq_udp) - 2, sizeof(qinq_udp), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 6000);

	/* 200 in a 32-byte frame: one event; UDP's length agrees with IP's, so it adds none */
	test_decode(d, ipv4_len_past_frame, sizeof(ipv4_len_past_frame), DEC_LINK_RAW);
	assert_one_event(d, DEC_P_IPV4, DEC_E_BAD_LENGTH, 2);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.len, 180);
	test_decode_snaplen(d, ipv4_len_past_frame, sizeof(ipv4_len_past_frame), 200,
		DEC_LINK_RAW);
	assert_int_equal(d->nerrors, 0);
}

static void
test_decode_ethernet_padding_no_event(void **state)
{
	struct dec *d = *state;
	test_decode(d, eth_padded, sizeof(eth_padded), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_ICMP, 0)->u.icmp.id, 9);
}

static void
test_decode_udp_len_past_ip_payload(void **state)
{
	struct dec *d = *state;
	/* held to the IP payload (10 bytes), not to the padded frame */
	test_decode(d, udp_len_past_ip, sizeof(udp_len_past_ip), DEC_LINK_EN10MB);
	assert_one_event(d, DEC_P_UDP, DEC_E_BAD_LENGTH, 14 + 20 + 4);
	assert_string_equal(d->errors[0].what, "length 100 past the 10 bytes of IP payload");
	const struct dec_layer *u = test_layer(d, DEC_P_UDP, 0);
	assert_non_null(u);
	assert_false(u->truncated);
	assert_int_equal(u->u.udp.dport, 6000);
	/* a snaplen that cut only the padding changes nothing: the IP payload was captured */
	test_decode_snaplen(d, udp_len_past_ip, 14 + 30, sizeof(udp_len_past_ip),
		DEC_LINK_EN10MB);
	assert_one_event(d, DEC_P_UDP, DEC_E_BAD_LENGTH, 14 + 20 + 4);

	/* the first fragment of a datagram: UDP's length counts every fragment (RFC 791
	 * §3.2), so no event */
	uint8_t f[sizeof(udp_len_past_ip)];
	memcpy(f, udp_len_past_ip, sizeof(f));
	f[14 + 6] = 0x20; /* MF */
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_non_null(test_layer(d, DEC_P_UDP, 0));
}

static void
test_decode_udp_len_below_header(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(sll_udp)];
	memcpy(f, sll_udp, sizeof(f));
	f[16 + 20 + 5] = 4;
	test_decode(d, f, sizeof(f), DEC_LINK_SLL);
	assert_one_event(d, DEC_P_UDP, DEC_E_BAD_LENGTH, 16 + 20 + 4);
	/* 0 is RFC 2675's jumbogram length, for IPv6 only: over IPv4 an event, and the IP
	 * length still frames the payload */
	f[16 + 20 + 5] = 0;
	test_decode(d, f, sizeof(f), DEC_LINK_SLL);
	assert_one_event(d, DEC_P_UDP, DEC_E_BAD_LENGTH, 16 + 20 + 4);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 12346);
	uint8_t g[sizeof(ipv6_ext)];
	memcpy(g, ipv6_ext, sizeof(g));
	g[14 + 40 + 24 + 5] = 0;
	test_decode(d, g, sizeof(g), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_UDP, 0)->u.udp.dport, 5001);
}

static void
test_decode_ipv6_payload_len_past_frame(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(sll2_icmp6)];
	memcpy(f, sll2_icmp6, sizeof(f));
	f[20 + 5] = 16; /* payload length 16, 8 bytes follow the header */
	test_decode(d, f, sizeof(f), DEC_LINK_SLL2);
	assert_one_event(d, DEC_P_IPV6, DEC_E_BAD_LENGTH, 20 + 4);
	assert_int_equal(test_layer(d, DEC_P_ICMPV6, 0)->u.icmp.id, 42);
	test_decode_snaplen(d, f, sizeof(f), sizeof(f) + 8, DEC_LINK_SLL2);
	assert_int_equal(d->nerrors, 0);
}

static void
test_decode_8023_len_past_frame(void **state)
{
	struct dec *d = *state;
	uint8_t f[sizeof(snap_icmp)];
	memcpy(f, snap_icmp, sizeof(f));
	f[13] = 0x40; /* 64 bytes of LLC frame, 38 follow the MAC header */
	test_decode(d, f, sizeof(f), DEC_LINK_EN10MB);
	assert_one_event(d, DEC_P_ETH, DEC_E_BAD_LENGTH, 12);
	assert_int_equal(test_layer(d, DEC_P_ICMP, 0)->u.icmp.id, 7);
}

/* Every packet cut at every length, as a frame cut short (caplen = len) and as a snaplen
 * cut (caplen < len): testlib.h's test_every_cut(). A frame cut short always has an event:
 * a header cut (truncated), or the outermost length field that says more bytes follow
 * (bad_length) -- the outer IP length also covers a cut inside an ICMP error's quoted
 * datagram, which RFC 792 and RFC 1812 §4.3.2.3 let be short by itself. The exceptions: */
static void
test_decode_every_truncation(void **state)
{
	(void)state;
	/* snap_icmp: the 802.3 length (36, IEEE 802.3 §3.2.6) ends the LLC frame at byte 50;
	 * bytes 50 and 51 are padding after it, so a frame cut there holds every byte its
	 * headers announce */
	static const size_t snap_pad[] = { 50, 51 };
	test_every_cut(tcp_syn, sizeof(tcp_syn), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(qinq_udp, sizeof(qinq_udp), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(ipv4_opts, sizeof(ipv4_opts), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(ipv6_ext, sizeof(ipv6_ext), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(arp_req, sizeof(arp_req), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(snap_icmp, sizeof(snap_icmp), DEC_LINK_EN10MB, snap_pad,
		G_N_ELEMENTS(snap_pad));
	test_every_cut(icmp_unreach, sizeof(icmp_unreach), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(tcp_opt_len0, sizeof(tcp_opt_len0), DEC_LINK_EN10MB, NULL, 0);
	test_every_cut(sll_udp, sizeof(sll_udp), DEC_LINK_SLL, NULL, 0);
	test_every_cut(sll2_icmp6, sizeof(sll2_icmp6), DEC_LINK_SLL2, NULL, 0);
	test_every_cut(null_icmp, sizeof(null_icmp), DEC_LINK_NULL, NULL, 0);
	/* eth_padded: a cut in the padding after the IP total length leaves the IP packet
	 * whole; it is not an error of the frame */
	size_t pad[sizeof(eth_padded) - ETH_PADDED_END];
	for (size_t i = 0; i < G_N_ELEMENTS(pad); i++)
		pad[i] = ETH_PADDED_END + i;
	test_every_cut(eth_padded, sizeof(eth_padded), DEC_LINK_EN10MB, pad, G_N_ELEMENTS(pad));
}

static int
setup(void **state)
{
	*state = dec_new();
	return 0;
}

static int
teardown(void **state)
{
	dec_free(*state);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_tcp_options),
		cmocka_unit_test(test_decode_qinq_outermost_first),
		cmocka_unit_test(test_decode_ipv4_options_skipped),
		cmocka_unit_test(test_decode_ipv4_hlen_below_20),
		cmocka_unit_test(test_decode_ipv4_later_fragment_not_decoded),
		cmocka_unit_test(test_decode_ipv6_extension_chain),
		cmocka_unit_test(test_decode_ipv6_extension_loop_capped),
		cmocka_unit_test(test_decode_arp),
		cmocka_unit_test(test_decode_llc_snap_and_padding),
		cmocka_unit_test(test_decode_icmp_quote_no_event),
		cmocka_unit_test(test_decode_tcp_option_len_zero),
		cmocka_unit_test(test_decode_tcp_offset_below_20),
		cmocka_unit_test(test_decode_cooked_and_null),
		cmocka_unit_test(test_decode_unknown_linktype_is_event),
		cmocka_unit_test(test_decode_snaplen_shorter_than_packet),
		cmocka_unit_test(test_decode_ipv4_len_past_frame),
		cmocka_unit_test(test_decode_ethernet_padding_no_event),
		cmocka_unit_test(test_decode_udp_len_past_ip_payload),
		cmocka_unit_test(test_decode_udp_len_below_header),
		cmocka_unit_test(test_decode_ipv6_payload_len_past_frame),
		cmocka_unit_test(test_decode_8023_len_past_frame),
		cmocka_unit_test(test_decode_link_loop),
		cmocka_unit_test(test_decode_link_ipv4_ipv6),
		cmocka_unit_test(test_decode_link_raw_12_14),
		cmocka_unit_test(test_decode_every_truncation),
	};
	return cmocka_run_group_tests_name("decode", tests, setup, teardown);
}
