/* test_bgp.c - BGP-4 (RFC 4271) on TCP 179: OPEN with capabilities and RFC 9072 extended
 * optional parameters, UPDATE with 2- and 4-byte AS_PATH, AS4_PATH, AS_SET and the RFC 5065
 * confederation segments, communities (well-known too), large and extended communities,
 * MP_REACH/MP_UNREACH for IPv6, NOTIFICATION with a shutdown communication, KEEPALIVE,
 * ROUTE-REFRESH subtypes, several messages per segment, every truncation, and the malformed
 * lengths RFC 7606 and tcpdump's history warn about. Sessions through the reassembler show
 * what the OPENs negotiate: ADD-PATH identifiers (RFC 7911) only where both sides agreed,
 * UPDATEs over 4096 bytes only with the Extended Message capability on both (RFC 8654). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "decode/bgp.h"
#include "decode/stream.h"
#include "reports/render.h"

/* Ethernet / IPv4 10.0.0.1 > 10.0.0.2 / TCP 40000 > 179 PA, for an m-byte TCP payload */
#define FRAME_HDR(m) \
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, \
	/* eth, IPv4 */ \
	0x45, 0xc0, ((m) + 40) >> 8, ((m) + 40) & 0xff, 0x00, 0x01, 0x40, 0x00, /* v4 len */ \
	0x01, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, /* tcp */ \
	0x9c, 0x40, 0x00, 0xb3, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, /* ports seq ack */ \
	0x50, 0x18, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00  /* hlen 20, PA, win, cksum, urg */

#define L2L4 TEST_TCP4_HDR /* bytes before the TCP payload */

#define MARKER 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

/* OPEN as 23456 hold 90 id 1.1.1.1: mp 1/1, rr, as4 4200000000, add-path 1/1 both, GR, ext */
static const uint8_t open_caps[] = {
	FRAME_HDR(61),
	MARKER, 0x00, 0x3d, 0x01,                       /* len 61, OPEN */
	0x04, 0x5b, 0xa0, 0x00, 0x5a,                   /* v4, AS 23456, hold 90 */
	0x01, 0x01, 0x01, 0x01, 0x20,                   /* id 1.1.1.1, opt len 32 */
	0x02, 0x1e,                                     /* capabilities, len 30 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,             /* mp IPv4 unicast */
	0x02, 0x00,                                     /* route refresh */
	0x41, 0x04, 0xfa, 0x56, 0xea, 0x00,             /* 4-octet AS 4200000000 */
	0x45, 0x04, 0x00, 0x01, 0x01, 0x03,             /* add-path 1/1 send+receive */
	0x40, 0x06, 0x00, 0x78, 0x00, 0x01, 0x01, 0x80, /* GR 120 s, 1/1 forwarding */
	0x06, 0x00,                                     /* extended message */
};

/* OPEN with RFC 9072 extended optional parameters: 255, 255, 2-byte lengths */
static const uint8_t open_ext_opt[] = {
	FRAME_HDR(47),
	MARKER, 0x00, 0x2f, 0x01,                       /* len 47, OPEN */
	0x04, 0x00, 0xc8, 0x00, 0xb4,                   /* v4, AS 200, hold 180 */
	0x0a, 0x00, 0x00, 0x01,                         /* id 10.0.0.1 */
	0xff, 0xff, 0x00, 0x0f,                         /* non-ext len, type 255; ext len 15 */
	0x02, 0x00, 0x0c,                               /* capabilities, 2-byte len 12 */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,             /* mp IPv6 unicast */
	0x41, 0x04, 0x00, 0x00, 0x00, 0xc8,             /* 4-octet AS 200 */
};

/* UPDATE: -192.168.0.0/24, ORIGIN IGP, AS_PATH 65000 65001 (2-byte), NEXT_HOP, MED, LP,
 * COMMUNITIES 65000:100 NO_EXPORT BLACKHOLE, NLRI 10.0.0.0/8 10.1.0.0/16 */
#define UPDATE_AS2_MSG \
	MARKER, 0x00, 0x51, 0x02,                       /* len 81, UPDATE */ \
	0x00, 0x04, 0x18, 0xc0, 0xa8, 0x00,             /* withdrawn 4: 192.168.0.0/24 */ \
	0x00, 0x31,                                     /* attributes 49 */ \
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */ \
	0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xe8, 0xfd, 0xe9, /* AS_PATH SEQ 65000 65001 */ \
	0x40, 0x03, 0x04, 0xa9, 0xfe, 0x64, 0x01,       /* NEXT_HOP 169.254.100.1 */ \
	0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64,       /* MED 100 */ \
	0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0xc8,       /* LOCAL_PREF 200 */ \
	0xc0, 0x08, 0x0c, 0xfd, 0xe8, 0x00, 0x64,       /* COMMUNITIES 65000:100 */ \
	0xff, 0xff, 0xff, 0x01, 0xff, 0xff, 0x02, 0x9a, /* NO_EXPORT, BLACKHOLE */ \
	0x08, 0x0a, 0x10, 0x0a, 0x01                    /* NLRI 10.0.0.0/8 10.1.0.0/16 */

static const uint8_t update_as2[] = {
	FRAME_HDR(81),
	UPDATE_AS2_MSG,
};

/* UPDATE: 4-byte AS_PATH 65000 4200000000, 8-byte AGGREGATOR, large and extended
 * communities, NLRI 203.0.113.0/24 */
static const uint8_t update_as4[] = {
	FRAME_HDR(96),
	MARKER, 0x00, 0x60, 0x02,                       /* len 96, UPDATE */
	0x00, 0x00, 0x00, 0x45,                         /* no withdrawn, attributes 69 */
	0x40, 0x01, 0x01, 0x02,                         /* ORIGIN INCOMPLETE */
	0x40, 0x02, 0x0a, 0x02, 0x02,                   /* AS_PATH SEQ of 2 */
	0x00, 0x00, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x00, /* 65000 4200000000 */
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,       /* NEXT_HOP 10.0.0.1 */
	0xc0, 0x07, 0x08, 0xfa, 0x56, 0xea, 0x00,       /* AGGREGATOR 4200000000 */
	0x0a, 0x00, 0x00, 0x01,                         /* 10.0.0.1 */
	0xc0, 0x20, 0x0c, 0xfa, 0x56, 0xea, 0x00,       /* LARGE_COMMUNITY 4200000000: */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, /* 1:2 */
	0xc0, 0x10, 0x10,                               /* EXTENDED_COMMUNITIES */
	0x00, 0x02, 0xfd, 0xe8, 0x00, 0x00, 0x00, 0x64, /* rt:65000:100 */
	0x01, 0x03, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x07, /* soo:10.0.0.1:7 */
	0x18, 0xcb, 0x00, 0x71,                         /* NLRI 203.0.113.0/24 */
};

/* UPDATE between 2-byte speakers: AS_PATH 65000 23456 (AS_TRANS) and AS4_PATH */
static const uint8_t update_as4_path[] = {
	FRAME_HDR(60),
	MARKER, 0x00, 0x3c, 0x02,                       /* len 60, UPDATE */
	0x00, 0x00, 0x00, 0x21,                         /* no withdrawn, attributes 33 */
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */
	0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xe8, 0x5b, 0xa0, /* AS_PATH SEQ 65000 23456 */
	0xc0, 0x11, 0x0a, 0x02, 0x02,                   /* AS4_PATH SEQ of 2 */
	0x00, 0x00, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x00, /* 65000 4200000000 */
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,       /* NEXT_HOP 10.0.0.1 */
	0x18, 0xc6, 0x33, 0x64,                         /* NLRI 198.51.100.0/24 */
};

/* UPDATE: MP_REACH_NLRI IPv6 unicast (extended length), next hops 2001:db8::1 and
 * fe80::1, NLRI 2001:db8::/32 and 2001:db8:1::/48; empty AS_PATH (iBGP) */
static const uint8_t update_mp_reach[] = {
	FRAME_HDR(83),
	MARKER, 0x00, 0x53, 0x02,                       /* len 83, UPDATE */
	0x00, 0x00, 0x00, 0x3c,                         /* no withdrawn, attributes 60 */
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */
	0x40, 0x02, 0x00,                               /* AS_PATH empty */
	0x90, 0x0e, 0x00, 0x31,                         /* MP_REACH_NLRI, ext len 49 */
	0x00, 0x02, 0x01, 0x20,                         /* IPv6 unicast, next hop len 32 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* 2001:db8::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* fe80::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00,                                           /* reserved */
	0x20, 0x20, 0x01, 0x0d, 0xb8,                   /* 2001:db8::/32 */
	0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,       /* 2001:db8:1::/48 */
};

/* UPDATE: MP_UNREACH_NLRI IPv6 unicast 2001:db8::/64 */
static const uint8_t update_mp_unreach[] = {
	FRAME_HDR(38),
	MARKER, 0x00, 0x26, 0x02,                       /* len 38, UPDATE */
	0x00, 0x00, 0x00, 0x0f,                         /* no withdrawn, attributes 15 */
	0x80, 0x0f, 0x0c, 0x00, 0x02, 0x01,             /* MP_UNREACH_NLRI len 12, 2/1 */
	0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* 2001:db8::/64 */
};

/* NOTIFICATION Cease/Administrative Shutdown "maintenance" (RFC 9003) */
#define NOTIFY_MSG \
	MARKER, 0x00, 0x21, 0x03,                       /* len 33, NOTIFICATION */ \
	0x06, 0x02, 0x0b,                               /* Cease/2, text length 11 */ \
	'm', 'a', 'i', 'n', 't', 'e', 'n', 'a', 'n', 'c', 'e'

static const uint8_t notify_shutdown[] = {
	FRAME_HDR(33),
	NOTIFY_MSG,
};

#define KEEPALIVE_MSG MARKER, 0x00, 0x13, 0x04          /* len 19, KEEPALIVE */

static const uint8_t keepalive[] = {
	FRAME_HDR(19),
	KEEPALIVE_MSG,
};

/* ROUTE-REFRESH IPv4 unicast, subtype EoRR (RFC 7313) */
static const uint8_t refresh_eorr[] = {
	FRAME_HDR(23),
	MARKER, 0x00, 0x17, 0x05,                       /* len 23, ROUTE-REFRESH */
	0x00, 0x01, 0x02, 0x01,                         /* AFI 1, EoRR, SAFI 1 */
};

/* KEEPALIVE then ROUTE-REFRESH BoRR in one segment */
static const uint8_t two_messages[] = {
	FRAME_HDR(42),
	KEEPALIVE_MSG,
	MARKER, 0x00, 0x17, 0x05,                       /* len 23, ROUTE-REFRESH */
	0x00, 0x01, 0x01, 0x01,                         /* AFI 1, BoRR, SAFI 1 */
};

/* An UPDATE then a NOTIFICATION and a KEEPALIVE: three messages, 133 bytes */
static const uint8_t three_messages[] = {
	FRAME_HDR(133),
	UPDATE_AS2_MSG,
	NOTIFY_MSG,
	KEEPALIVE_MSG,
};

/* ORIGIN, then an AS_PATH claiming 32 bytes with 4 left; NLRI 10.0.0.0/8 after them */
static const uint8_t attr_past_end[] = {
	FRAME_HDR(36),
	MARKER, 0x00, 0x24, 0x02,                       /* len 36, UPDATE */
	0x00, 0x00, 0x00, 0x0b,                         /* no withdrawn, attributes 11 */
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */
	0x40, 0x02, 0x20, 0x02, 0x01, 0xfd, 0xe8,       /* AS_PATH len 32: 4 there */
	0x08, 0x0a,                                     /* NLRI 10.0.0.0/8 */
};

/* NLRI 10.0.0.0/8, then a prefix length of 33 */
static const uint8_t prefix_33[] = {
	FRAME_HDR(31),
	MARKER, 0x00, 0x1f, 0x02,                       /* len 31, UPDATE */
	0x00, 0x00, 0x00, 0x00,                         /* no withdrawn, no attributes */
	0x08, 0x0a,                                     /* 10.0.0.0/8 */
	0x21, 0x0a, 0x00, 0x00, 0x00, 0x00,             /* /33 */
};

/* withdrawn routes length 64 with 2 bytes left */
static const uint8_t withdrawn_past_end[] = {
	FRAME_HDR(23),
	MARKER, 0x00, 0x17, 0x02,                       /* len 23, UPDATE */
	0x00, 0x40, 0x00, 0x00,                         /* withdrawn 64; 2 bytes */
};

/* a zero-length ORIGIN and ten zero-length unknown attributes (types 100..109) */
static const uint8_t zero_len_attrs[] = {
	FRAME_HDR(56),
	MARKER, 0x00, 0x38, 0x02,                       /* len 56, UPDATE */
	0x00, 0x00, 0x00, 0x21,                         /* no withdrawn, attributes 33 */
	0x40, 0x01, 0x00,                               /* ORIGIN, len 0 */
	0xc0, 0x64, 0x00, 0xc0, 0x65, 0x00, 0xc0, 0x66, 0x00, 0xc0, 0x67, 0x00, /* 100-103 */
	0xc0, 0x68, 0x00, 0xc0, 0x69, 0x00, 0xc0, 0x6a, 0x00, 0xc0, 0x6b, 0x00, /* 104-107 */
	0xc0, 0x6c, 0x00, 0xc0, 0x6d, 0x00,             /* 108, 109 */
};

/* a header whose length says 16, below the 19-byte header */
static const uint8_t msg_len_short[] = {
	FRAME_HDR(19),
	MARKER, 0x00, 0x10, 0x04,                       /* len 16, KEEPALIVE */
};

/* a KEEPALIVE, then a header whose marker has a 0xfe, then a KEEPALIVE */
static const uint8_t bad_marker[] = {
	FRAME_HDR(57),
	KEEPALIVE_MSG,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, /* marker, one bit off */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x00, 0x13, 0x04,                               /* len 19, KEEPALIVE */
	KEEPALIVE_MSG,
};

/* an UPDATE whose first 19 bytes end the segment: the rest follows in the next one */
static const uint8_t update_split[] = {
	FRAME_HDR(30),
	MARKER, 0x00, 0x51, 0x02,                       /* len 81, UPDATE */
	0x00, 0x04, 0x18, 0xc0, 0xa8, 0x00,             /* withdrawn 4: 192.168.0.0/24 */
	0x00, 0x31, 0x40, 0x01, 0x01,                   /* attributes 49, ORIGIN... */
};

/* UPDATE with all four segment types (RFC 4271 §4.3, RFC 5065 §3), 2-byte ASNs (they alone
 * tile the attribute: read as 4-byte, the second segment's type would be 0xfd), and an
 * AS4_PATH (RFC 6793 §3) with a SEQ and a SET of 4-byte ASNs */
static const uint8_t update_confed[] = {
	FRAME_HDR(82),
	MARKER, 0x00, 0x52, 0x02,                       /* len 82, UPDATE */
	0x00, 0x00, 0x00, 0x37,                         /* no withdrawn, attributes 55 */
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */
	0x40, 0x02, 0x16,                               /* AS_PATH, 22 bytes */
	0x03, 0x02, 0xfd, 0xf2, 0xfd, 0xf3,             /* AS_CONFED_SEQUENCE 65010 65011 */
	0x04, 0x02, 0xfd, 0xf4, 0xfd, 0xf5,             /* AS_CONFED_SET 65012 65013 */
	0x02, 0x01, 0xfd, 0xe8,                         /* AS_SEQUENCE 65000 */
	0x01, 0x02, 0xfc, 0x00, 0xfc, 0x01,             /* AS_SET 64512 64513 */
	0xc0, 0x11, 0x10,                               /* AS4_PATH, 16 bytes */
	0x02, 0x01, 0xfa, 0x56, 0xea, 0x00,             /* AS_SEQUENCE 4200000000 */
	0x01, 0x02, 0xfa, 0x56, 0xea, 0x01,             /* AS_SET 4200000001 */
	0xfa, 0x56, 0xea, 0x02,                         /* 4200000002 */
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,       /* NEXT_HOP 10.0.0.1 */
	0x18, 0xc6, 0x33, 0x64,                         /* NLRI 198.51.100.0/24 */
};
#define CONFED_ASPATH 84 /* frame offset of the AS_PATH value */

/* ---- sessions: the OPENs decide how the UPDATEs after them read --------------------- */

/* OPEN AS 65000 hold 90 id 10.0.0.1: mp 1/1 and 2/1, ADD-PATH send+receive for both
 * (RFC 7911 §4); in the sessions below either side may send it */
static const uint8_t open_addpath[] = {
	MARKER, 0x00, 0x35, 0x01,                       /* len 53, OPEN */
	0x04, 0xfd, 0xe8, 0x00, 0x5a,                   /* v4, AS 65000, hold 90 */
	0x0a, 0x00, 0x00, 0x01, 0x18,                   /* id 10.0.0.1, opt len 24 */
	0x02, 0x16,                                     /* capabilities, len 22 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,             /* mp IPv4 unicast */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,             /* mp IPv6 unicast */
	0x45, 0x08, 0x00, 0x01, 0x01, 0x03,             /* add-path 1/1 send+receive */
	0x00, 0x02, 0x01, 0x03,                         /* 2/1 send+receive */
};

/* the same OPEN without ADD-PATH */
static const uint8_t open_plain[] = {
	MARKER, 0x00, 0x2b, 0x01,                       /* len 43, OPEN */
	0x04, 0xfd, 0xe8, 0x00, 0x5a,                   /* v4, AS 65000, hold 90 */
	0x0a, 0x00, 0x00, 0x02, 0x0e,                   /* id 10.0.0.2, opt len 14 */
	0x02, 0x0c,                                     /* capabilities, len 12 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,             /* mp IPv4 unicast */
	0x01, 0x04, 0x00, 0x02, 0x00, 0x01,             /* mp IPv6 unicast */
};

/* OPEN with the Extended Message capability (RFC 8654 §3) */
static const uint8_t open_extmsg[] = {
	MARKER, 0x00, 0x27, 0x01,                       /* len 39, OPEN */
	0x04, 0xfd, 0xe8, 0x00, 0x5a,                   /* v4, AS 65000, hold 90 */
	0x0a, 0x00, 0x00, 0x01, 0x0a,                   /* id 10.0.0.1, opt len 10 */
	0x02, 0x08,                                     /* capabilities, len 8 */
	0x01, 0x04, 0x00, 0x01, 0x00, 0x01,             /* mp IPv4 unicast */
	0x06, 0x00,                                     /* extended message */
};

/* UPDATE with an RFC 7911 §3 Path Identifier before every prefix: in withdrawn routes,
 * NLRI, MP_REACH_NLRI and MP_UNREACH_NLRI (IPv6 unicast). The identifiers are chosen so the
 * bytes also tile as plain prefixes without a /0 (0x01010101 reads as /1 /1): without the
 * OPENs the decoder must take them for plain prefixes, so only the negotiated session
 * can read the identifiers. */
#define UPDATE_ADDPATH_MSG \
	MARKER, 0x00, 0x6f, 0x02,                       /* len 111, UPDATE */ \
	0x00, 0x07,                                     /* withdrawn 7 */ \
	0x01, 0x01, 0x01, 0x01, 0x10, 0xc0, 0xa8,       /* #16843009 192.168.0.0/16 */ \
	0x00, 0x44,                                     /* attributes 68 */ \
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */ \
	0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe8,       /* AS_PATH SEQ 65000 */ \
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,       /* NEXT_HOP 10.0.0.1 */ \
	0x80, 0x0e, 0x1e, 0x00, 0x02, 0x01, 0x10,       /* MP_REACH_NLRI 30: 2/1, nh 16 */ \
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* 2001:db8::1 */ \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, \
	0x00,                                           /* reserved */ \
	0x01, 0x01, 0x01, 0x01, 0x20, 0x20, 0x01, 0x0d, 0xb8, /* #16843009 2001:db8::/32 */ \
	0x80, 0x0f, 0x0e, 0x00, 0x02, 0x01,             /* MP_UNREACH_NLRI 14: 2/1 */ \
	0x03, 0x03, 0x03, 0x03, 0x30, 0x20, 0x01, 0x0d, /* #50529027 2001:db8:1::/48 */ \
	0xb8, 0x00, 0x01, \
	0x02, 0x02, 0x02, 0x02, 0x08, 0x0a,             /* NLRI #33686018 10.0.0.0/8 */ \
	0x01, 0x01, 0x01, 0x01, 0x10, 0x0a, 0x01        /* #16843009 10.1.0.0/16 */

static const uint8_t update_addpath_msg[] = { UPDATE_ADDPATH_MSG };
static const uint8_t update_addpath[] = { FRAME_HDR(111), UPDATE_ADDPATH_MSG };

/* An UPDATE over RFC 4271's 4096 bytes: this head (the length is filled in), then
 * BIG_NLRI prefixes 10.a.b.0/24 */
static const uint8_t big_head[] = {
	MARKER, 0x00, 0x00, 0x02,                       /* len (filled in), UPDATE */
	0x00, 0x00, 0x00, 0x12,                         /* no withdrawn, attributes 18 */
	0x40, 0x01, 0x01, 0x00,                         /* ORIGIN IGP */
	0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe8,       /* AS_PATH SEQ 65000 */
	0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,       /* NEXT_HOP 10.0.0.1 */
};
#define BIG_NLRI 1200
#define BIG_LEN  (sizeof(big_head) + 4 * BIG_NLRI) /* 4841 */
#define SEG_MSS  1448

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

static const struct dec_bgp_layer *
bgp_of(struct dec *d, const uint8_t *p, size_t n)
{
	test_decode(d, p, n, DEC_LINK_EN10MB);
	const struct dec_layer *l = test_layer(d, DEC_P_BGP, 0);
	assert_non_null(l);
	assert_false(l->truncated);
	assert_int_equal(l->off, L2L4);
	return &l->u.bgp;
}

/* The text after the time stamp ("1 TIME eth | ipv4 ... | ") from "BGP" on. */
static const char *
bgp_text(const char *line)
{
	const char *s = strstr(line, "BGP");
	assert_non_null(s);
	return s;
}

static void
assert_text(struct dec *d, const char *want)
{
	char *t = test_text(d);
	assert_string_equal(bgp_text(t), want);
	g_free(t);
}

static void
assert_json_has(struct dec *d, const char *want)
{
	char *j = test_json(d);
	if (!strstr(j, want))
		fail_msg("JSON %s\nlacks %s", j, want);
	g_free(j);
}

static void
test_bgp_open_caps(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, open_caps, sizeof(open_caps));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->nmsgs, 1);
	const struct dec_bgp_msg *m = b->msgs;
	assert_int_equal(m->type, DEC_BGP_OPEN);
	assert_int_equal(m->len, 61);
	const struct dec_bgp_open *o = m->u.open;
	assert_int_equal(o->version, 4);
	assert_int_equal(o->my_as, 23456);
	assert_int_equal(o->hold, 90);
	assert_true(o->as4);
	assert_int_equal(o->as4_asn, 4200000000u);
	assert_int_equal(o->ncaps, 6);
	assert_int_equal(o->caps[3].code, 69);
	assert_int_equal(o->caps[3].naf, 1);
	assert_int_equal(o->caps[3].af[0].flags, 3);
	assert_int_equal(o->caps[4].gr_time, 120);
	assert_int_equal(o->caps[4].af[0].flags, 0x80);
	assert_text(d, "BGP OPEN as=23456 hold=90 id=1.1.1.1 caps=[mp(1/1),rr,as4(4200000000),"
		       "addpath(1/1:rxtx),gr,extmsg]");
	assert_json_has(d, "{\"p\":\"bgp\",\"messages\":[{\"type\":\"OPEN\",\"len\":61,"
			   "\"version\":4,\"my_as\":23456,\"hold\":90,\"id\":\"1.1.1.1\"");
	assert_json_has(d, "\"as4\":true");
	assert_json_has(d, "{\"code\":65,\"name\":\"4-octet-as\",\"len\":4,\"as\":4200000000}");
	assert_json_has(d, "{\"code\":1,\"name\":\"multiprotocol\",\"len\":4,\"afi\":1,"
			   "\"safi\":1}");
	assert_json_has(d, "\"afs\":[{\"afi\":1,\"safi\":1,\"receive\":true,\"send\":true}]");
	assert_json_has(d, "{\"code\":6,\"name\":\"extended-message\",\"len\":0}");
}

static void
test_bgp_open_ext_opt_params(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, open_ext_opt, sizeof(open_ext_opt));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_open *o = b->msgs->u.open;
	assert_true(o->ext_opt);
	assert_int_equal(o->opt_len, 15);
	assert_int_equal(o->ncaps, 2);
	assert_int_equal(o->caps[0].afi, 2);
	assert_int_equal(o->as4_asn, 200);
	assert_text(d, "BGP OPEN as=200 hold=180 id=10.0.0.1 caps=[mp(2/1),as4(200)]");
	assert_json_has(d, "\"ext_opt_len\":true");
}

static void
test_bgp_update_as2(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_as2, sizeof(update_as2));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_int_equal(u->as_path.asn_size, 2);
	assert_true(u->as_path.guessed);
	assert_int_equal(u->nlri.count, 2);
	assert_int_equal(u->withdrawn.count, 1);
	assert_int_equal(u->ncomms, 3);
	assert_text(d, "BGP UPDATE +10.0.0.0/8 +10.1.0.0/16 -192.168.0.0/24 path=65000 65001 "
		       "nh=169.254.100.1 med=100 lp=200 comm=65000:100,NO_EXPORT,BLACKHOLE");
	assert_json_has(d, "{\"type\":\"UPDATE\",\"len\":81,\"withdrawn\":[\"192.168.0.0/24\"],"
			   "\"nlri\":[\"10.0.0.0/8\",\"10.1.0.0/16\"],\"origin\":\"IGP\","
			   "\"as_path\":[{\"type\":\"SEQ\",\"asns\":[65000,65001]}]");
	assert_json_has(d, "\"next_hop\":\"169.254.100.1\",\"med\":100,\"local_pref\":200,"
			   "\"communities\":[\"65000:100\",\"NO_EXPORT\",\"BLACKHOLE\"]");
}

static void
test_bgp_update_as4(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_as4, sizeof(update_as4));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_int_equal(u->as_path.asn_size, 4);
	assert_int_equal(u->aggregator.as, 4200000000u);
	assert_text(d, "BGP UPDATE +203.0.113.0/24 path=65000 4200000000 nh=10.0.0.1 "
		       "lcomm=4200000000:1:2 ext=rt:65000:100,soo:10.0.0.1:7");
	assert_json_has(d, "\"origin\":\"INCOMPLETE\",\"as_path\":[{\"type\":\"SEQ\","
			   "\"asns\":[65000,4200000000]}]");
	assert_json_has(d, "\"aggregator\":{\"as\":4200000000,\"id\":\"10.0.0.1\"}");
	assert_json_has(d, "\"ext_communities\":[\"rt:65000:100\",\"soo:10.0.0.1:7\"],"
			   "\"large_communities\":[\"4200000000:1:2\"]");
}

static void
test_bgp_update_as4_path(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_as4_path, sizeof(update_as4_path));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_int_equal(u->as_path.asn_size, 2);
	assert_int_equal(u->as4_path.asn_size, 4);
	assert_text(d, "BGP UPDATE +198.51.100.0/24 path=65000 23456 as4path=65000 4200000000 "
		       "nh=10.0.0.1");
	assert_json_has(d, "\"as4_path\":[{\"type\":\"SEQ\",\"asns\":[65000,4200000000]}]");
}

static void
test_bgp_mp_reach_ipv6(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_mp_reach, sizeof(update_mp_reach));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_true(u->present & DEC_BGP_HAS_MP_REACH);
	assert_int_equal(u->mp_reach.nh_len, 32);
	assert_int_equal(u->mp_reach.nlri.count, 2);
	assert_text(d, "BGP UPDATE +2001:db8::/32 +2001:db8:1::/48 nh=2001:db8::1");
	assert_json_has(d, "\"as_path\":[]");
	assert_json_has(d, "\"mp_reach\":{\"afi\":2,\"safi\":1,\"next_hop\":\"2001:db8::1\","
			   "\"link_local\":\"fe80::1\",\"nlri\":[\"2001:db8::/32\","
			   "\"2001:db8:1::/48\"]}");
}

static void
test_bgp_mp_unreach_ipv6(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_mp_unreach, sizeof(update_mp_unreach));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->msgs->u.update->mp_unreach.nlri.count, 1);
	assert_text(d, "BGP UPDATE -2001:db8::/64");
	assert_json_has(d, "\"mp_unreach\":{\"afi\":2,\"safi\":1,\"withdrawn\":"
			   "[\"2001:db8::/64\"]}");
}

static void
test_bgp_notification_shutdown(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, notify_shutdown, sizeof(notify_shutdown));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->msgs->u.notif.code, 6);
	assert_int_equal(b->msgs->u.notif.text_len, 11);
	assert_text(d, "BGP NOTIFICATION Cease/Administrative Shutdown \"maintenance\"");
	assert_json_has(d, "{\"type\":\"NOTIFICATION\",\"len\":33,\"code\":6,\"subcode\":2,"
			   "\"name\":\"Cease/Administrative Shutdown\","
			   "\"shutdown_text\":\"maintenance\"}");
}

static void
test_bgp_keepalive(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, keepalive, sizeof(keepalive));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->nmsgs, 1);
	assert_text(d, "BGP KEEPALIVE");
	assert_json_has(d, "{\"p\":\"bgp\",\"messages\":[{\"type\":\"KEEPALIVE\",\"len\":19}]}");
}

static void
test_bgp_route_refresh_subtype(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, refresh_eorr, sizeof(refresh_eorr));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->msgs->u.refresh.subtype, 2);
	assert_text(d, "BGP ROUTE-REFRESH 1/1 EoRR");
	assert_json_has(d, "{\"type\":\"ROUTE-REFRESH\",\"len\":23,\"afi\":1,\"safi\":1,"
			   "\"subtype\":2,\"subtype_name\":\"EoRR\"}");
}

static void
test_bgp_two_messages_one_segment(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, two_messages, sizeof(two_messages));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->nmsgs, 2);
	assert_int_equal(b->msgs->next->off, L2L4 + 19);
	assert_int_equal(test_count(d, DEC_P_BGP), 1);
	assert_text(d, "BGP KEEPALIVE; BGP ROUTE-REFRESH 1/1 BoRR");
	test_decode(d, three_messages, sizeof(three_messages), DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_layer(d, DEC_P_BGP, 0)->u.bgp.nmsgs, 3);
	assert_int_equal(test_layer(d, DEC_P_BGP, 0)->len, 133);
}

static void
test_bgp_message_continues_in_next_segment(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_split, sizeof(update_split));
	/* the segment is whole: the message goes on in the next one, which is no error */
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(b->nmsgs, 0);
	assert_true(b->has_partial);
	assert_int_equal(b->partial_len, 81);
	assert_int_equal(b->partial_have, 30);
	assert_json_has(d, "\"messages\":[],\"partial\":{\"type\":\"UPDATE\",\"len\":81,"
			   "\"have\":30}");
}

static void
test_bgp_attr_len_past_end(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, attr_past_end, sizeof(attr_past_end));
	assert_true(test_has_event(d, DEC_E_BGP_ATTR_LEN));
	assert_int_equal(d->errors[0].off, L2L4 + 27);
	const struct dec_bgp_update *u = b->msgs->u.update;
	/* RFC 7606: what came before is kept, and the NLRI after the attributes too */
	assert_true(u->present & DEC_BGP_HAS_ORIGIN);
	assert_false(u->present & DEC_BGP_HAS_AS_PATH);
	assert_true(u->attrs_bad);
	assert_int_equal(u->nlri.count, 1);
	assert_json_has(d, "\"nlri\":[\"10.0.0.0/8\"],\"origin\":\"IGP\"");
	assert_json_has(d, "\"what\":\"AS_PATH length 32, 4 bytes left\"");
}

static void
test_bgp_prefix_len_33(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, prefix_33, sizeof(prefix_33));
	assert_true(test_has_event(d, DEC_E_BGP_PREFIX));
	assert_int_equal(d->errors[0].off, L2L4 + 25);
	assert_int_equal(b->msgs->u.update->nlri.count, 1);
	assert_text(d, "BGP UPDATE +10.0.0.0/8 [!bgp@79: NLRI prefix length 33 over 32]");
}

static void
test_bgp_withdrawn_len_past_end(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, withdrawn_past_end, sizeof(withdrawn_past_end));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BGP_WITHDRAWN_LEN);
	assert_int_equal(d->errors[0].off, L2L4 + 19);
	assert_int_equal(b->nmsgs, 1);
	assert_int_equal(b->msgs->u.update->withdrawn.count, 0);
}

static void
test_bgp_zero_len_attrs_no_hang(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, zero_len_attrs, sizeof(zero_len_attrs));
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_true(test_has_event(d, DEC_E_BGP_ATTR));     /* ORIGIN of length 0 */
	assert_true(test_has_event(d, DEC_E_BGP_TOO_MANY)); /* 10 others, 8 kept */
	assert_false(u->present & DEC_BGP_HAS_ORIGIN);
	assert_int_equal(u->nother, DEC_BGP_MAX_OTHER);
	assert_int_equal(u->other_lost, 2);
	assert_int_equal(u->other[7].type, 107);
}

static void
test_bgp_msg_len_below_header(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, msg_len_short, sizeof(msg_len_short));
	assert_true(test_has_event(d, DEC_E_BGP_MSG_LEN));
	assert_int_equal(d->errors[0].off, L2L4 + 16);
	assert_int_equal(b->nmsgs, 0);
}

static void
test_bgp_marker_not_ones(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, bad_marker, sizeof(bad_marker));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BGP_MARKER);
	assert_int_equal(d->errors[0].off, L2L4 + 19);
	/* resynchronised on the next marker: both KEEPALIVEs are there */
	assert_int_equal(b->nmsgs, 2);
	assert_int_equal(b->msgs->next->off, L2L4 + 38);
	char *j = test_json(d);
	assert_non_null(strstr(j, "\"what\":\"marker not all ones\""));
	g_free(j);
}

static void
test_bgp_probe_other_port(void **state)
{
	struct dec *d = *state;
	uint8_t *p = test_dup(keepalive, sizeof(keepalive));
	p[36] = 0x1f; /* dport 179 -> 8080: only the marker says BGP */
	p[37] = 0x90;
	test_decode(d, p, sizeof(keepalive), DEC_LINK_EN10MB);
	assert_non_null(test_layer(d, DEC_P_BGP, 0));
	p[L2L4 + 3] = 0x00; /* no marker: not BGP */
	test_decode(d, p, sizeof(keepalive), DEC_LINK_EN10MB);
	assert_null(test_layer(d, DEC_P_BGP, 0));
	free(p);
}

static void
test_bgp_every_truncation(void **state)
{
	(void)state;
	static const struct {
		const uint8_t *p;
		size_t n;
	} frames[] = {
		{ open_caps, sizeof(open_caps) },
		{ update_as2, sizeof(update_as2) },
		{ update_mp_reach, sizeof(update_mp_reach) },
		{ three_messages, sizeof(three_messages) },
		{ notify_shutdown, sizeof(notify_shutdown) },
		{ update_confed, sizeof(update_confed) },
		{ update_addpath, sizeof(update_addpath) },
	};
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		size_t ev = test_every_truncation(frames[i].p, frames[i].n, DEC_LINK_EN10MB);
		/* every prefix that ends inside the TCP payload loses bytes of a message */
		assert_true(ev >= frames[i].n - L2L4 - 1);
	}
}

static void
test_bgp_truncated_keeps_whole_messages(void **state)
{
	struct dec *d = *state;
	/* cut inside the KEEPALIVE: the UPDATE and NOTIFICATION are whole */
	test_decode(d, three_messages, sizeof(three_messages) - 5, DEC_LINK_EN10MB);
	const struct dec_layer *l = test_layer(d, DEC_P_BGP, 0);
	assert_non_null(l);
	assert_int_equal(l->u.bgp.nmsgs, 2);
	assert_true(test_has_event(d, DEC_E_TRUNCATED));
}

/* ---- AS_SET and confederation segments ------------------------------------------------ */

static void
test_bgp_as_set_and_confed_segments(void **state)
{
	struct dec *d = *state;
	const struct dec_bgp_layer *b = bgp_of(d, update_confed, sizeof(update_confed));
	assert_int_equal(d->nerrors, 0);
	const struct dec_bgp_update *u = b->msgs->u.update;
	assert_int_equal(u->as_path.asn_size, 2);
	assert_true(u->as_path.guessed);
	assert_int_equal(u->as_path.len, 22);
	assert_int_equal(u->as4_path.asn_size, 4);
	assert_int_equal(u->as4_path.len, 16);
	/* RFC 5065 §5 writes confederation segments in parentheses; sets in braces */
	assert_text(d, "BGP UPDATE +198.51.100.0/24 path=(65010 65011) [65012,65013] 65000 "
		       "{64512,64513} as4path=4200000000 {4200000001,4200000002} nh=10.0.0.1");
	assert_json_has(d, "\"as_path\":[{\"type\":\"CONFED_SEQ\",\"asns\":[65010,65011]},"
			   "{\"type\":\"CONFED_SET\",\"asns\":[65012,65013]},"
			   "{\"type\":\"SEQ\",\"asns\":[65000]},"
			   "{\"type\":\"SET\",\"asns\":[64512,64513]}],\"asn_size\":2,"
			   "\"asn_size_guessed\":true");
	assert_json_has(d, "\"as4_path\":[{\"type\":\"SEQ\",\"asns\":[4200000000]},"
			   "{\"type\":\"SET\",\"asns\":[4200000001,4200000002]}]");

	/* RFC 7606 §7.2: a segment type past AS_CONFED_SET (5) is malformed; the segments
	 * before it are kept, read with the ASN size that reaches furthest (2-byte: 16 bytes,
	 * 4-byte: 10), and the event points at it */
	uint8_t *p = test_dup(update_confed, sizeof(update_confed));
	p[CONFED_ASPATH + 16] = 5;
	b = bgp_of(d, p, sizeof(update_confed));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BGP_ATTR);
	assert_int_equal(d->errors[0].off, CONFED_ASPATH + 16);
	assert_int_equal(b->msgs->u.update->as_path.len, 16);
	assert_json_has(d, "{\"type\":\"SEQ\",\"asns\":[65000]}],\"asn_size\":2");
	/* a segment of count 0 (RFC 7606 §7.2 again): the AS_SET */
	memcpy(p, update_confed, sizeof(update_confed));
	p[CONFED_ASPATH + 17] = 0;
	b = bgp_of(d, p, sizeof(update_confed));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_BGP_ATTR);
	assert_int_equal(d->errors[0].off, CONFED_ASPATH + 16);
	assert_int_equal(b->msgs->u.update->as_path.asn_size, 2);
	free(p);
}

/* ---- sessions through the reassembler ------------------------------------------------- */

/* Side 0 is 10.0.0.1:port, which sends first (the reassembler's dir 0); side 1 is
 * 10.0.0.2:179. */
struct sess {
	struct dec *d;
	uint32_t seq[2];
	uint16_t port;
	uint8_t *frame; /* the last packet: the view points into it until the next one */
};

static void
sess_start(struct sess *s, uint16_t port)
{
	s->d = dec_new();
	s->d->reasm = dec_reasm_new(NULL);
	s->seq[0] = 1000;
	s->seq[1] = 90000;
	s->port = port;
	s->frame = NULL;
}

static void
sess_end(struct sess *s)
{
	dec_reasm_free(s->d->reasm);
	dec_free(s->d);
	free(s->frame);
}

/* Sends n bytes from side dir as one segment (PSH ACK) of which the first cap are
 * captured, and decodes it; returns its BGP layer, or NULL when no message ended in it. */
static const struct dec_bgp_layer *
sess_send_cut(struct sess *s, int dir, const uint8_t *msg, size_t n, size_t cap)
{
	uint16_t sp = dir ? 179 : s->port, dp = dir ? s->port : 179;
	uint8_t *p = test_tcp4_segment(dir, sp, dp, s->seq[dir], s->seq[!dir], msg, n);
	free(s->frame);
	s->frame = test_dup(p, L2L4 + cap); /* exactly what was captured: ASan sees past it */
	free(p);
	s->seq[dir] += (uint32_t)n;
	dec_packet(s->d, s->frame, (uint32_t)(L2L4 + cap), (uint32_t)(L2L4 + n), DEC_LINK_EN10MB);
	const struct dec_layer *l = test_layer(s->d, DEC_P_BGP, 0);
	return l ? &l->u.bgp : NULL;
}

static const struct dec_bgp_layer *
sess_send(struct sess *s, int dir, const uint8_t *msg, size_t n)
{
	return sess_send_cut(s, dir, msg, n, n);
}

/* The OPENs of both sides, each decoded without an event. */
static void
sess_opens(struct sess *s, const uint8_t *o0, size_t n0, const uint8_t *o1, size_t n1)
{
	const struct dec_bgp_layer *b = sess_send(s, 0, o0, n0);
	assert_non_null(b);
	assert_int_equal(b->msgs->type, DEC_BGP_OPEN);
	assert_int_equal(s->d->nerrors, 0);
	b = sess_send(s, 1, o1, n1);
	assert_non_null(b);
	assert_int_equal(b->msgs->type, DEC_BGP_OPEN);
	assert_int_equal(s->d->nerrors, 0);
}

/* The i-th (from 0) prefix of a run. */
static struct dec_bgp_prefix
nth_prefix(const struct dec_bgp_nlri *n, unsigned i)
{
	struct dec_bgp_prefix p;
	struct cur c = cur_make(n->p, n->len, 0);
	for (unsigned k = 0; k <= i; k++)
		assert_true(dec_bgp_prefix_next(&c, n, &p));
	return p;
}

static void
assert_prefix(const struct dec_bgp_nlri *n, unsigned i, uint32_t path_id, uint8_t plen,
	const uint8_t *addr, size_t alen)
{
	struct dec_bgp_prefix p = nth_prefix(n, i);
	assert_int_equal(p.path_id, path_id);
	assert_int_equal(p.plen, plen);
	assert_memory_equal(p.addr, addr, alen);
}

/* The UPDATE as the negotiated session reads it: one identifier before every prefix */
static void
assert_addpath_read(struct dec *d, const struct dec_bgp_update *u)
{
	assert_int_equal(d->nerrors, 0);
	assert_true(u->withdrawn.path_id);
	assert_true(u->nlri.path_id);
	assert_true(u->mp_reach.nlri.path_id);
	assert_true(u->mp_unreach.nlri.path_id);
	assert_int_equal(u->withdrawn.count, 1);
	assert_int_equal(u->nlri.count, 2);
	assert_int_equal(u->mp_reach.nlri.count, 1);
	assert_int_equal(u->mp_unreach.nlri.count, 1);
	assert_prefix(&u->withdrawn, 0, 0x01010101, 16, (const uint8_t[]){ 192, 168, 0, 0 }, 4);
	assert_prefix(&u->nlri, 0, 0x02020202, 8, (const uint8_t[]){ 10, 0, 0, 0 }, 4);
	assert_prefix(&u->nlri, 1, 0x01010101, 16, (const uint8_t[]){ 10, 1, 0, 0 }, 4);
	assert_prefix(&u->mp_reach.nlri, 0, 0x01010101, 32,
		(const uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8, 0 }, 5);
	assert_prefix(&u->mp_unreach.nlri, 0, 0x03030303, 48,
		(const uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0 }, 7);
	assert_json_has(d, "\"withdrawn\":[\"192.168.0.0/16\"],\"withdrawn_path_ids\":[16843009],"
			   "\"nlri\":[\"10.0.0.0/8\",\"10.1.0.0/16\"],"
			   "\"nlri_path_ids\":[33686018,16843009]");
	assert_json_has(d, "\"mp_reach\":{\"afi\":2,\"safi\":1,\"next_hop\":\"2001:db8::1\","
			   "\"nlri\":[\"2001:db8::/32\"],\"path_ids\":[16843009]}");
	assert_json_has(d, "\"mp_unreach\":{\"afi\":2,\"safi\":1,"
			   "\"withdrawn\":[\"2001:db8:1::/48\"],\"path_ids\":[50529027]}");
	assert_text(d, "BGP UPDATE +2001:db8::/32#16843009 +10.0.0.0/8#33686018 "
		       "+10.1.0.0/16#16843009 -192.168.0.0/16#16843009 "
		       "-2001:db8:1::/48#50529027 path=65000 nh=10.0.0.1 mp_nh=2001:db8::1");
}

/* The same bytes read as plain prefixes: each identifier becomes two /1s (or /2s, /3s) */
static void
assert_plain_read(struct dec *d, const struct dec_bgp_update *u)
{
	assert_int_equal(d->nerrors, 0);
	assert_false(u->withdrawn.path_id);
	assert_false(u->nlri.path_id);
	assert_false(u->mp_reach.nlri.path_id);
	assert_false(u->mp_unreach.nlri.path_id);
	assert_int_equal(u->withdrawn.count, 3);
	assert_int_equal(u->nlri.count, 6);
	assert_int_equal(u->mp_reach.nlri.count, 3);
	assert_int_equal(u->mp_unreach.nlri.count, 3);
	assert_json_has(d, "\"withdrawn\":[\"0.0.0.0/1\",\"0.0.0.0/1\",\"192.168.0.0/16\"],"
			   "\"nlri\":[\"0.0.0.0/2\",\"0.0.0.0/2\",\"10.0.0.0/8\",\"0.0.0.0/1\","
			   "\"0.0.0.0/1\",\"10.1.0.0/16\"],\"origin\"");
	char *j = test_json(d);
	assert_null(strstr(j, "path_ids"));
	g_free(j);
}

/* RFC 7911 §5: both OPENs advertised send and receive for 1/1 and 2/1, so path identifiers
 * are in the withdrawn routes, NLRI, MP_REACH and MP_UNREACH of that session's UPDATEs, in
 * either direction; the same bytes outside a session read as plain prefixes. */
static void
test_bgp_addpath_negotiated_in_session(void **state)
{
	struct sess s;
	sess_start(&s, 40001);
	sess_opens(&s, open_addpath, sizeof(open_addpath), open_addpath, sizeof(open_addpath));
	const struct dec_bgp_layer *b =
		sess_send(&s, 0, update_addpath_msg, sizeof(update_addpath_msg));
	assert_non_null(b);
	assert_int_equal(b->nmsgs, 1);
	assert_int_equal(b->msgs->off, L2L4);
	assert_addpath_read(s.d, b->msgs->u.update);
	b = sess_send(&s, 1, update_addpath_msg, sizeof(update_addpath_msg));
	assert_non_null(b);
	assert_addpath_read(s.d, b->msgs->u.update);
	sess_end(&s);

	/* no OPENs seen: these prefixes tile without identifiers, so that is how they read */
	struct dec *d = *state;
	b = bgp_of(d, update_addpath, sizeof(update_addpath));
	assert_plain_read(d, b->msgs->u.update);
}

/* RFC 7911 §5: identifiers are sent only where the sender advertised send and the receiver
 * receive; one side offering ADD-PATH is not enough, in either direction. */
static void
test_bgp_addpath_one_side_not_used(void **state)
{
	(void)state;
	struct sess s;
	sess_start(&s, 40002);
	sess_opens(&s, open_addpath, sizeof(open_addpath), open_plain, sizeof(open_plain));
	const struct dec_bgp_layer *b =
		sess_send(&s, 0, update_addpath_msg, sizeof(update_addpath_msg));
	assert_non_null(b);
	assert_plain_read(s.d, b->msgs->u.update);
	b = sess_send(&s, 1, update_addpath_msg, sizeof(update_addpath_msg));
	assert_non_null(b);
	assert_plain_read(s.d, b->msgs->u.update);
	sess_end(&s);

	/* the other side offering it: the same */
	sess_start(&s, 40003);
	sess_opens(&s, open_plain, sizeof(open_plain), open_addpath, sizeof(open_addpath));
	b = sess_send(&s, 0, update_addpath_msg, sizeof(update_addpath_msg));
	assert_non_null(b);
	assert_plain_read(s.d, b->msgs->u.update);
	sess_end(&s);
}

/* A snaplen cut anywhere in the UPDATE loses its tail (a gap): no message is made of what
 * was captured, and the negotiation survives the gap, so the next UPDATE reads with its
 * identifiers again. */
static void
test_bgp_addpath_session_every_truncation(void **state)
{
	(void)state;
	for (size_t cap = 0; cap < sizeof(update_addpath_msg); cap++) {
		struct sess s;
		sess_start(&s, 40004);
		sess_opens(
			&s, open_addpath, sizeof(open_addpath), open_addpath, sizeof(open_addpath));
		const struct dec_bgp_layer *b =
			sess_send_cut(&s, 0, update_addpath_msg, sizeof(update_addpath_msg), cap);
		assert_true(s.d->nerrors >= 1);
		assert_true(b == NULL || b->nmsgs == 0);
		g_free(test_json(s.d));
		g_free(test_text(s.d));
		b = sess_send(&s, 0, update_addpath_msg, sizeof(update_addpath_msg));
		assert_non_null(b);
		assert_int_equal(b->nmsgs, 1);
		assert_addpath_read(s.d, b->msgs->u.update);
		sess_end(&s);
	}
}

/* big_head and BIG_NLRI prefixes in buf (BIG_LEN bytes) */
static void
big_update(uint8_t *buf)
{
	memcpy(buf, big_head, sizeof(big_head));
	buf[16] = (uint8_t)(BIG_LEN >> 8);
	buf[17] = (uint8_t)BIG_LEN;
	for (size_t k = 0; k < BIG_NLRI; k++) {
		uint8_t *e = buf + sizeof(big_head) + 4 * k;
		e[0] = 24;
		e[1] = 10;
		e[2] = (uint8_t)(k >> 8);
		e[3] = (uint8_t)k;
	}
}

/* Sends the big UPDATE from side 0 in SEG_MSS segments; returns the layer of the last one,
 * after checking that the ones before it completed nothing and recorded nothing. */
static const struct dec_bgp_layer *
send_big(struct sess *s, const uint8_t *msg)
{
	const struct dec_bgp_layer *b = NULL;
	for (size_t off = 0; off < BIG_LEN; off += SEG_MSS) {
		size_t n = BIG_LEN - off < SEG_MSS ? BIG_LEN - off : SEG_MSS;
		b = sess_send(s, 0, msg + off, n);
		if (off + n < BIG_LEN) {
			assert_null(b);
			assert_int_equal(s->d->nerrors, 0);
		}
	}
	assert_non_null(b);
	assert_int_equal(b->nmsgs, 1);
	return b;
}

static void
assert_big_read(const struct dec_bgp_layer *b)
{
	const struct dec_bgp_msg *m = b->msgs;
	assert_int_equal(m->type, DEC_BGP_UPDATE);
	assert_int_equal(m->len, BIG_LEN);
	assert_int_equal(m->u.update->nlri.count, BIG_NLRI);
	assert_prefix(&m->u.update->nlri, BIG_NLRI - 1, 0, 24,
		(const uint8_t[]){ 10, (BIG_NLRI - 1) >> 8, (BIG_NLRI - 1) & 0xff, 0 }, 4);
}

/* RFC 8654 §4: past 4096 bytes only when both OPENs carried the Extended Message
 * capability; otherwise a Bad Message Length, recorded at the length field (the message
 * began in an earlier segment, so at the completing segment's payload, stream.h) and the
 * message still decoded (RFC 7606 spirit). */
static void
test_bgp_extended_message(void **state)
{
	(void)state;
	uint8_t *msg = malloc(BIG_LEN);
	big_update(msg);
	assert_true(BIG_LEN > 4096);

	struct sess s;
	sess_start(&s, 40005);
	sess_opens(&s, open_extmsg, sizeof(open_extmsg), open_extmsg, sizeof(open_extmsg));
	const struct dec_bgp_layer *b = send_big(&s, msg);
	assert_int_equal(s.d->nerrors, 0);
	assert_big_read(b);
	char *t = test_text(s.d);
	assert_non_null(strstr(t, "BGP UPDATE +10.0.0.0/24 +10.0.1.0/24"));
	g_free(t);
	sess_end(&s);

	/* only side 0 offered it */
	sess_start(&s, 40006);
	sess_opens(&s, open_extmsg, sizeof(open_extmsg), open_plain, sizeof(open_plain));
	b = send_big(&s, msg);
	assert_int_equal(s.d->nerrors, 1);
	assert_int_equal(s.d->errors[0].code, DEC_E_BGP_MSG_LEN);
	assert_int_equal(s.d->errors[0].off, L2L4 + 16);
	assert_big_read(b);
	assert_json_has(s.d, "\"what\":\"UPDATE length 4841 over 4096 without extended "
			     "messages\"");
	sess_end(&s);

	/* only side 1: the same */
	sess_start(&s, 40007);
	sess_opens(&s, open_plain, sizeof(open_plain), open_extmsg, sizeof(open_extmsg));
	b = send_big(&s, msg);
	assert_int_equal(s.d->nerrors, 1);
	assert_int_equal(s.d->errors[0].code, DEC_E_BGP_MSG_LEN);
	sess_end(&s);

	/* every truncation of the whole message in one (unreassembled) segment */
	size_t n = L2L4 + BIG_LEN;
	uint8_t *f = malloc(n);
	memcpy(f, update_as2, L2L4);
	f[16] = (uint8_t)((BIG_LEN + 40) >> 8);
	f[17] = (uint8_t)(BIG_LEN + 40);
	memcpy(f + L2L4, msg, BIG_LEN);
	struct dec *d = *state;
	b = bgp_of(d, f, n);
	assert_int_equal(d->nerrors, 0); /* no OPENs seen: nothing says it is too long */
	assert_big_read(b);
	assert_true(test_every_truncation(f, n, DEC_LINK_EN10MB) >= n - L2L4 - 1);
	free(f);
	free(msg);
}

/* ---- messages after a gap (issue 14 part 2, issue 17 item 5) -------------------------- */

/* A bare segment with TCP flags fl and no payload from side dir. */
static void
sess_flags(struct sess *s, int dir, uint8_t fl)
{
	uint16_t sp = dir ? 179 : s->port, dp = dir ? s->port : 179;
	uint8_t *p = test_tcp4_segment(dir, sp, dp, s->seq[dir], s->seq[!dir], NULL, 0);
	p[TEST_TCP4_HDR - 7] = fl; /* the TCP flags byte */
	free(s->frame);
	s->frame = p;
	if (fl & 0x02)
		s->seq[dir]++;
	dec_packet(s->d, s->frame, TEST_TCP4_HDR, TEST_TCP4_HDR, DEC_LINK_EN10MB);
}

/* BGP messages decoded on the last packet, over all its BGP layers. */
static unsigned
bgp_msgs(const struct dec *d)
{
	unsigned n = 0;
	for (unsigned i = 0; i < test_count(d, DEC_P_BGP); i++)
		n += test_layer(d, DEC_P_BGP, i)->u.bgp.nmsgs;
	return n;
}

static struct dec_reasm_stats
sess_stats(const struct sess *s)
{
	struct dec_reasm_stats st;
	dec_reasm_get_stats(s->d->reasm, &st);
	return st;
}

/* Issue 17 item 5: a SYN, then a segment 20 bytes on holding three KEEPALIVEs. Nothing
 * will fill the hole: the three show on that packet, with the gap event. */
static void
test_bgp_gap_after_syn_three_keepalives(void **state)
{
	(void)state;
	struct sess s;
	sess_start(&s, 50179);
	sess_flags(&s, 0, 0x02);
	assert_int_equal(s.d->nerrors, 0);
	uint8_t three[3 * 19] = { KEEPALIVE_MSG, KEEPALIVE_MSG, KEEPALIVE_MSG };
	s.seq[0] += 20;
	sess_send(&s, 0, three, sizeof(three));
	assert_int_equal(bgp_msgs(s.d), 3);
	assert_true(test_has_event(s.d, DEC_E_STREAM_GAP));
	assert_int_equal(sess_stats(&s).gaps, 1);
	assert_int_equal(sess_stats(&s).bytes_lost, 20);
	assert_int_equal(sess_stats(&s).bytes_buffered, 0);
	char *t = test_text(s.d);
	assert_non_null(strstr(t, "BGP KEEPALIVE; BGP KEEPALIVE; BGP KEEPALIVE"));
	assert_non_null(strstr(t, "stream gap: 20 bytes missing"));
	g_free(t);
	sess_end(&s);
}

/* A lost segment before the NOTIFICATION that ends a session, in each direction: the
 * NOTIFICATION is shown on its own packet at once, and a late retransmission of the lost
 * bytes is trimmed and counted, never decoded. */
static void
gap_before_notification(int dir)
{
	struct sess s;
	sess_start(&s, 41000);
	sess_opens(&s, open_caps + L2L4, sizeof(open_caps) - L2L4, open_caps + L2L4,
		sizeof(open_caps) - L2L4);
	uint8_t ka[] = { KEEPALIVE_MSG };
	uint8_t nt[] = { NOTIFY_MSG };
	uint32_t lost_at = s.seq[dir];
	s.seq[dir] += sizeof(ka); /* a KEEPALIVE the capture missed */
	const struct dec_bgp_layer *b = sess_send(&s, dir, nt, sizeof(nt));
	assert_non_null(b);
	assert_int_equal(b->nmsgs, 1);
	assert_int_equal(b->msgs->type, DEC_BGP_NOTIFICATION);
	assert_int_equal(b->msgs->u.notif.code, 6);
	assert_true(test_has_event(s.d, DEC_E_STREAM_GAP));
	assert_int_equal(sess_stats(&s).bytes_lost, sizeof(ka));
	/* the lost KEEPALIVE retransmitted late: trimmed */
	uint32_t next = s.seq[dir];
	s.seq[dir] = lost_at;
	b = sess_send(&s, dir, ka, sizeof(ka));
	assert_null(b);
	assert_int_equal(s.d->nerrors, 0);
	assert_int_equal(sess_stats(&s).bytes_late, sizeof(ka));
	s.seq[dir] = next;
	/* the other direction goes on undisturbed */
	b = sess_send(&s, !dir, ka, sizeof(ka));
	assert_non_null(b);
	assert_int_equal(b->msgs->type, DEC_BGP_KEEPALIVE);
	assert_int_equal(s.d->nerrors, 0);
	sess_end(&s);
}

static void
test_bgp_gap_before_notification_client(void **state)
{
	(void)state;
	gap_before_notification(0);
}

static void
test_bgp_gap_before_notification_server(void **state)
{
	(void)state;
	gap_before_notification(1);
}

/* A hole followed by a segment that starts mid-message is not certain: it waits, and at
 * the end of the capture what is held is counted as lost (dec_reasm_finish). */
static void
test_bgp_gap_at_end_counted(void **state)
{
	(void)state;
	struct sess s;
	sess_start(&s, 41001);
	sess_flags(&s, 0, 0x02);
	uint8_t nt[] = { NOTIFY_MSG };
	s.seq[0] += 10;
	sess_send(&s, 0, nt + 5, sizeof(nt) - 5); /* no marker at its start */
	assert_int_equal(bgp_msgs(s.d), 0);
	assert_int_equal(s.d->nerrors, 0);
	dec_reasm_finish(s.d->reasm);
	struct dec_reasm_stats st = sess_stats(&s);
	assert_int_equal(st.eof_holes, 1);
	assert_int_equal(st.eof_bytes, sizeof(nt) - 5);
	assert_int_equal(st.gaps, 1);
	assert_int_equal(st.bytes_lost, 10);
	sess_end(&s);
}

/* A capture that starts in the middle of a session: the first segment begins inside an
 * UPDATE; the KEEPALIVE after it in the same segment is found and decoded. */
static void
test_bgp_gap_capture_starts_mid_message(void **state)
{
	(void)state;
	struct sess s;
	sess_start(&s, 41002);
	uint8_t buf[64];
	uint8_t ka[] = { KEEPALIVE_MSG };
	memset(buf, 0x11, 20);
	memcpy(buf + 20, ka, sizeof(ka));
	const struct dec_bgp_layer *b = sess_send(&s, 1, buf, 20 + sizeof(ka));
	assert_non_null(b);
	assert_int_equal(bgp_msgs(s.d), 1);
	assert_int_equal(b->msgs->type, DEC_BGP_KEEPALIVE);
	sess_end(&s);
}

/* A message the snaplen cut, through the reassembler: the gap is declared on its packet and
 * the header bytes that are whole are shown (issue 14 part 5), here 17 of an UPDATE's 19,
 * then the whole header with its length and type. */
static void
test_bgp_gap_snaplen_cut_shows_partial_header(void **state)
{
	(void)state;
	struct sess s;
	sess_start(&s, 41003);
	sess_flags(&s, 0, 0x02);
	uint8_t upd[] = { MARKER, 0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00 };
	const struct dec_bgp_layer *b = sess_send_cut(&s, 0, upd, sizeof(upd), 17);
	assert_non_null(b);
	assert_true(b->has_partial);
	assert_int_equal(b->partial_have, 17);
	assert_int_equal(b->nmsgs, 0);
	assert_true(test_has_event(s.d, DEC_E_STREAM_GAP));
	char *t = test_text(s.d);
	assert_non_null(strstr(t, "BGP [17 bytes of a header]"));
	g_free(t);
	b = sess_send_cut(&s, 0, upd, sizeof(upd), 20);
	assert_non_null(b);
	assert_true(b->has_partial);
	assert_int_equal(b->partial_len, 23);
	assert_int_equal(b->partial_type, DEC_BGP_UPDATE);
	sess_end(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bgp_open_caps),
		cmocka_unit_test(test_bgp_open_ext_opt_params),
		cmocka_unit_test(test_bgp_update_as2),
		cmocka_unit_test(test_bgp_update_as4),
		cmocka_unit_test(test_bgp_update_as4_path),
		cmocka_unit_test(test_bgp_mp_reach_ipv6),
		cmocka_unit_test(test_bgp_mp_unreach_ipv6),
		cmocka_unit_test(test_bgp_notification_shutdown),
		cmocka_unit_test(test_bgp_keepalive),
		cmocka_unit_test(test_bgp_route_refresh_subtype),
		cmocka_unit_test(test_bgp_two_messages_one_segment),
		cmocka_unit_test(test_bgp_message_continues_in_next_segment),
		cmocka_unit_test(test_bgp_attr_len_past_end),
		cmocka_unit_test(test_bgp_prefix_len_33),
		cmocka_unit_test(test_bgp_withdrawn_len_past_end),
		cmocka_unit_test(test_bgp_zero_len_attrs_no_hang),
		cmocka_unit_test(test_bgp_msg_len_below_header),
		cmocka_unit_test(test_bgp_marker_not_ones),
		cmocka_unit_test(test_bgp_probe_other_port),
		cmocka_unit_test(test_bgp_every_truncation),
		cmocka_unit_test(test_bgp_truncated_keeps_whole_messages),
		cmocka_unit_test(test_bgp_as_set_and_confed_segments),
		cmocka_unit_test(test_bgp_addpath_negotiated_in_session),
		cmocka_unit_test(test_bgp_addpath_one_side_not_used),
		cmocka_unit_test(test_bgp_addpath_session_every_truncation),
		cmocka_unit_test(test_bgp_extended_message),
		cmocka_unit_test(test_bgp_gap_after_syn_three_keepalives),
		cmocka_unit_test(test_bgp_gap_before_notification_client),
		cmocka_unit_test(test_bgp_gap_before_notification_server),
		cmocka_unit_test(test_bgp_gap_at_end_counted),
		cmocka_unit_test(test_bgp_gap_capture_starts_mid_message),
		cmocka_unit_test(test_bgp_gap_snaplen_cut_shows_partial_header),
	};
	return cmocka_run_group_tests_name("bgp", tests, setup, teardown);
}
