/* gen.h - the sample-capture generator's packet builders and capture writers (gen_write.c). */
#ifndef AWSTRACE_SAMPLES_GEN_H
#define AWSTRACE_SAMPLES_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A packet is built front to back. Headers whose length or checksum depends on what
 * follows (IPv4/IPv6, UDP, TCP, ICMP, MACsec, IKE payloads, 802.3 length) are "opened"
 * on a small stack and fixed up when closed, innermost first, so a tunnel (outer IPv4,
 * UDP, GENEVE, inner IPv4, TCP) is written in wire order and closed in reverse.
 */
#define GEN_PKT_MAX   16384
#define GEN_STACK_MAX 24

/* 2024-05-01T12:00:00Z: the fixed base of every sample's timestamps (no clock). */
#define GEN_BASE_NS (UINT64_C(1714564800) * UINT64_C(1000000000))

/* Link types (tcpdump.org/linktypes.html). */
#define GEN_LT_NULL   0
#define GEN_LT_EN10MB 1
#define GEN_LT_RAW    101
#define GEN_LT_SLL    113
#define GEN_LT_IPV4   228
#define GEN_LT_IPV6   229
#define GEN_LT_SLL2   276

#define GEN_IP4(a, b, c, d)                                                                        \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

enum gen_kind {
	GEN_K_IPV4,
	GEN_K_IPV6,
	GEN_K_UDP,
	GEN_K_TCP,
	GEN_K_ICMP, /* also IGMP: a plain checksum over the message */
	GEN_K_ICMP6,
	GEN_K_LEN16,  /* a 16-bit length at +2 covering the whole structure (IKE payloads) */
	GEN_K_IKE,    /* the 32-bit IKE/ISAKMP message length at +24 */
	GEN_K_LLC,    /* the 802.3 length field at +12 covering what follows the MAC header */
	GEN_K_MACSEC, /* SecTAG: sets SL and appends the ICV */
};

struct gen_open {
	enum gen_kind kind;
	size_t off;
	size_t ip; /* for UDP/TCP/ICMPv6: the enclosing IP header */
};

struct gen_pkt {
	uint8_t b[GEN_PKT_MAX];
	size_t len;
	size_t depth;
	struct gen_open stack[GEN_STACK_MAX];
};

struct gen_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	uint16_t mss; /* on SYN: MSS, SACK-permitted, timestamps, window scale */
	uint8_t wscale;
	bool ts; /* timestamps option (RFC 7323) */
	uint32_t tsval, tsecr;
};

#define GEN_TH_FIN 0x01
#define GEN_TH_SYN 0x02
#define GEN_TH_RST 0x04
#define GEN_TH_PSH 0x08
#define GEN_TH_ACK 0x10

/* The checksum of RFC 1071 over len bytes, folded and complemented. */
uint16_t gen_csum(const uint8_t *p, size_t len, uint32_t sum);

void gen_die(const char *what) __attribute__((noreturn));
void gen_reset(struct gen_pkt *p);
void gen_u8(struct gen_pkt *p, uint8_t v);
void gen_u16(struct gen_pkt *p, uint16_t v);
void gen_u32(struct gen_pkt *p, uint32_t v);
void gen_u64(struct gen_pkt *p, uint64_t v);
void gen_bytes(struct gen_pkt *p, const void *v, size_t n);
void gen_fill(struct gen_pkt *p, size_t n, uint32_t seed);
void gen_text(struct gen_pkt *p, const char *s);
void gen_pad(struct gen_pkt *p, size_t min);
void gen_set16(struct gen_pkt *p, size_t off, uint16_t v);
void gen_set32(struct gen_pkt *p, size_t off, uint32_t v);
void gen_ip6(const char *s, uint8_t out[16]);
void gen_mac(const char *s, uint8_t out[6]);

size_t gen_push(struct gen_pkt *p, enum gen_kind kind);
void gen_end(struct gen_pkt *p);
void gen_end_all(struct gen_pkt *p);

/* Link layers. */
void gen_eth(struct gen_pkt *p, const uint8_t dst[6], const uint8_t src[6], uint16_t type);
void gen_vlan(struct gen_pkt *p, uint8_t pcp, bool dei, uint16_t vid, uint16_t type);
void gen_llc(struct gen_pkt *p, const uint8_t dst[6], const uint8_t src[6], uint8_t dsap,
	uint8_t ssap, uint8_t ctl);
void gen_snap(struct gen_pkt *p, uint32_t oui, uint16_t type);
void gen_sll(struct gen_pkt *p, uint16_t pkttype, const uint8_t mac[6], uint16_t proto);
void gen_sll2(
	struct gen_pkt *p, uint16_t proto, uint32_t ifindex, uint8_t pkttype, const uint8_t mac[6]);
void gen_null(struct gen_pkt *p, uint32_t family);
void gen_arp(struct gen_pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa,
	const uint8_t tha[6], uint32_t tpa);
void gen_macsec(struct gen_pkt *p, uint8_t tci_an, uint32_t pn, const uint8_t *sci);

/* Network layers: begin, write the payload, gen_end(). */
void gen_ipv4(
	struct gen_pkt *p, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl, uint16_t id);
void gen_ipv4x(struct gen_pkt *p, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl,
	uint16_t id, uint8_t tos, uint16_t frag, const uint8_t *opts, size_t optlen);
void gen_ipv6(struct gen_pkt *p, const uint8_t src[16], const uint8_t dst[16], uint8_t next,
	uint8_t hlim, uint32_t flow);
void gen_ip6_opts(struct gen_pkt *p, uint8_t next, bool router_alert);
void gen_ip6_frag(struct gen_pkt *p, uint8_t next, uint16_t off8, bool more, uint32_t id);
void gen_ip6_srh(struct gen_pkt *p, uint8_t next, const uint8_t seg[16]);

/* Transport: begin, write the payload, gen_end(). */
void gen_udp(struct gen_pkt *p, uint16_t sport, uint16_t dport);
void gen_tcp(struct gen_pkt *p, const struct gen_tcp *t);
void gen_icmp(struct gen_pkt *p, uint8_t type, uint8_t code, uint32_t rest);
void gen_icmp6(struct gen_pkt *p, uint8_t type, uint8_t code, uint32_t rest);

/* Tunnels: fixed headers, nothing to close. */
void gen_vxlan(struct gen_pkt *p, uint32_t vni);
void gen_geneve(
	struct gen_pkt *p, uint16_t proto, uint32_t vni, const uint8_t *opts, size_t optlen);
size_t gen_gwlb_opts(uint8_t *out, uint64_t endpoint, uint64_t attachment, uint32_t cookie);

/*
 * Capture files. One writer for pcap (microsecond or nanosecond, either byte order) and
 * pcapng (little-endian), to a plain file or through zlib's gzip stream. Every failure
 * ends the program: the generator has no partial outputs worth keeping.
 */
enum gen_fmt { GEN_PCAP_US, GEN_PCAP_NS, GEN_PCAPNG };

struct gen_file;

struct gen_file *gen_file_open(
	const char *path, enum gen_fmt fmt, bool gz, bool big_endian, size_t bufsize);
void gen_file_close(struct gen_file *f);
void gen_pcap_header(struct gen_file *f, uint32_t linktype, uint32_t snaplen);
void gen_pcap_record(
	struct gen_file *f, uint64_t ts_ns, const uint8_t *data, uint32_t caplen, uint32_t len);
void gen_ng_shb(struct gen_file *f);
uint32_t gen_ng_idb(
	struct gen_file *f, uint16_t linktype, uint32_t snaplen, uint8_t tsresol, const char *name);
void gen_ng_epb(struct gen_file *f, uint32_t ifid, uint64_t ts_ns, const uint8_t *data,
	uint32_t caplen, uint32_t len, const char *comment);
void gen_ng_spb(struct gen_file *f, const uint8_t *data, uint32_t caplen, uint32_t len);
void gen_ng_custom(struct gen_file *f, uint32_t pen, const uint8_t *data, size_t len);
void gen_file_raw(struct gen_file *f, const void *data, size_t len);

#endif /* AWSTRACE_SAMPLES_GEN_H */
