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
 * Load Balancer (GENEVE to appliances) and Traffic Mirroring (VXLAN).
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
		gen_ipv4(p, c2s ? f->c4 : f->s4, c2s ? f->s4 : f->c4, proto, f->ttl[d], f->ipid[d]);
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

		if (rnd() % 64 == 0) {
			static const uint8_t ka = 0xff;

			udp_dgram(&b->natt, c2s, &ka, 1);
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
			"       gen bench OUT.pcap N\n");
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
	usage();
	return 2;
}
