/*
 * gen_write.c - packet builders and capture writers for the sample generator.
 *
 * Wire formats: Ethernet II and 802.3/LLC (IEEE 802.3, 802.2), SNAP (RFC 1042), 802.1Q
 * and 802.1ad tags, MACsec SecTAG (IEEE 802.1AE §9), ARP (RFC 826), IPv4 (RFC 791),
 * IPv6 and its extension headers (RFC 8200, SRH RFC 8754), UDP (RFC 768), TCP (RFC 9293,
 * options RFC 7323 and RFC 2018), ICMP (RFC 792), ICMPv6 (RFC 4443), VXLAN (RFC 7348),
 * GENEVE (RFC 8926). Files: pcap (tcpdump.org pcap-savefile, draft-ietf-opsawg-pcap) and
 * pcapng (draft-ietf-opsawg-pcapng), optionally through zlib's gzip stream (RFC 1952).
 *
 * Nothing here reads a clock or draws a random number: the same calls write the same
 * bytes, which is what lets `make samples` be run twice and compared with cmp.
 */
#include "samples/gen.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

void
gen_die(const char *what)
{
	fprintf(stderr, "gen: %s\n", what);
	exit(1);
}

/* RFC 1071 §4.1: 16-bit one's-complement sum, carries folded back in. */
uint16_t
gen_csum(const uint8_t *p, size_t len, uint32_t sum)
{
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < len)
		s += (uint32_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

void
gen_reset(struct gen_pkt *p)
{
	p->len = 0;
	p->depth = 0;
}

static uint8_t *
room(struct gen_pkt *p, size_t n)
{
	uint8_t *at;

	if (n > GEN_PKT_MAX - p->len)
		gen_die("packet too large");
	at = p->b + p->len;
	p->len += n;
	return at;
}

void
gen_u8(struct gen_pkt *p, uint8_t v)
{
	*room(p, 1) = v;
}

void
gen_u16(struct gen_pkt *p, uint16_t v)
{
	uint8_t *b = room(p, 2);

	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

void
gen_u32(struct gen_pkt *p, uint32_t v)
{
	gen_u16(p, (uint16_t)(v >> 16));
	gen_u16(p, (uint16_t)v);
}

void
gen_u64(struct gen_pkt *p, uint64_t v)
{
	gen_u32(p, (uint32_t)(v >> 32));
	gen_u32(p, (uint32_t)v);
}

void
gen_bytes(struct gen_pkt *p, const void *v, size_t n)
{
	if (n > 0)
		memcpy(room(p, n), v, n);
}

/*
 * Opaque payload (ciphertext, ICVs, key shares): xorshift32 from a fixed seed, so it
 * looks random to a dissector's heuristics but is the same on every run.
 */
void
gen_fill(struct gen_pkt *p, size_t n, uint32_t seed)
{
	uint8_t *b = room(p, n);
	uint32_t x = (seed ^ 0x5bd1e995u) * 0x9e3779b1u;

	/* neighbouring seeds must not give neighbouring streams; xorshift needs x != 0 */
	x ^= x >> 15;
	if (x == 0)
		x = 0x9e3779b9u;

	for (size_t i = 0; i < n; i++) {
		if ((i & 3) == 0) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
		}
		b[i] = (uint8_t)(x >> ((i & 3) * 8));
	}
}

void
gen_text(struct gen_pkt *p, const char *s)
{
	gen_bytes(p, s, strlen(s));
}

/* Ethernet's 60-byte minimum (64 with the FCS a capture does not hold), zero padded. */
void
gen_pad(struct gen_pkt *p, size_t min)
{
	size_t n = p->len < min ? min - p->len : 0;

	if (n > 0)
		memset(room(p, n), 0, n);
}

void
gen_set16(struct gen_pkt *p, size_t off, uint16_t v)
{
	p->b[off] = (uint8_t)(v >> 8);
	p->b[off + 1] = (uint8_t)v;
}

void
gen_set32(struct gen_pkt *p, size_t off, uint32_t v)
{
	gen_set16(p, off, (uint16_t)(v >> 16));
	gen_set16(p, off + 2, (uint16_t)v);
}

void
gen_ip6(const char *s, uint8_t out[16])
{
	if (inet_pton(AF_INET6, s, out) != 1)
		gen_die("bad IPv6 literal");
}

void
gen_mac(const char *s, uint8_t out[6])
{
	unsigned int m[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		gen_die("bad MAC literal");
	for (int i = 0; i < 6; i++)
		out[i] = (uint8_t)m[i];
}

/* Opens a header to be fixed up by gen_end(); returns its offset. */
size_t
gen_push(struct gen_pkt *p, enum gen_kind kind)
{
	struct gen_open *o;

	if (p->depth == GEN_STACK_MAX)
		gen_die("headers nested too deep");
	o = &p->stack[p->depth++];
	o->kind = kind;
	o->off = p->len;
	o->ip = 0;
	for (size_t i = p->depth - 1; i-- > 0;) {
		if (p->stack[i].kind == GEN_K_IPV4 || p->stack[i].kind == GEN_K_IPV6) {
			o->ip = p->stack[i].off;
			break;
		}
	}
	return o->off;
}

/*
 * The pseudo-header sum of RFC 768 / RFC 9293 §3.1 (IPv4) and RFC 8200 §8.1 (IPv6).
 * The IPv6 destination is the header's: samples with a routing header keep Segments
 * Left at 0, so it is already the final destination the RFC asks for.
 */
static uint32_t
pseudo_sum(const struct gen_pkt *p, size_t ip, uint8_t proto, size_t l4len)
{
	const uint8_t *h = p->b + ip;
	uint32_t s = proto + (uint32_t)(l4len & 0xffff) + (uint32_t)(l4len >> 16);
	size_t a, n;

	if ((h[0] >> 4) == 4) {
		a = 12;
		n = 8;
	} else {
		a = 8;
		n = 32;
	}
	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)h[a + i] << 8 | h[a + i + 1];
	return s;
}

void
gen_end(struct gen_pkt *p)
{
	struct gen_open *o;
	size_t len, hl;
	uint16_t c;
	uint8_t *h;

	if (p->depth == 0)
		gen_die("gen_end without an open header");
	o = &p->stack[--p->depth];
	len = p->len - o->off;
	h = p->b + o->off;
	switch (o->kind) {
	case GEN_K_IPV4:
		gen_set16(p, o->off + 2, (uint16_t)len);
		hl = (size_t)(h[0] & 0x0f) * 4;
		gen_set16(p, o->off + 10, 0);
		gen_set16(p, o->off + 10, gen_csum(h, hl, 0));
		break;
	case GEN_K_IPV6:
		gen_set16(p, o->off + 4, (uint16_t)(len - 40));
		break;
	case GEN_K_UDP:
		gen_set16(p, o->off + 4, (uint16_t)len);
		gen_set16(p, o->off + 6, 0);
		c = gen_csum(h, len, pseudo_sum(p, o->ip, 17, len));
		/* RFC 768: a computed zero is sent as all ones; zero means "no checksum". */
		gen_set16(p, o->off + 6, c ? c : 0xffff);
		break;
	case GEN_K_TCP:
		gen_set16(p, o->off + 16, 0);
		gen_set16(p, o->off + 16, gen_csum(h, len, pseudo_sum(p, o->ip, 6, len)));
		break;
	case GEN_K_ICMP:
		gen_set16(p, o->off + 2, 0);
		gen_set16(p, o->off + 2, gen_csum(h, len, 0));
		break;
	case GEN_K_ICMP6:
		gen_set16(p, o->off + 2, 0);
		gen_set16(p, o->off + 2, gen_csum(h, len, pseudo_sum(p, o->ip, 58, len)));
		break;
	case GEN_K_LEN16:
		gen_set16(p, o->off + 2, (uint16_t)len);
		break;
	case GEN_K_IKE:
		gen_set32(p, o->off + 24, (uint32_t)len);
		break;
	case GEN_K_LLC:
		gen_set16(p, o->off + 12, (uint16_t)(len - 14));
		break;
	case GEN_K_MACSEC:
		/*
		 * IEEE 802.1AE §9.7: SL is the Secure Data length when under 48 octets,
		 * else 0. The ICV is opaque here (no key), derived from the PN so it is
		 * stable and differs per frame.
		 */
		hl = (h[0] & 0x20) ? 14 : 6;
		len -= hl;
		h[1] = len < 48 ? (uint8_t)len : 0;
		gen_fill(p, 16,
			(uint32_t)h[2] << 24 | (uint32_t)h[3] << 16 | (uint32_t)h[4] << 8 | h[5] |
				0x10000000u);
		break;
	}
}

void
gen_end_all(struct gen_pkt *p)
{
	while (p->depth > 0)
		gen_end(p);
}

void
gen_eth(struct gen_pkt *p, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	gen_bytes(p, dst, 6);
	gen_bytes(p, src, 6);
	gen_u16(p, type);
}

/* IEEE 802.1Q §9.6 TCI after a 0x8100 or 0x88a8 TPID, then the next type. */
void
gen_vlan(struct gen_pkt *p, uint8_t pcp, bool dei, uint16_t vid, uint16_t type)
{
	gen_u16(p, (uint16_t)((pcp & 7) << 13 | (dei ? 0x1000 : 0) | (vid & 0x0fff)));
	gen_u16(p, type);
}

/* 802.3 with a length (fixed up by gen_end) and an 802.2 LLC header. */
void
gen_llc(struct gen_pkt *p, const uint8_t dst[6], const uint8_t src[6], uint8_t dsap, uint8_t ssap,
	uint8_t ctl)
{
	gen_push(p, GEN_K_LLC);
	gen_eth(p, dst, src, 0);
	gen_u8(p, dsap);
	gen_u8(p, ssap);
	gen_u8(p, ctl);
}

/* RFC 1042: after LLC AA AA 03, a 3-byte OUI (0 = ethertype follows) and the type. */
void
gen_snap(struct gen_pkt *p, uint32_t oui, uint16_t type)
{
	gen_u8(p, (uint8_t)(oui >> 16));
	gen_u16(p, (uint16_t)oui);
	gen_u16(p, type);
}

/* Linux cooked v1 (LINKTYPE_LINUX_SLL): type, ARPHRD_ETHER, address length, address. */
void
gen_sll(struct gen_pkt *p, uint16_t pkttype, const uint8_t mac[6], uint16_t proto)
{
	gen_u16(p, pkttype);
	gen_u16(p, 1);
	gen_u16(p, 6);
	gen_bytes(p, mac, 6);
	gen_u16(p, 0);
	gen_u16(p, proto);
}

/* Linux cooked v2 (LINKTYPE_LINUX_SLL2): the protocol first, and the interface index. */
void
gen_sll2(struct gen_pkt *p, uint16_t proto, uint32_t ifindex, uint8_t pkttype, const uint8_t mac[6])
{
	gen_u16(p, proto);
	gen_u16(p, 0);
	gen_u32(p, ifindex);
	gen_u16(p, 1);
	gen_u8(p, pkttype);
	gen_u8(p, 6);
	gen_bytes(p, mac, 6);
	gen_u16(p, 0);
}

/*
 * LINKTYPE_NULL: the AF_ value in the capturing host's byte order. Written
 * little-endian, as by the x86 and arm64 hosts the header byte order also says.
 */
void
gen_null(struct gen_pkt *p, uint32_t family)
{
	uint8_t b[4] = { (uint8_t)family, (uint8_t)(family >> 8), (uint8_t)(family >> 16),
		(uint8_t)(family >> 24) };

	gen_bytes(p, b, 4);
}

/* RFC 826 for Ethernet/IPv4. */
void
gen_arp(struct gen_pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa, const uint8_t tha[6],
	uint32_t tpa)
{
	gen_u16(p, 1);
	gen_u16(p, 0x0800);
	gen_u8(p, 6);
	gen_u8(p, 4);
	gen_u16(p, op);
	gen_bytes(p, sha, 6);
	gen_u32(p, spa);
	gen_bytes(p, tha, 6);
	gen_u32(p, tpa);
}

/*
 * The SecTAG after ethertype 0x88E5 (IEEE 802.1AE §9.3): TCI/AN, SL (set on close),
 * 32-bit PN, the SCI when TCI.SC is set. Then the caller writes the Secure Data: the
 * inner ethertype and payload in clear when E=0/C=0, ciphertext when E=1/C=1.
 */
void
gen_macsec(struct gen_pkt *p, uint8_t tci_an, uint32_t pn, const uint8_t *sci)
{
	gen_push(p, GEN_K_MACSEC);
	gen_u8(p, tci_an);
	gen_u8(p, 0);
	gen_u32(p, pn);
	if (tci_an & 0x20) {
		if (sci == NULL)
			gen_die("MACsec SC bit without an SCI");
		gen_bytes(p, sci, 8);
	}
}

void
gen_ipv4x(struct gen_pkt *p, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl, uint16_t id,
	uint8_t tos, uint16_t frag, const uint8_t *opts, size_t optlen)
{
	size_t padded = (optlen + 3) & ~(size_t)3;

	if (padded > 40)
		gen_die("IPv4 options longer than 40 bytes");
	gen_push(p, GEN_K_IPV4);
	gen_u8(p, (uint8_t)(0x40 | (20 + padded) / 4));
	gen_u8(p, tos);
	gen_u16(p, 0);
	gen_u16(p, id);
	gen_u16(p, frag);
	gen_u8(p, ttl);
	gen_u8(p, proto);
	gen_u16(p, 0);
	gen_u32(p, src);
	gen_u32(p, dst);
	gen_bytes(p, opts, optlen);
	/* RFC 791: options end on a 32-bit boundary, padded with End of Option List (0). */
	for (size_t i = optlen; i < padded; i++)
		gen_u8(p, 0);
}

/* A plain IPv4 header with DF set, as Linux sends unfragmented TCP and UDP. */
void
gen_ipv4(struct gen_pkt *p, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl, uint16_t id)
{
	gen_ipv4x(p, src, dst, proto, ttl, id, 0, 0x4000, NULL, 0);
}

void
gen_ipv6(struct gen_pkt *p, const uint8_t src[16], const uint8_t dst[16], uint8_t next,
	uint8_t hlim, uint32_t flow)
{
	gen_push(p, GEN_K_IPV6);
	gen_u32(p, 0x60000000u | (flow & 0xfffff));
	gen_u16(p, 0);
	gen_u8(p, next);
	gen_u8(p, hlim);
	gen_bytes(p, src, 16);
	gen_bytes(p, dst, 16);
}

/*
 * Hop-by-Hop or Destination Options (RFC 8200 §4.3, §4.6), 8 bytes: a Router Alert
 * (RFC 2711, value 0 = MLD) padded with PadN, or PadN alone.
 */
void
gen_ip6_opts(struct gen_pkt *p, uint8_t next, bool router_alert)
{
	gen_u8(p, next);
	gen_u8(p, 0);
	if (router_alert) {
		gen_u8(p, 5);
		gen_u8(p, 2);
		gen_u16(p, 0);
		gen_u16(p, 0x0100);
	} else {
		gen_u16(p, 0x0104);
		gen_u32(p, 0);
	}
}

/* RFC 8200 §4.5: offset in 8-octet units, M flag, 32-bit identification. */
void
gen_ip6_frag(struct gen_pkt *p, uint8_t next, uint16_t off8, bool more, uint32_t id)
{
	gen_u8(p, next);
	gen_u8(p, 0);
	gen_u16(p, (uint16_t)(off8 << 3 | (more ? 1 : 0)));
	gen_u32(p, id);
}

/* Segment Routing Header (RFC 8754 §2), one segment, Segments Left 0. */
void
gen_ip6_srh(struct gen_pkt *p, uint8_t next, const uint8_t seg[16])
{
	gen_u8(p, next);
	gen_u8(p, 2);
	gen_u8(p, 4);
	gen_u8(p, 0);
	gen_u8(p, 0);
	gen_u8(p, 0);
	gen_u16(p, 0);
	gen_bytes(p, seg, 16);
}

void
gen_udp(struct gen_pkt *p, uint16_t sport, uint16_t dport)
{
	gen_push(p, GEN_K_UDP);
	gen_u16(p, sport);
	gen_u16(p, dport);
	gen_u32(p, 0);
}

/*
 * TCP with the options Linux sends: on a SYN, MSS, SACK-permitted (RFC 2018),
 * timestamps (RFC 7323 §3), NOP, window scale (RFC 7323 §2); later, NOP NOP timestamps.
 */
void
gen_tcp(struct gen_pkt *p, const struct gen_tcp *t)
{
	uint8_t o[40];
	size_t n = 0;

	if ((t->flags & GEN_TH_SYN) && t->mss) {
		o[n++] = 2;
		o[n++] = 4;
		o[n++] = (uint8_t)(t->mss >> 8);
		o[n++] = (uint8_t)t->mss;
		o[n++] = 4;
		o[n++] = 2;
	} else if (t->ts) {
		o[n++] = 1;
		o[n++] = 1;
	}
	if (t->ts) {
		o[n++] = 8;
		o[n++] = 10;
		for (int i = 24; i >= 0; i -= 8)
			o[n++] = (uint8_t)(t->tsval >> i);
		for (int i = 24; i >= 0; i -= 8)
			o[n++] = (uint8_t)(t->tsecr >> i);
	}
	if ((t->flags & GEN_TH_SYN) && t->mss) {
		if (!t->ts) {
			o[n++] = 1;
			o[n++] = 1;
		}
		o[n++] = 1;
		o[n++] = 3;
		o[n++] = 3;
		o[n++] = t->wscale;
	}
	gen_push(p, GEN_K_TCP);
	gen_u16(p, t->sport);
	gen_u16(p, t->dport);
	gen_u32(p, t->seq);
	gen_u32(p, t->ack);
	gen_u8(p, (uint8_t)((20 + n) / 4 << 4));
	gen_u8(p, t->flags);
	gen_u16(p, t->win);
	gen_u16(p, 0);
	gen_u16(p, 0);
	gen_bytes(p, o, n);
}

void
gen_icmp(struct gen_pkt *p, uint8_t type, uint8_t code, uint32_t rest)
{
	gen_push(p, GEN_K_ICMP);
	gen_u8(p, type);
	gen_u8(p, code);
	gen_u16(p, 0);
	gen_u32(p, rest);
}

void
gen_icmp6(struct gen_pkt *p, uint8_t type, uint8_t code, uint32_t rest)
{
	gen_push(p, GEN_K_ICMP6);
	gen_u8(p, type);
	gen_u8(p, code);
	gen_u16(p, 0);
	gen_u32(p, rest);
}

/* RFC 7348 §5: flags with I set, 24 reserved bits, VNI, 8 reserved bits. */
void
gen_vxlan(struct gen_pkt *p, uint32_t vni)
{
	gen_u32(p, 0x08000000u);
	gen_u32(p, vni << 8);
}

/*
 * RFC 8926 §3.4: Ver 0, Opt Len in 4-byte words, O and C clear (the options are not
 * critical: an appliance that ignores them still forwards), protocol type, VNI.
 */
void
gen_geneve(struct gen_pkt *p, uint16_t proto, uint32_t vni, const uint8_t *opts, size_t optlen)
{
	if (optlen % 4 || optlen > 252)
		gen_die("GENEVE options must be whole words, at most 63");
	gen_u8(p, (uint8_t)(optlen / 4));
	gen_u8(p, 0);
	gen_u16(p, proto);
	gen_u32(p, vni << 8);
	gen_bytes(p, opts, optlen);
}

static size_t
geneve_opt(uint8_t *out, uint16_t cls, uint8_t type, uint64_t v, size_t vlen)
{
	out[0] = (uint8_t)(cls >> 8);
	out[1] = (uint8_t)cls;
	out[2] = type;
	out[3] = (uint8_t)(vlen / 4);
	for (size_t i = 0; i < vlen; i++)
		out[4 + i] = (uint8_t)(v >> (8 * (vlen - 1 - i)));
	return 4 + vlen;
}

/*
 * The three options AWS Gateway Load Balancer adds, class 0x0108 ("Amazon"): type 1 the
 * GWLB endpoint id (the vpce- id's 17 hex digits as a number), type 2 the attachment id,
 * type 3 the flow cookie. AWS GWLB docs, "Integrate appliances: Geneve".
 */
size_t
gen_gwlb_opts(uint8_t *out, uint64_t endpoint, uint64_t attachment, uint32_t cookie)
{
	size_t n = 0;

	n += geneve_opt(out + n, 0x0108, 1, endpoint, 8);
	n += geneve_opt(out + n, 0x0108, 2, attachment, 8);
	n += geneve_opt(out + n, 0x0108, 3, cookie, 4);
	return n;
}

/* ---- capture files ---- */

#define NG_MAX_IF 16

struct gen_file {
	FILE *fp;
	gzFile gz;
	enum gen_fmt fmt;
	bool be;
	char *vbuf;
	uint32_t nif;
	uint8_t resol[NG_MAX_IF]; /* pcapng if_tsresol exponents (base 10) */
	uint8_t blk[GEN_PKT_MAX + 512];
};

struct gen_file *
gen_file_open(const char *path, enum gen_fmt fmt, bool gz, bool big_endian, size_t bufsize)
{
	struct gen_file *f = calloc(1, sizeof(*f));

	if (f == NULL)
		gen_die("out of memory");
	f->fmt = fmt;
	f->be = big_endian;
	if (gz) {
		/* zlib writes a gzip header with MTIME 0: the output stays reproducible. */
		f->gz = gzopen(path, "wb9");
		if (f->gz == NULL)
			gen_die(path);
		gzbuffer(f->gz, 1u << 17);
	} else {
		f->fp = fopen(path, "wb");
		if (f->fp == NULL)
			gen_die(path);
		if (bufsize) {
			f->vbuf = malloc(bufsize);
			if (f->vbuf == NULL || setvbuf(f->fp, f->vbuf, _IOFBF, bufsize) != 0)
				gen_die("setvbuf");
		}
	}
	return f;
}

void
gen_file_close(struct gen_file *f)
{
	if (f->gz != NULL) {
		if (gzclose(f->gz) != Z_OK)
			gen_die("gzclose");
	} else if (fclose(f->fp) != 0) {
		gen_die("fclose");
	}
	free(f->vbuf);
	free(f);
}

void
gen_file_raw(struct gen_file *f, const void *data, size_t len)
{
	if (len == 0)
		return;
	if (f->gz != NULL) {
		if (gzwrite(f->gz, data, (unsigned)len) != (int)len)
			gen_die("gzwrite");
	} else if (fwrite(data, 1, len, f->fp) != len) {
		gen_die("fwrite");
	}
}

static void
put16(uint8_t *b, uint16_t v, bool be)
{
	if (be) {
		b[0] = (uint8_t)(v >> 8);
		b[1] = (uint8_t)v;
	} else {
		b[0] = (uint8_t)v;
		b[1] = (uint8_t)(v >> 8);
	}
}

static void
put32(uint8_t *b, uint32_t v, bool be)
{
	if (be) {
		put16(b, (uint16_t)(v >> 16), true);
		put16(b + 2, (uint16_t)v, true);
	} else {
		put16(b, (uint16_t)v, false);
		put16(b + 2, (uint16_t)(v >> 16), false);
	}
}

/* pcap file header: the magic says the byte order and (0xa1b23c4d) nanoseconds. */
void
gen_pcap_header(struct gen_file *f, uint32_t linktype, uint32_t snaplen)
{
	uint8_t h[24];

	put32(h, f->fmt == GEN_PCAP_NS ? 0xa1b23c4du : 0xa1b2c3d4u, f->be);
	put16(h + 4, 2, f->be);
	put16(h + 6, 4, f->be);
	put32(h + 8, 0, f->be);
	put32(h + 12, 0, f->be);
	put32(h + 16, snaplen, f->be);
	put32(h + 20, linktype, f->be);
	gen_file_raw(f, h, sizeof(h));
}

void
gen_pcap_record(
	struct gen_file *f, uint64_t ts_ns, const uint8_t *data, uint32_t caplen, uint32_t len)
{
	uint8_t h[16];
	uint64_t frac = ts_ns % UINT64_C(1000000000);

	if (f->fmt != GEN_PCAP_NS)
		frac /= 1000;
	put32(h, (uint32_t)(ts_ns / UINT64_C(1000000000)), f->be);
	put32(h + 4, (uint32_t)frac, f->be);
	put32(h + 8, caplen, f->be);
	put32(h + 12, len, f->be);
	gen_file_raw(f, h, sizeof(h));
	gen_file_raw(f, data, caplen);
}

/* pcapng blocks are built in f->blk, little-endian, then written whole. */
static size_t
ng_begin(struct gen_file *f, uint32_t type)
{
	put32(f->blk, type, false);
	return 8;
}

static size_t
ng_data(struct gen_file *f, size_t n, const void *data, size_t len)
{
	if (n + len + 64 > sizeof(f->blk))
		gen_die("pcapng block too large");
	if (len > 0)
		memcpy(f->blk + n, data, len);
	n += len;
	while (n % 4)
		f->blk[n++] = 0;
	return n;
}

static size_t
ng_opt(struct gen_file *f, size_t n, uint16_t code, const void *data, size_t len)
{
	put16(f->blk + n, code, false);
	put16(f->blk + n + 2, (uint16_t)len, false);
	return ng_data(f, n + 4, data, len);
}

static void
ng_finish(struct gen_file *f, size_t n)
{
	put32(f->blk + 4, (uint32_t)(n + 4), false);
	put32(f->blk + n, (uint32_t)(n + 4), false);
	gen_file_raw(f, f->blk, n + 4);
}

/* Section Header Block (pcapng §4.1): byte-order magic, version 1.0, length unknown. */
void
gen_ng_shb(struct gen_file *f)
{
	static const char appl[] = "awstrace samples/gen";
	size_t n = ng_begin(f, 0x0A0D0D0Au);

	put32(f->blk + n, 0x1A2B3C4Du, false);
	put16(f->blk + n + 4, 1, false);
	put16(f->blk + n + 6, 0, false);
	put32(f->blk + n + 8, 0xffffffffu, false);
	put32(f->blk + n + 12, 0xffffffffu, false);
	n += 16;
	n = ng_opt(f, n, 4, appl, sizeof(appl) - 1);
	n = ng_opt(f, n, 0, NULL, 0);
	ng_finish(f, n);
}

/*
 * Interface Description Block (pcapng §4.2) with if_name and if_tsresol (a power of
 * ten: 6 = microseconds, 9 = nanoseconds). Returns the interface id.
 */
uint32_t
gen_ng_idb(
	struct gen_file *f, uint16_t linktype, uint32_t snaplen, uint8_t tsresol, const char *name)
{
	size_t n = ng_begin(f, 1);

	if (f->nif == NG_MAX_IF || tsresol > 9)
		gen_die("pcapng interface");
	put16(f->blk + n, linktype, false);
	put16(f->blk + n + 2, 0, false);
	put32(f->blk + n + 4, snaplen, false);
	n += 8;
	n = ng_opt(f, n, 2, name, strlen(name));
	n = ng_opt(f, n, 9, &tsresol, 1);
	n = ng_opt(f, n, 0, NULL, 0);
	ng_finish(f, n);
	f->resol[f->nif] = tsresol;
	return f->nif++;
}

/* Enhanced Packet Block (pcapng §4.3): a 64-bit timestamp in the interface's units. */
void
gen_ng_epb(struct gen_file *f, uint32_t ifid, uint64_t ts_ns, const uint8_t *data, uint32_t caplen,
	uint32_t len, const char *comment)
{
	size_t n = ng_begin(f, 6);
	uint64_t ts = ts_ns;

	if (ifid >= f->nif)
		gen_die("EPB for an undeclared interface");
	for (int i = f->resol[ifid]; i < 9; i++)
		ts /= 10;
	put32(f->blk + n, ifid, false);
	put32(f->blk + n + 4, (uint32_t)(ts >> 32), false);
	put32(f->blk + n + 8, (uint32_t)ts, false);
	put32(f->blk + n + 12, caplen, false);
	put32(f->blk + n + 16, len, false);
	n = ng_data(f, n + 20, data, caplen);
	if (comment != NULL) {
		n = ng_opt(f, n, 1, comment, strlen(comment));
		n = ng_opt(f, n, 0, NULL, 0);
	}
	ng_finish(f, n);
}

/* Simple Packet Block (pcapng §4.4): interface 0, no timestamp, caplen from the length. */
void
gen_ng_spb(struct gen_file *f, const uint8_t *data, uint32_t caplen, uint32_t len)
{
	size_t n = ng_begin(f, 3);

	put32(f->blk + n, len, false);
	n = ng_data(f, n + 4, data, caplen);
	ng_finish(f, n);
}

/* Custom Block (pcapng §4.8, type 0x00000BAD: may be copied), which readers skip. */
void
gen_ng_custom(struct gen_file *f, uint32_t pen, const uint8_t *data, size_t len)
{
	size_t n = ng_begin(f, 0x00000BADu);

	put32(f->blk + n, pen, false);
	n = ng_data(f, n + 4, data, len);
	ng_finish(f, n);
}
