/* dispatch.c - the decoder table and the one loop that runs it.
 *
 * A protocol joins by one line in dec_table[] (and its decoder file). At first use the
 * table is turned into direct-index arrays (65536 ethertypes, 65536 ports per transport,
 * 256 IP protocols), so finding the next decoder is one load, not a search.
 */
#include "decode/decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "decode/decoders.h"
#include "decode/stream.h"

enum {
	DEC_F_TUNNEL = 1, /* entering it counts one tunnel level */
};

struct dec_entry {
	uint8_t kind;     /* enum dec_key_kind */
	uint32_t value;
	uint16_t proto;   /* enum dec_proto the decoder records */
	uint8_t flags;
	dec_fn *fn;
	dec_probe_fn *probe; /* set: a heuristic tried when no entry of this kind matches */
};

/* Index 0 is unused so that 0 in the lookup arrays means "none". */
static const struct dec_entry dec_table[] = {
	{ 0 },
	{ DEC_K_LINK, DEC_LINK_EN10MB, DEC_P_ETH, 0, dec_eth, NULL },
	{ DEC_K_LINK, DEC_LINK_NULL, DEC_P_NULL, 0, dec_null, NULL },
	{ DEC_K_LINK, DEC_LINK_LOOP, DEC_P_NULL, 0, dec_loop, NULL },
	{ DEC_K_LINK, DEC_LINK_SLL, DEC_P_SLL, 0, dec_sll, NULL },
	{ DEC_K_LINK, DEC_LINK_SLL2, DEC_P_SLL2, 0, dec_sll2, NULL },
	{ DEC_K_LINK, DEC_LINK_RAW, DEC_P_IPV4, 0, dec_raw_ip, NULL },
	{ DEC_K_LINK, DEC_LINK_RAW_12, DEC_P_IPV4, 0, dec_raw_ip, NULL },
	{ DEC_K_LINK, DEC_LINK_RAW_14, DEC_P_IPV4, 0, dec_raw_ip, NULL },
	{ DEC_K_LINK, DEC_LINK_IPV4, DEC_P_IPV4, 0, dec_ipv4, NULL },
	{ DEC_K_LINK, DEC_LINK_IPV6, DEC_P_IPV6, 0, dec_ipv6, NULL },
	{ DEC_K_LINK, DEC_LINK_JUNIPER_ETHER, DEC_P_JUNIPER, 0, dec_juniper_ether, NULL },
	{ DEC_K_LLC, 0, DEC_P_LLC, 0, dec_llc, NULL },
	{ DEC_K_ETHERTYPE, 0x0800, DEC_P_IPV4, 0, dec_ipv4, NULL },
	{ DEC_K_ETHERTYPE, 0x86DD, DEC_P_IPV6, 0, dec_ipv6, NULL },
	{ DEC_K_ETHERTYPE, 0x0806, DEC_P_ARP, 0, dec_arp, NULL },
	{ DEC_K_ETHERTYPE, 0x8100, DEC_P_VLAN, 0, dec_vlan, NULL },
	{ DEC_K_ETHERTYPE, 0x88A8, DEC_P_VLAN, 0, dec_vlan, NULL },
	{ DEC_K_ETHERTYPE, 0x9100, DEC_P_VLAN, 0, dec_vlan, NULL },
	{ DEC_K_ETHERTYPE, 0x88E5, DEC_P_MACSEC, 0, dec_macsec, NULL },
	/* Transparent Ethernet Bridging: GENEVE's inner Ethernet frame (RFC 8926 §3.4) */
	{ DEC_K_ETHERTYPE, 0x6558, DEC_P_ETH, 0, dec_eth, NULL },
	{ DEC_K_IPPROTO, 1, DEC_P_ICMP, 0, dec_icmp, NULL },
	{ DEC_K_IPPROTO, 4, DEC_P_IPV4, DEC_F_TUNNEL, dec_ipv4, NULL },
	{ DEC_K_IPPROTO, 6, DEC_P_TCP, 0, dec_tcp, NULL },
	{ DEC_K_IPPROTO, 17, DEC_P_UDP, 0, dec_udp, NULL },
	{ DEC_K_IPPROTO, 41, DEC_P_IPV6, DEC_F_TUNNEL, dec_ipv6, NULL },
	{ DEC_K_IPPROTO, 50, DEC_P_ESP, 0, dec_esp, NULL },
	{ DEC_K_IPPROTO, 58, DEC_P_ICMPV6, 0, dec_icmpv6, NULL },
	/* GRE (RFC 2784): a tunnel level like GENEVE's; what it carries by ethertype */
	{ DEC_K_IPPROTO, 47, DEC_P_GRE, DEC_F_TUNNEL, dec_gre, NULL },
	{ DEC_K_ETHERTYPE, 0x88BE, DEC_P_ERSPAN, 0, dec_erspan, NULL },
	{ DEC_K_ETHERTYPE, 0x22EB, DEC_P_ERSPAN, 0, dec_erspan, NULL },
	/* MPLS unicast and multicast (RFC 3032 §5) */
	{ DEC_K_ETHERTYPE, 0x8847, DEC_P_MPLS, 0, dec_mpls, NULL },
	{ DEC_K_ETHERTYPE, 0x8848, DEC_P_MPLS, 0, dec_mpls, NULL },
	/* MPLS in UDP (RFC 7510 §3) */
	{ DEC_K_UDP_PORT, 6635, DEC_P_MPLS, 0, dec_mpls, NULL },
	{ DEC_K_LINK, DEC_LINK_PPP, DEC_P_PPP, 0, dec_ppp, NULL },
	{ DEC_K_LINK, DEC_LINK_PPP_HDLC, DEC_P_PPP, 0, dec_ppp, NULL },
	{ DEC_K_UDP_PORT, 500, DEC_P_IKE, 0, dec_ike, NULL },
	{ DEC_K_UDP_PORT, 4500, DEC_P_ESP, 0, dec_natt, NULL },
	{ DEC_K_UDP_PORT, 4789, DEC_P_VXLAN, DEC_F_TUNNEL, dec_vxlan, NULL },
	{ DEC_K_UDP_PORT, 6081, DEC_P_GENEVE, DEC_F_TUNNEL, dec_geneve, NULL },
	{ DEC_K_UDP_PORT, 53, DEC_P_DNS, 0, dec_dns_udp, NULL },
	{ DEC_K_UDP_PORT, 5353, DEC_P_DNS, 0, dec_dns_udp, NULL },
	{ DEC_K_TCP_PORT, 53, DEC_P_DNS, 0, dec_dns_tcp, NULL },
	/* mDNS's port carries unicast DNS over TCP too (RFC 6762 §5.1 lets a querier use
	 * it); tshark decodes both */
	{ DEC_K_TCP_PORT, 5353, DEC_P_DNS, 0, dec_dns_tcp, NULL },
	{ DEC_K_TCP_PORT, 179, DEC_P_BGP, 0, dec_bgp_tcp, NULL },
	/* BGP on any port where its 16-byte marker opens the segment (DESIGN.md) */
	{ DEC_K_TCP_PORT, 0, DEC_P_BGP, 0, dec_bgp_tcp, dec_probe_bgp },
	/* HTTP/2: the client preface opens the segment, or a port set by dec_http2_add_port()
	 * (that probe takes every unclaimed segment then: it stays the last one) */
	{ DEC_K_TCP_PORT, 0, DEC_P_HTTP2, 0, dec_http2_tcp, dec_probe_http2 },
	/* BFD (RFC 5881 §4, RFC 5883 §2, RFC 7130 §2.2) and LACP/Marker (IEEE 802.1AX) */
	{ DEC_K_UDP_PORT, 3784, DEC_P_BFD, 0, dec_bfd, NULL },
	{ DEC_K_UDP_PORT, 4784, DEC_P_BFD, 0, dec_bfd, NULL },
	{ DEC_K_UDP_PORT, 6784, DEC_P_BFD, 0, dec_bfd, NULL },
	{ DEC_K_UDP_PORT, 3785, DEC_P_BFD, 0, dec_bfd_echo, NULL },
	{ DEC_K_ETHERTYPE, 0x8809, DEC_P_LACP, 0, dec_slow, NULL },
};

/* A TCP segment no port or heuristic claims may continue a connection the reassembler
 * already follows (one the BGP marker heuristic recognised, say). */
static const struct dec_entry stream_known_entry = { DEC_K_TCP_PORT, 0, DEC_P_NONE, 0,
	dec_stream_known, NULL };

#define DEC_NENTRIES (sizeof(dec_table) / sizeof(dec_table[0]))

static uint8_t by_ethertype[65536];
static uint8_t by_ipproto[256];
static uint8_t by_udp[65536];
static uint8_t by_tcp[65536];
static bool table_ready;

_Static_assert(DEC_NENTRIES < 256, "lookup arrays hold 8-bit entry indexes");

/* AWSTRACE_DNS_PORTS: decimal ports separated by commas or spaces, DNS on UDP and TCP
 * (Route 53 Resolver endpoints and DNS firewalls are sometimes reached on other ports);
 * a token that is not a port in 1..65535 is skipped, as AWSTRACE_HTTP2_PORTS's are. */
static void
dns_ports_from_env(void)
{
	const char *s = getenv("AWSTRACE_DNS_PORTS");
	while (s && *s) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		if (end != s && v >= 1 && v <= 65535)
			dec_dns_add_port((uint16_t)v);
		s = end != s ? end : s + 1;
		while (*s == ',' || *s == ' ')
			s++;
	}
}

/* The heuristics of each key kind, in table order (built once): a port no entry claims
 * costs a walk of these few, not of the whole table. */
#define DEC_MAX_PROBES 8
static uint8_t probes[DEC_K_COUNT][DEC_MAX_PROBES];
static uint8_t nprobes[DEC_K_COUNT];

static void
table_build(void)
{
	for (size_t i = 1; i < DEC_NENTRIES; i++) {
		const struct dec_entry *e = &dec_table[i];
		if (e->probe) {
			g_assert(e->kind < DEC_K_COUNT && nprobes[e->kind] < DEC_MAX_PROBES);
			probes[e->kind][nprobes[e->kind]++] = (uint8_t)i;
			continue;
		}
		switch (e->kind) {
		case DEC_K_ETHERTYPE:
			by_ethertype[e->value & 0xFFFF] = (uint8_t)i;
			break;
		case DEC_K_IPPROTO:
			by_ipproto[e->value & 0xFF] = (uint8_t)i;
			break;
		case DEC_K_UDP_PORT:
			by_udp[e->value & 0xFFFF] = (uint8_t)i;
			break;
		case DEC_K_TCP_PORT:
			by_tcp[e->value & 0xFFFF] = (uint8_t)i;
			break;
		default:
			break;
		}
	}
	table_ready = true;
	dns_ports_from_env();
}

/* The table entries of DNS over UDP and over TCP port 53. */
static void
dns_entries(uint8_t *udp, uint8_t *tcp)
{
	*udp = by_udp[53];
	*tcp = by_tcp[53];
}

void
dec_dns_add_port(uint16_t port)
{
	if (!table_ready)
		table_build();
	uint8_t u, t;
	dns_entries(&u, &t);
	by_udp[port] = u;
	by_tcp[port] = t;
}

static const struct dec_entry *
probe_kind(uint8_t kind, const struct cur *c)
{
	if (kind >= DEC_K_COUNT)
		return NULL;
	for (unsigned k = 0; k < nprobes[kind]; k++) {
		const struct dec_entry *e = &dec_table[probes[kind][k]];
		if (e->probe(c))
			return e;
	}
	return NULL;
}

/* The lower port first, as Wireshark does: servers tend to sit on the lower one. */
static const struct dec_entry *
by_ports(const uint8_t *arr, uint32_t a, uint32_t b)
{
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	if (arr[lo & 0xFFFF])
		return &dec_table[arr[lo & 0xFFFF]];
	if (arr[hi & 0xFFFF])
		return &dec_table[arr[hi & 0xFFFF]];
	return NULL;
}

static const struct dec_entry *
lookup(const struct dec *d, const struct cur *c)
{
	const struct dec_entry *e = NULL;
	switch (d->next_kind) {
	case DEC_K_ETHERTYPE:
		e = by_ethertype[d->next_v[0] & 0xFFFF] ? &dec_table[by_ethertype[d->next_v[0] & 0xFFFF]]
							 : NULL;
		break;
	case DEC_K_IPPROTO:
		e = by_ipproto[d->next_v[0] & 0xFF] ? &dec_table[by_ipproto[d->next_v[0] & 0xFF]] : NULL;
		break;
	case DEC_K_UDP_PORT:
		e = by_ports(by_udp, d->next_v[0], d->next_v[1]);
		break;
	case DEC_K_TCP_PORT:
		e = by_ports(by_tcp, d->next_v[0], d->next_v[1]);
		break;
	case DEC_K_LINK:
	case DEC_K_LLC:
		for (size_t i = 1; i < DEC_NENTRIES; i++)
			if (dec_table[i].kind == d->next_kind &&
				(d->next_kind == DEC_K_LLC || dec_table[i].value == d->next_v[0]))
				return &dec_table[i];
		return NULL;
	default:
		return NULL;
	}
	if (!e && d->next_kind != DEC_K_NONE)
		e = probe_kind(d->next_kind, c);
	if (!e && d->next_kind == DEC_K_TCP_PORT && d->reasm)
		e = &stream_known_entry;
	return e;
}

struct dec *
dec_new(void)
{
	if (!table_ready)
		table_build();
	struct dec *d = g_malloc0(sizeof(*d));
	return d;
}

void
dec_free(struct dec *d)
{
	g_free(d);
}

void
dec_packet(struct dec *d, const uint8_t *data, uint32_t caplen, uint32_t len, int linktype)
{
	d->pkt_seq++;
	d->data = data;
	d->caplen = caplen;
	d->len = len;
	d->linktype = linktype;
	d->nlayers = 0;
	d->nerrors = 0;
	d->errors_lost = 0;
	d->ndnssec = 0;
	d->tunnels = 0;
	d->arena_used = 0;
	d->ip_payload_len = UINT32_MAX;
	d->quoted = false;
	d->wire_end = len > caplen ? len : caplen;
	d->next_kind = DEC_K_LINK;
	d->next_v[0] = (uint32_t)linktype;
	d->next_v[1] = 0;
	d->cur_proto = DEC_P_NONE;

	struct cur c = cur_make(data, caplen, 0);
	for (;;) {
		const struct dec_entry *e = lookup(d, &c);
		if (!e) {
			if (d->next_kind == DEC_K_LINK)
				dec_err(d, 0, DEC_E_LINKTYPE, "link type %d not supported", linktype);
			break;
		}
		d->cur_proto = e->proto;
		bool tunnel = e->flags & DEC_F_TUNNEL;
		if (tunnel && d->tunnels == DEC_MAX_TUNNELS) {
			dec_err(d, cur_off(&c), DEC_E_TUNNEL_DEPTH, "more than %d tunnels",
				DEC_MAX_TUNNELS);
			break;
		}
		d->next_kind = DEC_K_NONE;
		if (e->fn(d, &c) != DEC_NEXT)
			break;
		/* the tunnel header itself belongs to the outer level; what it carries is one
		 * level deeper */
		if (tunnel)
			d->tunnels++;
	}
}

struct dec_layer *
dec_layer_add(struct dec *d, enum dec_proto proto, const struct cur *c)
{
	if (d->nlayers == DEC_MAX_LAYERS) {
		dec_err(d, cur_off(c), DEC_E_LAYERS_FULL, "more than %d layers", DEC_MAX_LAYERS);
		return NULL;
	}
	struct dec_layer *l = &d->layers[d->nlayers++];
	l->proto = (uint16_t)proto;
	l->truncated = false;
	l->tunnel = d->tunnels;
	l->off = (uint32_t)cur_off(c);
	l->len = 0;
	memset(&l->u, 0, sizeof(l->u));
	return l;
}

enum dec_rc
dec_err(struct dec *d, size_t off, enum dec_ecode code, const char *fmt, ...)
{
	if (d->nerrors == DEC_MAX_ERRORS) {
		d->errors_lost++;
		return DEC_STOP;
	}
	struct dec_event *ev = &d->errors[d->nerrors++];
	ev->proto = d->cur_proto;
	ev->code = (uint16_t)code;
	ev->off = (uint32_t)off;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ev->what, sizeof(ev->what), fmt, ap);
	va_end(ap);
	return DEC_STOP;
}

enum dec_rc
dec_truncated(struct dec *d, struct dec_layer *l, size_t need, size_t have)
{
	if (l)
		l->truncated = true;
	if (d->quoted)
		return DEC_STOP;
	return dec_err(d, l ? l->off : 0, DEC_E_TRUNCATED,
		"truncated: header needs %zu bytes, %zu captured", need, have);
}

bool
dec_claim_past(struct dec *d, size_t off, size_t n, size_t *room)
{
	*room = d->wire_end > off ? d->wire_end - off : 0;
	if (d->quoted)
		return false;
	bool past = n > *room;
	d->wire_end = (uint32_t)MIN((uint64_t)off + n, UINT32_MAX);
	return past;
}

const struct dec_layer *
dec_ip_below(const struct dec *d)
{
	for (unsigned i = d->nlayers; i-- > 0;)
		if (d->layers[i].proto == DEC_P_IPV4 || d->layers[i].proto == DEC_P_IPV6)
			return &d->layers[i];
	return NULL;
}

bool
dec_ip_is_fragment(const struct dec_layer *l)
{
	if (!l)
		return false;
	if (l->proto == DEC_P_IPV4)
		return l->u.ipv4.mf || l->u.ipv4.frag != 0;
	return l->proto == DEC_P_IPV6 && l->u.ipv6.is_fragment;
}

void *
dec_alloc(struct dec *d, size_t n)
{
	size_t at = (d->arena_used + 15) & ~(size_t)15;
	if (n > DEC_ARENA_SIZE || at > DEC_ARENA_SIZE - n) {
		dec_err(d, 0, DEC_E_ARENA_FULL, "per-packet memory (%d bytes) exhausted",
			DEC_ARENA_SIZE);
		return NULL;
	}
	d->arena_used = at + n;
	memset(d->arena + at, 0, n);
	return d->arena + at;
}

static const char *const proto_names[DEC_P_COUNT] = {
	[DEC_P_NONE] = "none",
	[DEC_P_NULL] = "null",
	[DEC_P_SLL] = "sll",
	[DEC_P_SLL2] = "sll2",
	[DEC_P_ETH] = "eth",
	[DEC_P_LLC] = "llc",
	[DEC_P_VLAN] = "vlan",
	[DEC_P_ARP] = "arp",
	[DEC_P_IPV4] = "ipv4",
	[DEC_P_IPV6] = "ipv6",
	[DEC_P_ICMP] = "icmp",
	[DEC_P_ICMPV6] = "icmpv6",
	[DEC_P_UDP] = "udp",
	[DEC_P_TCP] = "tcp",
	[DEC_P_MACSEC] = "macsec",
	[DEC_P_ESP] = "esp",
	[DEC_P_IKE] = "ike",
	[DEC_P_NATT_KEEPALIVE] = "natt_keepalive",
	[DEC_P_GENEVE] = "geneve",
	[DEC_P_VXLAN] = "vxlan",
	[DEC_P_JUNIPER] = "juniper",
	[DEC_P_BGP] = "bgp",
	[DEC_P_DNS] = "dns",
	[DEC_P_HTTP2] = "http2",
	[DEC_P_BFD] = "bfd",
	[DEC_P_LACP] = "lacp",
	[DEC_P_GRE] = "gre",
	[DEC_P_ERSPAN] = "erspan",
	[DEC_P_MPLS] = "mpls",
	[DEC_P_PPP] = "ppp",
};

const char *
dec_proto_name(unsigned proto)
{
	return proto < DEC_P_COUNT && proto_names[proto] ? proto_names[proto] : "unknown";
}

static const char *const event_names[DEC_E_COUNT] = {
	[DEC_E_TRUNCATED] = "truncated",
	[DEC_E_LINKTYPE] = "linktype_unsupported",
	[DEC_E_LAYERS_FULL] = "too_many_layers",
	[DEC_E_TUNNEL_DEPTH] = "tunnel_depth",
	[DEC_E_ARENA_FULL] = "arena_full",
	[DEC_E_BAD_VERSION] = "bad_version",
	[DEC_E_BAD_HEADER_LEN] = "bad_header_len",
	[DEC_E_BAD_LENGTH] = "bad_length",
	[DEC_E_OPTION_LEN] = "bad_option_len",
	[DEC_E_EXT_CHAIN] = "ext_chain_too_long",
	[DEC_E_PAYLOAD_LEN] = "payload_len_past_end",
	[DEC_E_RESERVED] = "reserved_set",
	[DEC_E_IKE_TOO_MANY] = "ike.too_many_items",
	[DEC_E_DNS_NAME_LOOP] = "dns.name_pointer_loop",
	[DEC_E_DNS_NAME_PTR] = "dns.name_pointer_header",
	[DEC_E_DNS_NAME_LONG] = "dns.name_too_long",
	[DEC_E_DNS_LABEL_TYPE] = "dns.label_type",
	[DEC_E_DNS_RDATA_LEN] = "dns.rdata_len",
	[DEC_E_DNS_COUNT] = "dns.count_past_records",
	[DEC_E_BGP_MARKER] = "bgp.marker_not_ones",
	[DEC_E_BGP_MSG_LEN] = "bgp.bad_message_len",
	[DEC_E_BGP_TYPE] = "bgp.unknown_type",
	[DEC_E_BGP_OPT_LEN] = "bgp.opt_param_len_past_end",
	[DEC_E_BGP_WITHDRAWN_LEN] = "bgp.withdrawn_len_past_end",
	[DEC_E_BGP_ATTR_LEN] = "bgp.attr_len_past_end",
	[DEC_E_BGP_ATTR] = "bgp.bad_attr",
	[DEC_E_BGP_PREFIX] = "bgp.bad_prefix",
	[DEC_E_BGP_DUP_ATTR] = "bgp.duplicate_attr",
	[DEC_E_BGP_NOTIFY_DATA] = "bgp.bad_notification_data",
	[DEC_E_BGP_TOO_MANY] = "bgp.too_many_items",
	[DEC_E_STREAM_GAP] = "tcp.stream_gap",
	[DEC_E_HTTP2_FRAME_LEN] = "http2.frame_len",
	[DEC_E_HTTP2_PADDING] = "http2.padding_past_frame",
	[DEC_E_HTTP2_SEQUENCE] = "http2.frame_out_of_sequence",
	[DEC_E_HTTP2_HPACK] = "http2.hpack_error",
	[DEC_E_HTTP2_TOO_MANY] = "http2.too_many_streams",
	[DEC_E_BFD_INVALID] = "bfd.invalid",
	[DEC_E_TCP_MD5_MISMATCH] = "tcp.md5_mismatch",
	[DEC_E_TCP_MD5_MISSING] = "tcp.md5_missing",
	[DEC_E_ESP_ICV] = "esp.icv_mismatch",
	[DEC_E_ESP_DECRYPT] = "esp.bad_plaintext",
	[DEC_E_FRAG_OVERLAP] = "ip.frag_overlap",
	[DEC_E_FRAG_TOO_BIG] = "ip.frag_too_big",
	[DEC_E_FRAG_LIMIT] = "ip.frag_too_many",
	[DEC_E_FRAG_LEN] = "ip.frag_bad_len",
};

const char *
dec_event_name(unsigned code)
{
	return code < DEC_E_COUNT && event_names[code] ? event_names[code] : "unknown";
}

const char *
dec_ethertype_name(unsigned type)
{
	switch (type) {
	case 0x0800:
		return "IPv4";
	case 0x0806:
		return "ARP";
	case 0x86DD:
		return "IPv6";
	case 0x8100:
		return "802.1Q";
	case 0x88A8:
		return "802.1ad";
	case 0x9100:
		return "QinQ";
	case 0x88E5:
		return "MACsec";
	case 0x6558:
		return "TEB";
	case 0x88CC:
		return "LLDP";
	case 0x8809:
		return "Slow";
	case 0x888E:
		return "EAPOL";
	case 0x8847:
		return "MPLS";
	case 0x8848:
		return "MPLS multicast";
	case 0x88BE:
		return "ERSPAN";
	case 0x22EB:
		return "ERSPAN III";
	case 0x8864:
		return "PPPoE";
	default:
		return NULL;
	}
}
