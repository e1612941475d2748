/* layers.h - what each decoder records in the packet view: one struct per protocol.
 *
 * Byte strings point into the captured frame (valid while the packet is), lists point
 * into the per-packet arena. Each protocol with a larger layer keeps its struct in its own
 * header (decode/<proto>.h) and it joins the union here.
 */
#ifndef AWSTRACE_DECODE_LAYERS_H
#define AWSTRACE_DECODE_LAYERS_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/bfd.h"
#include "decode/bgp.h"
#include "decode/dns.h"
#include "decode/esp.h"
#include "decode/geneve.h"
#include "decode/gre.h"
#include "decode/http2.h"
#include "decode/ike.h"
#include "decode/lacp.h"
#include "decode/macsec.h"
#include "decode/mpls.h"
#include "decode/vxlan.h"

/* Protocols of the view. Order is the order of dec_proto_name()'s table; append only. */
enum dec_proto {
	DEC_P_NONE = 0,
	DEC_P_NULL,   /* BSD loopback header */
	DEC_P_SLL,    /* Linux cooked v1 */
	DEC_P_SLL2,   /* Linux cooked v2 */
	DEC_P_ETH,    /* Ethernet II / 802.3 MAC header */
	DEC_P_LLC,    /* 802.2 LLC (and SNAP) */
	DEC_P_VLAN,   /* 802.1Q C-tag or 802.1ad S-tag */
	DEC_P_ARP,
	DEC_P_IPV4,
	DEC_P_IPV6,
	DEC_P_ICMP,
	DEC_P_ICMPV6,
	DEC_P_UDP,
	DEC_P_TCP,
	DEC_P_MACSEC,
	DEC_P_ESP,
	DEC_P_IKE,
	DEC_P_NATT_KEEPALIVE,
	DEC_P_GENEVE,
	DEC_P_VXLAN,
	DEC_P_JUNIPER, /* Juniper "MGC" pseudo-header */
	DEC_P_BGP,
	DEC_P_DNS,
	DEC_P_HTTP2,
	DEC_P_BFD,
	DEC_P_LACP,    /* Slow Protocols: LACP, Marker */
	DEC_P_GRE,
	DEC_P_ERSPAN,
	DEC_P_MPLS,
	DEC_P_PPP,
	DEC_P_COUNT
};

struct dec_null_layer {
	uint32_t family; /* AF_ value as the capturing host wrote it */
};

struct dec_juniper_layer {
	uint8_t flags;
};

struct dec_sll_layer {
	uint16_t pkttype;  /* to us, broadcast, multicast, other host, outgoing */
	uint16_t hatype;   /* ARPHRD_ */
	uint16_t alen;     /* link-layer address length */
	uint16_t protocol; /* ethertype (or a Linux pseudo-type for hatype-specific frames) */
	uint32_t ifindex;  /* SLL2 only */
	uint8_t addr[8];
};

struct dec_ppp_layer {
	bool hdlc;         /* the 0xFF 0x03 address and control bytes were there */
	uint16_t protocol; /* PPP protocol number (RFC 1661 §2) */
};

struct dec_eth_layer {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type; /* ethertype, or the 802.3 length when < 0x0600 */
};

struct dec_llc_layer {
	uint8_t dsap, ssap;
	uint16_t control;
	bool snap;
	uint32_t oui;     /* SNAP only */
	uint16_t pid;     /* SNAP only */
};

struct dec_vlan_layer {
	uint16_t tpid; /* 0x8100 (802.1Q), 0x88a8 (802.1ad), 0x9100 (old QinQ) */
	uint8_t pcp;
	bool dei;
	uint16_t vid;
	uint16_t type; /* ethertype that follows the tag */
};

struct dec_arp_layer {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	bool eth_ipv4; /* hardware Ethernet, protocol IPv4: the addresses below are set */
	uint8_t sha[6], spa[4], tha[6], tpa[4];
};

/* What IP fragment reassembly (decode/ipfrag.c) did with a fragment. */
enum dec_frag_state {
	DEC_FRAG_NONE = 0,  /* not a fragment, or no reassembler */
	DEC_FRAG_HELD,      /* kept until its datagram completes */
	DEC_FRAG_DONE,      /* completed its datagram: the layers above are the datagram's */
	DEC_FRAG_DROPPED,   /* not kept: a duplicate, or its datagram was given up (an event) */
};

/* The datagram a completing fragment finished (arena). */
struct dec_frag_done {
	uint32_t total;       /* payload bytes reassembled */
	uint32_t nframes;     /* frames that carried its fragments, this one included */
	uint32_t npkts;       /* packets of it before this one (duplicates included) */
	uint64_t other_bytes; /* wire bytes of the frames before this one (flows count them) */
	uint64_t frames[];    /* their frame numbers (d->frame_n), by fragment offset */
};

struct dec_ipv4_layer {
	uint8_t src[4], dst[4];
	uint8_t proto, ttl;
	uint8_t dscp, ecn;
	uint8_t hlen;      /* header length in bytes, options included */
	bool df, mf;
	uint16_t id;
	uint16_t frag;     /* fragment offset in bytes */
	uint16_t totlen;   /* the total length field */
	uint16_t cksum;
	uint8_t frag_state; /* enum dec_frag_state */
	const struct dec_frag_done *reasm; /* DEC_FRAG_DONE */
};

#define DEC_IPV6_MAX_EXT 16

struct dec_ipv6_layer {
	uint8_t src[16], dst[16];
	uint8_t next;      /* the fixed header's Next Header field */
	uint8_t proto;     /* upper-layer protocol after the extension chain */
	uint8_t hlim;
	uint8_t tclass;
	uint32_t flow;
	uint16_t plen;     /* payload length field */
	uint8_t next_ext;  /* number of extension headers */
	uint8_t ext[DEC_IPV6_MAX_EXT];
	bool is_fragment;  /* a fragment header was present */
	uint16_t frag;     /* its offset in bytes */
	bool mf;
	uint32_t frag_id;
	uint8_t frag_state; /* enum dec_frag_state */
	const struct dec_frag_done *reasm; /* DEC_FRAG_DONE */
};

struct dec_icmp_layer {
	uint8_t type, code;
	uint16_t cksum;
	bool echo;         /* echo request/reply: id and seq are set */
	bool quote;        /* an error message: the offending datagram's header follows */
	uint16_t id, seq;
};

struct dec_udp_layer {
	uint16_t sport, dport;
	uint16_t len;      /* the length field */
	uint16_t cksum;
	bool ports_only;   /* truncated after the ports (an ICMP quote): they are data */
};

enum {
	DEC_TCP_FIN = 0x001,
	DEC_TCP_SYN = 0x002,
	DEC_TCP_RST = 0x004,
	DEC_TCP_PSH = 0x008,
	DEC_TCP_ACK = 0x010,
	DEC_TCP_URG = 0x020,
	DEC_TCP_ECE = 0x040,
	DEC_TCP_CWR = 0x080,
	DEC_TCP_NS = 0x100,
};

struct dec_tcp_layer {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint16_t flags;    /* DEC_TCP_ bits */
	uint16_t win;
	uint16_t urg;
	uint8_t hlen;      /* header length in bytes, options included */
	uint32_t plen;     /* payload bytes, from the IP length (not caplen) */
	/* options (RFC 9293 §3.2, RFC 7323, RFC 2018) */
	bool has_mss, has_wscale, sack_perm, has_ts;
	uint16_t mss;
	uint8_t wscale;
	uint8_t nsack;     /* SACK blocks */
	uint32_t ts_val, ts_ecr;
	bool ports_only;   /* truncated after the ports (an ICMP quote): they are data */
	/* signatures: TCP-MD5 (kind 19, RFC 2385), TCP-AO (kind 29, RFC 5925 §2.2) */
	bool has_md5, has_ao;
	uint8_t md5[16];
	uint8_t ao_keyid, ao_rnextkeyid;
	uint8_t ao_maclen;  /* MAC bytes kept in ao_mac (the option may carry more) */
	uint8_t ao_mac[32];
	uint8_t md5_check;  /* enum dec_tcp_md5_check: what --tcp-md5-key found */
};

/* The TCP-MD5 verdict of a segment (decode/keys.h has the keys). */
enum dec_tcp_md5_check {
	DEC_MD5_NOT_CHECKED = 0, /* no key for these peers (or no keys at all) */
	DEC_MD5_OK,              /* signature matches the key */
	DEC_MD5_MISMATCH,        /* signature does not match: an event was recorded */
	DEC_MD5_MISSING,         /* unsigned, but a key is configured: an event was recorded */
	DEC_MD5_UNVERIFIABLE,    /* signed, key known, but the segment was not captured whole */
};

union dec_layer_u {
	struct dec_null_layer null;
	struct dec_juniper_layer juniper;
	struct dec_sll_layer sll;
	struct dec_eth_layer eth;
	struct dec_llc_layer llc;
	struct dec_vlan_layer vlan;
	struct dec_arp_layer arp;
	struct dec_ipv4_layer ipv4;
	struct dec_ipv6_layer ipv6;
	struct dec_icmp_layer icmp;
	struct dec_udp_layer udp;
	struct dec_tcp_layer tcp;
	struct dec_macsec_layer macsec;
	struct dec_esp_layer esp;
	struct dec_ike_layer ike;
	struct dec_geneve_layer geneve;
	struct dec_vxlan_layer vxlan;
	struct dec_bgp_layer bgp;
	struct dec_dns_layer dns;
	struct dec_http2_layer http2;
	struct dec_bfd_layer bfd;
	struct dec_lacp_layer lacp;
	struct dec_gre_layer gre;
	struct dec_erspan_layer erspan;
	struct dec_mpls_layer mpls;
	struct dec_ppp_layer ppp;
};

#endif /* AWSTRACE_DECODE_LAYERS_H */
