/*
 * gen.c - writes the sample captures in samples/captures/ and the benchmark capture.
 *
 *   samples/gen samples [DIR]      every sample into DIR (default samples/captures)
 *   samples/gen bench OUT.pcap N   an N-packet mixed capture, streamed
 *
 * The traffic is what an AWS hybrid network carries: two VPCs (10.1.0.0/16 with the
 * Route 53 Resolver at 10.1.0.2, 10.2.0.0/16), an on-premises network (192.168.0.0/16)
 * reached over Direct Connect (802.1Q/QinQ, MACsec) and Site-to-Site VPN (IKE, ESP,
 * NAT-T between 203.0.113.0/24 customer gateways and 52.x tunnel endpoints), a Gateway
 * Load Balancer (GENEVE to appliances) and Traffic Mirroring (VXLAN); and what runs over
 * them: BGP on a Direct Connect VIF, lookups at the Route 53 Resolver, HTTP/2 to an ALB
 * target (HPACK blocks from libnghttp2's deflater, which is deterministic).
 *
 * Deterministic by construction: timestamps start at 2024-05-01T12:00:00Z and advance by
 * fixed steps, opaque bytes come from seeded xorshift, and gzip headers carry no time.
 */
#include "samples/gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <nghttp2/nghttp2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* ---- where packets go: kept in a list (samples) or written straight out (bench) ---- */

struct rec {
	uint64_t ts;
	uint32_t caplen, len;
	uint32_t ifid;
	bool spb;
	const char *comment;
	uint8_t *data;
};

struct sink {
	struct gen_file *file; /* bench: pcap written as packets come */
	struct rec *r;
	size_t n, cap;
	uint64_t ts;
	uint32_t step_us; /* mean gap between packets */
	uint32_t ifid;    /* pcapng interface of the next records */
	uint64_t count;
};

static void
sink_init(struct sink *s, uint64_t start_ms, uint32_t step_us)
{
	memset(s, 0, sizeof(*s));
	s->ts = GEN_BASE_NS + start_ms * UINT64_C(1000000);
	s->step_us = step_us;
}

static void
sink_free(struct sink *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->r[i].data);
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
}

static struct rec *
sink_add(struct sink *s, const uint8_t *data, uint32_t caplen, uint32_t len, uint64_t ts)
{
	struct rec *r;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->r = realloc(s->r, s->cap * sizeof(*s->r));
		if (s->r == NULL)
			gen_die("out of memory");
	}
	r = &s->r[s->n++];
	memset(r, 0, sizeof(*r));
	r->ts = ts;
	r->caplen = caplen;
	r->len = len;
	r->ifid = s->ifid;
	r->data = malloc(caplen ? caplen : 1);
	if (r->data == NULL)
		gen_die("out of memory");
	memcpy(r->data, data, caplen);
	return r;
}

/*
 * Records a packet at the current time, then advances the clock by the step with a
 * fixed jitter pattern (so gaps are not all equal) and a few nanoseconds, which only
 * nanosecond files keep.
 */
static struct rec *
emit_snap(struct sink *s, const struct gen_pkt *p, uint32_t caplen)
{
	struct rec *r = NULL;
	uint64_t ts = s->ts;

	if (caplen > p->len)
		caplen = (uint32_t)p->len;
	if (s->file != NULL)
		gen_pcap_record(s->file, ts, p->b, caplen, (uint32_t)p->len);
	else
		r = sink_add(s, p->b, caplen, (uint32_t)p->len, ts);
	s->count++;
	s->ts += (uint64_t)s->step_us * 1000 + ((s->count * 7919u) % 331u) * 1000 +
		 (s->count * 37u) % 1000u;
	return r;
}

static struct rec *
emit(struct sink *s, const struct gen_pkt *p)
{
	return emit_snap(s, p, (uint32_t)p->len);
}

static void
sink_pause(struct sink *s, uint32_t ms)
{
	s->ts += (uint64_t)ms * 1000000u;
}

/* ---- addresses ---- */

static uint8_t mac_inst[6], mac_vpcgw[6], mac_bcast[6], mac_zero[6];
static uint8_t mac_cgw[6], mac_isp[6], mac_dxcust[6], mac_dxaws[6];
static uint8_t mac_gwlb[6], mac_appl[6], mac_mirror_tgt[6], mac_stp[6];

#define IP_INST     GEN_IP4(10, 1, 1, 10)
#define IP_VPCGW    GEN_IP4(10, 1, 1, 1)
#define IP_RESOLVER GEN_IP4(10, 1, 0, 2)
#define IP_APP2     GEN_IP4(10, 2, 1, 20)
#define IP_ONPREM   GEN_IP4(192, 168, 10, 5)
#define IP_ONPREM2  GEN_IP4(192, 168, 20, 7)
#define IP_CGW      GEN_IP4(203, 0, 113, 10)
#define IP_CGW2     GEN_IP4(203, 0, 113, 30)
#define IP_VPN_T1   GEN_IP4(52, 95, 100, 10)
#define IP_VPN_T2   GEN_IP4(52, 95, 100, 74)
#define IP_GWLB     GEN_IP4(10, 1, 200, 50)
#define IP_APPL     GEN_IP4(10, 1, 210, 20)
#define IP_MIRROR   GEN_IP4(10, 1, 250, 10)
#define IP_DX_CUST  GEN_IP4(169, 254, 100, 2)
#define IP_DX_AWS   GEN_IP4(169, 254, 100, 1)

static uint8_t ip6_inst[16], ip6_app2[16], ip6_onprem[16], ip6_ll_inst[16], ip6_ll_gw[16];
static uint8_t ip6_snm_gw[16];

static void
addrs_init(void)
{
	gen_mac("0a:3f:11:22:33:01", mac_inst);
	gen_mac("0a:3f:11:22:33:fe", mac_vpcgw);
	gen_mac("ff:ff:ff:ff:ff:ff", mac_bcast);
	gen_mac("00:1c:73:5e:10:01", mac_dxcust);
	gen_mac("00:25:90:d0:0a:01", mac_dxaws);
	gen_mac("00:05:73:a0:00:01", mac_cgw);
	gen_mac("00:1b:21:3c:4d:5e", mac_isp);
	gen_mac("0a:6b:7c:00:c8:32", mac_gwlb);
	gen_mac("0a:6b:7c:00:d2:14", mac_appl);
	gen_mac("0a:6b:7c:00:fa:0a", mac_mirror_tgt);
	gen_mac("01:80:c2:00:00:00", mac_stp);
	memset(mac_zero, 0, sizeof(mac_zero));
	gen_ip6("2600:1f18:4a3:6e01::10", ip6_inst);
	gen_ip6("2600:1f18:4a3:7f02::20", ip6_app2);
	gen_ip6("2001:db8:c0:10::5", ip6_onprem);
	gen_ip6("fe80::83f:11ff:fe22:3301", ip6_ll_inst);
	gen_ip6("fe80::83f:11ff:fe22:33fe", ip6_ll_gw);
	gen_ip6("ff02::1:ff22:33fe", ip6_snm_gw);
}

/* ---- flows: one conversation, wrapped in whatever link layer or tunnel carries it ---- */

struct flow;
typedef void wrap_fn(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype);

struct flow {
	struct sink *out;
	wrap_fn *wrap;
	void *ctx;
	int copies; /* GWLB: each inner packet goes to the appliance and back */
	bool v6;
	uint32_t c4, s4;
	const uint8_t *c6, *s6;
	uint16_t cport, sport;
	uint32_t seq[2]; /* next sequence number: [0] client, [1] server */
	uint32_t tsv[2];
	uint16_t ipid[2];
	uint8_t ttl[2];
	uint8_t tos; /* IPv4 DSCP/ECN: 0 except the BGP session (CS6, RFC 4594 §3.1) */
};

static struct gen_pkt pkt, pl;

static void
flow_init(struct flow *f, struct sink *out, wrap_fn *wrap, void *ctx, uint32_t c4, uint16_t cport,
	uint32_t s4, uint16_t sport)
{
	memset(f, 0, sizeof(*f));
	f->out = out;
	f->wrap = wrap;
	f->ctx = ctx;
	f->copies = 1;
	f->c4 = c4;
	f->s4 = s4;
	f->cport = cport;
	f->sport = sport;
	f->seq[0] = 0x1c4a0000u ^ (c4 * 2654435761u) ^ cport;
	f->seq[1] = 0x8e310000u ^ (s4 * 2246822519u) ^ sport;
	f->tsv[0] = 3021400000u + cport;
	f->tsv[1] = 1187200000u + sport;
	f->ipid[0] = (uint16_t)(0x3b00 + cport);
	f->ipid[1] = (uint16_t)(0x9c00 + sport);
	f->ttl[0] = 64;
	f->ttl[1] = 62;
}

static void
flow_v6(struct flow *f, const uint8_t *c6, const uint8_t *s6)
{
	f->v6 = true;
	f->c6 = c6;
	f->s6 = s6;
}

static void
ip_open(struct gen_pkt *p, struct flow *f, bool c2s, uint8_t proto)
{
	int d = c2s ? 0 : 1;

	if (f->v6)
		gen_ipv6(p, c2s ? f->c6 : f->s6, c2s ? f->s6 : f->c6, proto, f->ttl[d],
			c2s ? 0x5a1c3u : 0x0e2d1u);
	else
		gen_ipv4x(p, c2s ? f->c4 : f->s4, c2s ? f->s4 : f->c4, proto, f->ttl[d], f->ipid[d],
			f->tos, 0x4000, NULL, 0);
}

static void
tcp_seg(struct flow *f, bool c2s, uint8_t flags, const void *data, size_t len)
{
	int d = c2s ? 0 : 1;
	struct gen_tcp t = { 0 };

	t.sport = c2s ? f->cport : f->sport;
	t.dport = c2s ? f->sport : f->cport;
	t.seq = f->seq[d];
	t.ack = (flags & GEN_TH_ACK) ? f->seq[!d] : 0;
	t.flags = flags;
	t.ts = true;
	t.tsval = f->tsv[d];
	/* the peer's last TSval (RFC 7323 §4.3): it adds 7 after each segment */
	t.tsecr = (flags & GEN_TH_ACK) ? f->tsv[!d] - 7 : 0;
	if (flags & GEN_TH_SYN) {
		/* A 1500-byte path (VPN, hybrid DNS): MSS 1460, or 1440 over IPv6. */
		t.mss = f->v6 ? 1440 : 1460;
		t.wscale = 7;
		t.win = c2s ? 62727 : 62643;
	} else {
		t.win = c2s ? 502 : 489;
	}
	for (int copy = 0; copy < f->copies; copy++) {
		gen_reset(&pkt);
		f->wrap(&pkt, f, c2s, copy, f->v6 ? 0x86dd : 0x0800);
		ip_open(&pkt, f, c2s, 6);
		gen_tcp(&pkt, &t);
		gen_bytes(&pkt, data, len);
		gen_end_all(&pkt);
		emit(f->out, &pkt);
	}
	f->seq[d] +=
		(uint32_t)len + ((flags & GEN_TH_SYN) ? 1 : 0) + ((flags & GEN_TH_FIN) ? 1 : 0);
	f->tsv[d] += 7;
	f->ipid[d]++;
}

static void
udp_dgram(struct flow *f, bool c2s, const void *data, size_t len)
{
	int d = c2s ? 0 : 1;

	for (int copy = 0; copy < f->copies; copy++) {
		gen_reset(&pkt);
		f->wrap(&pkt, f, c2s, copy, f->v6 ? 0x86dd : 0x0800);
		ip_open(&pkt, f, c2s, 17);
		gen_udp(&pkt, c2s ? f->cport : f->sport, c2s ? f->sport : f->cport);
		gen_bytes(&pkt, data, len);
		gen_end_all(&pkt);
		emit(f->out, &pkt);
	}
	f->ipid[d]++;
}

/* An IP datagram of another protocol (ESP) with the flow's addresses. */
static void
ip_dgram(struct flow *f, bool c2s, uint8_t proto, const void *data, size_t len)
{
	gen_reset(&pkt);
	f->wrap(&pkt, f, c2s, 0, f->v6 ? 0x86dd : 0x0800);
	ip_open(&pkt, f, c2s, proto);
	gen_bytes(&pkt, data, len);
	gen_end_all(&pkt);
	emit(f->out, &pkt);
	f->ipid[c2s ? 0 : 1]++;
}

/* ICMP or ICMPv6 echo (RFC 792, RFC 4443 §4): Linux's 56 data bytes, timestamp first. */
static void
ping(struct flow *f, bool c2s, uint16_t id, uint16_t seq)
{
	for (int copy = 0; copy < f->copies; copy++) {
		gen_reset(&pkt);
		f->wrap(&pkt, f, c2s, copy, f->v6 ? 0x86dd : 0x0800);
		ip_open(&pkt, f, c2s, f->v6 ? 58 : 1);
		if (f->v6)
			gen_icmp6(&pkt, c2s ? 128 : 129, 0, (uint32_t)id << 16 | seq);
		else
			gen_icmp(&pkt, c2s ? 8 : 0, 0, (uint32_t)id << 16 | seq);
		gen_u32(&pkt, 1714564800u);
		gen_u32(&pkt, 120000u + seq);
		for (uint8_t i = 0x10; i < 0x38; i++)
			gen_u8(&pkt, i);
		gen_end_all(&pkt);
		emit(f->out, &pkt);
	}
	f->ipid[c2s ? 0 : 1]++;
}

static const char http_req[] = "GET /api/v1/health HTTP/1.1\r\n"
			       "Host: app.corp.example.com\r\n"
			       "User-Agent: curl/8.5.0\r\n"
			       "Accept: */*\r\n\r\n";

static const char http_resp[] = "HTTP/1.1 200 OK\r\n"
				"Content-Type: application/json\r\n"
				"Content-Length: 27\r\n"
				"Connection: keep-alive\r\n\r\n"
				"{\"status\":\"ok\",\"az\":\"use1\"}";

/* Handshake, one request and answer, and the close RFC 9293 §3.6 describes. */
static void
tcp_session(struct flow *f, const char *req, const char *resp)
{
	tcp_seg(f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(f, true, GEN_TH_ACK, NULL, 0);
	tcp_seg(f, true, GEN_TH_PSH | GEN_TH_ACK, req, strlen(req));
	tcp_seg(f, false, GEN_TH_ACK, NULL, 0);
	tcp_seg(f, false, GEN_TH_PSH | GEN_TH_ACK, resp, strlen(resp));
	tcp_seg(f, true, GEN_TH_ACK, NULL, 0);
	tcp_seg(f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(f, true, GEN_TH_ACK, NULL, 0);
}

/* ---- DNS messages (RFC 1035 §4.1), bytes only: the decoder is written elsewhere ---- */

static void
dns_name(struct gen_pkt *p, const char *name)
{
	while (*name) {
		size_t n = strcspn(name, ".");

		gen_u8(p, (uint8_t)n);
		gen_bytes(p, name, n);
		name += n;
		if (*name == '.')
			name++;
	}
	gen_u8(p, 0);
}

/* A query (RD) or its answer (one record by a pointer to the question name). */
static void
dns_msg(struct gen_pkt *p, uint16_t id, bool resp, const char *name, uint16_t type,
	const uint8_t *addr, size_t alen)
{
	gen_reset(p);
	gen_u16(p, id);
	gen_u16(p, resp ? 0x8180 : 0x0100);
	gen_u16(p, 1);
	gen_u16(p, resp ? 1 : 0);
	gen_u16(p, 0);
	gen_u16(p, 0);
	dns_name(p, name);
	gen_u16(p, type);
	gen_u16(p, 1);
	if (resp) {
		gen_u16(p, 0xc00c);
		gen_u16(p, type);
		gen_u16(p, 1);
		gen_u32(p, 60);
		gen_u16(p, (uint16_t)alen);
		gen_bytes(p, addr, alen);
	}
}

static void
dns_exchange(struct flow *f, uint16_t id, const char *name, uint32_t a)
{
	uint8_t addr[4] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a };

	dns_msg(&pl, id, false, name, 1, NULL, 0);
	udp_dgram(f, true, pl.b, pl.len);
	dns_msg(&pl, id, true, name, 1, addr, 4);
	udp_dgram(f, false, pl.b, pl.len);
}

/* ---- link-layer wraps ---- */

struct eth_ctx {
	const uint8_t *cmac, *smac;
	int tags; /* 0, 1 (802.1Q), 2 (802.1ad S-tag + 802.1Q C-tag) */
	uint16_t svid, cvid;
	uint8_t pcp;
};

static void
wrap_eth(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	const struct eth_ctx *e = f->ctx;

	(void)copy;
	if (e->tags == 0) {
		gen_eth(p, c2s ? e->smac : e->cmac, c2s ? e->cmac : e->smac, etype);
	} else if (e->tags == 1) {
		gen_eth(p, c2s ? e->smac : e->cmac, c2s ? e->cmac : e->smac, 0x8100);
		gen_vlan(p, e->pcp, false, e->cvid, etype);
	} else {
		/* IEEE 802.1ad: the provider's S-tag outside, the customer's C-tag inside. */
		gen_eth(p, c2s ? e->smac : e->cmac, c2s ? e->cmac : e->smac, 0x88a8);
		gen_vlan(p, e->pcp, false, e->svid, 0x8100);
		gen_vlan(p, e->pcp, false, e->cvid, etype);
	}
}

/* Linux cooked captures on the instance: outgoing (4) or addressed to us (0). */
static void
wrap_sll(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	(void)f;
	(void)copy;
	gen_sll(p, c2s ? 4 : 0, c2s ? mac_inst : mac_vpcgw, etype);
}

static void
wrap_sll2(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	(void)f;
	(void)copy;
	gen_sll2(p, etype, 2, c2s ? 4 : 0, c2s ? mac_inst : mac_vpcgw);
}

/* BSD loopback/null: AF_INET is 2 everywhere; AF_INET6 is 24 on OpenBSD and NetBSD. */
static void
wrap_null(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	(void)f;
	(void)c2s;
	(void)copy;
	gen_null(p, etype == 0x86dd ? 24 : 2);
}

static void
wrap_raw(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	(void)p;
	(void)f;
	(void)c2s;
	(void)copy;
	(void)etype;
}

/*
 * Direct Connect MACsec, integrity only (E=0, C=0): the SecTAG with an explicit SCI
 * (the sender's MAC and port 1), then the C-tag and payload in clear, then the ICV.
 * Each side numbers its frames from its own PN.
 */
struct macsec_ctx {
	uint8_t sci[2][8];
	uint32_t pn[2];
	uint8_t an;
	uint16_t vid;
};

static void
wrap_macsec(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	struct macsec_ctx *m = f->ctx;
	int d = c2s ? 0 : 1;

	(void)copy;
	gen_eth(p, c2s ? mac_dxaws : mac_dxcust, c2s ? mac_dxcust : mac_dxaws, 0x88e5);
	gen_macsec(p, (uint8_t)(0x20 | m->an), m->pn[d]++, m->sci[d]);
	if (m->vid) {
		gen_u16(p, 0x8100);
		gen_vlan(p, 5, false, m->vid, etype);
	} else {
		gen_u16(p, etype);
	}
}

/*
 * GWLB to appliance (copy 0) and back (copy 1): outer IPv4 and UDP to 6081, GENEVE
 * with the AWS options and protocol 0x0800, and the inner IP packet with no Ethernet
 * header. The appliance returns the options unchanged, the flow cookie included.
 */
struct gwlb_ctx {
	uint64_t endpoint, attachment;
	uint32_t cookie;
	uint16_t sport;
	uint16_t ipid;
};

static void
wrap_gwlb(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	struct gwlb_ctx *g = f->ctx;
	uint8_t opts[64];
	size_t n = gen_gwlb_opts(opts, g->endpoint, g->attachment, g->cookie);
	bool to_appl = copy == 0;

	(void)c2s;
	gen_eth(p, to_appl ? mac_appl : mac_gwlb, to_appl ? mac_gwlb : mac_appl, 0x0800);
	gen_ipv4(p, to_appl ? IP_GWLB : IP_APPL, to_appl ? IP_APPL : IP_GWLB, 17,
		to_appl ? 255 : 64, g->ipid++);
	gen_udp(p, g->sport, 6081);
	gen_geneve(p, etype, 0, opts, n);
}

/*
 * VPC Traffic Mirroring: the source ENI sends each mirrored frame, Ethernet header
 * included, in VXLAN (UDP 4789) to the mirror target, with the session's VNI.
 */
struct mirror_ctx {
	uint32_t vni;
	uint16_t ipid;
	const uint8_t *cmac, *smac;
};

static void
wrap_vxlan(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	struct mirror_ctx *m = f->ctx;

	(void)copy;
	gen_eth(p, mac_mirror_tgt, mac_inst, 0x0800);
	gen_ipv4(p, IP_INST, IP_MIRROR, 17, 64, m->ipid++);
	gen_udp(p, (uint16_t)(49152 + (m->vni + (c2s ? 17 : 91)) % 16384), 4789);
	gen_vxlan(p, m->vni);
	gen_eth(p, c2s ? m->smac : m->cmac, c2s ? m->cmac : m->smac, etype);
}

/* ---- IKE (RFC 7296 §3) and ISAKMP (RFC 2408 §3) ---- */

#define IKE_SPI_I UINT64_C(0x5f3a9c21d4e87b06)
#define IKE_SPI_R UINT64_C(0xa7c40e9b31f25d88)

static void
ike_hdr(struct gen_pkt *p, uint64_t ispi, uint64_t rspi, uint8_t np, uint8_t ver, uint8_t exch,
	uint8_t flags, uint32_t msgid)
{
	gen_push(p, GEN_K_IKE);
	gen_u64(p, ispi);
	gen_u64(p, rspi);
	gen_u8(p, np);
	gen_u8(p, ver);
	gen_u8(p, exch);
	gen_u8(p, flags);
	gen_u32(p, msgid);
	gen_u32(p, 0);
}

/* The generic payload header (RFC 7296 §3.2); the length is set by gen_end(). */
static void
ike_pl(struct gen_pkt *p, uint8_t np)
{
	gen_push(p, GEN_K_LEN16);
	gen_u8(p, np);
	gen_u8(p, 0);
	gen_u16(p, 0);
}

/* RFC 7296 §3.3.2: last-substruc 0 or 3, type, id, and a Key Length attribute (TV). */
static void
ike_transform(struct gen_pkt *p, bool last, uint8_t type, uint16_t id, uint16_t keylen)
{
	ike_pl(p, last ? 0 : 3);
	gen_u8(p, type);
	gen_u8(p, 0);
	gen_u16(p, id);
	if (keylen) {
		gen_u16(p, 0x800e);
		gen_u16(p, keylen);
	}
	gen_end(p);
}

/*
 * IKE_SA_INIT (RFC 7296 §1.2): SA with one IKE proposal of AES-CBC-256, PRF
 * HMAC-SHA2-256, AUTH_HMAC_SHA2_256_128 and DH group 19 (AWS VPN's defaults), KE with a
 * 64-byte P-256 share (RFC 5903 §7), a 32-byte nonce, and the NAT detection notifies of
 * RFC 7296 §2.23 (SHA-1 digests, 20 bytes).
 */
static void
ike_sa_init(struct gen_pkt *p, bool response)
{
	uint32_t seed = response ? 0x51a7e2u : 0x1417e2u;

	gen_reset(p);
	ike_hdr(p, IKE_SPI_I, response ? IKE_SPI_R : 0, 33, 0x20, 34, response ? 0x20 : 0x08, 0);
	ike_pl(p, 34);
	ike_pl(p, 0); /* the proposal: last */
	gen_u8(p, 1);
	gen_u8(p, 1);
	gen_u8(p, 0);
	gen_u8(p, 4);
	ike_transform(p, false, 1, 12, 256);
	ike_transform(p, false, 2, 5, 0);
	ike_transform(p, false, 3, 12, 0);
	ike_transform(p, true, 4, 19, 0);
	gen_end(p);
	gen_end(p);
	ike_pl(p, 40);
	gen_u16(p, 19);
	gen_u16(p, 0);
	gen_fill(p, 64, seed);
	gen_end(p);
	ike_pl(p, 41);
	gen_fill(p, 32, seed + 1);
	gen_end(p);
	ike_pl(p, 41);
	gen_u8(p, 0);
	gen_u8(p, 0);
	gen_u16(p, 16388);
	gen_fill(p, 20, seed + 2);
	gen_end(p);
	ike_pl(p, 0);
	gen_u8(p, 0);
	gen_u8(p, 0);
	gen_u16(p, 16389);
	gen_fill(p, 20, seed + 3);
	gen_end(p);
	gen_end(p);
}

/*
 * A message whose payloads are all inside SK (RFC 7296 §3.14): IV, ciphertext and ICV
 * are opaque without keys; the SK header still names the first inner payload.
 * On UDP 4500 the message follows the 4-byte zero non-ESP marker (RFC 3948 §2.2).
 */
static void
ike_sk(struct gen_pkt *p, bool marker, uint8_t exch, bool response, uint32_t msgid,
	uint8_t inner_np, size_t blocks)
{
	gen_reset(p);
	if (marker)
		gen_u32(p, 0);
	ike_hdr(p, IKE_SPI_I, IKE_SPI_R, 46, 0x20, exch, response ? 0x20 : 0x08, msgid);
	ike_pl(p, inner_np);
	gen_fill(p, 16 + blocks * 16 + 16, 0x5c000000u + msgid * 2 + (response ? 1 : 0));
	gen_end(p);
	gen_end(p);
}

/* RFC 7296 §3.13.1: TS_IPV4_ADDR_RANGE (7), any protocol, all ports. */
static void
ike_ts(struct gen_pkt *p, uint8_t np, uint32_t lo, uint32_t hi)
{
	ike_pl(p, np);
	gen_u8(p, 1);
	gen_u8(p, 0);
	gen_u16(p, 0);
	gen_push(p, GEN_K_LEN16);
	gen_u8(p, 7);
	gen_u8(p, 0);
	gen_u16(p, 0);
	gen_u16(p, 0);
	gen_u16(p, 65535);
	gen_u32(p, lo);
	gen_u32(p, hi);
	gen_end(p);
	gen_end(p);
}

/*
 * Decoder coverage rather than a real exchange: an INFORMATIONAL in clear with a
 * Delete (RFC 7296 §3.11) of one ESP SPI, then TSi/TSr for the VPN's networks.
 */
static void
ike_delete_ts(struct gen_pkt *p)
{
	gen_reset(p);
	ike_hdr(p, IKE_SPI_I, IKE_SPI_R, 42, 0x20, 37, 0x08, 3);
	ike_pl(p, 44);
	gen_u8(p, 3);
	gen_u8(p, 4);
	gen_u16(p, 1);
	gen_u32(p, 0xc1a2b3d4u);
	gen_end(p);
	ike_ts(p, 45, GEN_IP4(192, 168, 0, 0), GEN_IP4(192, 168, 255, 255));
	ike_ts(p, 0, GEN_IP4(10, 1, 0, 0), GEN_IP4(10, 1, 255, 255));
	gen_end(p);
}

/*
 * IKEv1 Main Mode, first message (RFC 2409 §5, RFC 2408 §3.4-3.6): SA with DOI IPsec,
 * SIT_IDENTITY_ONLY, one ISAKMP proposal with one KEY_IKE transform: AES-128, SHA-1,
 * pre-shared key, MODP group 2, 28800 s (AWS's IKEv1 defaults).
 */
static void
ikev1_main_mode(struct gen_pkt *p)
{
	static const uint16_t attrs[][2] = {
		{ 0x8001, 7 },
		{ 0x800e, 128 },
		{ 0x8002, 2 },
		{ 0x8003, 1 },
		{ 0x8004, 2 },
		{ 0x800b, 1 },
		{ 0x800c, 28800 },
	};

	gen_reset(p);
	ike_hdr(p, UINT64_C(0x2e61f0c3975a18b4), 0, 1, 0x10, 2, 0, 0);
	ike_pl(p, 0);
	gen_u32(p, 1);
	gen_u32(p, 1);
	ike_pl(p, 0);
	gen_u8(p, 1);
	gen_u8(p, 1);
	gen_u8(p, 0);
	gen_u8(p, 1);
	ike_pl(p, 0);
	gen_u8(p, 1);
	gen_u8(p, 1);
	gen_u16(p, 0);
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		gen_u16(p, attrs[i][0]);
		gen_u16(p, attrs[i][1]);
	}
	gen_end(p);
	gen_end(p);
	gen_end(p);
	gen_end(p);
}

/* ESP (RFC 4303 §2): SPI, sequence, then IV, ciphertext and ICV, opaque. */
static void
esp_body(struct gen_pkt *p, uint32_t spi, uint32_t seq, size_t blocks)
{
	gen_reset(p);
	gen_u32(p, spi);
	gen_u32(p, seq);
	gen_fill(p, 16 + blocks * 16 + 16, spi ^ (seq * 0x9e3779b9u));
}

/* ---- file writers over a sink ---- */

static char outdir[1024];

static const char *
out_path(const char *name)
{
	static char path[1200];

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	return path;
}

static void
write_pcap(const char *name, const struct sink *s, uint32_t linktype, enum gen_fmt fmt, bool be)
{
	struct gen_file *f = gen_file_open(out_path(name), fmt, false, be, 0);

	gen_pcap_header(f, linktype, 262144);
	for (size_t i = 0; i < s->n; i++)
		gen_pcap_record(f, s->r[i].ts, s->r[i].data, s->r[i].caplen, s->r[i].len);
	gen_file_close(f);
}

/* A one-interface pcapng, Ethernet, microsecond resolution: the pcap's twin. */
static void
write_ng_eth(const char *name, const struct sink *s, bool gz)
{
	struct gen_file *f = gen_file_open(out_path(name), GEN_PCAPNG, gz, false, 0);

	gen_ng_shb(f);
	gen_ng_idb(f, GEN_LT_EN10MB, 262144, 6, "eth0");
	for (size_t i = 0; i < s->n; i++)
		gen_ng_epb(f, 0, s->r[i].ts, s->r[i].data, s->r[i].caplen, s->r[i].len,
			s->r[i].comment);
	gen_file_close(f);
}

/* ---- the samples ---- */

/* IPv4 fragments (RFC 791 §3.2): copy the header, set MF and offset, recompute. */
static void
emit_fragment(
	struct sink *s, const struct gen_pkt *whole, size_t l2, size_t from, size_t n, bool more)
{
	size_t ihl = (size_t)(whole->b[l2] & 0x0f) * 4;

	gen_reset(&pkt);
	gen_bytes(&pkt, whole->b, l2);
	gen_push(&pkt, GEN_K_IPV4);
	gen_bytes(&pkt, whole->b + l2, ihl);
	gen_set16(&pkt, l2 + 6, (uint16_t)((more ? 0x2000 : 0) | from / 8));
	gen_bytes(&pkt, whole->b + l2 + ihl + from, n);
	gen_end_all(&pkt);
	emit(s, &pkt);
}

static void
core_packets(struct sink *s)
{
	struct eth_ctx vpc = { .cmac = mac_inst, .smac = mac_vpcgw };
	struct flow f;
	static struct gen_pkt whole;

	/* ARP for the subnet router (10.1.1.1), answered; the reply is padded to 60. */
	gen_reset(&pkt);
	gen_eth(&pkt, mac_bcast, mac_inst, 0x0806);
	gen_arp(&pkt, 1, mac_inst, IP_INST, mac_zero, IP_VPCGW);
	emit(s, &pkt);
	gen_reset(&pkt);
	gen_eth(&pkt, mac_inst, mac_vpcgw, 0x0806);
	gen_arp(&pkt, 2, mac_vpcgw, IP_VPCGW, mac_inst, IP_INST);
	gen_pad(&pkt, 60);
	emit(s, &pkt);

	/* HTTP from VPC A to VPC B through the transit gateway. */
	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 51000, IP_APP2, 80);
	tcp_session(&f, http_req, http_resp);

	/* A lookup at the Route 53 Resolver (VPC base + 2). */
	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 53001, IP_RESOLVER, 53);
	f.ttl[1] = 64;
	dns_exchange(&f, 0x4d2a, "db.corp.example.com", IP_ONPREM);

	/* Ping on-premises over the VPN. */
	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 0, IP_ONPREM, 0);
	ping(&f, true, 0x1f2e, 1);
	ping(&f, false, 0x1f2e, 1);

	/* Port unreachable (RFC 792, RFC 1812 §4.3.2.3) quoting a traceroute probe. */
	gen_reset(&pkt);
	gen_eth(&pkt, mac_inst, mac_vpcgw, 0x0800);
	gen_ipv4x(&pkt, IP_APP2, IP_INST, 1, 63, 0x7f01, 0xc0, 0, NULL, 0);
	gen_icmp(&pkt, 3, 3, 0);
	gen_ipv4x(&pkt, IP_INST, IP_APP2, 17, 1, 0x2a11, 0, 0, NULL, 0);
	gen_udp(&pkt, 40000, 33434);
	gen_text(&pkt, "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_");
	gen_end_all(&pkt);
	emit(s, &pkt);

	/* IGMPv2 report (RFC 2236 §2) with a Router Alert option (RFC 2113), TTL 1. */
	{
		static const uint8_t ra[4] = { 0x94, 0x04, 0x00, 0x00 };

		gen_reset(&pkt);
		gen_eth(&pkt, (const uint8_t[6]){ 0x01, 0x00, 0x5e, 0x01, 0x01, 0x01 }, mac_inst,
			0x0800);
		gen_ipv4x(&pkt, IP_INST, GEN_IP4(239, 1, 1, 1), 2, 1, 0, 0xc0, 0x4000, ra,
			sizeof(ra));
		gen_icmp(&pkt, 0x16, 0, GEN_IP4(239, 1, 1, 1));
		gen_end_all(&pkt);
		gen_pad(&pkt, 60);
		emit(s, &pkt);
	}

	/* A 2008-byte UDP datagram in two fragments for a 1500-byte MTU (VPN path). */
	gen_reset(&whole);
	gen_eth(&whole, mac_vpcgw, mac_inst, 0x0800);
	gen_ipv4x(&whole, IP_INST, IP_ONPREM, 17, 64, 0x51c7, 0, 0, NULL, 0);
	gen_udp(&whole, 40001, 9000);
	gen_fill(&whole, 2000, 0xf7a9u);
	gen_end_all(&whole);
	emit_fragment(s, &whole, 14, 0, 1480, true);
	emit_fragment(s, &whole, 14, 1480, 2008 - 1480, false);

	/* IPv6 between the VPCs' IPv6 blocks. */
	flow_init(&f, s, wrap_eth, &vpc, 0, 52200, 0, 8080);
	flow_v6(&f, ip6_inst, ip6_app2);
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/*
	 * Hop-by-Hop (Router Alert), Destination Options, then a Fragment header with
	 * offset 0 and M clear (an atomic fragment, RFC 6946), then UDP.
	 */
	gen_reset(&pkt);
	gen_eth(&pkt, mac_vpcgw, mac_inst, 0x86dd);
	gen_ipv6(&pkt, ip6_inst, ip6_onprem, 0, 64, 0x2b3c4u);
	gen_ip6_opts(&pkt, 60, true);
	gen_ip6_opts(&pkt, 44, false);
	gen_ip6_frag(&pkt, 17, 0, false, 0x0badf00du);
	gen_udp(&pkt, 40002, 9001);
	gen_fill(&pkt, 64, 0xe6e6u);
	gen_end_all(&pkt);
	emit(s, &pkt);

	/* A Segment Routing Header (routing type 4) before UDP. */
	gen_reset(&pkt);
	gen_eth(&pkt, mac_vpcgw, mac_inst, 0x86dd);
	gen_ipv6(&pkt, ip6_inst, ip6_app2, 43, 64, 0x2b3c5u);
	gen_ip6_srh(&pkt, 17, ip6_app2);
	gen_udp(&pkt, 40003, 9002);
	gen_fill(&pkt, 48, 0x5125u);
	gen_end_all(&pkt);
	emit(s, &pkt);

	/* ICMPv6 echo, then neighbor solicitation for the router (RFC 4861 §4.3). */
	flow_init(&f, s, wrap_eth, &vpc, 0, 0, 0, 0);
	flow_v6(&f, ip6_inst, ip6_app2);
	ping(&f, true, 0x2c01, 1);
	ping(&f, false, 0x2c01, 1);
	gen_reset(&pkt);
	gen_eth(&pkt, (const uint8_t[6]){ 0x33, 0x33, 0xff, 0x22, 0x33, 0xfe }, mac_inst, 0x86dd);
	gen_ipv6(&pkt, ip6_ll_inst, ip6_snm_gw, 58, 255, 0);
	gen_icmp6(&pkt, 135, 0, 0);
	gen_bytes(&pkt, ip6_ll_gw, 16);
	gen_u8(&pkt, 1);
	gen_u8(&pkt, 1);
	gen_bytes(&pkt, mac_inst, 6);
	gen_end_all(&pkt);
	emit(s, &pkt);

	/* 802.3/LLC: an STP configuration BPDU (IEEE 802.1D §9.3.1) from the on-prem switch. */
	gen_reset(&pkt);
	gen_llc(&pkt, mac_stp, mac_dxcust, 0x42, 0x42, 0x03);
	gen_u16(&pkt, 0);
	gen_u8(&pkt, 0);
	gen_u8(&pkt, 0);
	gen_u8(&pkt, 0);
	gen_u16(&pkt, 0x8000);
	gen_bytes(&pkt, mac_dxcust, 6);
	gen_u32(&pkt, 0);
	gen_u16(&pkt, 0x8000);
	gen_bytes(&pkt, mac_dxcust, 6);
	gen_u16(&pkt, 0x8001);
	gen_u16(&pkt, 0);
	gen_u16(&pkt, 20 * 256);
	gen_u16(&pkt, 2 * 256);
	gen_u16(&pkt, 15 * 256);
	gen_end_all(&pkt);
	gen_pad(&pkt, 60);
	emit(s, &pkt);

	/* LLC/SNAP (RFC 1042) carrying an IPv4 UDP datagram. */
	gen_reset(&pkt);
	gen_llc(&pkt, mac_vpcgw, mac_dxcust, 0xaa, 0xaa, 0x03);
	gen_snap(&pkt, 0, 0x0800);
	gen_ipv4(&pkt, IP_ONPREM2, IP_INST, 17, 61, 0x0101);
	gen_udp(&pkt, 41001, 41002);
	gen_text(&pkt, "snap-encapsulated");
	gen_end_all(&pkt);
	emit(s, &pkt);

	/* A full-size datagram captured with a 96-byte snaplen: caplen < len. */
	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 41003, IP_APP2, 41004);
	gen_reset(&pkt);
	wrap_eth(&pkt, &f, true, 0, 0x0800);
	ip_open(&pkt, &f, true, 17);
	gen_udp(&pkt, 41003, 41004);
	gen_fill(&pkt, 1472, 0x96u);
	gen_end_all(&pkt);
	emit_snap(s, &pkt, 96);
}

/* The first three records whole, then the 4th's header and half its data. */
static void
write_truncated(const struct sink *s)
{
	struct gen_file *f =
		gen_file_open(out_path("truncated.pcap"), GEN_PCAP_US, false, false, 0);
	const struct rec *r = &s->r[3];
	uint8_t h[16];
	uint64_t sec = r->ts / 1000000000u, usec = r->ts % 1000000000u / 1000u;

	gen_pcap_header(f, GEN_LT_EN10MB, 262144);
	for (size_t i = 0; i < 3; i++)
		gen_pcap_record(f, s->r[i].ts, s->r[i].data, s->r[i].caplen, s->r[i].len);
	for (int i = 0; i < 4; i++) {
		h[i] = (uint8_t)(sec >> (8 * i));
		h[4 + i] = (uint8_t)(usec >> (8 * i));
		h[8 + i] = (uint8_t)(r->caplen >> (8 * i));
		h[12 + i] = (uint8_t)(r->len >> (8 * i));
	}
	gen_file_raw(f, h, sizeof(h));
	gen_file_raw(f, r->data, r->caplen / 2);
	gen_file_close(f);
}

static void
sample_core(void)
{
	struct sink s;

	sink_init(&s, 0, 180);
	core_packets(&s);
	write_pcap("core.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	write_ng_eth("core.pcapng.gz", &s, true);
	write_truncated(&s);
	sink_free(&s);
}

/*
 * Direct Connect: a private VIF on 802.1Q VLAN 201 (PCP 5), and the same VIF on a
 * hosted connection behind a partner's 802.1ad S-tag 100. Then a raw-IPv4 interface
 * with nanosecond timestamps, a Simple Packet Block and a Custom Block.
 */
static void
vlan_packets(struct sink *s)
{
	struct eth_ctx dot1q = {
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201, .pcp = 5
	};
	struct eth_ctx qinq = {
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 2, .svid = 100, .cvid = 201, .pcp = 5
	};
	struct flow f;

	flow_init(&f, s, wrap_eth, &dot1q, IP_ONPREM, 50500, IP_INST, 80);
	f.ttl[0] = 63;
	f.ttl[1] = 63;
	tcp_session(&f, http_req, http_resp);
	flow_init(&f, s, wrap_eth, &dot1q, IP_ONPREM, 40000, IP_APP2, 41000);
	udp_dgram(&f, true, "dx-probe-0001", 13);
	udp_dgram(&f, false, "dx-probe-0001-ack", 17);

	flow_init(&f, s, wrap_eth, &qinq, IP_ONPREM2, 50501, IP_APP2, 80);
	tcp_session(&f, http_req, http_resp);
	flow_init(&f, s, wrap_eth, &qinq, IP_ONPREM2, 40010, IP_INST, 41010);
	udp_dgram(&f, true, "qinq-probe-0001", 15);
	udp_dgram(&f, false, "qinq-probe-0001-ack", 19);
}

static void
sample_vlan(void)
{
	struct gen_file *f =
		gen_file_open(out_path("vlan-qinq.pcapng"), GEN_PCAPNG, false, false, 0);
	struct eth_ctx dot1q = {
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201, .pcp = 5
	};
	static const uint8_t custom[] = "awstrace: a custom block readers must skip";
	struct sink s;
	struct flow fl;
	struct rec *r;

	sink_init(&s, 60000, 250);
	vlan_packets(&s);

	/* The tunnel interface: raw IPv4 (LINKTYPE_IPV4), pings with ns timestamps. */
	s.ifid = 1;
	flow_init(&fl, &s, wrap_raw, NULL, IP_INST, 0, IP_ONPREM, 0);
	ping(&fl, true, 0x3e01, 1);
	r = &s.r[s.n - 1];
	r->comment = "raw IPv4 on tun0, nanosecond timestamps";
	ping(&fl, false, 0x3e01, 1);
	ping(&fl, true, 0x3e01, 2);
	ping(&fl, false, 0x3e01, 2);

	/* One more tagged frame, stored as an SPB (interface 0, no timestamp). */
	s.ifid = 0;
	flow_init(&fl, &s, wrap_eth, &dot1q, IP_ONPREM, 40020, IP_APP2, 41020);
	udp_dgram(&fl, true, "simple-packet-block", 19);
	s.r[s.n - 1].spb = true;

	gen_ng_shb(f);
	gen_ng_idb(f, GEN_LT_EN10MB, 262144, 6, "dxcon-fg5678ab.201");
	gen_ng_idb(f, GEN_LT_IPV4, 262144, 9, "tun0");
	for (size_t i = 0; i < s.n; i++) {
		if (i == 5)
			gen_ng_custom(f, 32473, custom, sizeof(custom) - 1);
		if (s.r[i].spb)
			gen_ng_spb(f, s.r[i].data, s.r[i].caplen, s.r[i].len);
		else
			gen_ng_epb(f, s.r[i].ifid, s.r[i].ts, s.r[i].data, s.r[i].caplen,
				s.r[i].len, s.r[i].comment);
	}
	gen_file_close(f);
	sink_free(&s);
}

/* What an instance sees on its own interface: DNS, HTTP to VPC B, pings v4 and v6. */
static void
host_packets(struct sink *s, wrap_fn *wrap, bool v4, bool v6)
{
	struct flow f;

	if (v4) {
		flow_init(&f, s, wrap, NULL, IP_INST, 53101, IP_RESOLVER, 53);
		dns_exchange(&f, 0x7a01, "app.corp.example.com", IP_APP2);
		flow_init(&f, s, wrap, NULL, IP_INST, 51100, IP_APP2, 80);
		tcp_session(&f, http_req, http_resp);
		flow_init(&f, s, wrap, NULL, IP_INST, 0, IP_ONPREM, 0);
		ping(&f, true, 0x4b01, 1);
		ping(&f, false, 0x4b01, 1);
	}
	if (v6) {
		flow_init(&f, s, wrap, NULL, 0, 52300, 0, 80);
		flow_v6(&f, ip6_inst, ip6_app2);
		tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
		tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
		tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
		flow_init(&f, s, wrap, NULL, 0, 0, 0, 0);
		flow_v6(&f, ip6_inst, ip6_onprem);
		ping(&f, true, 0x4b02, 1);
		ping(&f, false, 0x4b02, 1);
	}
}

static void
sample_linktypes(void)
{
	struct sink s;

	sink_init(&s, 120000, 300);
	gen_reset(&pkt);
	gen_sll(&pkt, 4, mac_inst, 0x0806);
	gen_arp(&pkt, 1, mac_inst, IP_INST, mac_zero, IP_VPCGW);
	emit(&s, &pkt);
	gen_reset(&pkt);
	gen_sll(&pkt, 0, mac_vpcgw, 0x0806);
	gen_arp(&pkt, 2, mac_vpcgw, IP_VPCGW, mac_inst, IP_INST);
	emit(&s, &pkt);
	host_packets(&s, wrap_sll, true, true);
	write_pcap("sll.pcap", &s, GEN_LT_SLL, GEN_PCAP_US, false);
	sink_free(&s);

	sink_init(&s, 130000, 300);
	host_packets(&s, wrap_sll2, true, true);
	write_pcap("sll2.pcap", &s, GEN_LT_SLL2, GEN_PCAP_US, false);
	sink_free(&s);

	sink_init(&s, 140000, 300);
	host_packets(&s, wrap_null, true, true);
	write_pcap("null.pcap", &s, GEN_LT_NULL, GEN_PCAP_US, false);
	sink_free(&s);

	sink_init(&s, 150000, 300);
	host_packets(&s, wrap_raw, true, true);
	write_pcap("raw.pcap", &s, GEN_LT_RAW, GEN_PCAP_US, false);
	sink_free(&s);

	sink_init(&s, 160000, 300);
	host_packets(&s, wrap_raw, false, true);
	write_pcap("raw6.pcap", &s, GEN_LT_IPV6, GEN_PCAP_US, false);
	sink_free(&s);

	{
		struct eth_ctx vpc = { .cmac = mac_inst, .smac = mac_vpcgw };
		struct flow f;

		sink_init(&s, 170000, 41);
		flow_init(&f, &s, wrap_eth, &vpc, IP_INST, 53201, IP_RESOLVER, 53);
		dns_exchange(&f, 0x7a02, "db.corp.example.com", IP_ONPREM);
		flow_init(&f, &s, wrap_eth, &vpc, IP_INST, 51200, IP_APP2, 80);
		tcp_session(&f, http_req, http_resp);
		write_pcap("nano-be.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_NS, true);
		sink_free(&s);
	}
}

/*
 * MACsec on a Direct Connect dedicated connection: BGP's TCP handshake on VLAN 201
 * integrity-only, an end-station ARP with no SCI (ES=1, short SL), then encrypted
 * (E=1, C=1) frames on the next association number.
 */
static void
macsec_packets(struct sink *s)
{
	struct macsec_ctx m = { .pn = { 1021, 877 }, .an = 0, .vid = 201 };
	struct flow f;

	memcpy(m.sci[0], mac_dxcust, 6);
	m.sci[0][7] = 1;
	memcpy(m.sci[1], mac_dxaws, 6);
	m.sci[1][7] = 1;
	flow_init(&f, s, wrap_macsec, &m, IP_DX_CUST, 50179, IP_DX_AWS, 179);
	f.ttl[0] = 1;
	f.ttl[1] = 1;
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* ES=1, SC=0: the SCI is the source MAC and port 1; SL 30 (< 48). */
	gen_reset(&pkt);
	gen_eth(&pkt, mac_bcast, mac_dxcust, 0x88e5);
	gen_macsec(&pkt, 0x40, 1, NULL);
	gen_u16(&pkt, 0x0806);
	gen_arp(&pkt, 1, mac_dxcust, IP_DX_CUST, mac_zero, IP_DX_AWS);
	gen_end_all(&pkt);
	emit(s, &pkt);

	for (uint32_t i = 0; i < 6; i++) {
		bool c2s = (i & 1) == 0;
		size_t n = (i == 4) ? 40 : 64 + 160 * i;

		gen_reset(&pkt);
		gen_eth(&pkt, c2s ? mac_dxaws : mac_dxcust, c2s ? mac_dxcust : mac_dxaws, 0x88e5);
		gen_macsec(&pkt, 0x20 | 0x08 | 0x04 | 1, 1 + i / 2, m.sci[c2s ? 0 : 1]);
		gen_fill(&pkt, n, 0xe0000000u + i);
		gen_end_all(&pkt);
		emit(s, &pkt);
	}
}

static void
sample_macsec(void)
{
	struct sink s;

	sink_init(&s, 180000, 500);
	macsec_packets(&s);
	write_pcap("macsec.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/*
 * Site-to-Site VPN: tunnel 1 negotiates IKEv2 on 500 and moves to 4500 (RFC 7296
 * §2.23), carries ESP in UDP (RFC 3948) with keepalives and a DPD; tunnel 2 carries
 * plain ESP; a second customer gateway starts IKEv1 Main Mode.
 */
static void
ipsec_packets(struct sink *s)
{
	struct eth_ctx wan = { .cmac = mac_cgw, .smac = mac_isp };
	struct flow ike, natt, t2, v1;
	static const uint8_t ka = 0xff;

	flow_init(&ike, s, wrap_eth, &wan, IP_CGW, 500, IP_VPN_T1, 500);
	ike_sa_init(&pl, false);
	udp_dgram(&ike, true, pl.b, pl.len);
	ike_sa_init(&pl, true);
	udp_dgram(&ike, false, pl.b, pl.len);

	flow_init(&natt, s, wrap_eth, &wan, IP_CGW, 4500, IP_VPN_T1, 4500);
	ike_sk(&pl, true, 35, false, 1, 35, 20);
	udp_dgram(&natt, true, pl.b, pl.len);
	ike_sk(&pl, true, 35, true, 1, 36, 16);
	udp_dgram(&natt, false, pl.b, pl.len);

	for (uint32_t i = 1; i <= 6; i++) {
		bool c2s = i & 1;

		esp_body(&pl, c2s ? 0xc1a2b3d4u : 0x7e5d4c3bu, (i + 1) / 2, 2 + i * 5);
		udp_dgram(&natt, c2s, pl.b, pl.len);
	}
	/*
	 * The tunnel idles: NAT-T keepalives (RFC 3948 §2.3, one 0xFF byte), then a
	 * liveness check, an INFORMATIONAL with an empty SK (RFC 7296 §2.4).
	 */
	sink_pause(s, 10000);
	udp_dgram(&natt, true, &ka, 1);
	udp_dgram(&natt, false, &ka, 1);
	sink_pause(s, 10000);
	ike_sk(&pl, true, 37, false, 2, 0, 0);
	udp_dgram(&natt, true, pl.b, pl.len);
	ike_sk(&pl, true, 37, true, 2, 0, 0);
	udp_dgram(&natt, false, pl.b, pl.len);

	flow_init(&t2, s, wrap_eth, &wan, IP_CGW, 0, IP_VPN_T2, 0);
	for (uint32_t i = 1; i <= 4; i++) {
		bool c2s = i & 1;

		esp_body(&pl, c2s ? 0xc2d31a05u : 0x6a71f00du, 1000 + (i + 1) / 2, 3 + i * 7);
		ip_dgram(&t2, c2s, 50, pl.b, pl.len);
	}

	ike_delete_ts(&pl);
	udp_dgram(&ike, true, pl.b, pl.len);

	flow_init(&v1, s, wrap_eth, &wan, IP_CGW2, 500, IP_VPN_T2, 500);
	ikev1_main_mode(&pl);
	udp_dgram(&v1, true, pl.b, pl.len);
}

static void
sample_ipsec(void)
{
	struct sink s;

	sink_init(&s, 240000, 800);
	ipsec_packets(&s);
	write_pcap("ipsec.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/*
 * Gateway Load Balancer: a flow from VPC A to on-premises inspected by an appliance;
 * each inner packet appears twice (to the appliance, back to GWLB). Last, one GENEVE
 * packet carrying an Ethernet frame (0x6558), as other GENEVE users send.
 */
static void
gwlb_packets(struct sink *s)
{
	struct gwlb_ctx g = { .endpoint = UINT64_C(0x123456789abcdef0),
		.attachment = UINT64_C(0x5a1b2c3d4e5f6071),
		.cookie = 0x7d3c9a41u,
		.sport = 61234,
		.ipid = 0x4000 };
	struct flow f;
	uint8_t opts[64];
	size_t n;

	flow_init(&f, s, wrap_gwlb, &g, IP_INST, 49812, IP_ONPREM, 80);
	f.copies = 2;
	tcp_session(&f, http_req, http_resp);

	n = gen_gwlb_opts(opts, g.endpoint, g.attachment, 0x1e2d3c4bu);
	gen_reset(&pkt);
	gen_eth(&pkt, mac_appl, mac_gwlb, 0x0800);
	gen_ipv4(&pkt, IP_GWLB, IP_APPL, 17, 255, g.ipid++);
	gen_udp(&pkt, 61301, 6081);
	gen_geneve(&pkt, 0x6558, 0x000a2b, opts, n);
	gen_eth(&pkt, mac_vpcgw, mac_inst, 0x0800);
	gen_ipv4(&pkt, IP_INST, IP_ONPREM, 1, 64, 0x1101);
	gen_icmp(&pkt, 8, 0, 0x5d010001u);
	gen_fill(&pkt, 56, 0x5d01u);
	gen_end_all(&pkt);
	emit(s, &pkt);
}

static void
sample_gwlb(void)
{
	struct sink s;

	sink_init(&s, 300000, 120);
	gwlb_packets(&s);
	write_pcap("gwlb-geneve.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* Traffic Mirroring of the instance's HTTP and DNS, both directions. */
static void
mirror_packets(struct sink *s)
{
	struct mirror_ctx m = {
		.vni = 0x3a2b1c, .ipid = 0x2200, .cmac = mac_inst, .smac = mac_vpcgw
	};
	struct flow f;

	flow_init(&f, s, wrap_vxlan, &m, IP_INST, 52100, IP_APP2, 80);
	tcp_session(&f, http_req, http_resp);
	flow_init(&f, s, wrap_vxlan, &m, IP_INST, 53301, IP_RESOLVER, 53);
	dns_exchange(&f, 0x6c03, "api.corp.example.com", IP_APP2);
}

static void
sample_mirror(void)
{
	struct sink s;

	sink_init(&s, 360000, 150);
	mirror_packets(&s);
	write_pcap("mirror-vxlan.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* All the tunnels interleaved on one Ethernet interface, gzip-compressed pcapng. */
static void
sample_mix(void)
{
	struct sink part[5], mix;
	size_t at[5] = { 0 };
	bool more = true;

	for (int i = 0; i < 5; i++)
		sink_init(&part[i], 0, 100);
	macsec_packets(&part[0]);
	ipsec_packets(&part[1]);
	gwlb_packets(&part[2]);
	mirror_packets(&part[3]);
	vlan_packets(&part[4]);
	sink_init(&mix, 420000, 90);
	while (more) {
		more = false;
		for (int i = 0; i < 5; i++) {
			const struct rec *r;

			if (at[i] == part[i].n)
				continue;
			r = &part[i].r[at[i]++];
			sink_add(&mix, r->data, r->caplen, r->len, mix.ts);
			mix.ts += 90000u + (mix.n * 7919u) % 50000u;
			more = true;
		}
	}
	write_ng_eth("encap-mix.pcapng.gz", &mix, true);
	for (int i = 0; i < 5; i++)
		sink_free(&part[i]);
	sink_free(&mix);
}

/* ---- TCP: a buffer sent as the sender's stack would cut it ---- */

/* IPv4 MSS 1460 less the 12 bytes of NOP NOP timestamps every segment carries. */
#define SEG_MAX 1448

/* The whole buffer in full-sized segments, PSH on the last (RFC 9293 §3.9.1.2). */
static void
tcp_send(struct flow *f, bool c2s, const uint8_t *data, size_t len)
{
	while (len > SEG_MAX) {
		tcp_seg(f, c2s, GEN_TH_ACK, data, SEG_MAX);
		data += SEG_MAX;
		len -= SEG_MAX;
	}
	tcp_seg(f, c2s, GEN_TH_PSH | GEN_TH_ACK, data, len);
}

/* The buffer in two segments cut at `at`: what a reader must put back together. */
static void
tcp_send_split(struct flow *f, bool c2s, const uint8_t *data, size_t len, size_t at)
{
	if (at == 0 || at >= len)
		gen_die("split point outside the buffer");
	tcp_seg(f, c2s, GEN_TH_ACK, data, at);
	tcp_seg(f, c2s, GEN_TH_PSH | GEN_TH_ACK, data + at, len - at);
}

/* ---- BGP-4 (RFC 4271 §4): messages appended to a buffer, several per segment ---- */

#define BGP_OPEN         1
#define BGP_UPDATE       2
#define BGP_NOTIFICATION 3
#define BGP_KEEPALIVE    4

/* Path attribute flags (RFC 4271 §4.3): Optional, Transitive, Extended Length. */
#define BGP_ATTR_WELL_KNOWN 0x40
#define BGP_ATTR_OPT_TRANS  0xc0
#define BGP_ATTR_OPT        0x80

#define AS_CUSTOMER 65000u
#define AS_AMAZON   64512u /* the default Amazon side ASN of a VGW or DX gateway */

/* Marker of all ones, length (set by bgp_end), type. Returns the message's offset. */
static size_t
bgp_begin(struct gen_pkt *p, uint8_t type)
{
	size_t at = p->len;

	for (int i = 0; i < 16; i++)
		gen_u8(p, 0xff);
	gen_u16(p, 0);
	gen_u8(p, type);
	return at;
}

static void
bgp_end(struct gen_pkt *p, size_t at)
{
	gen_set16(p, at + 16, (uint16_t)(p->len - at));
}

static void
bgp_keepalive(struct gen_pkt *p)
{
	bgp_end(p, bgp_begin(p, BGP_KEEPALIVE));
}

/*
 * OPEN with one Capabilities parameter (RFC 5492 §4) holding: Multiprotocol IPv4 and
 * IPv6 unicast (RFC 4760 §8), Route Refresh (RFC 2918), Graceful Restart with a
 * 120 s restart time for both families (RFC 4724 §3), 4-octet AS (RFC 6793 §3).
 * Hold time 90 s and a 2-octet My AS: both ASNs here fit, so no AS_TRANS.
 */
static void
bgp_open(struct gen_pkt *p, uint32_t as, uint32_t id)
{
	size_t m = bgp_begin(p, BGP_OPEN), param;

	gen_u8(p, 4);
	gen_u16(p, (uint16_t)as);
	gen_u16(p, 90);
	gen_u32(p, id);
	gen_u8(p, 0);
	param = p->len;
	gen_u8(p, 2);
	gen_u8(p, 0);
	gen_u8(p, 1); /* MP: AFI 1 (IPv4), SAFI 1 */
	gen_u8(p, 4);
	gen_u32(p, 0x00010001u);
	gen_u8(p, 1); /* MP: AFI 2 (IPv6), SAFI 1 */
	gen_u8(p, 4);
	gen_u32(p, 0x00020001u);
	gen_u8(p, 2); /* Route Refresh */
	gen_u8(p, 0);
	gen_u8(p, 64); /* Graceful Restart: R clear, 120 s, IPv4 and IPv6 unicast */
	gen_u8(p, 10);
	gen_u16(p, 120);
	gen_u32(p, 0x00010100u);
	gen_u32(p, 0x00020100u);
	gen_u8(p, 65); /* 4-octet AS number */
	gen_u8(p, 4);
	gen_u32(p, as);
	p->b[param + 1] = (uint8_t)(p->len - param - 2);
	p->b[m + 28] = (uint8_t)(p->len - param);
	bgp_end(p, m);
}

/* An attribute header; the one-octet length is set by bgp_attr_end(). */
static size_t
bgp_attr(struct gen_pkt *p, uint8_t flags, uint8_t type)
{
	size_t at = p->len;

	gen_u8(p, flags);
	gen_u8(p, type);
	gen_u8(p, 0);
	return at;
}

static void
bgp_attr_end(struct gen_pkt *p, size_t at)
{
	p->b[at + 2] = (uint8_t)(p->len - at - 3);
}

/* ORIGIN IGP, then an AS_PATH of one AS_SEQUENCE with 4-octet ASNs (RFC 6793 §4.1). */
static void
bgp_origin_path(struct gen_pkt *p, uint32_t as)
{
	size_t a = bgp_attr(p, BGP_ATTR_WELL_KNOWN, 1);

	gen_u8(p, 0);
	bgp_attr_end(p, a);
	a = bgp_attr(p, BGP_ATTR_WELL_KNOWN, 2);
	gen_u8(p, 2);
	gen_u8(p, 1);
	gen_u32(p, as);
	bgp_attr_end(p, a);
}

static void
bgp_next_hop(struct gen_pkt *p, uint32_t nh)
{
	size_t a = bgp_attr(p, BGP_ATTR_WELL_KNOWN, 3);

	gen_u32(p, nh);
	bgp_attr_end(p, a);
}

/* An IPv4 prefix in NLRI form (RFC 4271 §4.3): length in bits, then just enough octets. */
static void
bgp_prefix4(struct gen_pkt *p, uint32_t addr, uint8_t bits)
{
	gen_u8(p, bits);
	for (int i = 0; i < (bits + 7) / 8; i++)
		gen_u8(p, (uint8_t)(addr >> (24 - 8 * i)));
}

/*
 * The customer's routes to AWS: 192.168.0.0/16 and 192.168.10.0/24 with
 * COMMUNITIES (RFC 1997) 7224:7300, which asks AWS for high local preference on this
 * VIF (AWS Direct Connect "Routing policies and BGP communities"), and NO_EXPORT, plus a
 * LARGE_COMMUNITY (RFC 8092) 65000:1:2 for the customer's own bookkeeping.
 */
static void
bgp_update_customer(struct gen_pkt *p)
{
	size_t m = bgp_begin(p, BGP_UPDATE), attrs, a;

	gen_u16(p, 0);
	gen_u16(p, 0);
	attrs = p->len;
	bgp_origin_path(p, AS_CUSTOMER);
	bgp_next_hop(p, IP_DX_CUST);
	a = bgp_attr(p, BGP_ATTR_OPT_TRANS, 8);
	gen_u16(p, 7224);
	gen_u16(p, 7300);
	gen_u32(p, 0xffffff01u); /* NO_EXPORT */
	bgp_attr_end(p, a);
	a = bgp_attr(p, BGP_ATTR_OPT_TRANS, 32);
	gen_u32(p, AS_CUSTOMER);
	gen_u32(p, 1);
	gen_u32(p, 2);
	bgp_attr_end(p, a);
	gen_set16(p, attrs - 2, (uint16_t)(p->len - attrs));
	bgp_prefix4(p, GEN_IP4(192, 168, 0, 0), 16);
	bgp_prefix4(p, GEN_IP4(192, 168, 10, 0), 24);
	bgp_end(p, m);
}

/* AWS's routes to the customer: the two VPC CIDRs behind the gateway. */
static void
bgp_update_aws(struct gen_pkt *p)
{
	size_t m = bgp_begin(p, BGP_UPDATE), attrs;

	gen_u16(p, 0);
	gen_u16(p, 0);
	attrs = p->len;
	bgp_origin_path(p, AS_AMAZON);
	bgp_next_hop(p, IP_DX_AWS);
	gen_set16(p, attrs - 2, (uint16_t)(p->len - attrs));
	bgp_prefix4(p, GEN_IP4(10, 1, 0, 0), 16);
	bgp_prefix4(p, GEN_IP4(10, 2, 0, 0), 16);
	bgp_end(p, m);
}

/*
 * The VPC's IPv6 block in MP_REACH_NLRI (RFC 4760 §3): AFI 2, SAFI 1, a 32-byte next
 * hop of global address then link-local (RFC 2545 §3), a reserved octet, the NLRI.
 * No NEXT_HOP attribute: the update carries no IPv4 NLRI.
 */
static void
bgp_update_aws6(struct gen_pkt *p, const uint8_t nh[16], const uint8_t nh_ll[16])
{
	size_t m = bgp_begin(p, BGP_UPDATE), attrs, a;
	uint8_t pfx[16];

	gen_ip6("2600:1f18:4a3::", pfx);
	gen_u16(p, 0);
	gen_u16(p, 0);
	attrs = p->len;
	bgp_origin_path(p, AS_AMAZON);
	a = bgp_attr(p, BGP_ATTR_OPT, 14);
	gen_u16(p, 2);
	gen_u8(p, 1);
	gen_u8(p, 32);
	gen_bytes(p, nh, 16);
	gen_bytes(p, nh_ll, 16);
	gen_u8(p, 0);
	gen_u8(p, 48);
	gen_bytes(p, pfx, 6);
	bgp_attr_end(p, a);
	gen_set16(p, attrs - 2, (uint16_t)(p->len - attrs));
	bgp_end(p, m);
}

/*
 * End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an UPDATE holding only an
 * empty MP_UNREACH_NLRI for IPv6 unicast.
 */
static void
bgp_eor(struct gen_pkt *p)
{
	size_t m = bgp_begin(p, BGP_UPDATE), a;

	gen_u16(p, 0);
	gen_u16(p, 0);
	bgp_end(p, m);
	m = bgp_begin(p, BGP_UPDATE);
	gen_u16(p, 0);
	gen_u16(p, 6);
	a = bgp_attr(p, BGP_ATTR_OPT, 15);
	gen_u16(p, 2);
	gen_u8(p, 1);
	bgp_attr_end(p, a);
	bgp_end(p, m);
}

static void
bgp_withdraw(struct gen_pkt *p, uint32_t addr, uint8_t bits)
{
	size_t m = bgp_begin(p, BGP_UPDATE), w;

	gen_u16(p, 0);
	w = p->len;
	bgp_prefix4(p, addr, bits);
	gen_set16(p, w - 2, (uint16_t)(p->len - w));
	gen_u16(p, 0);
	bgp_end(p, m);
}

/*
 * NOTIFICATION Cease (6) / Administrative Shutdown (2) with a Shutdown Communication:
 * one length octet, then UTF-8 text of at most 255 octets (RFC 9003 §2).
 */
static void
bgp_shutdown(struct gen_pkt *p, const char *why)
{
	size_t m = bgp_begin(p, BGP_NOTIFICATION);

	gen_u8(p, 6);
	gen_u8(p, 2);
	gen_u8(p, (uint8_t)strlen(why));
	gen_text(p, why);
	bgp_end(p, m);
}

/*
 * A BGP session on a Direct Connect private VIF (802.1Q VLAN 201): the customer router
 * 169.254.100.2 (AS 65000) connects to AWS 169.254.100.1 (AS 64512) on port 179, single
 * hop (TTL 1) with CS6 in DSCP and PCP 6. The FSM of RFC 4271 §8: OPENs cross, each
 * side confirms with a KEEPALIVE, then routes and End-of-RIB; keepalives every 30 s
 * (hold 90 / 3); a withdrawal; the customer shuts the session down for maintenance.
 * For reassembly, the customer's OPEN is cut in two segments, and AWS's IPv6 UPDATE
 * begins in the segment that carries its IPv4 UPDATE and ends in the next.
 */
static void
bgp_packets(struct sink *s)
{
	struct eth_ctx dot1q = {
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201, .pcp = 6
	};
	uint8_t nh[16], nh_ll[16];
	struct flow f;
	size_t cut;

	gen_ip6("2600:1f18:4a3:ff::1", nh);
	gen_ip6("fe80::225:90ff:fed0:a01", nh_ll);
	flow_init(&f, s, wrap_eth, &dot1q, IP_DX_CUST, 41779, IP_DX_AWS, 179);
	f.ttl[0] = 1;
	f.ttl[1] = 1;
	f.tos = 0xc0;
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	gen_reset(&pl);
	bgp_open(&pl, AS_CUSTOMER, IP_DX_CUST);
	tcp_send_split(&f, true, pl.b, pl.len, 25);
	gen_reset(&pl);
	bgp_open(&pl, AS_AMAZON, IP_DX_AWS);
	bgp_keepalive(&pl);
	tcp_send(&f, false, pl.b, pl.len);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, true, pl.b, pl.len);

	sink_pause(s, 40);
	gen_reset(&pl);
	bgp_update_customer(&pl);
	bgp_eor(&pl);
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	bgp_update_aws(&pl);
	cut = pl.len + 30;
	bgp_update_aws6(&pl, nh, nh_ll);
	bgp_eor(&pl);
	tcp_send_split(&f, false, pl.b, pl.len, cut);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* Keepalives: the customer's two in one segment (the first was held back). */
	sink_pause(s, 29000);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, false, pl.b, pl.len);
	sink_pause(s, 1200);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);

	sink_pause(s, 12000);
	gen_reset(&pl);
	bgp_withdraw(&pl, GEN_IP4(192, 168, 10, 0), 24);
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);

	sink_pause(s, 16000);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, false, pl.b, pl.len);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, true, pl.b, pl.len);

	sink_pause(s, 5000);
	gen_reset(&pl);
	bgp_shutdown(&pl, "maintenance window");
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
}

static void
sample_bgp(void)
{
	struct sink s;

	sink_init(&s, 480000, 400);
	bgp_packets(&s);
	write_pcap("bgp-dx-vif.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* ---- DNS with compression, EDNS and DNSSEC records (RFC 1035, 6891, 4034) ---- */

#define DNS_SEEN_MAX 64

/*
 * A message being written: where it starts in the buffer (after the two-byte length
 * over TCP, RFC 1035 §4.2.2), the section counts, and every name suffix written so
 * far with its offset, so a later name can end in a pointer to it (RFC 1035 §4.1.4).
 */
struct dns_w {
	struct gen_pkt *p;
	size_t base;
	uint16_t count[4]; /* question, answer, authority, additional */
	size_t nseen;
	struct {
		char name[256];
		size_t off;
	} seen[DNS_SEEN_MAX];
};

enum { DNS_QD, DNS_AN, DNS_NS, DNS_AR };

/* DNS header flags (RFC 1035 §4.1.1, AD and CD from RFC 4035 §3.2). */
#define DNS_QR 0x8000
#define DNS_TC 0x0200
#define DNS_RD 0x0100
#define DNS_RA 0x0080
#define DNS_AD 0x0020

#define DNS_T_A      1
#define DNS_T_NS     2
#define DNS_T_CNAME  5
#define DNS_T_SOA    6
#define DNS_T_PTR    12
#define DNS_T_MX     15
#define DNS_T_TXT    16
#define DNS_T_AAAA   28
#define DNS_T_SRV    33
#define DNS_T_OPT    41
#define DNS_T_DS     43
#define DNS_T_RRSIG  46
#define DNS_T_DNSKEY 48
#define DNS_T_HTTPS  65

static void
dns_begin(struct dns_w *w, struct gen_pkt *p, bool tcp, uint16_t id, uint16_t flags)
{
	memset(w, 0, sizeof(*w));
	w->p = p;
	gen_reset(p);
	if (tcp)
		gen_u16(p, 0);
	w->base = p->len;
	gen_u16(p, id);
	gen_u16(p, flags);
	for (int i = 0; i < 4; i++)
		gen_u16(p, 0);
}

static void
dns_finish(struct dns_w *w)
{
	for (int i = 0; i < 4; i++)
		gen_set16(w->p, w->base + 4 + 2 * (size_t)i, w->count[i]);
	if (w->base == 2)
		gen_set16(w->p, 0, (uint16_t)(w->p->len - 2));
}

/*
 * A name: its labels up to the longest suffix already in the message, then a pointer
 * there. RRSIG signers, SRV and SVCB targets must not be compressed (RFC 4034 §3.1.7,
 * RFC 2782, RFC 9460 §2.2): they are written whole, but later names may point into them.
 */
static void
dns_wname(struct dns_w *w, const char *name, bool compress)
{
	const char *at = name;

	while (*at) {
		size_t n = strcspn(at, ".");

		if (compress) {
			for (size_t i = 0; i < w->nseen; i++) {
				if (strcmp(w->seen[i].name, at) == 0) {
					gen_u16(w->p, (uint16_t)(0xc000 | w->seen[i].off));
					return;
				}
			}
		}
		if (w->nseen < DNS_SEEN_MAX && strlen(at) < sizeof(w->seen[0].name)) {
			snprintf(w->seen[w->nseen].name, sizeof(w->seen[0].name), "%s", at);
			w->seen[w->nseen++].off = w->p->len - w->base;
		}
		gen_u8(w->p, (uint8_t)n);
		gen_bytes(w->p, at, n);
		at += n;
		if (*at == '.')
			at++;
	}
	gen_u8(w->p, 0);
}

static void
dns_q(struct dns_w *w, const char *name, uint16_t type)
{
	dns_wname(w, name, true);
	gen_u16(w->p, type);
	gen_u16(w->p, 1);
	w->count[DNS_QD]++;
}

/* A record's owner, type, class IN, TTL; returns where RDATA starts, for dns_rr_end(). */
static size_t
dns_rr(struct dns_w *w, int sect, const char *name, uint16_t type, uint32_t ttl)
{
	dns_wname(w, name, true);
	gen_u16(w->p, type);
	gen_u16(w->p, 1);
	gen_u32(w->p, ttl);
	gen_u16(w->p, 0);
	w->count[sect]++;
	return w->p->len;
}

static void
dns_rr_end(struct dns_w *w, size_t rd)
{
	gen_set16(w->p, rd - 2, (uint16_t)(w->p->len - rd));
}

static void
dns_a(struct dns_w *w, int sect, const char *name, uint32_t ttl, uint32_t a)
{
	size_t rd = dns_rr(w, sect, name, DNS_T_A, ttl);

	gen_u32(w->p, a);
	dns_rr_end(w, rd);
}

/* CNAME, PTR, NS: one compressible name. */
static void
dns_ptr(struct dns_w *w, int sect, const char *name, uint16_t type, uint32_t ttl,
	const char *target)
{
	size_t rd = dns_rr(w, sect, name, type, ttl);

	dns_wname(w, target, true);
	dns_rr_end(w, rd);
}

/* One character-string per element (RFC 1035 §3.3.14), each under 256 octets. */
static void
dns_txt(struct dns_w *w, int sect, const char *name, uint32_t ttl, const char *const *strs,
	size_t n)
{
	size_t rd = dns_rr(w, sect, name, DNS_T_TXT, ttl);

	for (size_t i = 0; i < n; i++) {
		gen_u8(w->p, (uint8_t)strlen(strs[i]));
		gen_text(w->p, strs[i]);
	}
	dns_rr_end(w, rd);
}

/*
 * The OPT pseudo-record (RFC 6891 §6.1.2): root owner, the UDP payload size in the
 * class, the extended RCODE, version 0 and the DO bit (RFC 3225) in the TTL. 1232 is
 * the DNS Flag Day 2020 size. An Extended DNS Error (RFC 8914 §2, option 15) with its
 * INFO-CODE and EXTRA-TEXT when ede_text is set.
 */
static void
dns_opt(struct dns_w *w, bool dnssec_ok, uint16_t ede, const char *ede_text)
{
	size_t rd;

	gen_u8(w->p, 0);
	gen_u16(w->p, DNS_T_OPT);
	gen_u16(w->p, 1232);
	gen_u32(w->p, dnssec_ok ? 0x8000u : 0);
	gen_u16(w->p, 0);
	w->count[DNS_AR]++;
	rd = w->p->len;
	if (ede_text != NULL) {
		gen_u16(w->p, 15);
		gen_u16(w->p, (uint16_t)(2 + strlen(ede_text)));
		gen_u16(w->p, ede);
		gen_text(w->p, ede_text);
	}
	dns_rr_end(w, rd);
}

/* ---- DNSSEC material: fixed bytes, real key tags and a real DS digest ---- */

#define DNSSEC_ALG_ECDSAP256 13          /* RFC 6605 */
#define RRSIG_INCEPTION      1713916800u /* 2024-04-24T00:00:00Z */
#define RRSIG_EXPIRATION     1715731200u /* 2024-05-15T00:00:00Z */

struct dnskey {
	uint8_t rdata[4 + 64]; /* flags, protocol 3, algorithm, P-256 public key */
	uint16_t tag;
};

/* RFC 4034 Appendix B: the key tag is a 16-bit sum over the RDATA, odd bytes low. */
static uint16_t
dnskey_tag(const uint8_t *rd, size_t n)
{
	uint32_t ac = 0;

	for (size_t i = 0; i < n; i++)
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	ac += ac >> 16 & 0xffff;
	return (uint16_t)ac;
}

static void
dnskey_make(struct dnskey *k, uint16_t flags, uint32_t seed)
{
	static struct gen_pkt kb;

	gen_reset(&kb);
	gen_u16(&kb, flags);
	gen_u8(&kb, 3);
	gen_u8(&kb, DNSSEC_ALG_ECDSAP256);
	gen_fill(&kb, 64, seed);
	memcpy(k->rdata, kb.b, sizeof(k->rdata));
	k->tag = dnskey_tag(k->rdata, sizeof(k->rdata));
}

static void
dns_dnskey(struct dns_w *w, const char *name, uint32_t ttl, const struct dnskey *k)
{
	size_t rd = dns_rr(w, DNS_AN, name, DNS_T_DNSKEY, ttl);

	gen_bytes(w->p, k->rdata, sizeof(k->rdata));
	dns_rr_end(w, rd);
}

/* RRSIG (RFC 4034 §3.1) with an opaque 64-byte ECDSA P-256 signature. */
static void
dns_rrsig(struct dns_w *w, int sect, const char *owner, uint16_t covered, uint8_t labels,
	uint32_t ttl, uint16_t tag, const char *signer, uint32_t seed)
{
	size_t rd = dns_rr(w, sect, owner, DNS_T_RRSIG, ttl);

	gen_u16(w->p, covered);
	gen_u8(w->p, DNSSEC_ALG_ECDSAP256);
	gen_u8(w->p, labels);
	gen_u32(w->p, ttl);
	gen_u32(w->p, RRSIG_EXPIRATION);
	gen_u32(w->p, RRSIG_INCEPTION);
	gen_u16(w->p, tag);
	dns_wname(w, signer, false);
	gen_fill(w->p, 64, seed);
	dns_rr_end(w, rd);
}

/* DS with a SHA-256 digest (RFC 4509 §2.1) of the owner's wire name and the DNSKEY. */
static void
dns_ds(struct dns_w *w, const char *owner, uint32_t ttl, const struct dnskey *k)
{
	static const uint8_t wire_owner[] = "\007example\003com";
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	uint8_t digest[32];
	gsize dlen = sizeof(digest);
	size_t rd;

	g_checksum_update(sum, wire_owner, sizeof(wire_owner));
	g_checksum_update(sum, k->rdata, sizeof(k->rdata));
	g_checksum_get_digest(sum, digest, &dlen);
	g_checksum_free(sum);
	rd = dns_rr(w, DNS_AN, owner, DNS_T_DS, ttl);
	gen_u16(w->p, k->tag);
	gen_u8(w->p, DNSSEC_ALG_ECDSAP256);
	gen_u8(w->p, 2);
	gen_bytes(w->p, digest, dlen);
	dns_rr_end(w, rd);
}

/*
 * One UDP exchange with the Resolver from its own source port: the query, a pause for
 * the Resolver (cache hit ~1 ms, forwarded or validated longer), the answer.
 */
static void
dns_udp(struct sink *s, struct flow *f, struct eth_ctx *vpc, uint16_t sport, const struct dns_w *q,
	const struct dns_w *r, uint32_t wait_ms)
{
	flow_init(f, s, wrap_eth, vpc, IP_INST, sport, IP_RESOLVER, 53);
	f->ttl[1] = 64;
	f->ipid[1] = (uint16_t)(sport * 40503u); /* the Resolver answers many clients */
	udp_dgram(f, true, q->p->b, q->p->len);
	sink_pause(s, wait_ms);
	udp_dgram(f, false, r->p->b, r->p->len);
}

/* A query of one question, with an OPT record when edns (and DO when do_bit). */
static void
dns_query(struct dns_w *w, struct gen_pkt *p, bool tcp, uint16_t id, const char *name,
	uint16_t type, bool edns, bool do_bit)
{
	dns_begin(w, p, tcp, id, (uint16_t)(DNS_RD | (do_bit ? DNS_AD : 0)));
	dns_q(w, name, type);
	if (edns)
		dns_opt(w, do_bit, 0, NULL);
	dns_finish(w);
}

/*
 * The instance's lookups at the Route 53 Resolver (VPC base + 2): a private hosted zone
 * (internal.example.com), names forwarded on premises (corp.example.com), EC2 reverse
 * DNS, a DNSSEC-signed public zone, failures, an HTTPS record, and a TXT set too large
 * for 1232 bytes that comes back truncated and is asked again over TCP (RFC 7766 §5).
 */
static void
dns_packets(struct sink *s)
{
	static struct gen_pkt qb, rb;
	static struct dns_w q, r;
	struct eth_ctx vpc = { .cmac = mac_inst, .smac = mac_vpcgw };
	const uint16_t ok = DNS_QR | DNS_RD | DNS_RA;
	struct dnskey zsk, ksk;
	struct flow f;
	size_t rd;

	dnskey_make(&zsk, 256, 0x25a0001u);
	dnskey_make(&ksk, 257, 0x25a0002u);

	/* A through a CNAME chain into an internal ALB's name; names compress. */
	dns_query(&q, &qb, false, 0x3c01, "api.internal.example.com", DNS_T_A, false, false);
	dns_begin(&r, &rb, false, 0x3c01, ok);
	dns_q(&r, "api.internal.example.com", DNS_T_A);
	dns_ptr(&r, DNS_AN, "api.internal.example.com", DNS_T_CNAME, 300,
		"api.us-east-1.internal.example.com");
	dns_ptr(&r, DNS_AN, "api.us-east-1.internal.example.com", DNS_T_CNAME, 300,
		"internal-api-lb-1234567890.us-east-1.elb.amazonaws.com");
	dns_a(&r, DNS_AN, "internal-api-lb-1234567890.us-east-1.elb.amazonaws.com", 60,
		GEN_IP4(10, 1, 20, 11));
	dns_a(&r, DNS_AN, "internal-api-lb-1234567890.us-east-1.elb.amazonaws.com", 60,
		GEN_IP4(10, 1, 21, 12));
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 48213, &q, &r, 2);

	sink_pause(s, 150);
	dns_query(&q, &qb, false, 0x3c02, "db.internal.example.com", DNS_T_AAAA, false, false);
	dns_begin(&r, &rb, false, 0x3c02, ok);
	dns_q(&r, "db.internal.example.com", DNS_T_AAAA);
	rd = dns_rr(&r, DNS_AN, "db.internal.example.com", DNS_T_AAAA, 300);
	gen_bytes(&rb, ip6_app2, 16);
	dns_rr_end(&r, rd);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 39104, &q, &r, 1);

	/* EC2's reverse DNS for VPC B's instance. */
	sink_pause(s, 220);
	dns_query(&q, &qb, false, 0x3c03, "20.1.2.10.in-addr.arpa", DNS_T_PTR, false, false);
	dns_begin(&r, &rb, false, 0x3c03, ok);
	dns_q(&r, "20.1.2.10.in-addr.arpa", DNS_T_PTR);
	dns_ptr(&r, DNS_AN, "20.1.2.10.in-addr.arpa", DNS_T_PTR, 60, "ip-10-2-1-20.ec2.internal");
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 57716, &q, &r, 1);

	/* Forwarded on premises by a Resolver rule for corp.example.com: slower. */
	sink_pause(s, 300);
	dns_query(&q, &qb, false, 0x3c04, "corp.example.com", DNS_T_MX, false, false);
	dns_begin(&r, &rb, false, 0x3c04, ok);
	dns_q(&r, "corp.example.com", DNS_T_MX);
	rd = dns_rr(&r, DNS_AN, "corp.example.com", DNS_T_MX, 3600);
	gen_u16(&rb, 10);
	dns_wname(&r, "mx1.corp.example.com", true);
	dns_rr_end(&r, rd);
	rd = dns_rr(&r, DNS_AN, "corp.example.com", DNS_T_MX, 3600);
	gen_u16(&rb, 20);
	dns_wname(&r, "mx2.corp.example.com", true);
	dns_rr_end(&r, rd);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 44391, &q, &r, 18);

	sink_pause(s, 120);
	{
		static const char *const spf[] = { "v=spf1 ip4:192.168.0.0/16 ip4:203.0.113.0/24",
			"include:_spf.example.com -all" };

		dns_query(&q, &qb, false, 0x3c05, "corp.example.com", DNS_T_TXT, false, false);
		dns_begin(&r, &rb, false, 0x3c05, ok);
		dns_q(&r, "corp.example.com", DNS_T_TXT);
		dns_txt(&r, DNS_AN, "corp.example.com", 3600, spf, 2);
		dns_finish(&r);
		dns_udp(s, &f, &vpc, 60122, &q, &r, 17);
	}

	/* SRV for the domain controllers (RFC 2782), their addresses as additional data. */
	sink_pause(s, 250);
	dns_query(&q, &qb, false, 0x3c06, "_ldap._tcp.corp.example.com", DNS_T_SRV, false, false);
	dns_begin(&r, &rb, false, 0x3c06, ok);
	dns_q(&r, "_ldap._tcp.corp.example.com", DNS_T_SRV);
	for (int i = 0; i < 2; i++) {
		rd = dns_rr(&r, DNS_AN, "_ldap._tcp.corp.example.com", DNS_T_SRV, 600);
		gen_u16(&rb, (uint16_t)(i * 10));
		gen_u16(&rb, 100);
		gen_u16(&rb, 389);
		dns_wname(&r, i ? "dc2.corp.example.com" : "dc1.corp.example.com", false);
		dns_rr_end(&r, rd);
	}
	dns_a(&r, DNS_AR, "dc1.corp.example.com", 600, GEN_IP4(192, 168, 10, 11));
	dns_a(&r, DNS_AR, "dc2.corp.example.com", 600, GEN_IP4(192, 168, 20, 12));
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 35807, &q, &r, 21);

	/*
	 * DNSSEC (RFC 4035 §3.2): queries with DO and AD; the validating Resolver sets AD and
	 * returns the RRSIGs. The A is signed by the ZSK, the DNSKEY set by the KSK, the DS
	 * by the parent (com, its own key tag).
	 */
	sink_pause(s, 400);
	dns_query(&q, &qb, false, 0x3c07, "www.example.com", DNS_T_A, true, true);
	dns_begin(&r, &rb, false, 0x3c07, ok | DNS_AD);
	dns_q(&r, "www.example.com", DNS_T_A);
	dns_a(&r, DNS_AN, "www.example.com", 300, GEN_IP4(192, 0, 2, 80));
	dns_rrsig(
		&r, DNS_AN, "www.example.com", DNS_T_A, 3, 300, zsk.tag, "example.com", 0x5160001u);
	dns_opt(&r, true, 0, NULL);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 51530, &q, &r, 24);

	sink_pause(s, 5);
	dns_query(&q, &qb, false, 0x3c08, "example.com", DNS_T_DNSKEY, true, true);
	dns_begin(&r, &rb, false, 0x3c08, ok | DNS_AD);
	dns_q(&r, "example.com", DNS_T_DNSKEY);
	dns_dnskey(&r, "example.com", 3600, &zsk);
	dns_dnskey(&r, "example.com", 3600, &ksk);
	dns_rrsig(&r, DNS_AN, "example.com", DNS_T_DNSKEY, 2, 3600, ksk.tag, "example.com",
		0x5160002u);
	dns_opt(&r, true, 0, NULL);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 43077, &q, &r, 1);

	sink_pause(s, 5);
	dns_query(&q, &qb, false, 0x3c09, "example.com", DNS_T_DS, true, true);
	dns_begin(&r, &rb, false, 0x3c09, ok | DNS_AD);
	dns_q(&r, "example.com", DNS_T_DS);
	dns_ds(&r, "example.com", 86400, &ksk);
	dns_rrsig(&r, DNS_AN, "example.com", DNS_T_DS, 2, 86400, 19718, "com", 0x5160003u);
	dns_opt(&r, true, 0, NULL);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 58841, &q, &r, 1);

	/* A bogus signature: SERVFAIL with Extended DNS Error 6, DNSSEC Bogus (RFC 8914 §4.7). */
	sink_pause(s, 600);
	dns_query(&q, &qb, false, 0x3c0a, "bogus.example.com", DNS_T_A, true, true);
	dns_begin(&r, &rb, false, 0x3c0a, ok | 2);
	dns_q(&r, "bogus.example.com", DNS_T_A);
	dns_opt(&r, true, 6, "RRSIG for bogus.example.com/A does not verify");
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 36268, &q, &r, 31);

	/* NXDOMAIN in the private hosted zone: its SOA, TTL the negative TTL (RFC 2308 §5). */
	sink_pause(s, 350);
	dns_query(&q, &qb, false, 0x3c0b, "nosuch.internal.example.com", DNS_T_A, false, false);
	dns_begin(&r, &rb, false, 0x3c0b, ok | 3);
	dns_q(&r, "nosuch.internal.example.com", DNS_T_A);
	rd = dns_rr(&r, DNS_NS, "internal.example.com", DNS_T_SOA, 900);
	dns_wname(&r, "ns-1536.awsdns-00.co.uk", true);
	dns_wname(&r, "awsdns-hostmaster.amazon.com", true);
	gen_u32(&rb, 1);
	gen_u32(&rb, 7200);
	gen_u32(&rb, 900);
	gen_u32(&rb, 1209600);
	gen_u32(&rb, 86400);
	dns_rr_end(&r, rd);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 47752, &q, &r, 1);

	/* HTTPS (RFC 9460 §9): ServiceMode, priority 1, target "." (the owner), alpn h2,h3. */
	sink_pause(s, 200);
	dns_query(&q, &qb, false, 0x3c0c, "www.example.com", DNS_T_HTTPS, false, false);
	dns_begin(&r, &rb, false, 0x3c0c, ok);
	dns_q(&r, "www.example.com", DNS_T_HTTPS);
	rd = dns_rr(&r, DNS_AN, "www.example.com", DNS_T_HTTPS, 300);
	gen_u16(&rb, 1);
	gen_u8(&rb, 0);
	gen_u16(&rb, 1);
	gen_u16(&rb, 6);
	gen_text(&rb, "\002h2\002h3");
	dns_rr_end(&r, rd);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 52904, &q, &r, 22);

	/* Too large for UDP: TC, then the same question over TCP (two-byte length prefix). */
	sink_pause(s, 500);
	dns_query(&q, &qb, false, 0x3c0d, "_config.internal.example.com", DNS_T_TXT, true, false);
	dns_begin(&r, &rb, false, 0x3c0d, ok | DNS_TC);
	dns_q(&r, "_config.internal.example.com", DNS_T_TXT);
	dns_opt(&r, false, 0, NULL);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, 40631, &q, &r, 1);

	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 41853, IP_RESOLVER, 53);
	f.ttl[1] = 64;
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
	dns_query(&q, &qb, true, 0x3c0e, "_config.internal.example.com", DNS_T_TXT, true, false);
	tcp_send(&f, true, qb.b, qb.len);
	dns_begin(&r, &rb, true, 0x3c0e, ok);
	dns_q(&r, "_config.internal.example.com", DNS_T_TXT);
	for (uint32_t i = 0; i < 8; i++) {
		static const char b64[] =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		static struct gen_pkt raw;
		char txt[200];
		const char *one[1] = { txt };
		int n = snprintf(txt, sizeof(txt), "cfg%u=", i);

		gen_reset(&raw);
		gen_fill(&raw, 180, 0xc0f16000u + i);
		for (size_t k = 0; k < 180; k++)
			txt[(size_t)n + k] = b64[raw.b[k] & 63];
		txt[(size_t)n + 180] = '\0';
		dns_txt(&r, DNS_AN, "_config.internal.example.com", 300, one, 1);
	}
	dns_opt(&r, false, 0, NULL);
	dns_finish(&r);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);
	sink_pause(s, 1);
	tcp_send(&f, false, rb.b, rb.len);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
}

static void
sample_dns(void)
{
	struct sink s;

	sink_init(&s, 510000, 150);
	dns_packets(&s);
	write_pcap("dns-route53.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* ---- HTTP/2 (RFC 9113 §4.1) with HPACK (RFC 7541) from libnghttp2's deflater ---- */

#define H2_DATA          0x0
#define H2_HEADERS       0x1
#define H2_RST_STREAM    0x3
#define H2_SETTINGS      0x4
#define H2_PING          0x6
#define H2_GOAWAY        0x7
#define H2_WINDOW_UPDATE 0x8
#define H2_CONTINUATION  0x9

#define H2_END_STREAM  0x1
#define H2_ACK         0x1
#define H2_END_HEADERS 0x4

/* A frame header (length, type, flags, R + stream id) and its payload. */
static void
h2_frame(struct gen_pkt *p, uint8_t type, uint8_t flags, uint32_t stream, const void *data,
	size_t len)
{
	gen_u8(p, (uint8_t)(len >> 16));
	gen_u16(p, (uint16_t)len);
	gen_u8(p, type);
	gen_u8(p, flags);
	gen_u32(p, stream & 0x7fffffffu);
	gen_bytes(p, data, len);
}

/* SETTINGS (RFC 9113 §6.5.1): identifier/value pairs, n of them. */
static void
h2_settings(struct gen_pkt *p, const uint32_t (*kv)[2], size_t n)
{
	gen_u8(p, 0);
	gen_u16(p, (uint16_t)(n * 6));
	gen_u8(p, H2_SETTINGS);
	gen_u8(p, 0);
	gen_u32(p, 0);
	for (size_t i = 0; i < n; i++) {
		gen_u16(p, (uint16_t)kv[i][0]);
		gen_u32(p, kv[i][1]);
	}
}

/* WINDOW_UPDATE, RST_STREAM: one 32-bit value. */
static void
h2_u32(struct gen_pkt *p, uint8_t type, uint32_t stream, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	h2_frame(p, type, 0, stream, b, 4);
}

/*
 * A header list (name, value, ..., NULL) compressed with the direction's deflater, so
 * later blocks refer to its dynamic table (RFC 7541 §2.3.2). "authorization" is sent
 * never-indexed (RFC 7541 §7.1.3). Returns the block's length in out.
 */
static size_t
h2_hpack(nghttp2_hd_deflater *hd, uint8_t *out, size_t cap, char *const *hdrs)
{
	nghttp2_nv nv[24];
	size_t n = 0;
	ssize_t rv;

	for (; hdrs[2 * n] != NULL; n++) {
		if (n == sizeof(nv) / sizeof(nv[0]))
			gen_die("too many headers");
		nv[n].name = (uint8_t *)hdrs[2 * n];
		nv[n].value = (uint8_t *)hdrs[2 * n + 1];
		nv[n].namelen = strlen(hdrs[2 * n]);
		nv[n].valuelen = strlen(hdrs[2 * n + 1]);
		nv[n].flags = strcmp(hdrs[2 * n], "authorization") == 0 ? NGHTTP2_NV_FLAG_NO_INDEX
									: NGHTTP2_NV_FLAG_NONE;
	}
	rv = nghttp2_hd_deflate_hd(hd, out, cap, nv, n);
	if (rv < 0)
		gen_die(nghttp2_strerror((int)rv));
	return (size_t)rv;
}

/* HEADERS with END_HEADERS (and END_STREAM when es) carrying a whole block. */
static void
h2_headers(struct gen_pkt *p, nghttp2_hd_deflater *hd, uint32_t stream, bool es, char *const *hdrs)
{
	uint8_t block[1024];
	size_t n = h2_hpack(hd, block, sizeof(block), hdrs);

	h2_frame(p, H2_HEADERS, (uint8_t)(H2_END_HEADERS | (es ? H2_END_STREAM : 0)), stream, block,
		n);
}

/*
 * An HTTP/2 cleartext connection with prior knowledge (RFC 9113 §3.3) from the instance
 * to a target behind an internal ALB (10.1.20.30:8080): three concurrent requests, the
 * POST's header block continued in a CONTINUATION frame (RFC 9113 §6.10), answers that
 * arrive out of order 4, 12 and 25 ms later, a large DATA frame over two segments, a
 * PING, a request the client cancels (RST_STREAM CANCEL), then the target's GOAWAY.
 */
static void
h2_packets(struct sink *s)
{
	static const uint32_t cset[][2] = { { 2, 0 }, { 3, 100 }, { 4, 1048576 } };
	static const uint32_t sset[][2] = { { 3, 128 }, { 4, 65536 }, { 5, 16384 }, { 6, 16384 } };
	static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
	static const uint8_t ping_data[8] = { 0x61, 0x77, 0x73, 0x74, 0x72, 0x61, 0x63, 0x65 };
	static char *const req1[] = { ":method", "GET", ":scheme", "http", ":authority",
		"api.internal.example.com", ":path", "/v1/items", "user-agent", "curl/8.5.0",
		"accept", "application/json", NULL };
	static char *const req3[] = { ":method", "GET", ":scheme", "http", ":authority",
		"api.internal.example.com", ":path", "/v1/items/42", "user-agent", "curl/8.5.0",
		"accept", "application/json", NULL };
	static char *const req5[] = { ":method", "POST", ":scheme", "http", ":authority",
		"api.internal.example.com", ":path", "/v1/orders", "user-agent", "curl/8.5.0",
		"accept", "application/json", "content-type", "application/json", "content-length",
		"40", "authorization",
		"Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjLTEwMDEifQ.c2FtcGxlLXNpZ25hdHVyZQ",
		"x-amzn-trace-id", "Root=1-66322fe0-5f3a9c21d4e87b06a7c40e9b", NULL };
	static char *const req7[] = { ":method", "GET", ":scheme", "http", ":authority",
		"api.internal.example.com", ":path", "/v1/items?page=2", "user-agent", "curl/8.5.0",
		"accept", "application/json", NULL };
	static char *const resp3[] = { ":status", "200", "content-type", "application/json",
		"content-length", "54", "date", "Wed, 01 May 2024 12:09:00 GMT", NULL };
	static char resp1_len[16];
	static char *const resp1[] = { ":status", "200", "content-type", "application/json",
		"content-length", resp1_len, "date", "Wed, 01 May 2024 12:09:00 GMT", NULL };
	static char *const resp5[] = { ":status", "201", "content-type", "application/json",
		"location", "/v1/orders/9001", "content-length", "34", "date",
		"Wed, 01 May 2024 12:09:00 GMT", NULL };
	static const char body3[] =
		"{\"id\":42,\"sku\":\"SKU-0042\",\"name\":\"widget 42\",\"qty\":7}\n";
	static const char body5_req[] = "{\"item\":42,\"qty\":2,\"customer\":\"c-1001\"}\n";
	static const char body5[] = "{\"order\":9001,\"status\":\"created\"}\n";
	static char body1[4096];
	struct eth_ctx vpc = { .cmac = mac_inst, .smac = mac_vpcgw };
	nghttp2_hd_deflater *cli, *srv;
	uint8_t block[1024];
	size_t n, cut, blen = 0;
	struct flow f;

	if (nghttp2_hd_deflate_new(&cli, 4096) != 0 || nghttp2_hd_deflate_new(&srv, 4096) != 0)
		gen_die("nghttp2_hd_deflate_new");
	blen += (size_t)snprintf(body1, sizeof(body1), "{\"items\":[");
	for (unsigned i = 1; i <= 36; i++)
		blen += (size_t)snprintf(body1 + blen, sizeof(body1) - blen,
			"%s{\"id\":%u,\"sku\":\"SKU-%04u\",\"name\":\"widget %u\",\"qty\":%u}",
			i > 1 ? "," : "", i, i, i, (i * 7) % 13);
	blen += (size_t)snprintf(body1 + blen, sizeof(body1) - blen, "],\"next\":2}\n");
	snprintf(resp1_len, sizeof(resp1_len), "%zu", blen);
	if (strlen(body3) != 54 || strlen(body5_req) != 40 || strlen(body5) != 34)
		gen_die("HTTP/2 sample: content-length out of date");

	flow_init(&f, s, wrap_eth, &vpc, IP_INST, 45870, GEN_IP4(10, 1, 20, 30), 8080);
	f.ttl[1] = 64; /* same VPC: the VPC router does not decrement TTL */
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* Preface, SETTINGS (no push) and a connection WINDOW_UPDATE to 16 MiB: one write. */
	gen_reset(&pl);
	gen_text(&pl, preface);
	h2_settings(&pl, cset, 3);
	h2_u32(&pl, H2_WINDOW_UPDATE, 0, 16777216u - 65535u);
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	h2_settings(&pl, sset, 4);
	h2_frame(&pl, H2_SETTINGS, H2_ACK, 0, NULL, 0);
	tcp_send(&f, false, pl.b, pl.len);

	/* The client's ACK and two GETs together; then the POST, its DATA cut mid-frame. */
	gen_reset(&pl);
	h2_frame(&pl, H2_SETTINGS, H2_ACK, 0, NULL, 0);
	h2_headers(&pl, cli, 1, true, req1);
	h2_headers(&pl, cli, 3, true, req3);
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	n = h2_hpack(cli, block, sizeof(block), req5);
	h2_frame(&pl, H2_HEADERS, 0, 5, block, n / 2);
	h2_frame(&pl, H2_CONTINUATION, H2_END_HEADERS, 5, block + n / 2, n - n / 2);
	cut = pl.len + 9 + 20;
	h2_frame(&pl, H2_DATA, H2_END_STREAM, 5, body5_req, strlen(body5_req));
	tcp_send_split(&f, true, pl.b, pl.len, cut);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);

	/* 4 ms: stream 3 whole and stream 1's HEADERS, in one segment. */
	sink_pause(s, 4);
	gen_reset(&pl);
	h2_headers(&pl, srv, 3, false, resp3);
	h2_frame(&pl, H2_DATA, H2_END_STREAM, 3, body3, strlen(body3));
	h2_headers(&pl, srv, 1, false, resp1);
	tcp_send(&f, false, pl.b, pl.len);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* 12 ms: stream 1's body, one DATA frame larger than a segment. */
	sink_pause(s, 7);
	gen_reset(&pl);
	h2_frame(&pl, H2_DATA, H2_END_STREAM, 1, body1, blen);
	tcp_send(&f, false, pl.b, pl.len);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* A liveness PING (RFC 9113 §6.7), answered with the same data and ACK. */
	sink_pause(s, 2);
	gen_reset(&pl);
	h2_frame(&pl, H2_PING, 0, 0, ping_data, sizeof(ping_data));
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	h2_frame(&pl, H2_PING, H2_ACK, 0, ping_data, sizeof(ping_data));
	tcp_send(&f, false, pl.b, pl.len);

	/* 25 ms: the order is created; the target returns the POST body's flow credit. */
	sink_pause(s, 10);
	gen_reset(&pl);
	h2_headers(&pl, srv, 5, false, resp5);
	h2_frame(&pl, H2_DATA, H2_END_STREAM, 5, body5, strlen(body5));
	h2_u32(&pl, H2_WINDOW_UPDATE, 0, (uint32_t)strlen(body5_req));
	tcp_send(&f, false, pl.b, pl.len);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);

	/* Stream 7 is asked for, then cancelled before any answer (RFC 9113 §8.7). */
	sink_pause(s, 30);
	gen_reset(&pl);
	h2_headers(&pl, cli, 7, true, req7);
	tcp_send(&f, true, pl.b, pl.len);
	sink_pause(s, 2);
	gen_reset(&pl);
	h2_u32(&pl, H2_RST_STREAM, 7, 0x8);
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);

	/* The target drains: GOAWAY NO_ERROR, last stream 7 (RFC 9113 §6.8), then closes. */
	sink_pause(s, 60);
	gen_reset(&pl);
	{
		static const uint8_t goaway[8] = { 0, 0, 0, 7, 0, 0, 0, 0 };

		h2_frame(&pl, H2_GOAWAY, 0, 0, goaway, sizeof(goaway));
	}
	tcp_send(&f, false, pl.b, pl.len);
	tcp_seg(&f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);
	nghttp2_hd_deflate_del(cli);
	nghttp2_hd_deflate_del(srv);
}

static void
sample_h2c(void)
{
	struct sink s;

	sink_init(&s, 540000, 60);
	h2_packets(&s);
	write_pcap("h2c-alb.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* issue 18's samples (defined at the end of the file) */
static void sample_dx_bfd_lacp(void);
static void sample_bgp_md5(void);
static void sample_vpn_esp(void);
static void sample_dnssec_zone(void);
static void sample_incident(void);

static void sample_decode_next(void);
static int cmd_bench_frag(const char *path, const char *count);

static int
cmd_samples(const char *dir)
{
	if (strlen(dir) >= sizeof(outdir) - 32)
		gen_die("output directory name too long");
	snprintf(outdir, sizeof(outdir), "%s", dir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		gen_die(dir);
	sample_core();
	sample_vlan();
	sample_linktypes();
	sample_macsec();
	sample_ipsec();
	sample_gwlb();
	sample_mirror();
	sample_mix();
	sample_bgp();
	sample_dns();
	sample_h2c();
	sample_dx_bfd_lacp();
	sample_bgp_md5();
	sample_vpn_esp();
	sample_dnssec_zone();
	sample_incident();
	sample_decode_next();
	return 0;
}

/* ---- bench ---- */

static uint64_t rng = UINT64_C(0x2545f4914f6cdd1d);

/* xorshift64* (Vigna 2016): fixed seed, so the benchmark capture is always the same. */
static uint32_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * UINT64_C(2685821657736338717)) >> 32);
}

/* Frame sizes: half small (ACKs, DNS), a third mid-sized, the rest near full MTU. */
static size_t
bench_size(void)
{
	uint32_t r = rnd() % 100;

	if (r < 50)
		return 60 + rnd() % 60;
	if (r < 80)
		return 120 + rnd() % 880;
	return 1300 + rnd() % 215;
}

#define BENCH_FLOWS 64

enum { B_V4, B_V6, B_VLAN, B_QINQ, B_GENEVE, B_VXLAN, B_MACSEC, B_NCLASS };

struct bench {
	struct sink out;
	struct eth_ctx vpc, dot1q, qinq;
	struct gwlb_ctx gwlb;
	struct mirror_ctx mirror;
	struct macsec_ctx macsec;
	struct flow flows[B_NCLASS][BENCH_FLOWS];
	struct flow natt, esp;
	uint32_t esp_seq[2];
	uint8_t v6c[BENCH_FLOWS][16], v6s[BENCH_FLOWS][16];
	uint8_t payload[2048];
};

static void
bench_flows(struct bench *b)
{
	for (int c = 0; c < B_NCLASS; c++) {
		for (uint32_t i = 0; i < BENCH_FLOWS; i++) {
			struct flow *f = &b->flows[c][i];
			wrap_fn *w = wrap_eth;
			void *ctx = &b->vpc;
			uint32_t cli = GEN_IP4(10, 1, 1 + i / 16, 10 + i), srv;

			srv = (i & 1) ? GEN_IP4(10, 2, 1 + i % 8, 20 + i)
				      : GEN_IP4(192, 168, 10 + i % 4, 5 + i);
			switch (c) {
			case B_VLAN:
				ctx = &b->dot1q;
				break;
			case B_QINQ:
				ctx = &b->qinq;
				break;
			case B_GENEVE:
				w = wrap_gwlb;
				ctx = &b->gwlb;
				break;
			case B_VXLAN:
				w = wrap_vxlan;
				ctx = &b->mirror;
				break;
			case B_MACSEC:
				w = wrap_macsec;
				ctx = &b->macsec;
				break;
			default:
				break;
			}
			flow_init(f, &b->out, w, ctx, cli, (uint16_t)(40000 + c * 1000 + i * 7),
				srv, (i % 3) ? 443 : 5432);
			if (c == B_V6) {
				gen_ip6("2600:1f18:4a3:6e01::", b->v6c[i]);
				gen_ip6("2600:1f18:4a3:7f02::", b->v6s[i]);
				b->v6c[i][15] = (uint8_t)(16 + i);
				b->v6s[i][15] = (uint8_t)(32 + i);
				flow_v6(f, b->v6c[i], b->v6s[i]);
			}
		}
	}
}

/* One packet of a class: TCP (4 in 5) or UDP, payload sized to the frame size drawn. */
static void
bench_inner(struct bench *b, int c, size_t hdr)
{
	struct flow *f = &b->flows[c][rnd() % BENCH_FLOWS];
	bool c2s = rnd() & 1;
	size_t size = bench_size(), n;
	bool tcp = rnd() % 5 != 0;

	hdr += (f->v6 ? 40 : 20) + (tcp ? 32 : 8);
	n = size > hdr ? size - hdr : 0;
	if (tcp)
		tcp_seg(f, c2s, n ? GEN_TH_PSH | GEN_TH_ACK : GEN_TH_ACK, b->payload, n);
	else
		udp_dgram(f, c2s, b->payload, n);
}

static void
bench_one(struct bench *b)
{
	uint32_t r = rnd() % 100;

	if (r < 50) {
		bench_inner(b, B_V4, 14);
	} else if (r < 60) {
		bench_inner(b, B_V6, 14);
	} else if (r < 65) {
		bench_inner(b, B_VLAN, 18);
	} else if (r < 70) {
		bench_inner(b, B_QINQ, 22);
	} else if (r < 80) {
		bool c2s = rnd() & 1;
		size_t size = bench_size(), blocks = size > 120 ? (size - 120) / 16 : 0;

		uint32_t k = rnd() % 64;

		if (k == 0) {
			static const uint8_t ka = 0xff;

			udp_dgram(&b->natt, c2s, &ka, 1);
			return;
		}
		if (k == 1) { /* IKEv2 liveness check (RFC 7296 §2.4): an empty INFORMATIONAL */
			static uint32_t msgid;

			ike_sk(&pl, true, 37, !c2s, c2s ? ++msgid : msgid, 0, 0);
			udp_dgram(&b->natt, c2s, pl.b, pl.len);
			return;
		}
		esp_body(&pl, c2s ? 0xc1a2b3d4u : 0x7e5d4c3bu, ++b->esp_seq[c2s], blocks);
		if (rnd() & 1)
			udp_dgram(&b->natt, c2s, pl.b, pl.len);
		else
			ip_dgram(&b->esp, c2s, 50, pl.b, pl.len);
	} else if (r < 90) {
		bench_inner(b, B_GENEVE, 14 + 20 + 8 + 8 + 32);
	} else if (r < 95) {
		bench_inner(b, B_VXLAN, 14 + 20 + 8 + 8 + 14);
	} else if (rnd() & 1) {
		bench_inner(b, B_MACSEC, 14 + 14 + 4 + 16 + 4);
	} else {
		bool c2s = rnd() & 1;
		size_t size = bench_size();

		gen_reset(&pkt);
		gen_eth(&pkt, c2s ? mac_dxaws : mac_dxcust, c2s ? mac_dxcust : mac_dxaws, 0x88e5);
		gen_macsec(&pkt, 0x2d, b->macsec.pn[c2s ? 0 : 1]++, b->macsec.sci[c2s ? 0 : 1]);
		gen_fill(&pkt, size > 50 ? size - 50 : 16, b->macsec.pn[0] ^ b->macsec.pn[1]);
		gen_end_all(&pkt);
		emit(&b->out, &pkt);
	}
}

static int
cmd_bench(const char *path, const char *count)
{
	struct bench *b = calloc(1, sizeof(*b));
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(count, &end, 10);
	if (b == NULL || errno || *end || n == 0)
		gen_die("bench: N must be a positive number");
	sink_init(&b->out, 600000, 2);
	b->out.file = gen_file_open(path, GEN_PCAP_US, false, false, 1u << 20);
	gen_pcap_header(b->out.file, GEN_LT_EN10MB, 262144);
	b->vpc = (struct eth_ctx){ .cmac = mac_inst, .smac = mac_vpcgw };
	b->dot1q = (struct eth_ctx){
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201, .pcp = 5
	};
	b->qinq = (struct eth_ctx){
		.cmac = mac_dxcust, .smac = mac_dxaws, .tags = 2, .svid = 100, .cvid = 201, .pcp = 5
	};
	b->gwlb = (struct gwlb_ctx){ .endpoint = UINT64_C(0x123456789abcdef0),
		.attachment = UINT64_C(0x5a1b2c3d4e5f6071),
		.cookie = 0x7d3c9a41u,
		.sport = 61234 };
	b->mirror = (struct mirror_ctx){ .vni = 0x3a2b1c, .cmac = mac_inst, .smac = mac_vpcgw };
	b->macsec = (struct macsec_ctx){ .pn = { 1, 1 }, .vid = 201 };
	memcpy(b->macsec.sci[0], mac_dxcust, 6);
	b->macsec.sci[0][7] = 1;
	memcpy(b->macsec.sci[1], mac_dxaws, 6);
	b->macsec.sci[1][7] = 1;
	for (size_t i = 0; i < sizeof(b->payload); i++)
		b->payload[i] = (uint8_t)(i * 131 + 7);
	bench_flows(b);
	{
		static struct eth_ctx wan;

		wan = (struct eth_ctx){ .cmac = mac_cgw, .smac = mac_isp };
		flow_init(&b->natt, &b->out, wrap_eth, &wan, IP_CGW, 4500, IP_VPN_T1, 4500);
		flow_init(&b->esp, &b->out, wrap_eth, &wan, IP_CGW, 0, IP_VPN_T2, 0);
	}
	while (b->out.count < n)
		bench_one(b);
	gen_file_close(b->out.file);
	free(b);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen samples [DIR]\n"
			"       gen bench OUT.pcap N\n"
			"       gen bench-frag OUT.pcap N\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	addrs_init();
	if (argc >= 2 && strcmp(argv[1], "samples") == 0 && argc <= 3)
		return cmd_samples(argc == 3 ? argv[2] : "samples/captures");
	if (argc == 4 && strcmp(argv[1], "bench") == 0)
		return cmd_bench(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "bench-frag") == 0)
		return cmd_bench_frag(argv[2], argv[3]);
	usage();
	return 2;
}

/* ==== issue 18: BFD and LACP on a Direct Connect link, a TCP-MD5-signed BGP session, a
 * VPN whose ESP the generator encrypts with known keys ==== */

/* BFD control packet (RFC 5880 §4.1) without authentication */
static void
bfd_ctl(struct gen_pkt *p, uint8_t state, uint8_t diag, uint8_t flags, uint32_t my,
	uint32_t your, uint32_t interval_us)
{
	gen_reset(p);
	gen_u8(p, (uint8_t)(1 << 5 | diag));
	gen_u8(p, (uint8_t)(state << 6 | flags));
	gen_u8(p, 3);  /* Detect Mult: 3 x 300 ms, AWS's Direct Connect default */
	gen_u8(p, 24);
	gen_u32(p, my);
	gen_u32(p, your);
	gen_u32(p, interval_us);
	gen_u32(p, interval_us);
	gen_u32(p, 0);
}

/* A LACPDU (IEEE 802.1AX-2020 §6.4.2.3) from port `port` of system mac, with its partner
 * as it believes it (partner_port 0: defaulted, all zeros). */
static void
lacp_pdu(struct gen_pkt *p, const uint8_t *mac, uint16_t port, uint8_t state,
	const uint8_t *pmac, uint16_t pport, uint8_t pstate)
{
	static const uint8_t slow_mc[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };
	uint8_t src[6];

	memcpy(src, mac, 6);
	src[5] = (uint8_t)(src[5] + port); /* each member port has its own MAC */
	gen_reset(p);
	gen_eth(p, slow_mc, src, 0x8809);
	gen_u8(p, 1); /* LACP */
	gen_u8(p, 1);
	for (int who = 0; who < 2; who++) {
		const uint8_t *m = who ? pmac : mac;
		uint16_t pt = who ? pport : port;
		gen_u8(p, (uint8_t)(who + 1));
		gen_u8(p, 20);
		gen_u16(p, pt ? 32768 : 0);
		if (pt)
			gen_bytes(p, m, 6);
		else
			gen_bytes(p, (const uint8_t[6]){ 0 }, 6);
		gen_u16(p, pt ? 7 : 0);  /* key: the LAG */
		gen_u16(p, pt ? 32768 : 0);
		gen_u16(p, pt);
		gen_u8(p, who ? pstate : state);
		gen_bytes(p, (const uint8_t[3]){ 0 }, 3);
	}
	gen_u8(p, 3); /* Collector */
	gen_u8(p, 16);
	gen_u16(p, 0);
	gen_bytes(p, (const uint8_t[12]){ 0 }, 12);
	gen_u16(p, 0); /* Terminator */
	gen_bytes(p, (const uint8_t[50]){ 0 }, 50); /* reserved: the PDU is 110 bytes */
}

#define LACP_IN_SYNC 0x3f /* Activity Timeout Aggregation Sync Collecting Distributing */

/*
 * A Direct Connect LAG of two members with BFD on the private VIF (VLAN 201) and BGP over
 * it. First all is well (LACP in sync on both members, BFD Up both ways every 300 ms,
 * BGP keepalives). Then member 2 loses its partner: the customer's PDUs on port 2 say
 * Expired, then Defaulted and out of sync (the member leaves the bundle). Later AWS's BFD
 * stops altogether: 900 ms (3 x 300 ms) after its last packet the customer's BFD goes Down
 * with diagnostic 1, Control Detection Time Expired, and 0.3 s later BGP is closed with a
 * NOTIFICATION Cease/BFD Down (RFC 9384 §3) and a FIN.
 */
static void
dx_bfd_lacp_packets(struct sink *s)
{
	struct eth_ctx cust = { .cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201,
		.pcp = 6 };
	struct eth_ctx aws = { .cmac = mac_dxaws, .smac = mac_dxcust, .tags = 1, .cvid = 201,
		.pcp = 6 };
	struct flow bc, ba, bgp;
	const uint32_t disc_c = 0x4a11c001u, disc_a = 0x8e2a0f17u;

	flow_init(&bc, s, wrap_eth, &cust, IP_DX_CUST, 49152, IP_DX_AWS, 3784);
	flow_init(&ba, s, wrap_eth, &aws, IP_DX_AWS, 49187, IP_DX_CUST, 3784);
	bc.ttl[0] = ba.ttl[0] = 255; /* RFC 5881 §5: single hop, TTL 255 */
	bc.tos = ba.tos = 0xc0;
	flow_init(&bgp, s, wrap_eth, &cust, IP_DX_CUST, 41779, IP_DX_AWS, 179);
	bgp.ttl[0] = bgp.ttl[1] = 1;
	bgp.tos = 0xc0;

	for (uint16_t port = 1; port <= 2; port++) {
		lacp_pdu(&pkt, mac_dxcust, port, LACP_IN_SYNC, mac_dxaws, port, LACP_IN_SYNC);
		emit(s, &pkt);
		lacp_pdu(&pkt, mac_dxaws, port, LACP_IN_SYNC, mac_dxcust, port, LACP_IN_SYNC);
		emit(s, &pkt);
	}
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&bgp, true, pl.b, pl.len);
	tcp_send(&bgp, false, pl.b, pl.len);
	for (int i = 0; i < 4; i++) {
		bfd_ctl(&pl, 3, 0, 0, disc_c, disc_a, 300000);
		udp_dgram(&bc, true, pl.b, pl.len);
		bfd_ctl(&pl, 3, 0, 0, disc_a, disc_c, 300000);
		udp_dgram(&ba, true, pl.b, pl.len);
		sink_pause(s, 299);
	}
	/* member 2: the partner's PDUs stop; short timeout, 3 s later Expired */
	lacp_pdu(&pkt, mac_dxcust, 1, LACP_IN_SYNC, mac_dxaws, 1, LACP_IN_SYNC);
	emit(s, &pkt);
	lacp_pdu(&pkt, mac_dxaws, 1, LACP_IN_SYNC, mac_dxcust, 1, LACP_IN_SYNC);
	emit(s, &pkt);
	sink_pause(s, 3000);
	lacp_pdu(&pkt, mac_dxcust, 2, 0x87, mac_dxaws, 2, 0x3d); /* Expired, Sync kept */
	emit(s, &pkt);
	sink_pause(s, 3000);
	lacp_pdu(&pkt, mac_dxcust, 2, 0x47, NULL, 0, 0); /* Defaulted, out of sync */
	emit(s, &pkt);
	lacp_pdu(&pkt, mac_dxcust, 1, LACP_IN_SYNC, mac_dxaws, 1, LACP_IN_SYNC);
	emit(s, &pkt);
	lacp_pdu(&pkt, mac_dxaws, 1, LACP_IN_SYNC, mac_dxcust, 1, LACP_IN_SYNC);
	emit(s, &pkt);
	/* then the path fails: AWS's last BFD packet, the customer's three more, Down */
	bfd_ctl(&pl, 3, 0, 0, disc_a, disc_c, 300000);
	udp_dgram(&ba, true, pl.b, pl.len);
	for (int i = 0; i < 2; i++) {
		sink_pause(s, 299);
		bfd_ctl(&pl, 3, 0, 0, disc_c, disc_a, 300000);
		udp_dgram(&bc, true, pl.b, pl.len);
	}
	sink_pause(s, 299);
	bfd_ctl(&pl, 1, 1, 0, disc_c, disc_a, 1000000); /* RFC 5880 §6.8.4: Down, diag 1 */
	udp_dgram(&bc, true, pl.b, pl.len);
	sink_pause(s, 299);
	{
		size_t m;

		gen_reset(&pl);
		m = bgp_begin(&pl, BGP_NOTIFICATION);
		gen_u8(&pl, 6);  /* Cease */
		gen_u8(&pl, 10); /* BFD Down (RFC 9384 §3) */
		bgp_end(&pl, m);
	}
	tcp_send(&bgp, true, pl.b, pl.len);
	tcp_seg(&bgp, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	for (int i = 0; i < 2; i++) {
		sink_pause(s, 999);
		bfd_ctl(&pl, 1, 1, 0, disc_c, 0, 1000000);
		udp_dgram(&bc, true, pl.b, pl.len);
	}
}

static void
sample_dx_bfd_lacp(void)
{
	struct sink s;

	sink_init(&s, 720000, 200);
	dx_bfd_lacp_packets(&s);
	write_pcap("dx-bfd-lacp.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* A TCP segment signed with TCP-MD5 (RFC 2385 §2.0, §3.0): the option NOP NOP kind 19,
 * then NOP NOP timestamps (and MSS on a SYN); the digest over the pseudo-header, the
 * 20-byte header with a zero checksum, the data and the key, computed with libcrypto. */
static void
md5_seg(struct flow *f, bool c2s, uint8_t flags, const void *data, size_t len, const char *key)
{
	int d = c2s ? 0 : 1;
	uint8_t opt[40];
	size_t n = 0, at_md5, th;
	uint32_t src = c2s ? f->c4 : f->s4, dst = c2s ? f->s4 : f->c4;

	opt[n++] = 1;
	opt[n++] = 1;
	opt[n++] = 19;
	opt[n++] = 18;
	at_md5 = n;
	memset(opt + n, 0, 16);
	n += 16;
	if (flags & GEN_TH_SYN) {
		opt[n++] = 2;
		opt[n++] = 4;
		opt[n++] = 0x05;
		opt[n++] = 0xb4;
	}
	opt[n++] = 1;
	opt[n++] = 1;
	opt[n++] = 8;
	opt[n++] = 10;
	for (int i = 24; i >= 0; i -= 8)
		opt[n++] = (uint8_t)(f->tsv[d] >> i);
	for (int i = 24; i >= 0; i -= 8)
		opt[n++] = (uint8_t)(((flags & GEN_TH_ACK) ? f->tsv[!d] - 7 : 0) >> i);

	gen_reset(&pkt);
	f->wrap(&pkt, f, c2s, 0, 0x0800);
	ip_open(&pkt, f, c2s, 6);
	th = pkt.len;
	gen_push(&pkt, GEN_K_TCP);
	gen_u16(&pkt, c2s ? f->cport : f->sport);
	gen_u16(&pkt, c2s ? f->sport : f->cport);
	gen_u32(&pkt, f->seq[d]);
	gen_u32(&pkt, (flags & GEN_TH_ACK) ? f->seq[!d] : 0);
	gen_u8(&pkt, (uint8_t)((20 + n) / 4 << 4));
	gen_u8(&pkt, flags);
	gen_u16(&pkt, (flags & GEN_TH_SYN) ? 16384 : 502);
	gen_u16(&pkt, 0);
	gen_u16(&pkt, 0);
	gen_bytes(&pkt, opt, n);
	gen_bytes(&pkt, data, len);
	{
		uint8_t ph[12], hdr[20], md[16];
		unsigned int mdlen = 0;
		uint32_t seglen = (uint32_t)(20 + n + len);
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();

		for (int i = 0; i < 4; i++) {
			ph[i] = (uint8_t)(src >> (24 - 8 * i));
			ph[4 + i] = (uint8_t)(dst >> (24 - 8 * i));
		}
		ph[8] = 0;
		ph[9] = 6;
		ph[10] = (uint8_t)(seglen >> 8);
		ph[11] = (uint8_t)seglen;
		memcpy(hdr, pkt.b + th, 20);
		if (!ctx || EVP_DigestInit_ex(ctx, EVP_md5(), NULL) != 1 ||
			EVP_DigestUpdate(ctx, ph, 12) != 1 || EVP_DigestUpdate(ctx, hdr, 20) != 1 ||
			(len && EVP_DigestUpdate(ctx, data, len) != 1) ||
			EVP_DigestUpdate(ctx, key, strlen(key)) != 1 ||
			EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
			gen_die("libcrypto: MD5");
		EVP_MD_CTX_free(ctx);
		memcpy(pkt.b + th + 20 + at_md5, md, 16);
	}
	gen_end_all(&pkt);
	emit(f->out, &pkt);
	f->seq[d] += (uint32_t)len + ((flags & GEN_TH_SYN) ? 1 : 0) + ((flags & GEN_TH_FIN) ? 1 : 0);
	f->tsv[d] += 7;
	f->ipid[d]++;
}

/*
 * A Direct Connect BGP session signed with TCP-MD5 (AWS asks for an MD5 key on every
 * VIF): 169.254.255.1 (customer, AS 65000) and 169.254.255.2 (AWS) on VLAN 202 with the
 * key "dx-bgp-key": handshake, OPENs, KEEPALIVEs, then the customer's router is replaced
 * and closes the session; the new router signs with an old key, "dx-bgp-key-old": its SYN
 * and two retransmissions go unanswered (AWS drops segments whose signature fails, RFC
 * 2385 §2.0), which is all a capture of a session that never comes up shows.
 */
#define IP_MD5_CUST GEN_IP4(169, 254, 255, 1)
#define IP_MD5_AWS  GEN_IP4(169, 254, 255, 2)

static void
bgp_md5_packets(struct sink *s)
{
	struct eth_ctx dot1q = { .cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 202,
		.pcp = 6 };
	static const char good[] = "dx-bgp-key", old[] = "dx-bgp-key-old";
	struct flow f, g;

	flow_init(&f, s, wrap_eth, &dot1q, IP_MD5_CUST, 43211, IP_MD5_AWS, 179);
	f.ttl[0] = f.ttl[1] = 1;
	f.tos = 0xc0;
	md5_seg(&f, true, GEN_TH_SYN, NULL, 0, good);
	md5_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0, good);
	md5_seg(&f, true, GEN_TH_ACK, NULL, 0, good);
	gen_reset(&pl);
	bgp_open(&pl, AS_CUSTOMER, IP_MD5_CUST);
	md5_seg(&f, true, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	gen_reset(&pl);
	bgp_open(&pl, AS_AMAZON, IP_MD5_AWS);
	bgp_keepalive(&pl);
	md5_seg(&f, false, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	md5_seg(&f, true, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	sink_pause(s, 30000);
	md5_seg(&f, false, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	md5_seg(&f, true, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	sink_pause(s, 5000);
	gen_reset(&pl);
	bgp_shutdown(&pl, "router replacement");
	md5_seg(&f, true, GEN_TH_PSH | GEN_TH_ACK, pl.b, pl.len, good);
	md5_seg(&f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0, good);
	md5_seg(&f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0, good);
	md5_seg(&f, true, GEN_TH_ACK, NULL, 0, good);

	sink_pause(s, 60000);
	flow_init(&g, s, wrap_eth, &dot1q, IP_MD5_CUST, 37001, IP_MD5_AWS, 179);
	g.ttl[0] = 1;
	g.tos = 0xc0;
	for (int i = 0; i < 3; i++) {
		uint32_t seq = g.seq[0];

		md5_seg(&g, true, GEN_TH_SYN, NULL, 0, old);
		g.seq[0] = seq; /* a retransmission */
		sink_pause(s, 1000u << i);
	}
}

static void
sample_bgp_md5(void)
{
	struct sink s;

	sink_init(&s, 840000, 300);
	bgp_md5_packets(&s);
	write_pcap("bgp-md5.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* ---- ESP encrypted with known keys (RFC 4303, RFC 4106, RFC 3602 + RFC 4868) ---- */

struct vpn_sa {
	uint32_t spi;
	uint32_t src, dst;
	bool gcm;           /* AES-GCM-16 (RFC 4106) with key 16 bytes + salt; else AES-CBC-256 */
	uint8_t key[32];    /* GCM: 16 bytes of key then 4 of salt; CBC: 32 bytes */
	uint8_t akey[32];   /* CBC: HMAC-SHA2-256-128 key */
	uint32_t seq;
};

static void
key_fill(uint8_t *k, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		k[i] = (uint8_t)(seed + i * 29u);
}

/* The ESP packet of inner (an IP datagram, next header nh) under sa into p after its outer
 * headers; tamper flips one ciphertext bit after the ICV is made. */
static void
esp_seal(struct gen_pkt *p, struct vpn_sa *sa, const uint8_t *inner, size_t n, uint8_t nh,
	bool tamper)
{
	uint8_t pt[2048], ct[2048], iv[16], icv[32];
	size_t align = sa->gcm ? 4 : 16, ivlen = sa->gcm ? 8 : 16, m, hdr = p->len;
	int outl = 0, fin = 0;
	EVP_CIPHER_CTX *cx = EVP_CIPHER_CTX_new();

	if (n + 2 + 16 > sizeof(pt) || !cx)
		gen_die("esp_seal: packet too large");
	sa->seq++;
	memcpy(pt, inner, n);
	m = n;
	for (uint8_t i = 1; (m + 2) % align; i++) /* RFC 4303 §2.4: 1, 2, 3, ... */
		pt[m++] = i;
	pt[m] = (uint8_t)(m - n);
	pt[m + 1] = nh;
	m += 2;
	for (size_t i = 0; i < ivlen; i++) /* deterministic IVs: unique per packet */
		iv[i] = (uint8_t)(sa->seq * 131u + i * 17u + (sa->spi & 0xff));
	gen_u32(p, sa->spi);
	gen_u32(p, sa->seq);
	gen_bytes(p, iv, ivlen);
	if (sa->gcm) {
		uint8_t nonce[12];

		memcpy(nonce, sa->key + 16, 4);
		memcpy(nonce + 4, iv, 8);
		if (EVP_EncryptInit_ex(cx, EVP_aes_128_gcm(), NULL, NULL, NULL) != 1 ||
			EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) != 1 ||
			EVP_EncryptInit_ex(cx, NULL, NULL, sa->key, nonce) != 1 ||
			EVP_EncryptUpdate(cx, NULL, &outl, p->b + hdr, 8) != 1 ||
			EVP_EncryptUpdate(cx, ct, &outl, pt, (int)m) != 1 ||
			EVP_EncryptFinal_ex(cx, ct + outl, &fin) != 1 ||
			EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_GET_TAG, 16, icv) != 1)
			gen_die("libcrypto: AES-GCM");
		gen_bytes(p, ct, m);
	} else {
		unsigned int maclen = 0;
		uint8_t mac[EVP_MAX_MD_SIZE];

		if (EVP_EncryptInit_ex(cx, EVP_aes_256_cbc(), NULL, sa->key, iv) != 1 ||
			EVP_CIPHER_CTX_set_padding(cx, 0) != 1 ||
			EVP_EncryptUpdate(cx, ct, &outl, pt, (int)m) != 1 ||
			EVP_EncryptFinal_ex(cx, ct + outl, &fin) != 1)
			gen_die("libcrypto: AES-CBC");
		gen_bytes(p, ct, m);
		if (!HMAC(EVP_sha256(), sa->akey, 32, p->b + hdr, p->len - hdr, mac, &maclen))
			gen_die("libcrypto: HMAC");
		memcpy(icv, mac, 16);
	}
	EVP_CIPHER_CTX_free(cx);
	if (tamper)
		p->b[hdr + 8 + ivlen + 3] ^= 0x01;
	gen_bytes(p, icv, 16);
}

/* One xfrm state as `ip xfrm state` prints it (keys shown: `ip -s xfrm state` or
 * strongSwan's charon with keys exported for debugging). */
static void
xfrm_print(FILE *fp, const struct vpn_sa *sa, bool natt)
{
	fprintf(fp, "src %u.%u.%u.%u dst %u.%u.%u.%u\n", sa->src >> 24, sa->src >> 16 & 255,
		sa->src >> 8 & 255, sa->src & 255, sa->dst >> 24, sa->dst >> 16 & 255,
		sa->dst >> 8 & 255, sa->dst & 255);
	fprintf(fp, "\tproto esp spi 0x%08x reqid 1 mode tunnel\n", sa->spi);
	fprintf(fp, "\treplay-window 0 flag af-unspec\n");
	if (sa->gcm) {
		fprintf(fp, "\taead rfc4106(gcm(aes)) 0x");
		for (int i = 0; i < 20; i++)
			fprintf(fp, "%02x", sa->key[i]);
		fprintf(fp, " 128\n");
	} else {
		fprintf(fp, "\tauth-trunc hmac(sha256) 0x");
		for (int i = 0; i < 32; i++)
			fprintf(fp, "%02x", sa->akey[i]);
		fprintf(fp, " 128\n\tenc cbc(aes) 0x");
		for (int i = 0; i < 32; i++)
			fprintf(fp, "%02x", sa->key[i]);
		fprintf(fp, "\n");
	}
	if (natt)
		fprintf(fp, "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n");
	fprintf(fp, "\tanti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000\n");
	fprintf(fp, "\tsel src 0.0.0.0/0 dst 0.0.0.0/0 \n");
}

/* The same SA as a line of the CSV spi,src,dst,enc,enc-key,auth,auth-key */
static void
csv_print(FILE *fp, const struct vpn_sa *sa)
{
	fprintf(fp, "0x%08x,%u.%u.%u.%u,%u.%u.%u.%u,%s,", sa->spi, sa->src >> 24,
		sa->src >> 16 & 255, sa->src >> 8 & 255, sa->src & 255, sa->dst >> 24,
		sa->dst >> 16 & 255, sa->dst >> 8 & 255, sa->dst & 255,
		sa->gcm ? "aes-gcm-16" : "aes-cbc");
	for (int i = 0; i < (sa->gcm ? 20 : 32); i++)
		fprintf(fp, "%02x", sa->key[i]);
	fprintf(fp, ",%s,", sa->gcm ? "none" : "hmac-sha2-256-128");
	if (!sa->gcm)
		for (int i = 0; i < 32; i++)
			fprintf(fp, "%02x", sa->akey[i]);
	fprintf(fp, "\n");
}

/* Every packet recorded in `in` (IP datagrams, from wrap_raw flows), sealed into ESP on
 * the tunnel: c2s by the inner source address. tamper_at: the index of the packet whose
 * ciphertext is changed after sealing (an ICV that must fail), or SIZE_MAX. */
static void
vpn_seal_all(struct sink *out, const struct sink *in, struct eth_ctx *wan, struct vpn_sa *sa,
	uint32_t inner_client, bool natt, size_t tamper_at)
{
	for (size_t i = 0; i < in->n; i++) {
		const uint8_t *ip = in->r[i].data;
		uint32_t isrc = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 |
				(uint32_t)ip[14] << 8 | ip[15];
		bool c2s = isrc == inner_client;
		struct vpn_sa *s = &sa[c2s ? 0 : 1];
		static uint16_t ipid = 0x4100;

		gen_reset(&pkt);
		gen_eth(&pkt, c2s ? wan->smac : wan->cmac, c2s ? wan->cmac : wan->smac, 0x0800);
		gen_ipv4x(&pkt, s->src, s->dst, natt ? 17 : 50, 64, ipid++, 0, 0x4000, NULL, 0);
		if (natt)
			gen_udp(&pkt, 4500, 4500);
		esp_seal(&pkt, s, ip, in->r[i].caplen, 4, i == tamper_at);
		gen_end_all(&pkt);
		emit(out, &pkt);
	}
}

/*
 * Two Site-to-Site VPN tunnels from the customer gateway 203.0.113.10 whose ESP the
 * generator encrypts with known keys, written beside the capture as `ip xfrm state`
 * output (vpn-esp.xfrm) and as CSV (vpn-esp.csv):
 *   tunnel 1, NAT-T (UDP 4500) to 52.95.100.10, AES-GCM-16-128: a ping and an SSH
 *   connection from 192.168.10.5 to 10.1.1.10 (the 4th packet's ciphertext is altered:
 *   its ICV must fail);
 *   tunnel 2, ESP in IP to 52.95.100.74, AES-CBC-256 + HMAC-SHA2-256-128: a DNS lookup
 *   from 192.168.20.7 at the Route 53 Resolver 10.1.0.2.
 */
static void
vpn_esp_packets(struct sink *s)
{
	static struct eth_ctx wan;
	struct vpn_sa t1[2] = {
		{ .spi = 0xc5a10001u, .src = IP_CGW, .dst = IP_VPN_T1, .gcm = true },
		{ .spi = 0x75a10002u, .src = IP_VPN_T1, .dst = IP_CGW, .gcm = true },
	};
	struct vpn_sa t2[2] = {
		{ .spi = 0xc5b20001u, .src = IP_CGW, .dst = IP_VPN_T2 },
		{ .spi = 0x75b20002u, .src = IP_VPN_T2, .dst = IP_CGW },
	};
	struct sink in;
	struct flow f;
	FILE *x, *c;

	wan = (struct eth_ctx){ .cmac = mac_cgw, .smac = mac_isp };
	for (int i = 0; i < 2; i++) {
		key_fill(t1[i].key, 20, (uint8_t)(0x31 + i));
		key_fill(t2[i].key, 32, (uint8_t)(0x52 + i));
		key_fill(t2[i].akey, 32, (uint8_t)(0x73 + i));
	}

	sink_init(&in, 0, 1);
	flow_init(&f, &in, wrap_raw, NULL, IP_ONPREM, 50122, IP_INST, 22);
	ping(&f, true, 0x2a, 1);
	ping(&f, false, 0x2a, 1);
	tcp_session(&f, "SSH-2.0-OpenSSH_9.6\r\n", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
	vpn_seal_all(s, &in, &wan, t1, IP_ONPREM, true, 3);
	sink_free(&in);

	sink_init(&in, 0, 1);
	flow_init(&f, &in, wrap_raw, NULL, IP_ONPREM2, 53411, IP_RESOLVER, 53);
	dns_exchange(&f, 0x5eed, "app.corp.example.com", GEN_IP4(10, 1, 1, 10));
	vpn_seal_all(s, &in, &wan, t2, IP_ONPREM2, false, SIZE_MAX);
	sink_free(&in);

	x = fopen(out_path("vpn-esp.xfrm"), "w");
	c = fopen(out_path("vpn-esp.csv"), "w");
	if (!x || !c)
		gen_die("vpn-esp key files");
	fprintf(c, "spi,src,dst,enc,enc-key,auth,auth-key\n");
	for (int i = 0; i < 2; i++) {
		xfrm_print(x, &t1[i], true);
		xfrm_print(x, &t2[i], false);
		csv_print(c, &t1[i]);
		csv_print(c, &t2[i]);
	}
	if (fclose(x) || fclose(c))
		gen_die("vpn-esp key files");
}

static void
sample_vpn_esp(void)
{
	struct sink s;

	sink_init(&s, 960000, 700);
	vpn_esp_packets(&s);
	write_pcap("vpn-esp.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* ---- a DNSSEC-signed zone, signed here with Ed25519 (RFC 8080; deterministic, so the
 * sample is the same on every run) ---- */

struct ed_key {
	EVP_PKEY *pk;
	uint8_t rdata[4 + 32]; /* flags, protocol 3, algorithm 15, public key */
	uint16_t tag;
};

/* RFC 4034 appendix B */
static uint16_t
ed_key_tag(const uint8_t *rd, size_t n)
{
	uint32_t ac = 0;

	for (size_t i = 0; i < n; i++)
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	ac += ac >> 16 & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

static void
ed_key_make(struct ed_key *k, uint16_t flags, uint8_t seed)
{
	uint8_t priv[32];
	size_t n = 32;

	for (int i = 0; i < 32; i++)
		priv[i] = (uint8_t)(seed + i * 7);
	k->pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
	k->rdata[0] = (uint8_t)(flags >> 8);
	k->rdata[1] = (uint8_t)flags;
	k->rdata[2] = 3;
	k->rdata[3] = 15;
	if (!k->pk || EVP_PKEY_get_raw_public_key(k->pk, k->rdata + 4, &n) != 1 || n != 32)
		gen_die("libcrypto: Ed25519 key");
	k->tag = ed_key_tag(k->rdata, sizeof(k->rdata));
}

/* wire form, lowercase, of a dotted name without the trailing dot */
static size_t
wire_name(uint8_t *out, const char *name)
{
	size_t n = 0;

	while (*name) {
		size_t l = strcspn(name, ".");

		out[n++] = (uint8_t)l;
		for (size_t i = 0; i < l; i++)
			out[n++] = (uint8_t)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
		name += l;
		if (*name == '.')
			name++;
	}
	out[n++] = 0;
	return n;
}

/*
 * An RRSIG record (RFC 4034 §3) over the RRset of `type` at owner whose RDATAs (each
 * rdlen bytes, given in canonical order) are rds, by key k of zone signer, valid from inc to
 * exp; it is written into section sect of the message w. signed_owner is the name the
 * zone holds (a wildcard "*.x" for an expanded answer, RFC 4035 §5.3.2), or NULL for owner.
 */
static void
ed_rrsig_in(struct dns_w *w, int sect, const char *owner, const char *signed_owner,
	uint16_t type, const uint8_t *const *rds, const size_t *rdlen, size_t nrd,
	const struct ed_key *k, const char *signer, uint32_t inc, uint32_t exp)
{
	uint8_t data[1024], sig[64], on[256], sn[256];
	size_t n = 0, onl = wire_name(on, signed_owner ? signed_owner : owner),
	       snl = wire_name(sn, signer), sl = sizeof(sig);
	unsigned labels = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t rd;

	for (size_t i = 0; i < onl && on[i]; i += on[i] + 1u)
		labels++;
	if (on[0] == 1 && on[1] == '*')
		labels--; /* RFC 4034 §3.1.3: the "*" label is not counted */
	data[n++] = (uint8_t)(type >> 8);
	data[n++] = (uint8_t)type;
	data[n++] = 15;
	data[n++] = (uint8_t)labels;
	for (int s = 24; s >= 0; s -= 8)
		data[n++] = (uint8_t)(300u >> s);
	for (int s = 24; s >= 0; s -= 8)
		data[n++] = (uint8_t)(exp >> s);
	for (int s = 24; s >= 0; s -= 8)
		data[n++] = (uint8_t)(inc >> s);
	data[n++] = (uint8_t)(k->tag >> 8);
	data[n++] = (uint8_t)k->tag;
	memcpy(data + n, sn, snl);
	n += snl;
	for (size_t i = 0; i < nrd; i++) {
		memcpy(data + n, on, onl);
		n += onl;
		const uint8_t hdr[10] = { (uint8_t)(type >> 8), (uint8_t)type, 0, 1, 0, 0, 0x01, 0x2c,
			(uint8_t)(rdlen[i] >> 8), (uint8_t)rdlen[i] };
		memcpy(data + n, hdr, 10);
		n += 10;
		memcpy(data + n, rds[i], rdlen[i]);
		n += rdlen[i];
	}
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pk) != 1 ||
		EVP_DigestSign(ctx, sig, &sl, data, n) != 1 || sl != 64)
		gen_die("libcrypto: Ed25519 signature");
	EVP_MD_CTX_free(ctx);
	rd = dns_rr(w, sect, owner, DNS_T_RRSIG, 300);
	gen_u16(w->p, type);
	gen_u8(w->p, 15);
	gen_u8(w->p, (uint8_t)labels);
	gen_u32(w->p, 300);
	gen_u32(w->p, exp);
	gen_u32(w->p, inc);
	gen_u16(w->p, k->tag);
	dns_wname(w, signer, false); /* RFC 4034 §3.1.7: never compressed */
	gen_bytes(w->p, sig, 64);
	dns_rr_end(w, rd);
}

static void
ed_rrsig(struct dns_w *w, const char *owner, uint16_t type, const uint8_t *const *rds,
	const size_t *rdlen, size_t nrd, const struct ed_key *k, const char *signer, uint32_t inc,
	uint32_t exp)
{
	ed_rrsig_in(w, DNS_AN, owner, NULL, type, rds, rdlen, nrd, k, signer, inc, exp);
}

/* An A answer at name with its RRSIG; signed_addr is the address the signature was made
 * over (another than addr: the answer was changed after signing). */
static void
signed_a(struct sink *s, uint16_t id, uint16_t sport, const char *name, uint32_t addr,
	uint32_t signed_addr, const struct ed_key *zsk, uint32_t inc, uint32_t exp)
{
	static struct gen_pkt qb, rb;
	static struct dns_w q, r;
	static struct eth_ctx vpc;
	uint8_t a[4] = { (uint8_t)(signed_addr >> 24), (uint8_t)(signed_addr >> 16),
		(uint8_t)(signed_addr >> 8), (uint8_t)signed_addr };
	const uint8_t *rds[1] = { a };
	size_t lens[1] = { 4 };
	struct flow f;

	vpc = (struct eth_ctx){ .cmac = mac_inst, .smac = mac_vpcgw };
	dns_query(&q, &qb, false, id, name, DNS_T_A, true, true);
	dns_begin(&r, &rb, false, id, DNS_QR | DNS_RD | DNS_RA);
	dns_q(&r, name, DNS_T_A);
	dns_a(&r, DNS_AN, name, 300, addr);
	ed_rrsig(&r, name, DNS_T_A, rds, lens, 1, zsk, "corp.example.com", inc, exp);
	dns_finish(&r);
	dns_udp(s, &f, &vpc, sport, &q, &r, 2);
}

#define T_2024_03_01 1709251200u
#define T_2024_04_01 1711929600u
#define T_2024_04_24 1713916800u
#define T_2024_05_22 1716336000u

/* ---- NSEC3 (RFC 5155) over corp.example.com: SHA-1, no extra iterations, no salt, as
 * RFC 9276 §3.1 recommends ---- */

#define DNS_T_NSEC3      50
#define DNS_T_NSEC3PARAM 51
#define N3_ZONE          "corp.example.com"

struct n3_rec {
	const char *name;
	uint16_t types[6]; /* ascending, all in window 0 */
	unsigned ntypes;
	uint8_t h[20];
};

/* The zone's names: the apex, three hosts, the empty non-terminal wild above the wildcard
 * *.wild, and the unsigned delegation dev (NS only: no DS). */
static struct n3_rec n3_zone[] = {
	{ N3_ZONE, { DNS_T_NS, DNS_T_SOA, DNS_T_RRSIG, DNS_T_DNSKEY, DNS_T_NSEC3PARAM }, 5, { 0 } },
	{ "app." N3_ZONE, { DNS_T_A, DNS_T_RRSIG }, 2, { 0 } },
	{ "old." N3_ZONE, { DNS_T_A, DNS_T_RRSIG }, 2, { 0 } },
	{ "www." N3_ZONE, { DNS_T_A, DNS_T_RRSIG }, 2, { 0 } },
	{ "wild." N3_ZONE, { 0 }, 0, { 0 } },
	{ "*.wild." N3_ZONE, { DNS_T_A, DNS_T_RRSIG }, 2, { 0 } },
	{ "dev." N3_ZONE, { DNS_T_NS }, 1, { 0 } },
};
#define N3_N (sizeof(n3_zone) / sizeof(n3_zone[0]))

static void
n3_hash(const char *name, uint8_t h[20])
{
	uint8_t w[256];
	size_t n = wire_name(w, name);
	unsigned int l = 0;

	if (EVP_Digest(w, n, h, &l, EVP_sha1(), NULL) != 1 || l != 20)
		gen_die("libcrypto: SHA-1");
}

static int
n3_cmp(const void *a, const void *b)
{
	return memcmp(((const struct n3_rec *)a)->h, ((const struct n3_rec *)b)->h, 20);
}

/* the chain in hash order (RFC 5155 §7.1) */
static void
n3_chain(void)
{
	for (size_t i = 0; i < N3_N; i++)
		n3_hash(n3_zone[i].name, n3_zone[i].h);
	qsort(n3_zone, N3_N, sizeof(n3_zone[0]), n3_cmp);
}

/* The record matching name's hash (match), or the one whose span covers it; -1 without. */
static int
n3_find(const char *name, bool match)
{
	uint8_t h[20];

	n3_hash(name, h);
	for (size_t i = 0; i < N3_N; i++) {
		int c = memcmp(n3_zone[i].h, h, 20);

		if (c == 0)
			return match ? (int)i : -1;
		if (!match && c < 0 && (i + 1 == N3_N || memcmp(h, n3_zone[i + 1].h, 20) < 0))
			return (int)i;
	}
	/* before the first hash: the last record's span wraps to it (RFC 5155 §3.1.7) */
	return match ? -1 : (int)N3_N - 1;
}

/* RFC 4648 §7 base32hex, lowercase: 20 bytes to 32 digits */
static void
b32hex(const uint8_t h[20], char out[33])
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
	uint32_t acc = 0;
	unsigned bits = 0, n = 0;

	for (int i = 0; i < 20; i++) {
		acc = acc << 8 | h[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[n++] = digits[acc >> bits & 31];
		}
	}
	out[n] = 0;
}

/* NSEC3 record i of the chain and its RRSIG, into the authority section */
static void
n3_write(struct dns_w *w, int i, const struct ed_key *zsk)
{
	const struct n3_rec *z = &n3_zone[i];
	uint8_t rdata[64];
	size_t n = 0, rd;
	char label[33], owner[80];
	uint8_t bits[32] = { 0 };
	unsigned max = 0;

	rdata[n++] = 1; /* SHA-1 */
	rdata[n++] = 0; /* no opt-out */
	rdata[n++] = 0;
	rdata[n++] = 0; /* iterations */
	rdata[n++] = 0; /* salt length */
	rdata[n++] = 20;
	memcpy(rdata + n, n3_zone[(size_t)(i + 1) % N3_N].h, 20);
	n += 20;
	for (unsigned t = 0; t < z->ntypes; t++) {
		bits[z->types[t] / 8] |= (uint8_t)(0x80 >> (z->types[t] % 8));
		max = z->types[t] / 8u + 1;
	}
	if (max) { /* RFC 4034 §4.1.2: window 0, its length, its bytes */
		rdata[n++] = 0;
		rdata[n++] = (uint8_t)max;
		memcpy(rdata + n, bits, max);
		n += max;
	}
	b32hex(z->h, label);
	snprintf(owner, sizeof(owner), "%s." N3_ZONE, label);
	rd = dns_rr(w, DNS_NS, owner, DNS_T_NSEC3, 300);
	gen_bytes(w->p, rdata, n);
	dns_rr_end(w, rd);
	{
		const uint8_t *rds[1] = { rdata };
		size_t lens[1] = { n };

		ed_rrsig_in(w, DNS_NS, owner, NULL, DNS_T_NSEC3, rds, lens, 1, zsk, N3_ZONE,
			T_2024_04_24, T_2024_05_22);
	}
}

/* the zone's SOA (names uncompressed, so the signed RDATA is the written one) and RRSIG */
static void
n3_soa(struct dns_w *w, const struct ed_key *zsk)
{
	uint8_t rdata[128];
	size_t n = wire_name(rdata, "ns-1.awsdns-01.org"), rd;

	n += wire_name(rdata + n, "awsdns-hostmaster.amazon.com");
	for (int i = 0; i < 5; i++) {
		static const uint32_t v[5] = { 1, 7200, 900, 1209600, 300 };

		for (int sh = 24; sh >= 0; sh -= 8)
			rdata[n++] = (uint8_t)(v[i] >> sh);
	}
	rd = dns_rr(w, DNS_NS, N3_ZONE, DNS_T_SOA, 300);
	gen_bytes(w->p, rdata, n);
	dns_rr_end(w, rd);
	{
		const uint8_t *rds[1] = { rdata };
		size_t lens[1] = { n };

		ed_rrsig_in(w, DNS_NS, N3_ZONE, NULL, DNS_T_SOA, rds, lens, 1, zsk, N3_ZONE,
			T_2024_04_24, T_2024_05_22);
	}
}

/* One DO query to the Resolver and the response written to it (n3_ask(), then records,
 * then n3_answer()). */
struct n3_x {
	struct gen_pkt qb, rb;
	struct dns_w q, r;
};

static struct n3_x n3_x;

static struct dns_w *
n3_ask(uint16_t id, const char *qname, uint16_t qtype, uint16_t flags)
{
	dns_query(&n3_x.q, &n3_x.qb, false, id, qname, qtype, true, true);
	dns_begin(&n3_x.r, &n3_x.rb, false, id, flags);
	dns_q(&n3_x.r, qname, qtype);
	return &n3_x.r;
}

static void
n3_answer(struct sink *s, uint16_t sport)
{
	static struct eth_ctx vpc;
	struct flow f;

	vpc = (struct eth_ctx){ .cmac = mac_inst, .smac = mac_vpcgw };
	dns_opt(&n3_x.r, true, 0, NULL);
	dns_finish(&n3_x.r);
	dns_udp(s, &f, &vpc, sport, &n3_x.q, &n3_x.r, 2);
}

/* A negative answer (rcode 0: no data; 3: name error) with the SOA and the NSEC3 records
 * recs (-1 entries and repeats skipped), to a DO query. */
static void
n3_negative(struct sink *s, uint16_t id, uint16_t sport, const char *qname, uint16_t qtype,
	uint16_t rcode, const int *recs, size_t nrec, const struct ed_key *zsk)
{
	struct dns_w *r = n3_ask(id, qname, qtype, (uint16_t)(DNS_QR | DNS_RD | DNS_RA | rcode));

	n3_soa(r, zsk);
	for (size_t i = 0; i < nrec; i++) {
		bool dup = recs[i] < 0;

		for (size_t j = 0; j < i && !dup; j++)
			dup = recs[j] == recs[i];
		if (!dup)
			n3_write(r, recs[i], zsk);
	}
	n3_answer(s, sport);
}

/* An A answer synthesised from *.wild (RRSIG Labels 4), with or without the NSEC3 that
 * covers the next closer name (RFC 5155 §7.2.6). */
static void
n3_wildcard(struct sink *s, uint16_t id, uint16_t sport, const char *qname, uint32_t addr,
	bool proof, const struct ed_key *zsk)
{
	uint8_t a[4] = { (uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8),
		(uint8_t)addr };
	const uint8_t *rds[1] = { a };
	size_t lens[1] = { 4 };
	struct dns_w *r = n3_ask(id, qname, DNS_T_A, DNS_QR | DNS_RD | DNS_RA);

	dns_a(r, DNS_AN, qname, 300, addr);
	ed_rrsig_in(r, DNS_AN, qname, "*.wild." N3_ZONE, DNS_T_A, rds, lens, 1, zsk, N3_ZONE,
		T_2024_04_24, T_2024_05_22);
	if (proof)
		n3_write(r, n3_find(qname, false), zsk);
	n3_answer(s, sport);
}

/*
 * The NSEC3 half of the zone's story: a name error proved in full (closest encloser, next
 * closer, wildcard), a no-data answer, a wildcard answer with and without its proof, a name
 * error whose wildcard denial is missing (bogus), then the unsigned delegation dev: the
 * referral's NSEC3 has NS and no DS (insecure, RFC 5155 §8.9) and dev's own unsigned
 * answer is insecure too.
 */
static void
n3_packets(struct sink *s, const struct ed_key *zsk)
{
	n3_chain();
	{
		int recs[3] = { n3_find(N3_ZONE, true), n3_find("nothere." N3_ZONE, false),
			n3_find("*." N3_ZONE, false) };

		n3_negative(s, 0x7d05, 51005, "nothere." N3_ZONE, DNS_T_A, 3, recs, 3, zsk);
	}
	sink_pause(s, 100);
	{
		int recs[1] = { n3_find("app." N3_ZONE, true) };

		n3_negative(s, 0x7d06, 51006, "app." N3_ZONE, DNS_T_AAAA, 0, recs, 1, zsk);
	}
	sink_pause(s, 100);
	n3_wildcard(s, 0x7d07, 51007, "build-1.wild." N3_ZONE, GEN_IP4(10, 1, 1, 40), true, zsk);
	sink_pause(s, 100);
	n3_wildcard(s, 0x7d08, 51008, "build-2.wild." N3_ZONE, GEN_IP4(10, 1, 1, 41), false, zsk);
	sink_pause(s, 100);
	{
		/* a name whose covering record is not also the wildcard's, so leaving the
		 * wildcard's out leaves the proof incomplete */
		static char gone[64];
		int wc = n3_find("*." N3_ZONE, false), nc = -1;

		for (int i = 0; i < 100 && (nc < 0 || nc == wc); i++) {
			snprintf(gone, sizeof(gone), "gone-%d." N3_ZONE, i);
			nc = n3_find(gone, false);
		}
		int recs[2] = { n3_find(N3_ZONE, true), nc };

		n3_negative(s, 0x7d09, 51009, gone, DNS_T_A, 3, recs, 2, zsk);
	}
	sink_pause(s, 100);
	{
		/* the referral: dev's NS and its NSEC3 (NS, no DS), no AA */
		struct dns_w *r = n3_ask(0x7d0a, "ci.dev." N3_ZONE, DNS_T_A, DNS_QR);
		size_t rd = dns_rr(r, DNS_NS, "dev." N3_ZONE, DNS_T_NS, 300);

		dns_wname(r, "ns1.dev." N3_ZONE, true);
		dns_rr_end(r, rd);
		n3_write(r, n3_find("dev." N3_ZONE, true), zsk);
		n3_answer(s, 51010);
		sink_pause(s, 100);
		/* dev's own, unsigned, answer */
		r = n3_ask(0x7d0b, "ci.dev." N3_ZONE, DNS_T_A, DNS_QR | DNS_RD | DNS_RA);
		dns_a(r, DNS_AN, "ci.dev." N3_ZONE, 60, GEN_IP4(10, 1, 2, 30));
		n3_answer(s, 51011);
	}
}

/*
 * The zone corp.example.com signed with a KSK and a ZSK (Ed25519): the instance asks the
 * Resolver for its DNSKEY RRset (signed by the KSK), then three A records: one with a valid
 * signature, one whose signature expired a month before the capture, one whose address was
 * changed after signing; then the NSEC3 denials and wildcard answers of n3_packets(). The
 * trust anchor (the KSK's DS, digest type 2) is written beside the capture as
 * dnssec-zone.anchor.
 */
static void
dnssec_zone_packets(struct sink *s)
{
	static struct gen_pkt qb, rb;
	static struct dns_w q, r;
	static struct eth_ctx vpc;
	struct ed_key ksk, zsk;
	struct flow f;
	size_t rd;

	vpc = (struct eth_ctx){ .cmac = mac_inst, .smac = mac_vpcgw };
	ed_key_make(&ksk, 257, 0x4b);
	ed_key_make(&zsk, 256, 0x5a);
	{
		const uint8_t *rds[2] = { zsk.rdata, ksk.rdata }; /* canonical order: 256 < 257 */
		size_t lens[2] = { sizeof(zsk.rdata), sizeof(ksk.rdata) };

		dns_query(&q, &qb, false, 0x7d01, "corp.example.com", DNS_T_DNSKEY, true, true);
		dns_begin(&r, &rb, false, 0x7d01, DNS_QR | DNS_RD | DNS_RA);
		dns_q(&r, "corp.example.com", DNS_T_DNSKEY);
		rd = dns_rr(&r, DNS_AN, "corp.example.com", DNS_T_DNSKEY, 300);
		gen_bytes(r.p, ksk.rdata, sizeof(ksk.rdata));
		dns_rr_end(&r, rd);
		rd = dns_rr(&r, DNS_AN, "corp.example.com", DNS_T_DNSKEY, 300);
		gen_bytes(r.p, zsk.rdata, sizeof(zsk.rdata));
		dns_rr_end(&r, rd);
		ed_rrsig(&r, "corp.example.com", DNS_T_DNSKEY, rds, lens, 2, &ksk, "corp.example.com",
			T_2024_04_24, T_2024_05_22);
		dns_finish(&r);
		dns_udp(s, &f, &vpc, 51001, &q, &r, 2);
	}
	sink_pause(s, 100);
	signed_a(s, 0x7d02, 51002, "app.corp.example.com", GEN_IP4(10, 1, 1, 10),
		GEN_IP4(10, 1, 1, 10), &zsk, T_2024_04_24, T_2024_05_22);
	sink_pause(s, 100);
	signed_a(s, 0x7d03, 51003, "old.corp.example.com", GEN_IP4(10, 1, 1, 11),
		GEN_IP4(10, 1, 1, 11), &zsk, T_2024_03_01, T_2024_04_01);
	sink_pause(s, 100);
	signed_a(s, 0x7d04, 51004, "www.corp.example.com", GEN_IP4(10, 1, 1, 12),
		GEN_IP4(10, 1, 1, 99), &zsk, T_2024_04_24, T_2024_05_22);
	sink_pause(s, 100);
	n3_packets(s, &zsk);
	{
		uint8_t buf[256 + sizeof(ksk.rdata)], md[32];
		size_t n = wire_name(buf, "corp.example.com");
		unsigned int mdl = 0;
		FILE *fp = fopen(out_path("dnssec-zone.anchor"), "w");

		memcpy(buf + n, ksk.rdata, sizeof(ksk.rdata));
		n += sizeof(ksk.rdata);
		if (!fp || EVP_Digest(buf, n, md, &mdl, EVP_sha256(), NULL) != 1)
			gen_die("dnssec-zone.anchor");
		fprintf(fp, "; the KSK of corp.example.com (samples/gen.c), as its parent's DS\n");
		fprintf(fp, "corp.example.com. 3600 IN DS %u 15 2 ", ksk.tag);
		for (unsigned i = 0; i < mdl; i++)
			fprintf(fp, "%02X", md[i]);
		fprintf(fp, "\n");
		if (fclose(fp))
			gen_die("dnssec-zone.anchor");
	}
	EVP_PKEY_free(ksk.pk);
	EVP_PKEY_free(zsk.pk);
}

static void
sample_dnssec_zone(void)
{
	struct sink s;

	sink_init(&s, 1080000, 150);
	dnssec_zone_packets(&s);
	write_pcap("dnssec-zone.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* ---- the sample incident for `awstrace analyze` (issue 12) ---- */

/*
 * Two captures of one hybrid network (samples/topologies/hybrid), taken on the customer's
 * edge router: its Direct Connect port (802.1Q VLAN 201 = dxvif-ffabc123, BGP with AWS)
 * and its internet uplink (203.0.113.10, the customer gateway of vpn-0a1b2c3d4e5f60001,
 * ESP to the tunnel outside addresses 52.95.100.10 and .11).
 *
 * incident-hold.pcap (12:30): the DX link goes deaf. AWS's last KEEPALIVE arrives at
 * 12:31:01; the customer's keep leaving; 90 s later (the hold time AWS uses on DX) the
 * session is gone with no packet marking the moment, AWS withdraws 192.168.0.0/16 from
 * the DX gateway attachment and the transit gateway sends on-premises traffic over the
 * VPN: ESP starts on tunnel 1 right after. An HTTPS session to 10.2.1.20 that was on DX
 * retransmits into the void. All along, the on-premises DNS forwarder also asks the app
 * VPC's .2 resolver (10.1.0.2), which never answers outsiders, next to a Route 53
 * Resolver inbound endpoint (10.2.1.53) that answers. An HTTPS session to 10.1.1.10 is
 * inspected by the GWLB appliance; incident-appliance.pcap is the appliance's own capture
 * of it (GENEVE from the load balancer), to be analysed merged with the first.
 *
 * incident-notify.pcap (13:00): the same network; AWS ends the session with a
 * NOTIFICATION (Cease, Administrative Shutdown: "DX maintenance"), traffic moves to both
 * VPN tunnels (the customer router spreads it), and 65 s later the session comes back,
 * re-advertises 192.168.0.0/16, and traffic returns to Direct Connect.
 */

#define IP_RESOLVER_IN GEN_IP4(10, 2, 1, 53)
#define IP_VPN1_T1     GEN_IP4(52, 95, 100, 10)
#define IP_VPN1_T2     GEN_IP4(52, 95, 100, 11)

/* Sets the sink's clock to ms after GEN_BASE: each conversation is written in its own
 * order, and incident_sort() puts the records in time order before the file is written. */
static void
incident_at(struct sink *s, uint64_t ms)
{
	s->ts = GEN_BASE_NS + ms * UINT64_C(1000000);
}

/* Records in time order, ties in the order written (insertion sort: stable, and the
 * incident captures hold a few hundred records). */
static void
incident_sort(struct sink *s)
{
	for (size_t i = 1; i < s->n; i++) {
		struct rec r = s->r[i];
		size_t j = i;

		while (j > 0 && s->r[j - 1].ts > r.ts) {
			s->r[j] = s->r[j - 1];
			j--;
		}
		s->r[j] = r;
	}
}

static void
incident_keepalive(struct flow *f, bool c2s)
{
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(f, c2s, pl.b, pl.len);
}

/* One request and its answer on an established HTTPS session (TLS records, opaque). */
static void
incident_exchange(struct flow *f, size_t req, size_t resp, bool answered)
{
	uint8_t buf[1400];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0x17 + i * 29);
	tcp_seg(f, true, GEN_TH_PSH | GEN_TH_ACK, buf, req);
	if (!answered)
		return;
	tcp_seg(f, false, GEN_TH_PSH | GEN_TH_ACK, buf, resp);
	tcp_seg(f, true, GEN_TH_ACK, NULL, 0);
}

static void
incident_handshake(struct flow *f)
{
	tcp_seg(f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(f, true, GEN_TH_ACK, NULL, 0);
}

/* The same segment sent again (RFC 6298 §5: the timer doubles each time). */
static void
incident_retransmit(struct flow *f, size_t len)
{
	uint8_t buf[1400];

	memset(buf, 0x17, sizeof(buf));
	f->seq[0] -= (uint32_t)len;
	tcp_seg(f, true, GEN_TH_PSH | GEN_TH_ACK, buf, len);
}

static void
incident_esp(struct flow *f, bool c2s, uint32_t spi, uint32_t seq)
{
	esp_body(&pl, spi, seq, 4);
	ip_dgram(f, c2s, 50, pl.b, pl.len);
}

static void
incident_dns(struct flow *f, uint16_t id, const char *name, uint32_t a, bool answered)
{
	uint8_t addr[4] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a };

	dns_msg(&pl, id, false, name, 1, NULL, 0);
	udp_dgram(f, true, pl.b, pl.len);
	if (!answered)
		return;
	f->out->ts += 1800000; /* the endpoint answers in about 1.8 ms */
	dns_msg(&pl, id, true, name, 1, addr, 4);
	udp_dgram(f, false, pl.b, pl.len);
}

static void
incident_hold(void)
{
	static struct eth_ctx dot1q, wan, app;
	static struct gwlb_ctx gw;
	struct sink s, ap;
	struct flow bgp, https, insp, insp_ap, dns2, dnsin, esp;
	const uint64_t t0 = 1800000; /* 12:30:00 */

	dot1q = (struct eth_ctx){ .cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201 };
	wan = (struct eth_ctx){ .cmac = mac_cgw, .smac = mac_isp };
	app = (struct eth_ctx){ .cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201 };
	gw = (struct gwlb_ctx){ .endpoint = UINT64_C(0x123456789abcdef0),
		.attachment = UINT64_C(0x5a1b2c3d4e5f6071),
		.cookie = 0x6c2e11f5u,
		.sport = 61999 };
	sink_init(&s, t0, 300);
	sink_init(&ap, t0, 300);
	flow_init(&bgp, &s, wrap_eth, &dot1q, IP_DX_CUST, 41779, IP_DX_AWS, 179);
	bgp.ttl[0] = bgp.ttl[1] = 1;
	bgp.tos = 0xc0;
	flow_init(&https, &s, wrap_eth, &app, IP_ONPREM, 50200, IP_APP2, 443);
	flow_init(&insp, &s, wrap_eth, &app, IP_ONPREM, 50300, IP_INST, 443);
	flow_init(&insp_ap, &ap, wrap_gwlb, &gw, IP_ONPREM, 50300, IP_INST, 443);
	insp_ap.copies = 2;
	flow_init(&dns2, &s, wrap_eth, &app, IP_ONPREM, 53001, IP_RESOLVER, 53);
	flow_init(&dnsin, &s, wrap_eth, &app, IP_ONPREM, 53002, IP_RESOLVER_IN, 53);
	flow_init(&esp, &s, wrap_eth, &wan, IP_CGW, 0, IP_VPN1_T1, 0);

	/* 0-60 s: all is well; keepalives every 30 s both ways */
	for (int k = 0; k < 3; k++) {
		incident_at(&s, t0 + 500 + 30000u * (unsigned)k);
		incident_keepalive(&bgp, true);
		incident_at(&s, t0 + 1000 + 30000u * (unsigned)k);
		incident_keepalive(&bgp, false);
	}
	incident_at(&s, t0 + 1500);
	incident_handshake(&https);
	for (int k = 0; k < 6; k++) {
		incident_at(&s, t0 + 2000 + 10000u * (unsigned)k);
		incident_exchange(&https, 310, 1250, true);
		incident_at(&s, t0 + 4000 + 10000u * (unsigned)k);
		incident_dns(&dns2, (uint16_t)(0x5100 + k), "app.corp.internal", 0, false);
		incident_at(&s, t0 + 4500 + 10000u * (unsigned)k);
		incident_dns(&dnsin, (uint16_t)(0x5200 + k), "db.data.internal", IP_APP2, true);
	}
	/* the inspected session, seen on VLAN 201 and by the appliance at the same times */
	incident_at(&s, t0 + 7000);
	incident_at(&ap, t0 + 7000);
	ap.ts = s.ts + 300000;
	tcp_session(&insp, http_req, http_resp);
	tcp_session(&insp_ap, http_req, http_resp);

	/* 62 s: the link goes deaf; the customer's request is sent again and again */
	incident_at(&s, t0 + 70000);
	incident_exchange(&https, 310, 0, false);
	static const unsigned backoff[] = { 200, 600, 1400, 3000, 6200, 12600, 25400 };
	for (size_t k = 0; k < sizeof(backoff) / sizeof(backoff[0]); k++) {
		incident_at(&s, t0 + 70000 + backoff[k]);
		incident_retransmit(&https, 310);
	}
	for (int k = 3; k < 6; k++) {
		incident_at(&s, t0 + 500 + 30000u * (unsigned)k);
		incident_keepalive(&bgp, true);
	}
	/* 151 s: AWS's hold timer (last KEEPALIVE 61 s + 90 s) ended the session; the
	 * customer router gave up too and now sends through the VPN (tunnel 1) */
	for (uint32_t k = 0; k < 20; k++) {
		incident_at(&s, t0 + 152000 + 1000u * k);
		incident_esp(&esp, true, 0xc1a00001u, 1000 + k + (k >= 10 ? 3 : 0));
		incident_esp(&esp, false, 0xc2b00001u, 2000 + k);
	}
	incident_sort(&s);
	incident_sort(&ap);
	write_pcap("incident-hold.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	write_pcap("incident-appliance.pcap", &ap, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
	sink_free(&ap);
}

static void
incident_notify(void)
{
	static struct eth_ctx dot1q, wan;
	struct sink s;
	struct flow bgp, bgp2, https, https2, esp1, esp2;
	const uint64_t t0 = 3600000; /* 13:00:00 */

	dot1q = (struct eth_ctx){ .cmac = mac_dxcust, .smac = mac_dxaws, .tags = 1, .cvid = 201 };
	wan = (struct eth_ctx){ .cmac = mac_cgw, .smac = mac_isp };
	sink_init(&s, t0, 300);
	flow_init(&bgp, &s, wrap_eth, &dot1q, IP_DX_CUST, 41779, IP_DX_AWS, 179);
	bgp.ttl[0] = bgp.ttl[1] = 1;
	bgp.tos = 0xc0;
	flow_init(&bgp2, &s, wrap_eth, &dot1q, IP_DX_CUST, 41781, IP_DX_AWS, 179);
	bgp2.ttl[0] = bgp2.ttl[1] = 1;
	bgp2.tos = 0xc0;
	flow_init(&https, &s, wrap_eth, &dot1q, IP_ONPREM, 50400, IP_APP2, 443);
	flow_init(&https2, &s, wrap_eth, &dot1q, IP_ONPREM, 50410, IP_APP2, 443);
	flow_init(&esp1, &s, wrap_eth, &wan, IP_CGW, 0, IP_VPN1_T1, 0);
	flow_init(&esp2, &s, wrap_eth, &wan, IP_CGW, 0, IP_VPN1_T2, 0);

	for (int k = 0; k < 2; k++) {
		incident_at(&s, t0 + 500 + 30000u * (unsigned)k);
		incident_keepalive(&bgp, true);
		incident_at(&s, t0 + 1000 + 30000u * (unsigned)k);
		incident_keepalive(&bgp, false);
	}
	incident_at(&s, t0 + 1500);
	incident_handshake(&https);
	for (int k = 0; k < 4; k++) {
		incident_at(&s, t0 + 2000 + 10000u * (unsigned)k);
		incident_exchange(&https, 280, 900, true);
	}
	/* 45 s: AWS ends the session for maintenance (RFC 9003 shutdown communication) */
	incident_at(&s, t0 + 45000);
	gen_reset(&pl);
	bgp_shutdown(&pl, "DX maintenance");
	tcp_send(&bgp, false, pl.b, pl.len);
	tcp_seg(&bgp, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&bgp, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&bgp, false, GEN_TH_ACK, NULL, 0);
	/* 46-109 s: the VPN carries it, both tunnels */
	for (uint32_t k = 0; k < 64; k++) {
		incident_at(&s, t0 + 46000 + 1000u * k);
		incident_esp(&esp1, true, 0xc1a00011u, 1 + k);
		incident_esp(&esp2, true, 0xc1a00012u, 1 + k);
		incident_esp(&esp1, false, 0xc2b00011u, 1 + k);
		incident_esp(&esp2, false, 0xc2b00012u, 1 + k);
	}
	/* 110 s: the session comes back and re-advertises */
	incident_at(&s, t0 + 110000);
	incident_handshake(&bgp2);
	gen_reset(&pl);
	bgp_open(&pl, AS_CUSTOMER, IP_DX_CUST);
	tcp_send(&bgp2, true, pl.b, pl.len);
	gen_reset(&pl);
	bgp_open(&pl, AS_AMAZON, IP_DX_AWS);
	bgp_keepalive(&pl);
	tcp_send(&bgp2, false, pl.b, pl.len);
	incident_keepalive(&bgp2, true);
	incident_at(&s, t0 + 110200);
	gen_reset(&pl);
	bgp_update_customer(&pl);
	bgp_eor(&pl);
	tcp_send(&bgp2, true, pl.b, pl.len);
	gen_reset(&pl);
	bgp_update_aws(&pl);
	bgp_eor(&pl);
	tcp_send(&bgp2, false, pl.b, pl.len);
	/* traffic is back on Direct Connect */
	incident_at(&s, t0 + 115000);
	incident_handshake(&https2);
	for (int k = 0; k < 3; k++) {
		incident_at(&s, t0 + 115500 + 5000u * (unsigned)k);
		incident_exchange(&https2, 280, 900, true);
	}
	incident_at(&s, t0 + 140000);
	incident_keepalive(&bgp2, true);
	incident_keepalive(&bgp2, false);
	incident_sort(&s);
	write_pcap("incident-notify.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* Called from cmd_samples(). */
static void
sample_incident(void)
{
	incident_hold();
	incident_notify();
}

/* ---- what issue 14 decodes: IP fragments, GRE (Transit Gateway Connect), MPLS, ERSPAN ---- */

/* An IPv4 datagram in whole (Ethernet first, l2 bytes) cut into fragments of at most
 * `mtu` bytes of IP payload (a multiple of 8), in order (RFC 791 §3.2). */
static void
emit_fragments4(struct sink *s, const struct gen_pkt *whole, size_t l2, size_t mtu)
{
	size_t ihl = (size_t)(whole->b[l2] & 0x0f) * 4;
	size_t data = whole->len - l2 - ihl;

	for (size_t at = 0; at < data; at += mtu) {
		size_t n = data - at < mtu ? data - at : mtu;
		emit_fragment(s, whole, l2, at, n, at + n < data);
	}
}

/* An IPv6 datagram: Ethernet, the 40-byte header (next header `next`), then payload p,
 * cut into fragments of `mtu` bytes after a Fragment header (RFC 8200 §4.5). */
static void
emit_fragments6(struct sink *s, const uint8_t *smac, const uint8_t *dmac, const uint8_t *src,
	const uint8_t *dst, uint8_t next, const struct gen_pkt *payload, size_t mtu, uint32_t id)
{
	for (size_t at = 0; at < payload->len; at += mtu) {
		size_t n = payload->len - at < mtu ? payload->len - at : mtu;

		gen_reset(&pkt);
		gen_eth(&pkt, dmac, smac, 0x86dd);
		gen_ipv6(&pkt, src, dst, 44, 64, 0x2b7c1u);
		gen_ip6_frag(&pkt, next, (uint16_t)(at / 8), at + n < payload->len, id);
		gen_bytes(&pkt, payload->b + at, n);
		gen_end_all(&pkt);
		emit(s, &pkt);
	}
}

/*
 * fragments.pcap: what arrives in IP fragments. A DNSSEC answer over IPv6 from the Route 53
 * Resolver (fd00:ec2::253, its IPv6 address on Nitro instances) too large for a 1280-byte
 * path: the DNSKEY RRset of example.com with its RRSIG, in two fragments; an IKE_AUTH with
 * certificates (about 2 KB) from the customer gateway over NAT-T in two IPv4 fragments;
 * and a fragment whose datagram never completes (the rest was lost).
 */
static void
frag_packets(struct sink *s)
{
	static struct gen_pkt whole, dnsp;
	struct dns_w w;
	struct dnskey ksk, zsk[14];
	uint8_t r53[16];
	struct flow f;
	static struct eth_ctx wan;

	gen_ip6("fd00:ec2::253", r53);
	/* the query, whole */
	dns_query(&w, &dnsp, false, 0x5e11, "example.com", DNS_T_DNSKEY, true, true);
	gen_reset(&pkt);
	gen_eth(&pkt, mac_vpcgw, mac_inst, 0x86dd);
	gen_ipv6(&pkt, ip6_inst, r53, 17, 64, 0x2b7c1u);
	gen_udp(&pkt, 53111, 53);
	gen_bytes(&pkt, dnsp.b, dnsp.len);
	gen_end_all(&pkt);
	emit(s, &pkt);
	/* the answer: 1 KSK and 14 ZSKs (a provider rollover), signed */
	dns_begin(&w, &dnsp, false, 0x5e11, DNS_QR | DNS_RD | DNS_RA | DNS_AD);
	dns_q(&w, "example.com", DNS_T_DNSKEY);
	dnskey_make(&ksk, 257, 0x6b000001u);
	dns_dnskey(&w, "example.com", 3600, &ksk);
	for (int k = 0; k < 14; k++) {
		dnskey_make(&zsk[k], 256, 0x6b000010u + (uint32_t)k);
		dns_dnskey(&w, "example.com", 3600, &zsk[k]);
	}
	dns_rrsig(&w, DNS_AN, "example.com", DNS_T_DNSKEY, 2, 3600, ksk.tag, "example.com",
		0x6b000100u);
	dns_rrsig(&w, DNS_AN, "example.com", DNS_T_DNSKEY, 2, 3600, zsk[0].tag, "example.com",
		0x6b000101u);
	dns_opt(&w, true, 0, NULL);
	dns_finish(&w);
	/* the UDP datagram whole (checksum over the IPv6 pseudo-header), then fragments */
	gen_reset(&whole);
	gen_ipv6(&whole, r53, ip6_inst, 17, 64, 0x2b7c1u);
	gen_udp(&whole, 53, 53111);
	gen_bytes(&whole, dnsp.b, dnsp.len);
	gen_end_all(&whole);
	sink_pause(s, 2);
	{
		static struct gen_pkt udp;

		gen_reset(&udp);
		gen_bytes(&udp, whole.b + 40, whole.len - 40);
		emit_fragments6(s, mac_vpcgw, mac_inst, r53, ip6_inst, 17, &udp, 1232, 0x7f3a0c11u);
	}

	/* IKE_AUTH with CERT payloads: about 2 KB over NAT-T, IPv4 fragments at 1480 */
	sink_pause(s, 20);
	wan = (struct eth_ctx){ .cmac = mac_cgw, .smac = mac_isp };
	flow_init(&f, s, wrap_eth, &wan, IP_CGW, 4500, IP_VPN_T1, 4500);
	ike_sk(&pl, true, 35, false, 1, 35, 120);
	gen_reset(&whole);
	gen_eth(&whole, mac_isp, mac_cgw, 0x0800);
	gen_ipv4x(&whole, IP_CGW, IP_VPN_T1, 17, 64, 0x4d21, 0, 0, NULL, 0);
	gen_udp(&whole, 4500, 4500);
	gen_bytes(&whole, pl.b, pl.len);
	gen_end_all(&whole);
	emit_fragments4(s, &whole, 14, 1480);
	ike_sk(&pl, true, 35, true, 1, 36, 16);
	udp_dgram(&f, false, pl.b, pl.len);

	/* the first fragment of a datagram whose second one was lost */
	sink_pause(s, 20);
	ike_sk(&pl, true, 37, false, 2, 0, 100);
	gen_reset(&whole);
	gen_eth(&whole, mac_isp, mac_cgw, 0x0800);
	gen_ipv4x(&whole, IP_CGW, IP_VPN_T1, 17, 64, 0x4d22, 0, 0, NULL, 0);
	gen_udp(&whole, 4500, 4500);
	gen_bytes(&whole, pl.b, pl.len);
	gen_end_all(&whole);
	emit_fragment(s, &whole, 14, 0, 1480, true);
}

/*
 * tgw-connect.pcap: a Transit Gateway Connect attachment
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-connect.html): GRE between an SD-WAN
 * appliance (10.3.1.10) and the transit gateway's GRE address from its CIDR block
 * (10.99.0.1), BGP inside the tunnel between the inside addresses of a 169.254.6.0/29
 * (the appliance .1, the transit gateway .2), traffic from the branch (172.16.1.5) to an
 * instance, and the appliance's NOTIFICATION after a segment the capture lost.
 */
#define IP_SDWAN    GEN_IP4(10, 3, 1, 10)
#define IP_TGW_GRE  GEN_IP4(10, 99, 0, 1)
#define IP_IN_SDWAN GEN_IP4(169, 254, 6, 1)
#define IP_IN_TGW   GEN_IP4(169, 254, 6, 2)
#define AS_SDWAN    65010u

struct gre_ctx {
	uint16_t ipid;
	uint32_t seq;
	bool key;
};

static void
wrap_gre(struct gen_pkt *p, struct flow *f, bool c2s, int copy, uint16_t etype)
{
	struct gre_ctx *g = f->ctx;

	(void)copy;
	gen_eth(p, c2s ? mac_vpcgw : mac_appl, c2s ? mac_appl : mac_vpcgw, 0x0800);
	gen_ipv4x(p, c2s ? IP_SDWAN : IP_TGW_GRE, c2s ? IP_TGW_GRE : IP_SDWAN, 47, 64, g->ipid++,
		0, 0x4000, NULL, 0);
	gen_u16(p, g->key ? 0x2000 : 0);
	gen_u16(p, etype);
	if (g->key)
		gen_u32(p, 1000);
}

static void
tgw_connect_packets(struct sink *s)
{
	static struct gre_ctx g;
	struct flow f, app;

	g = (struct gre_ctx){ .ipid = 0x1200 };
	flow_init(&f, s, wrap_gre, &g, IP_IN_SDWAN, 43179, IP_IN_TGW, 179);
	f.ttl[0] = f.ttl[1] = 1;
	f.tos = 0xc0;
	tcp_seg(&f, true, GEN_TH_SYN, NULL, 0);
	tcp_seg(&f, false, GEN_TH_SYN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
	gen_reset(&pl);
	bgp_open(&pl, AS_SDWAN, IP_IN_SDWAN);
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	bgp_open(&pl, AS_AMAZON, IP_IN_TGW);
	bgp_keepalive(&pl);
	tcp_send(&f, false, pl.b, pl.len);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	tcp_send(&f, true, pl.b, pl.len);
	gen_reset(&pl);
	bgp_update_customer(&pl);
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, false, GEN_TH_ACK, NULL, 0);

	/* branch traffic through the tunnel */
	sink_pause(s, 500);
	flow_init(&app, s, wrap_gre, &g, GEN_IP4(172, 16, 1, 5), 50500, IP_INST, 443);
	ping(&app, true, 0x2a, 1);
	ping(&app, false, 0x2a, 1);
	tcp_session(&app, http_req, http_resp);

	/* a KEEPALIVE the capture missed, then the appliance ends the session */
	sink_pause(s, 30000);
	gen_reset(&pl);
	bgp_keepalive(&pl);
	f.seq[0] += (uint32_t)pl.len;
	gen_reset(&pl);
	bgp_shutdown(&pl, "sdwan failover");
	tcp_send(&f, true, pl.b, pl.len);
	tcp_seg(&f, true, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, false, GEN_TH_FIN | GEN_TH_ACK, NULL, 0);
	tcp_seg(&f, true, GEN_TH_ACK, NULL, 0);
}

/*
 * mpls-erspan.pcap: a provider edge's MPLS frames (RFC 3032): one label over IPv4, a
 * three-label stack over IPv6, an Ethernet pseudowire with the RFC 4448 control word;
 * then traffic mirrored to a sensor in ERSPAN type II and type III (GRE 0x88BE, 0x22EB).
 */
static void
mpls_erspan_packets(struct sink *s)
{
	static const uint8_t pe1[6] = { 0x00, 0x1b, 0x54, 0x10, 0x00, 0x01 };
	static const uint8_t pe2[6] = { 0x00, 0x1b, 0x54, 0x10, 0x00, 0x02 };
	static const uint8_t sensor[6] = { 0x0a, 0x6b, 0x7c, 0x00, 0x5e, 0x01 };

	gen_reset(&pkt);
	gen_eth(&pkt, pe2, pe1, 0x8847);
	gen_u32(&pkt, 24001u << 12 | 0x100 | 63);
	gen_ipv4(&pkt, IP_ONPREM, IP_INST, 1, 62, 0x0101);
	gen_icmp(&pkt, 8, 0, 0x002b0001u);
	gen_fill(&pkt, 32, 0x3f000001u);
	gen_end_all(&pkt);
	emit(s, &pkt);

	gen_reset(&pkt);
	gen_eth(&pkt, pe2, pe1, 0x8847);
	gen_u32(&pkt, 16005u << 12 | 63);
	gen_u32(&pkt, 299u << 12 | 2u << 9 | 63);
	gen_u32(&pkt, 24002u << 12 | 0x100 | 63);
	gen_ipv6(&pkt, ip6_onprem, ip6_inst, 58, 62, 0x11111u);
	gen_icmp6(&pkt, 128, 0, 0x002c0001u);
	gen_fill(&pkt, 32, 0x3f000002u);
	gen_end_all(&pkt);
	emit(s, &pkt);

	gen_reset(&pkt);
	gen_eth(&pkt, pe2, pe1, 0x8847);
	gen_u32(&pkt, 16005u << 12 | 63);
	gen_u32(&pkt, 524287u << 12 | 0x100 | 255);
	gen_u32(&pkt, 0x00000007u); /* control word, sequence 7 */
	gen_eth(&pkt, mac_inst, mac_dxcust, 0x0800);
	gen_ipv4(&pkt, IP_ONPREM, IP_INST, 1, 64, 0x0102);
	gen_icmp(&pkt, 8, 0, 0x002d0001u);
	gen_fill(&pkt, 32, 0x3f000003u);
	gen_end_all(&pkt);
	emit(s, &pkt);

	for (int type = 2; type <= 3; type++) {
		gen_reset(&pkt);
		gen_eth(&pkt, sensor, mac_vpcgw, 0x0800);
		gen_ipv4x(&pkt, IP_INST, GEN_IP4(10, 1, 250, 20), 47, 64, (uint16_t)(0x0200 + type),
			0, 0x4000, NULL, 0);
		gen_u16(&pkt, 0x1000);
		gen_u16(&pkt, type == 2 ? 0x88be : 0x22eb);
		gen_u32(&pkt, (uint32_t)type);
		if (type == 2) {
			gen_u32(&pkt, 1u << 28 | 201u << 16 | 5u << 13 | 1u << 11 | 17);
			gen_u32(&pkt, 3);
		} else {
			gen_u32(&pkt, 2u << 28 | 201u << 16 | 17);
			gen_u32(&pkt, 1714564800u);
			gen_u32(&pkt, 7u << 4);
		}
		gen_eth(&pkt, mac_vpcgw, mac_inst, 0x0800);
		gen_ipv4(&pkt, IP_INST, IP_ONPREM, 1, 64, 0x0103);
		gen_icmp(&pkt, 8, 0, (uint32_t)0x002e0000u | (uint32_t)type);
		gen_fill(&pkt, 32, 0x3f000004u);
		gen_end_all(&pkt);
		emit(s, &pkt);
	}
}

static void
sample_decode_next(void)
{
	struct sink s;

	sink_init(&s, 900000, 300);
	frag_packets(&s);
	write_pcap("fragments.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
	sink_init(&s, 960000, 300);
	tgw_connect_packets(&s);
	write_pcap("tgw-connect.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
	sink_init(&s, 1020000, 300);
	mpls_erspan_packets(&s);
	write_pcap("mpls-erspan.pcap", &s, GEN_LT_EN10MB, GEN_PCAP_US, false);
	sink_free(&s);
}

/* A fragment-heavy benchmark capture: UDP datagrams of 2,000 to 9,000 bytes (jumbo DNS
 * and IKE, GENEVE over a 1500 path) cut into 1480-byte IPv4 fragments, a tenth of them
 * with the last two fragments swapped, from 64 sources. */
static int
cmd_bench_frag(const char *path, const char *count)
{
	static struct gen_pkt whole;
	static struct sink out;
	char *end;
	unsigned long long n;
	uint16_t id = 1;

	errno = 0;
	n = strtoull(count, &end, 10);
	if (errno || *end || n == 0)
		gen_die("bench-frag: N must be a positive number");
	sink_init(&out, 600000, 3);
	out.file = gen_file_open(path, GEN_PCAP_US, false, false, 1u << 20);
	gen_pcap_header(out.file, GEN_LT_EN10MB, 262144);
	while (out.count < n) {
		size_t len = 2000 + rnd() % 7000;
		uint32_t src = GEN_IP4(10, 1, 1, 10 + (unsigned)(rnd() % 64));

		gen_reset(&whole);
		gen_eth(&whole, mac_vpcgw, mac_inst, 0x0800);
		gen_ipv4x(&whole, src, IP_ONPREM, 17, 64, id++, 0, 0, NULL, 0);
		gen_udp(&whole, (uint16_t)(40000 + rnd() % 1000), 9000);
		gen_fill(&whole, len, rnd());
		gen_end_all(&whole);
		size_t data = whole.len - 34;
		size_t nfr = (data + 1479) / 1480;
		bool swap = rnd() % 10 == 0 && nfr >= 2;
		for (size_t k = 0; k < nfr; k++) {
			size_t i = swap && k >= nfr - 2 ? (k == nfr - 2 ? nfr - 1 : nfr - 2) : k;
			size_t at = i * 1480;
			size_t m = data - at < 1480 ? data - at : 1480;
			emit_fragment(&out, &whole, 14, at, m, at + m < data);
		}
	}
	gen_file_close(out.file);
	return 0;
}
