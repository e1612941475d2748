/* test_analyze.c - the time-aware model of replay/analyze.c and replay/bgp_time.c on the
 * bundled topology (samples/topologies/hybrid): BGP seen on the Direct Connect VIF (802.1Q
 * 201, 169.254.100.2 customer <-> .1 AWS) moves 192.168.0.0/16 in the transit gateway's
 * table, and the reply path of HTTPS flows from on-premises (192.168.10.5) to 10.2.1.20
 * says which way AWS sends traffic back: over dxvif-ffabc123 or over a tunnel of
 * vpn-0a1b2c3d4e5f60001. Frames are built here header by header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include "replay/analyze.h"

#include <stdio.h>
#include <string.h>

#define TOPO "samples/topologies/hybrid"
#define VIF "dxvif-ffabc123"
#define VPN "vpn-0a1b2c3d4e5f60001"
#define S(x) ((int64_t)(x) * 1000000000LL)
#define T0 S(1714564800)

struct st {
	struct model *m;
	struct model_engine *e;
	struct analyze *a;
	struct dec *d;
	uint64_t n;
	uint32_t seq;
};

static int
setup(void **state)
{
	struct st *s = g_new0(struct st, 1);
	GError *err = NULL;
	s->m = model_load(TOPO, &err);
	if (!s->m)
		return -1;
	s->e = model_engine_new(s->m, &err);
	s->a = analyze_new(s->m, s->e, NULL, &err);
	s->d = dec_new();
	*state = s;
	return s->e && s->a ? 0 : -1;
}

static int
teardown(void **state)
{
	struct st *s = *state;
	analyze_free(s->a);
	model_engine_free(s->e);
	model_free(s->m);
	dec_free(s->d);
	g_free(s);
	return 0;
}

/* ---- frames ---- */

struct fb {
	uint8_t b[600];
	size_t n;
};

static void
put(struct fb *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}
static void
put8(struct fb *f, uint8_t v)
{
	f->b[f->n++] = v;
}
static void
put16(struct fb *f, uint16_t v)
{
	put8(f, (uint8_t)(v >> 8));
	put8(f, (uint8_t)v);
}
static void
put32(struct fb *f, uint32_t v)
{
	put16(f, (uint16_t)(v >> 16));
	put16(f, (uint16_t)v);
}

static uint32_t
ip(const char *s)
{
	struct model_addr a;
	assert_true(model_addr_parse(s, &a));
	return a.a.v4;
}

/* the VIF the frames are on: VLAN 201 with its BGP peers, or the private VIF of the
 * analyze-vgw fixture (setup_vgw) */
static uint16_t vif_vlan = 201;
static const char *vif_customer = "169.254.100.2", *vif_aws = "169.254.100.1";

/* Ethernet + 802.1Q (vif_vlan) + IPv4 + TCP (20 bytes) + payload */
static void
tcp_frame(struct fb *f, const char *src, uint16_t sp, const char *dst, uint16_t dp, uint8_t flags,
	uint32_t seq, const uint8_t *pl, size_t n)
{
	static const uint8_t macs[12] = { 0, 0x25, 0x90, 0xd0, 0x0a, 1, 0, 0x1c, 0x73, 0x5e, 0x10, 1 };
	f->n = 0;
	put(f, macs, 12);
	put16(f, 0x8100);
	put16(f, vif_vlan);
	put16(f, 0x0800);
	put8(f, 0x45);
	put8(f, 0);
	put16(f, (uint16_t)(20 + 20 + n));
	put32(f, 0x00014000);
	put8(f, 64);
	put8(f, 6);
	put16(f, 0);
	put32(f, ip(src));
	put32(f, ip(dst));
	put16(f, sp);
	put16(f, dp);
	put32(f, seq);
	put32(f, 1);
	put8(f, 0x50);
	put8(f, flags);
	put16(f, 65535);
	put32(f, 0);
	put(f, pl, n);
}

static void
feed(struct st *s, int64_t ts, struct fb *f)
{
	s->d->ts_sec = ts / 1000000000LL;
	s->d->ts_nsec = (uint32_t)(ts % 1000000000LL);
	test_decode(s->d, f->b, f->n, DEC_LINK_EN10MB);
	analyze_packet(s->a, s->d, 6, (uint32_t)f->n, ++s->n);
}

/* BGP message bytes (RFC 4271 §4) */
static size_t
bgp_hdr(uint8_t *m, uint8_t type)
{
	memset(m, 0xff, 16);
	m[18] = type;
	return 19;
}
static void
bgp_len(uint8_t *m, size_t n)
{
	m[16] = (uint8_t)(n >> 8);
	m[17] = (uint8_t)n;
}

static void
bgp_send(struct st *s, int64_t ts, bool customer, uint16_t cport, const uint8_t *m, size_t n)
{
	struct fb f;
	if (customer)
		tcp_frame(&f, vif_customer, cport, vif_aws, 179, 0x18, s->seq, m, n);
	else
		tcp_frame(&f, vif_aws, 179, vif_customer, cport, 0x18, s->seq, m, n);
	s->seq += (uint32_t)n;
	feed(s, ts, &f);
}

static void
keepalive(struct st *s, int64_t ts, bool customer, uint16_t cport)
{
	uint8_t m[19];
	size_t n = bgp_hdr(m, 4);
	bgp_len(m, n);
	bgp_send(s, ts, customer, cport, m, n);
}

static void
open_msg(struct st *s, int64_t ts, bool customer, uint16_t cport)
{
	uint8_t m[64];
	size_t n = bgp_hdr(m, 1);
	m[n++] = 4;
	uint16_t as = customer ? 65000 : 64512;
	m[n++] = (uint8_t)(as >> 8);
	m[n++] = (uint8_t)as;
	m[n++] = 0;
	m[n++] = 90; /* hold time */
	m[n++] = 169, m[n++] = 254, m[n++] = 100, m[n++] = customer ? 2 : 1;
	m[n++] = 0; /* no optional parameters */
	bgp_len(m, n);
	bgp_send(s, ts, customer, cport, m, n);
}

/* UPDATE of 192.168.0.0/16 from the customer: advertised with an AS_PATH of aslen
 * (2-octet) ASNs, or withdrawn when aslen is 0 */
static void
update_onprem(struct st *s, int64_t ts, uint16_t cport, unsigned aslen)
{
	uint8_t m[128];
	size_t n = bgp_hdr(m, 2);
	if (!aslen) {
		m[n++] = 0, m[n++] = 3; /* withdrawn routes length */
		m[n++] = 16, m[n++] = 192, m[n++] = 168;
		m[n++] = 0, m[n++] = 0; /* no attributes */
	} else {
		m[n++] = 0, m[n++] = 0;
		size_t alen_at = n;
		n += 2;
		m[n++] = 0x40, m[n++] = 1, m[n++] = 1, m[n++] = 0;               /* ORIGIN IGP */
		m[n++] = 0x40, m[n++] = 2, m[n++] = (uint8_t)(2 + 2 * aslen);    /* AS_PATH */
		m[n++] = 2, m[n++] = (uint8_t)aslen;
		for (unsigned i = 0; i < aslen; i++)
			m[n++] = 0xfd, m[n++] = 0xe8; /* 65000 */
		m[n++] = 0x40, m[n++] = 3, m[n++] = 4;                           /* NEXT_HOP */
		m[n++] = 169, m[n++] = 254, m[n++] = 100, m[n++] = 2;
		size_t al = n - alen_at - 2;
		m[alen_at] = (uint8_t)(al >> 8);
		m[alen_at + 1] = (uint8_t)al;
		m[n++] = 16, m[n++] = 192, m[n++] = 168;
	}
	bgp_len(m, n);
	bgp_send(s, ts, true, cport, m, n);
}

static void
notification(struct st *s, int64_t ts, bool customer, uint16_t cport)
{
	uint8_t m[32];
	size_t n = bgp_hdr(m, 3);
	m[n++] = 6;
	m[n++] = 4; /* Cease / Administrative Reset */
	bgp_len(m, n);
	bgp_send(s, ts, customer, cport, m, n);
}

/* A request from on-premises and its reply from 10.2.1.20, both seen on VLAN 201 */
static void
exchange(struct st *s, int64_t ts, uint16_t port, int64_t reply_after)
{
	struct fb f;
	uint8_t data[8] = { 0x17, 3, 3, 0, 3, 1, 2, 3 };
	tcp_frame(&f, "192.168.10.5", port, "10.2.1.20", 443, 0x18, 1000, data, sizeof(data));
	feed(s, ts, &f);
	tcp_frame(&f, "10.2.1.20", 443, "192.168.10.5", port, 0x18, 5000, data, sizeof(data));
	feed(s, ts + reply_after, &f);
}

/* Ethernet + IPv4 + ESP (SPI, sequence, 16 opaque bytes) on the internet uplink */
static void
esp_frame(struct fb *f, const char *src, const char *dst, uint32_t spi, uint32_t seq)
{
	static const uint8_t macs[12] = { 0, 0x1b, 0x21, 0x3c, 0x4d, 0x5e, 0, 5, 0x73, 0xa0, 0, 1 };
	f->n = 0;
	put(f, macs, 12);
	put16(f, 0x0800);
	put8(f, 0x45);
	put8(f, 0);
	put16(f, 20 + 8 + 16);
	put32(f, 0x00014000);
	put8(f, 64);
	put8(f, 50);
	put16(f, 0);
	put32(f, ip(src));
	put32(f, ip(dst));
	put32(f, spi);
	put32(f, seq);
	uint8_t body[16] = { 0 };
	put(f, body, sizeof(body));
}

/* as feed(), with a length on the wire larger than what was captured (a snaplen) */
static void
feed_len(struct st *s, int64_t ts, struct fb *f, uint32_t len)
{
	s->d->ts_sec = ts / 1000000000LL;
	s->d->ts_nsec = (uint32_t)(ts % 1000000000LL);
	test_decode_snaplen(s->d, f->b, f->n, len, DEC_LINK_EN10MB);
	analyze_packet(s->a, s->d, 6, len, ++s->n);
}

static void
esp(struct st *s, int64_t ts, const char *dst, uint32_t spi, uint32_t seq)
{
	struct fb f;
	esp_frame(&f, "203.0.113.10", dst, spi, seq);
	feed(s, ts, &f);
}

/* ---- reading the result ---- */

static const struct an_flow *
flow_of(const struct analysis *r, uint16_t port)
{
	char key[96];
	snprintf(key, sizeof(key), "tcp 192.168.10.5:%u > 10.2.1.20:443", port);
	for (guint i = 0; i < r->flows->len; i++) {
		const struct an_flow *f = g_ptr_array_index(r->flows, i);
		if (!strcmp(f->key, key))
			return f;
	}
	fail_msg("no flow %s", key);
	return NULL;
}

/* the k-th reply path of the flow (k from 0), or NULL */
static const struct an_path *
reply_path(const struct an_flow *f, unsigned k)
{
	for (guint i = 0; i < f->paths->len; i++) {
		const struct an_path *p = g_ptr_array_index(f->paths, i);
		if (p->reply && !k--)
			return p;
	}
	return NULL;
}

static unsigned
reply_paths(const struct an_flow *f)
{
	unsigned n = 0;
	for (guint i = 0; i < f->paths->len; i++)
		n += ((const struct an_path *)g_ptr_array_index(f->paths, i))->reply;
	return n;
}

static const struct an_event *
event_of(const struct analysis *r, const char *kind, unsigned k)
{
	for (guint i = 0; i < r->events->len; i++) {
		const struct an_event *e = &g_array_index(r->events, struct an_event, i);
		if (!strcmp(e->kind, kind) && !k--)
			return e;
	}
	return NULL;
}

/* ---- issue 18: BFD and LACP on the VIF's link ---- */

/* Ethernet + 802.1Q 201 + IPv4 + UDP 49152 > 3784 + a BFD control packet (RFC 5880 §4.1) */
static void
bfd_send(struct st *s, int64_t ts, bool customer, uint8_t state, uint8_t diag)
{
	static const uint8_t macs[12] = { 0, 0x25, 0x90, 0xd0, 0x0a, 1, 0, 0x1c, 0x73, 0x5e, 0x10, 1 };
	struct fb f = { .n = 0 };
	put(&f, macs, 12);
	put16(&f, 0x8100);
	put16(&f, 201);
	put16(&f, 0x0800);
	put8(&f, 0x45);
	put8(&f, 0);
	put16(&f, 20 + 8 + 24);
	put32(&f, 0x00014000);
	put8(&f, 255);
	put8(&f, 17);
	put16(&f, 0);
	put32(&f, ip(customer ? "169.254.100.2" : "169.254.100.1"));
	put32(&f, ip(customer ? "169.254.100.1" : "169.254.100.2"));
	put16(&f, customer ? 49152 : 49187);
	put16(&f, 3784);
	put16(&f, 8 + 24);
	put16(&f, 0);
	put8(&f, (uint8_t)(1 << 5 | diag)); /* version 1 */
	put8(&f, (uint8_t)(state << 6));
	put8(&f, 3);                        /* detect mult */
	put8(&f, 24);
	put32(&f, customer ? 0x4a11c001 : 0x8e2a0f17);
	put32(&f, customer ? 0x8e2a0f17 : 0x4a11c001);
	put32(&f, 300000);
	put32(&f, 300000);
	put32(&f, 0);
	feed(s, ts, &f);
}

/* A LACPDU (IEEE 802.1AX §6.4.2.2) from the customer router's port with actor state st */
static void
lacp_send(struct st *s, int64_t ts, uint16_t port, uint8_t st)
{
	static const uint8_t macs[12] = { 1, 0x80, 0xc2, 0, 0, 2, 0, 0x1c, 0x73, 0x5e, 0x10, 1 };
	static const uint8_t sys[6] = { 0, 0x1c, 0x73, 0x5e, 0x10, 1 };
	struct fb f = { .n = 0 };
	put(&f, macs, 12);
	put16(&f, 0x8809);
	put8(&f, 1); /* subtype LACP */
	put8(&f, 1); /* version */
	for (int tlv = 1; tlv <= 2; tlv++) {
		put8(&f, (uint8_t)tlv);
		put8(&f, 20);
		put16(&f, 32768);
		put(&f, sys, 6);
		put16(&f, 7);
		put16(&f, 32768);
		put16(&f, port);
		put8(&f, tlv == 1 ? st : 0x3d);
		put8(&f, 0);
		put16(&f, 0);
	}
	put8(&f, 3); /* collector */
	put8(&f, 16);
	put16(&f, 0);
	for (int i = 0; i < 12; i++)
		put8(&f, 0);
	put8(&f, 0); /* terminator */
	put8(&f, 0);
	while (f.n < 14 + 110)
		put8(&f, 0);
	feed(s, ts, &f);
}

static const struct an_event *
anomaly_of(const struct analysis *r, const char *kind, unsigned k)
{
	for (guint i = 0; i < r->anomalies->len; i++) {
		const struct an_event *e = &g_array_index(r->anomalies, struct an_event, i);
		if (!strcmp(e->kind, kind) && !k--)
			return e;
	}
	return NULL;
}

/* BFD Down (Control Detection Time Expired) 0.9 s after AWS's last packet, the BGP session
 * on the same VIF closed 0.3 s later: one anomaly with both times */
static void
test_bfd_down_then_bgp_close_is_one_event(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	keepalive(s, T0 + S(1), false, 41000);
	bfd_send(s, T0 + S(2), true, 3, 0);
	bfd_send(s, T0 + S(2), false, 3, 0);
	bfd_send(s, T0 + S(3), false, 3, 0);                   /* AWS's last packet */
	bfd_send(s, T0 + S(3) + 300000000, true, 3, 0);
	bfd_send(s, T0 + S(3) + 900000000, true, 1, 1);        /* Down, diag 1 */
	notification(s, T0 + S(4) + 200000000, true, 41000);  /* BGP closes 0.3 s later */
	const struct analysis *r = analyze_finish(s->a);
	assert_int_equal(r->bfd->len, 1);
	const struct an_bfd_session *b = g_ptr_array_index(r->bfd, 0);
	assert_string_equal(b->component, VIF);
	assert_int_equal(b->downs, 1);
	assert_int_equal(b->detect_us, 900000);
	const struct an_event *e = anomaly_of(r, "bfd_bgp_failure", 0);
	assert_non_null(e);
	assert_int_equal(e->ts, T0 + S(3) + 900000000);
	assert_non_null(strstr(e->detail,
		"BFD detected the failure 0.9 s after the last packet; BGP closed 0.3 s later"));
	assert_null(anomaly_of(r, "bfd_bgp_failure", 1));
	assert_null(anomaly_of(r, "bfd_session_down", 0)); /* told once, not twice */
	/* the BFD flows are control, not unmodeled */
	assert_int_equal(r->flows_unmodeled, 0);
}

/* the same BFD Down with no BGP end after it: a BFD anomaly of its own */
static void
test_bfd_down_alone(void **state)
{
	struct st *s = *state;
	bfd_send(s, T0 + S(2), true, 3, 0);
	bfd_send(s, T0 + S(2), false, 3, 0);
	bfd_send(s, T0 + S(3), true, 1, 1);
	const struct analysis *r = analyze_finish(s->a);
	assert_null(anomaly_of(r, "bfd_bgp_failure", 0));
	const struct an_event *e = anomaly_of(r, "bfd_session_down", 0);
	assert_non_null(e);
	assert_non_null(strstr(e->detail, "1.0 s after the last packet"));
}

/* a LAG member losing sync/collecting/distributing and expiring, then defaulted, then back */
static void
test_lacp_member_leaves_the_bundle(void **state)
{
	struct st *s = *state;
	const uint8_t up = 0x3f, expired = 0x87, defaulted = 0x47;
	lacp_send(s, T0 + S(1), 1, up);
	lacp_send(s, T0 + S(1), 2, up);
	lacp_send(s, T0 + S(2), 2, up); /* no change: nothing */
	lacp_send(s, T0 + S(4), 2, expired);
	lacp_send(s, T0 + S(7), 2, defaulted);
	lacp_send(s, T0 + S(9), 2, up);
	const struct analysis *r = analyze_finish(s->a);
	assert_int_equal(r->lacp->len, 2);
	const struct an_lacp_member *m = g_ptr_array_index(r->lacp, 1);
	assert_string_equal(m->actor, "00:1c:73:5e:10:01 port 2 key 7");
	assert_int_equal(m->pdus, 5);
	assert_int_equal(m->leaves, 1);
	assert_true(m->in_bundle);
	assert_int_equal(m->timeline->len, 4);
	const struct an_event *e = anomaly_of(r, "lag_member_left", 0);
	assert_non_null(e);
	assert_int_equal(e->ts, T0 + S(4));
	assert_non_null(strstr(e->detail, "port 2"));
	assert_non_null(strstr(e->detail, "left the bundle: lost Synchronization, Collecting, "
					  "Distributing; gained Expired"));
	e = anomaly_of(r, "lag_member_left", 1);
	assert_non_null(e);
	assert_int_equal(e->ts, T0 + S(7));
	assert_non_null(strstr(e->detail, "gained Defaulted"));
	assert_null(anomaly_of(r, "lag_member_left", 2));
	assert_non_null(event_of(r, "lag_member_joined", 0));
	const struct an_lacp_member *p1 = g_ptr_array_index(r->lacp, 0);
	assert_int_equal(p1->leaves, 0);
}

/* ---- issue 12: a VGW's own choice between its DX and VPN connections, in time ---- */

/* the bundled topology with a private VIF (VLAN 301, 169.254.30.2 customer <-> .1 AWS) on
 * vgw-05a1b2c3d4e5f0001, whose VPC (10.20.1.53) also has vpn-05a1b2c3d4e5f0002 (static) */
static int
setup_vgw(void **state)
{
	struct st *s = g_new0(struct st, 1);
	GError *err = NULL;
	s->m = model_load("tests/fixtures/analyze-vgw", &err);
	if (!s->m)
		return -1;
	s->e = model_engine_new(s->m, &err);
	s->a = analyze_new(s->m, s->e, NULL, &err);
	s->d = dec_new();
	vif_vlan = 301;
	vif_customer = "169.254.30.2";
	vif_aws = "169.254.30.1";
	*state = s;
	return s->e && s->a ? 0 : -1;
}

static int
teardown_vgw(void **state)
{
	vif_vlan = 201;
	vif_customer = "169.254.100.2";
	vif_aws = "169.254.100.1";
	return teardown(state);
}

static void
vgw_exchange(struct st *s, int64_t ts, uint16_t port)
{
	struct fb f;
	uint8_t data[8] = { 0x17, 3, 3, 0, 3, 1, 2, 3 };
	/* DNS over TCP: what the VPC's security group lets in from on-premises */
	tcp_frame(&f, "192.168.10.5", port, "10.20.1.53", 53, 0x18, 1000, data, sizeof(data));
	feed(s, ts, &f);
	tcp_frame(&f, "10.20.1.53", 53, "192.168.10.5", port, 0x18, 5000, data, sizeof(data));
	feed(s, ts + 1000000, &f);
}

static void
test_vgw_dx_session_end_moves_return_path_to_vpn(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	keepalive(s, T0 + S(1), false, 41000);
	vgw_exchange(s, T0 + S(2), 50000);
	const int64_t t = T0 + S(5);
	notification(s, t, true, 41000);
	vgw_exchange(s, T0 + S(6), 50000);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_flow *f = NULL;
	for (guint i = 0; i < r->flows->len; i++) {
		const struct an_flow *x = g_ptr_array_index(r->flows, i);
		if (!strcmp(x->key, "tcp 192.168.10.5:50000 > 10.20.1.53:53"))
			f = x;
	}
	assert_non_null(f);
	assert_int_equal(reply_paths(f), 2);
	const struct an_path *before = reply_path(f, 0), *after = reply_path(f, 1);
	assert_string_equal(before->exit_id, "dxvif-fgvgw301");
	assert_true(before->from < t);
	assert_string_equal(after->exit_id, "vpn-05a1b2c3d4e5f0002");
	assert_int_equal(after->from, t);
	/* the route_failover probe tells the VGW's VPC moved too */
	bool told = false;
	for (guint i = 0; i < r->anomalies->len; i++) {
		const struct an_event *e = &g_array_index(r->anomalies, struct an_event, i);
		if (!strcmp(e->kind, "route_failover") && strstr(e->detail, "vpc-0a1b2c3d4e5f60020") &&
			strstr(e->detail, "vpn-05a1b2c3d4e5f0002"))
			told = true;
	}
	assert_true(told);
}

/* the session coming back puts the VIF back in the VGW's choice */
static void
test_vgw_dx_session_back_returns_to_dx(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	keepalive(s, T0 + S(1), false, 41000);
	notification(s, T0 + S(5), true, 41000);
	open_msg(s, T0 + S(20), true, 41001);
	open_msg(s, T0 + S(20), false, 41001);
	keepalive(s, T0 + S(21), false, 41001);
	vgw_exchange(s, T0 + S(22), 50001);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_flow *f = NULL;
	for (guint i = 0; i < r->flows->len; i++) {
		const struct an_flow *x = g_ptr_array_index(r->flows, i);
		if (!strcmp(x->key, "tcp 192.168.10.5:50001 > 10.20.1.53:53"))
			f = x;
	}
	assert_non_null(f);
	assert_int_equal(reply_paths(f), 1);
	assert_string_equal(reply_path(f, 0)->exit_id, "dxvif-fgvgw301");
}

/* ---- tests ---- */

static void
test_withdraw_at_t_changes_path_after_not_before(void **state)
{
	struct st *s = *state;
	const int64_t t = T0 + S(110);
	keepalive(s, T0 + S(100), true, 41000);
	keepalive(s, T0 + S(100) + 1000, false, 41000);
	exchange(s, T0 + S(101), 50001, 1000000);       /* lives across the change */
	exchange(s, t - 2000, 50002, 1000);              /* its reply at t - 1 µs */
	update_onprem(s, t, 41000, 0);                   /* the withdrawal, at t */
	exchange(s, t + 1000, 50003, 1000);              /* its reply at t + 2 µs */
	exchange(s, T0 + S(112), 50001, 1000000);
	const struct analysis *r = analyze_finish(s->a);

	const struct an_path *before = reply_path(flow_of(r, 50002), 0);
	assert_non_null(before);
	assert_string_equal(before->exit_id, VIF);
	/* its reply at t - 1 µs went over DX; the walk that changed starts at t, not before */
	assert_true(before->from == t - 1000);
	assert_int_equal(reply_paths(flow_of(r, 50002)), 2);
	assert_true(reply_path(flow_of(r, 50002), 1)->from == t);
	const struct an_path *after = reply_path(flow_of(r, 50003), 0);
	assert_non_null(after);
	assert_string_equal(after->exit_id, VPN);
	/* the live flow: Direct Connect, then the VPN from the instant of the withdrawal */
	const struct an_flow *live = flow_of(r, 50001);
	assert_int_equal(reply_paths(live), 2);
	assert_string_equal(reply_path(live, 0)->exit_id, VIF);
	assert_string_equal(reply_path(live, 1)->exit_id, VPN);
	assert_true(reply_path(live, 1)->from == t);
	const struct an_event *w = event_of(r, "bgp_routes_withdrawn", 0);
	assert_non_null(w);
	assert_true(w->ts == t);
	assert_non_null(event_of(r, "route_change", 0));
	assert_true(r->model_changes >= 1);
}

static void
test_hold_timer_expires_without_a_packet(void **state)
{
	struct st *s = *state;
	/* AWS speaks last at 1 s; the customer keeps sending; nothing at all at 91 s */
	keepalive(s, T0 + S(0), true, 41000);
	keepalive(s, T0 + S(1), false, 41000);
	keepalive(s, T0 + S(30), true, 41000);
	exchange(s, T0 + S(50), 50010, 1000);
	keepalive(s, T0 + S(60), true, 41000);
	keepalive(s, T0 + S(90), true, 41000);
	exchange(s, T0 + S(200), 50010, 1000);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_event *down = event_of(r, "bgp_session_down", 0);
	assert_non_null(down);
	assert_true(down->ts == T0 + S(91)); /* last AWS message + 90 s, not the next packet */
	assert_non_null(strstr(down->detail, "hold timer expired"));
	assert_non_null(strstr(down->detail, "169.254.100.1"));
	assert_null(event_of(r, "bgp_session_down", 1));
	const struct an_flow *f = flow_of(r, 50010);
	assert_int_equal(reply_paths(f), 2);
	assert_string_equal(reply_path(f, 0)->exit_id, VIF);
	assert_string_equal(reply_path(f, 1)->exit_id, VPN);
	assert_true(reply_path(f, 1)->from == T0 + S(91));
	/* the anomaly is there with the frame of the last message heard */
	bool loss = false;
	for (guint i = 0; i < r->anomalies->len; i++) {
		const struct an_event *e = &g_array_index(r->anomalies, struct an_event, i);
		if (!strcmp(e->kind, "bgp_session_loss")) {
			loss = true;
			assert_int_equal(e->severity, AN_SEV_HIGH);
			assert_int_equal(e->nframes, 1);
			assert_int_equal(e->frames[0], 2);
		}
	}
	assert_true(loss);
}

static void
test_hold_timer_needs_both_sides_heard(void **state)
{
	struct st *s = *state;
	/* a one-way capture: only the customer's KEEPALIVEs; AWS's side was never heard, so
	 * its silence says nothing and no hold timer expires */
	for (int k = 0; k < 8; k++)
		keepalive(s, T0 + S(30 * k), true, 41000);
	exchange(s, T0 + S(250), 50040, 1000);
	/* the customer's own silence is heard: its last KEEPALIVE at 210 s, so at 300 s */
	exchange(s, T0 + S(400), 50040, 1000);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_event *down = event_of(r, "bgp_session_down", 0);
	assert_non_null(down);
	assert_true(down->ts == T0 + S(300));
	assert_non_null(strstr(down->detail, "169.254.100.2"));
	const struct an_flow *f = flow_of(r, 50040);
	assert_string_equal(reply_path(f, 0)->exit_id, VIF);
	assert_true(reply_path(f, 1)->from == T0 + S(300));
}

static void
test_session_back_readvertises(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	exchange(s, T0 + S(2), 50020, 1000);
	notification(s, T0 + S(10), false, 41000);
	exchange(s, T0 + S(11), 50021, 1000);
	/* a new connection: OPENs, KEEPALIVEs, then the customer's routes again */
	open_msg(s, T0 + S(20), true, 41001);
	open_msg(s, T0 + S(20) + 1000, false, 41001);
	keepalive(s, T0 + S(20) + 2000, true, 41001);
	keepalive(s, T0 + S(20) + 3000, false, 41001);
	/* nothing moves until the routes come */
	exchange(s, T0 + S(20) + 5000, 50022, 1000);
	update_onprem(s, T0 + S(21), 41001, 1);
	exchange(s, T0 + S(22), 50023, 1000);
	const struct analysis *r = analyze_finish(s->a);
	assert_string_equal(reply_path(flow_of(r, 50020), 0)->exit_id, VIF);
	assert_string_equal(reply_path(flow_of(r, 50021), 0)->exit_id, VPN);
	assert_string_equal(reply_path(flow_of(r, 50022), 0)->exit_id, VPN);
	assert_string_equal(reply_path(flow_of(r, 50023), 0)->exit_id, VIF);
	assert_non_null(event_of(r, "bgp_session_up", 1)); /* the second time up */
	const struct an_event *back = event_of(r, "route_restored", 0);
	assert_non_null(back);
	assert_true(back->ts == T0 + S(21));
	assert_non_null(strstr(back->detail, "-> " VIF));
	/* the first flow, still live, followed both changes */
	const struct an_flow *f = flow_of(r, 50020);
	assert_int_equal(reply_paths(f), 3);
	assert_string_equal(reply_path(f, 2)->exit_id, VIF);
}

static void
test_dx_preferred_over_vpn_whatever_the_as_path(void **state)
{
	struct st *s = *state;
	/* both advertise 192.168.0.0/16 in the snapshot (VPN with AS_PATH 2): DX wins, the TGW
	 * guide's route evaluation order puts DX gateway propagation before VPN */
	keepalive(s, T0 + S(1), true, 41000);
	exchange(s, T0 + S(2), 50030, 1000);
	update_onprem(s, T0 + S(3), 41000, 0);
	exchange(s, T0 + S(4), 50031, 1000);
	/* back with a much longer AS_PATH than the VPN's: the origin order still decides */
	update_onprem(s, T0 + S(5), 41000, 6);
	exchange(s, T0 + S(6), 50032, 1000);
	const struct analysis *r = analyze_finish(s->a);
	assert_string_equal(reply_path(flow_of(r, 50030), 0)->exit_id, VIF);
	assert_string_equal(reply_path(flow_of(r, 50031), 0)->exit_id, VPN);
	assert_string_equal(reply_path(flow_of(r, 50032), 0)->exit_id, VIF);
	const struct an_event *adv = event_of(r, "bgp_routes_advertised", 0);
	assert_non_null(adv);
	assert_non_null(strstr(adv->detail, "AS_PATH length 6"));
}

static void
test_ecmp_spreads_flows_over_both_tunnels(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	update_onprem(s, T0 + S(2), 41000, 0);
	unsigned seen[3] = { 0 };
	for (uint16_t p = 0; p < 16; p++)
		exchange(s, T0 + S(3) + p * 1000000, (uint16_t)(50100 + p), 1000);
	const struct analysis *r = analyze_finish(s->a);
	for (uint16_t p = 0; p < 16; p++) {
		const struct an_path *rp = reply_path(flow_of(r, (uint16_t)(50100 + p)), 0);
		assert_string_equal(rp->exit_id, VPN);
		assert_true(rp->exit_tunnel == 1 || rp->exit_tunnel == 2);
		seen[rp->exit_tunnel]++;
	}
	/* VpnEcmpSupport on the TGW: the flow hash uses both tunnels */
	assert_true(seen[1] > 0);
	assert_true(seen[2] > 0);
	/* replies seen on the VIF while the model sends them over the VPN: evidence */
	bool asym = false;
	for (guint i = 0; i < r->anomalies->len; i++)
		asym |= !strcmp(g_array_index(r->anomalies, struct an_event, i).kind, "asymmetric_path");
	assert_true(asym);
}

static void
test_path_walks_are_cached(void **state)
{
	struct st *s = *state;
	keepalive(s, T0 + S(1), true, 41000);
	for (int i = 0; i < 50; i++)
		exchange(s, T0 + S(2) + i * 1000000, 50200, 1000);
	const struct analysis *r = analyze_finish(s->a);
	/* one walk per direction of the one flow: 100 packets, 2 walks */
	assert_int_equal(r->walks, 2);
	assert_int_equal(flow_of(r, 50200)->pkts[0], 50);
}

static const struct an_ipsec_sa *
sa_of(const struct analysis *r, uint32_t spi)
{
	for (guint i = 0; i < r->ipsec->len; i++) {
		const struct an_ipsec_sa *x = g_ptr_array_index(r->ipsec, i);
		if (x->spi == spi)
			return x;
	}
	fail_msg("no SA 0x%08x", spi);
	return NULL;
}

static void
test_ipsec_gaps_replays_rekey_failover(void **state)
{
	struct st *s = *state;
	const char *t1 = "52.95.100.10", *t2 = "52.95.100.11";
	esp(s, T0 + S(1), t1, 0x100, 1);
	esp(s, T0 + S(1) + 1000, t1, 0x100, 2);
	esp(s, T0 + S(1) + 2000, t1, 0x100, 3);
	esp(s, T0 + S(1) + 3000, t1, 0x100, 2); /* again: a replay (or reordering) */
	esp(s, T0 + S(1) + 4000, t1, 0x100, 7); /* 4, 5, 6 never seen */
	esp(s, T0 + S(2), t1, 0x101, 1);        /* a new SPI on the same tunnel: rekey */
	esp(s, T0 + S(10), t2, 0x200, 1);       /* tunnel 1 quiet for 8 s: traffic moved */
	const struct analysis *r = analyze_finish(s->a);
	const struct an_ipsec_sa *a = sa_of(r, 0x100);
	assert_string_equal(a->component, VPN);
	assert_int_equal(a->tunnel, 1);
	assert_int_equal(a->packets, 5);
	assert_int_equal(a->gaps, 1);
	assert_int_equal(a->lost, 3);
	assert_int_equal(a->replays, 1);
	assert_int_equal(sa_of(r, 0x200)->tunnel, 2);
	const struct an_event *rk = event_of(r, "ipsec_rekey", 0);
	assert_non_null(rk);
	assert_true(rk->ts == T0 + S(2));
	assert_non_null(strstr(rk->detail, "0x00000101 replaces 0x00000100"));
	const struct an_event *fo = event_of(r, "ipsec_tunnel_failover", 0);
	assert_non_null(fo);
	assert_true(fo->ts == T0 + S(10));
	assert_non_null(strstr(fo->detail, "from tunnel 1 to tunnel 2"));
	assert_null(event_of(r, "ipsec_tunnel_failover", 1));
}

static void
test_ipsec_tunnel_over_its_limit(void **state)
{
	struct st *s = *state;
	struct fb f;
	/* 2,400 packets of 65,535 bytes on the wire in one second: 1,258 Mbit/s, over the
	 * 1.25 Gbps a tunnel carries */
	for (uint32_t i = 0; i < 2400; i++) {
		esp_frame(&f, "203.0.113.10", "52.95.100.10", 0x300, i + 1);
		feed_len(s, T0 + S(1) + (int64_t)i * 400000, &f, 65535);
	}
	esp_frame(&f, "203.0.113.10", "52.95.100.10", 0x300, 2401);
	feed_len(s, T0 + S(3), &f, 100);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_ipsec_sa *a = sa_of(r, 0x300);
	assert_int_equal(a->peak_pps, 2400);
	assert_true(a->peak_mbps > 1250.0);
	bool over = false;
	for (guint i = 0; i < r->anomalies->len; i++) {
		const struct an_event *e = &g_array_index(r->anomalies, struct an_event, i);
		if (!strcmp(e->kind, "tunnel_over_limit")) {
			over = true;
			assert_int_equal(e->severity, AN_SEV_HIGH);
			assert_string_equal(e->component, VPN);
		}
	}
	assert_true(over);
}

/* issue 15: ESP bytes per tunnel in time buckets whose width doubles (buckets merged in
 * pairs) once the capture outgrows AN_TP_BUCKETS of them */
static void
test_link_throughput_buckets_widen(void **state)
{
	struct st *s = *state;
	struct fb f;
	esp_frame(&f, "203.0.113.10", "52.95.100.10", 0x400, 1);
	uint32_t len = (uint32_t)f.n;
	esp(s, T0 + S(1), "52.95.100.10", 0x400, 1);
	esp(s, T0 + S(1) + 150000000LL, "52.95.100.10", 0x400, 2); /* bucket 1 at 100 ms */
	esp(s, T0 + S(31), "52.95.100.10", 0x400, 3);  /* 30 s: 100 ms -> 200 -> 400 ms */
	esp(s, T0 + S(31), "52.95.100.11", 0x401, 1);  /* tunnel 2: a link of its own */
	const struct analysis *r = analyze_finish(s->a);
	assert_int_equal(r->links->len, 2);
	const struct an_link *l = g_ptr_array_index(r->links, 0);
	assert_string_equal(l->component, VPN);
	assert_int_equal(l->tunnel, 1);
	assert_string_equal(l->kind, "vpn-tunnel");
	assert_int_equal(l->packets, 3);
	assert_int_equal(l->bytes, 3 * len);
	assert_true(r->tp_start == T0 + S(1));
	assert_true(r->tp_width == 400000000LL);
	assert_int_equal(l->buckets[0], 2 * len); /* 0 and 150 ms merged into 0..400 ms */
	assert_int_equal(l->buckets[75], len);    /* 30 s / 400 ms */
	uint64_t sum = 0;
	for (unsigned i = 0; i < AN_TP_BUCKETS; i++)
		sum += l->buckets[i];
	assert_int_equal(sum, l->bytes);
	const struct an_link *l2 = g_ptr_array_index(r->links, 1);
	assert_int_equal(l2->tunnel, 2);
	assert_int_equal(l2->buckets[75], len);
}

/* issue 15: a path keeps each hop's rule and what the flow carried while it was current */
static void
test_path_rules_and_bytes(void **state)
{
	struct st *s = *state;
	exchange(s, T0 + S(1), 50500, 1000000);
	exchange(s, T0 + S(2), 50500, 1000000);
	const struct analysis *r = analyze_finish(s->a);
	const struct an_flow *fl = flow_of(r, 50500);
	const struct an_path *p = g_ptr_array_index(fl->paths, 0);
	assert_false(p->reply);
	assert_int_equal(p->hop_why->len, p->hops->len);
	assert_true(p->hops->len > 2);
	bool rule = false;
	for (guint i = 0; i < p->hop_why->len; i++)
		rule |= strlen(g_ptr_array_index(p->hop_why, i)) > 0;
	assert_true(rule);
	assert_int_equal(p->pkts, 2);
	assert_int_equal(p->bytes, fl->bytes[0]);
	const struct an_path *rp = reply_path(fl, 0);
	assert_non_null(rp);
	assert_int_equal(rp->pkts, 2);
	/* the VIF link counts both directions */
	assert_int_equal(r->links->len, 1);
	const struct an_link *l = g_ptr_array_index(r->links, 0);
	assert_string_equal(l->component, VIF);
	assert_int_equal(l->bytes, fl->bytes[0] + fl->bytes[1]);
}

/* ---- TGW Connect: BGP captured inside the GRE tunnel (on the appliance, no GRE seen) ---- */

/* tests/fixtures/analyze-connect-peers: two Connect attachments; the peer of the second,
 * tgw-attach-0a1b2c3d4e5f60302, has InsideCidrBlocks 169.254.6.0/29 (appliance .1, TGW .2
 * and .3). VLAN 999 is no VIF's, so only the inside addresses can place the session. */
static int
setup_connect(void **state)
{
	struct st *s = g_new0(struct st, 1);
	GError *err = NULL;
	s->m = model_load("tests/fixtures/analyze-connect-peers", &err);
	if (!s->m)
		return -1;
	s->e = model_engine_new(s->m, &err);
	s->a = analyze_new(s->m, s->e, NULL, &err);
	s->d = dec_new();
	vif_vlan = 999;
	vif_customer = "169.254.6.1";
	vif_aws = "169.254.6.3";
	*state = s;
	return s->e && s->a ? 0 : -1;
}

static void
test_connect_session_placed_by_inside_cidr(void **state)
{
	struct st *s = *state;
	/* the TGW speaks first: the sides come from the peer's addresses, not packet order */
	keepalive(s, T0 + S(1), false, 41000);
	keepalive(s, T0 + S(1), true, 41000);
	update_onprem(s, T0 + S(2), 41000, 1);
	const struct analysis *r = analyze_finish(s->a);
	assert_int_equal(r->bgp->len, 1);
	const struct an_bgp_session *b = g_ptr_array_index(r->bgp, 0);
	/* the second Connect attachment (its peer's /29), not the first one listed */
	assert_string_equal(b->component, "tgw-attach-0a1b2c3d4e5f60302");
	assert_string_equal(b->peers, "169.254.6.1 <-> 169.254.6.3");
	assert_int_equal(b->advertised, 1);
	bool advertised = false, unplaced = false;
	for (guint i = 0; i < r->events->len; i++) {
		const struct an_event *e = &g_array_index(r->events, struct an_event, i);
		if (!strcmp(e->kind, "bgp_routes_advertised"))
			advertised = e->component &&
				     !strcmp(e->component, "tgw-attach-0a1b2c3d4e5f60302") &&
				     !strstr(e->detail, "unknown");
		unplaced |= !strcmp(e->kind, "bgp_session_unplaced");
	}
	assert_true(advertised);
	assert_false(unplaced);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_withdraw_at_t_changes_path_after_not_before, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_hold_timer_expires_without_a_packet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_timer_needs_both_sides_heard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_back_readvertises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dx_preferred_over_vpn_whatever_the_as_path, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_ecmp_spreads_flows_over_both_tunnels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_walks_are_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipsec_gaps_replays_rekey_failover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipsec_tunnel_over_its_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_throughput_buckets_widen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_rules_and_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bfd_down_then_bgp_close_is_one_event, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_bfd_down_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lacp_member_leaves_the_bundle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vgw_dx_session_end_moves_return_path_to_vpn,
			setup_vgw, teardown_vgw),
		cmocka_unit_test_setup_teardown(test_vgw_dx_session_back_returns_to_dx, setup_vgw,
			teardown_vgw),
		cmocka_unit_test_setup_teardown(test_connect_session_placed_by_inside_cidr,
			setup_connect, teardown_vgw),
	};
	return cmocka_run_group_tests_name("analyze", tests, NULL, NULL);
}
