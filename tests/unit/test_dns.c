/* test_dns.c - DNS (RFC 1035) on UDP 53, mDNS on 5353 (RFC 6762) and DNS over TCP: header
 * and flags, compression, rdata of the common (NS and PTR answers too), SVCB/HTTPS and
 * DNSSEC types (with the DNSKEY key tag of RFC 4034 appendix B; CDS and CDNSKEY of RFC 7344
 * and their RFC 8078 delete forms), EDNS(0) options and the extended rcode, unknown
 * types (RFC 3597), the compression attacks STYLE §3 lists, degraded messages and every
 * truncation. Messages are hex arrays; wrap() puts Ethernet/IPv4/UDP (or TCP) in front. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include "decode/dns.h"
#include "decode/stream.h"
#include "reports/render.h"

#define L2L4      42 /* Ethernet + IPv4 + UDP before the DNS message */
#define FRAME_MAX 2048

/* 0x1a2b: standard query, RD, one question www.example.com A IN */
/* clang-format off */
static const uint8_t q_www[] = {
	0x1a, 0x2b, 0x01, 0x00,                          /* id, flags: RD */
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  /* qd 1 */
	0x03, 'w', 'w', 'w', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00,
	0x00, 0x01, 0x00, 0x01,                          /* A IN */
};
/* clang-format on */

/* its answer: CNAME to web.example.com, then A and AAAA, every name compressed */
/* clang-format off */
static const uint8_t r_chain[] = {
	0x1a, 0x2b, 0x81, 0x80,                          /* QR RD RA, NOERROR */
	0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,  /* qd 1 an 3 */
	0x03, 'w', 'w', 'w', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00,
	0x00, 0x01, 0x00, 0x01,                          /* @12 www.example.com A IN */
	0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01,              /* @33 ->12 CNAME IN */
	0x00, 0x00, 0x01, 0x2c, 0x00, 0x06,              /* ttl 300, rdlength 6 */
	0x03, 'w', 'e', 'b', 0xc0, 0x10,                 /* @45 web ->16 (example.com) */
	0xc0, 0x2d, 0x00, 0x01, 0x00, 0x01,              /* @51 ->45 A IN */
	0x00, 0x00, 0x00, 0x3c, 0x00, 0x04,              /* ttl 60, rdlength 4 */
	93, 184, 216, 34,                                /* 93.184.216.34 */
	0xc0, 0x2d, 0x00, 0x1c, 0x00, 0x01,              /* @67 ->45 AAAA IN */
	0x00, 0x00, 0x00, 0x3c, 0x00, 0x10,              /* ttl 60, rdlength 16 */
	0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0x00, 0x01,  /* 2606:2800:220:1: */
	0x02, 0x48, 0x18, 0x93, 0x25, 0xc8, 0x19, 0x46,  /* 248:1893:25c8:1946 */
};
/* clang-format on */

#define EXAMPLE_COM 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00

/* MX, TXT, SOA, SRV, CAA, DNAME, HTTPS for example.com (owner at 12, then ->12) */
/* clang-format off */
static const uint8_t r_types[] = {
	0x00, 0x01, 0x85, 0x00,                          /* QR AA RD */
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,  /* an 7 */
	EXAMPLE_COM, 0x00, 0x0f, 0x00, 0x01,             /* @12 example.com MX IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x09,              /* ttl 3600, rdlength 9 */
	0x00, 0x0a, 0x04, 'm', 'a', 'i', 'l', 0xc0, 0x0c, /* 10 mail.example.com */
	0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01,              /* TXT IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x10,              /* ttl 3600, rdlength 16 */
	0x0b, 'v', '=', 's', 'p', 'f', '1', ' ', '-', 'a', 'l', 'l', /* "v=spf1 -all" */
	0x03, 'a', '"', 'b',                             /* "a\"b" */
	0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01,              /* SOA IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x27,              /* ttl 3600, rdlength 39 */
	0x03, 'n', 's', '1', 0xc0, 0x0c,                 /* mname ns1.example.com */
	0x0a, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0xc0, 0x0c, /* rname */
	0x78, 0xa3, 0xf1, 0x75, 0x00, 0x00, 0x1c, 0x20,  /* serial 2024010101, refresh 7200 */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x12, 0x75, 0x00,  /* retry 3600, expire 1209600 */
	0x00, 0x00, 0x01, 0x2c,                          /* minimum 300 */
	0x04, '_', 's', 'i', 'p', 0x04, '_', 't', 'c', 'p', 0xc0, 0x0c, /* _sip._tcp */
	0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10,  /* SRV IN ttl 3600 */
	0x00, 0x0c, 0x00, 0x0a, 0x00, 0x3c, 0x13, 0xc4,  /* rdlength 12, prio 10 weight 60 5060 */
	0x03, 's', 'i', 'p', 0xc0, 0x0c,                 /* sip.example.com */
	0xc0, 0x0c, 0x01, 0x01, 0x00, 0x01,              /* CAA IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x16,              /* ttl 3600, rdlength 22 */
	0x00, 0x05, 'i', 's', 's', 'u', 'e',             /* flags 0, tag issue */
	'l', 'e', 't', 's', 'e', 'n', 'c', 'r', 'y', 'p', 't', '.', 'o', 'r', 'g', 0x03,
	'o', 'l', 'd', 0xc0, 0x0c,                       /* old.example.com */
	0x00, 0x27, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10,  /* DNAME IN ttl 3600 */
	0x00, 0x11, 0x03, 'n', 'e', 'w', EXAMPLE_COM,    /* rdlength 17, new.example.com */
	0xc0, 0x0c, 0x00, 0x41, 0x00, 0x01,              /* HTTPS IN */
	0x00, 0x00, 0x01, 0x2c, 0x00, 0x44,              /* ttl 300, rdlength 68 */
	0x00, 0x01, 0x00,                                /* priority 1, target "." */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x01,              /* mandatory=alpn */
	0x00, 0x01, 0x00, 0x06, 0x02, 'h', '2', 0x02, 'h', '3', /* alpn=h2,h3 */
	0x00, 0x02, 0x00, 0x00,                          /* no-default-alpn */
	0x00, 0x03, 0x00, 0x02, 0x01, 0xbb,              /* port=443 */
	0x00, 0x04, 0x00, 0x08, 192, 0, 2, 1, 192, 0, 2, 2, /* ipv4hint */
	0x00, 0x05, 0x00, 0x03, 0x01, 0x02, 0x03,        /* ech */
	0x00, 0x06, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8,  /* ipv6hint 2001:db8::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};
/* clang-format on */

/* DNSSEC: two DNSKEYs (algorithm 8, and 1 with its own key tag rule), DS, RRSIG, NSEC,
 * NSEC3, NSEC3PARAM */
/* clang-format off */
static const uint8_t r_dnssec[] = {
	0x00, 0x02, 0x81, 0xa0,                          /* QR RD RA AD */
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,  /* an 7 */
	EXAMPLE_COM, 0x00, 0x30, 0x00, 0x01,             /* @12 DNSKEY IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x06,              /* ttl 3600, rdlength 6 */
	0x01, 0x01, 0x03, 0x08, 0x01, 0x02,              /* flags 257 proto 3 alg 8, key */
	0xc0, 0x0c, 0x00, 0x30, 0x00, 0x01,              /* DNSKEY IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x0b,              /* ttl 3600, rdlength 11 */
	0x01, 0x00, 0x03, 0x01,                          /* flags 256 proto 3 alg 1 (RSA/MD5) */
	0x03, 0x01, 0x00, 0x01, 0xab, 0xcd, 0xef,        /* exponent, modulus ending abcdef */
	0xc0, 0x0c, 0x00, 0x2b, 0x00, 0x01,              /* DS IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x08,              /* ttl 3600, rdlength 8 */
	0x05, 0x0b, 0x08, 0x02, 0xde, 0xad, 0xbe, 0xef,  /* tag 1291 alg 8 SHA-256, digest */
	0xc0, 0x0c, 0x00, 0x2e, 0x00, 0x01,              /* RRSIG IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x23,              /* ttl 3600, rdlength 35 */
	0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x0e, 0x10,  /* covers A, alg 8, 2 labels, 3600 */
	0x65, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00,  /* expiration, inception */
	0x05, 0x0b, EXAMPLE_COM,                         /* tag 1291, signer */
	0x11, 0x22, 0x33, 0x44,                          /* signature */
	0xc0, 0x0c, 0x00, 0x2f, 0x00, 0x01,              /* NSEC IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x17,              /* ttl 3600, rdlength 23 */
	0x01, 'a', EXAMPLE_COM,                          /* next a.example.com */
	0x00, 0x06, 0x40, 0x00, 0x00, 0x00, 0x00, 0x03,  /* window 0: A RRSIG NSEC */
	0xc0, 0x0c, 0x00, 0x32, 0x00, 0x01,              /* NSEC3 IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x12,              /* ttl 3600, rdlength 18 */
	0x01, 0x01, 0x00, 0x0a,                          /* SHA-1, opt-out, 10 iterations */
	0x04, 0xaa, 0xbb, 0xcc, 0xdd,                    /* salt */
	0x05, 0x08, 0x21, 0x0c, 0x42, 0x8a,              /* next hashed (10GGOGKA) */
	0x00, 0x01, 0x60,                                /* window 0: A NS */
	0xc0, 0x0c, 0x00, 0x33, 0x00, 0x01,              /* NSEC3PARAM IN */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x09,              /* ttl 0, rdlength 9 */
	0x01, 0x00, 0x00, 0x0a, 0x04, 0xaa, 0xbb, 0xcc, 0xdd,
};
/* clang-format on */

/* EDNS: DO, ECS 192.0.2.0/24, cookie, EDE 18 with text, padding, NSID */
/* clang-format off */
static const uint8_t r_edns[] = {
	0x00, 0x03, 0x81, 0x83,                          /* QR RD RA, NXDOMAIN */
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  /* qd 1 ar 1 */
	EXAMPLE_COM, 0x00, 0x01, 0x00, 0x01,             /* example.com A IN */
	0x00, 0x00, 0x29, 0x04, 0xd0,                    /* root OPT, udp 1232 */
	0x00, 0x00, 0x80, 0x00, 0x00, 0x3a,              /* ext 0 v0 DO, rdlength 58 */
	0x00, 0x08, 0x00, 0x07, 0x00, 0x01, 0x18, 0x00, 0xc0, 0x00, 0x02, /* ECS */
	0x00, 0x0a, 0x00, 0x10,                          /* COOKIE len 16 */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  /* client */
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,  /* server */
	0x00, 0x0f, 0x00, 0x09, 0x00, 0x12, 'b', 'l', 'o', 'c', 'k', 'e', 'd', /* EDE 18 */
	0x00, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,  /* PADDING 4 */
	0x00, 0x03, 0x00, 0x02, 'a', 'b',                /* NSID "ab" */
};
/* clang-format on */

/* BADVERS: header rcode 0, OPT extended rcode 1 -> 16 (RFC 6891 §6.1.3) */
/* clang-format off */
static const uint8_t r_badvers[] = {
	0x00, 0x04, 0x81, 0x00,                          /* QR RD, rcode 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  /* ar 1 */
	0x00, 0x00, 0x29, 0x04, 0xd0,                    /* root OPT, udp 1232 */
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00,              /* ext rcode 1, v0, rdlength 0 */
};
/* clang-format on */

/* TYPE65534 in class CH, as RFC 3597 §5 shows unknown types */
/* clang-format off */
static const uint8_t r_unknown[] = {
	0x00, 0x05, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, EXAMPLE_COM,
	0xff, 0xfe, 0x00, 0x03,                          /* TYPE65534 CH */
	0xc0, 0x0c, 0xff, 0xfe, 0x00, 0x03,              /* ->12 TYPE65534 CH */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0xff,
};
/* clang-format on */

/* mDNS (RFC 6762): a QU question and a cache-flush answer */
/* clang-format off */
static const uint8_t mdns_q[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, '_', 'h', 't',
	't', 'p', 0x04, '_', 't', 'c', 'p', 0x05, 'l', 'o', 'c', 'a', 'l', 0x00, 0x00, 0x0c, 0x80,
	0x01,                                            /* PTR, QU + IN */
};
/* clang-format on */
/* clang-format off */
static const uint8_t mdns_r[] = {
	0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* QR AA */
	0x05, '_', 'h', 't', 't', 'p', 0x04, '_', 't', 'c', 'p', 0x05, 'l', 'o', 'c', 'a', 'l',
	0x00, 0x00, 0x0c, 0x80, 0x01,                    /* PTR, cache-flush + IN */
	0x00, 0x00, 0x00, 0x78, 0x00, 0x06,              /* ttl 120, rdlength 6 */
	0x03, 'w', 'e', 'b', 0xc0, 0x0c,                 /* web._http._tcp.local */
};
/* clang-format on */

/* Degraded: an A with rdlength 5 (kept as hex), an AAAA (decoded), then a third record
 * whose rdlength runs past the message (event, walk ends) */
/* clang-format off */
static const uint8_t r_bad_rdata[] = {
	0x00, 0x06, 0x81, 0x80, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, EXAMPLE_COM,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x05, 93, 184, 216, 34,
	1,                                               /* A with a fifth byte */
	0xc0, 0x0c, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x10, 0x20,
	0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xc0, 0x0c, 0x00, 0x01,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x01, 0x00,  /* rdlength 256 */
	1, 2, 3, 4,
};
/* clang-format on */

/* Counts larger than the records present: an 3, one record */
/* clang-format off */
static const uint8_t r_short_count[] = {
	0x00, 0x07, 0x81, 0x80, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, EXAMPLE_COM,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, 10, 0, 0, 1,
};
/* clang-format on */

/* Names: a label with a dot, a control byte and a space (RFC 4343 escapes) */
/* clang-format off */
static const uint8_t q_escapes[] = {
	0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	'a', '.', 'b', 0x07, ' ', EXAMPLE_COM, 0x00, 0x10, 0x00, 0x01,
};
/* clang-format on */

/* CDS and CDNSKEY (RFC 7344 §3.1, §3.2: DS and DNSKEY rdata under new types): a CDS whose
 * key tag (43911) and SHA-256 digest are those of the CDNSKEY after it (RFC 4034 §5.1.4:
 * over the owner name and the DNSKEY rdata), and the RFC 8078 §4 delete forms of both */
/* clang-format off */
static const uint8_t r_cds[] = {
	0x00, 0x09, 0x84, 0x00,                          /* QR AA */
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,  /* an 4 */
	EXAMPLE_COM, 0x00, 0x3b, 0x00, 0x01,             /* @12 example.com CDS IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x24,              /* ttl 3600, rdlength 36 */
	0xab, 0x87, 0x0f, 0x02,                          /* tag 43911, alg 15, SHA-256 */
	0xf7, 0x19, 0x0d, 0x5e, 0x83, 0x7f, 0x38, 0x7c, 0xb8, 0x65, 0x0e, 0x1a, 0xeb, 0x55, 0x3a,
	0x25, 0x4c, 0x05, 0xd1, 0x05, 0x13, 0x47, 0x5a, 0xc5, 0x1b, 0x3e, 0x2d, 0xbd, 0x3b, 0xc2,
	0x37, 0xd3,                                      /* digest */
	0xc0, 0x0c, 0x00, 0x3b, 0x00, 0x01,              /* @71 CDS IN */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x05,              /* ttl 0, rdlength 5 */
	0x00, 0x00, 0x00, 0x00, 0x00,                    /* delete: 0 0 0 00 */
	0xc0, 0x0c, 0x00, 0x3c, 0x00, 0x01,              /* @88 CDNSKEY IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x24,              /* ttl 3600, rdlength 36 */
	0x01, 0x01, 0x03, 0x0f,                          /* flags 257 proto 3 alg 15 (Ed25519) */
	0x07, 0x24, 0x41, 0x5e, 0x7b, 0x98, 0xb5, 0xd2, 0xef, 0x0c, 0x29, 0x46, 0x63, 0x80, 0x9d,
	0xba, 0xd7, 0xf4, 0x11, 0x2e, 0x4b, 0x68, 0x85, 0xa2, 0xbf, 0xdc, 0xf9, 0x16, 0x33, 0x50,
	0x6d, 0x8a,                                      /* public key */
	0xc0, 0x0c, 0x00, 0x3c, 0x00, 0x01,              /* @136 CDNSKEY IN */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x05,              /* ttl 0, rdlength 5 */
	0x00, 0x00, 0x03, 0x00, 0x00,                    /* delete: 0 3 0 AA== */
};
/* clang-format on */

/* SVCB, type 64 (RFC 9460 §2.2): a ServiceMode record for DDR (RFC 9462 §4) with
 * mandatory, alpn, port, ipv4hint, ipv6hint and dohpath (RFC 9461 §5), and an AliasMode
 * record (priority 0, no parameters) */
/* clang-format off */
static const uint8_t r_svcb[] = {
	0x00, 0x0a, 0x81, 0x80,                          /* QR RD RA */
	0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,  /* qd 1 an 2 */
	0x04, '_', 'd', 'n', 's', 0x08, 'r', 'e', 's', 'o', 'l', 'v', 'e', 'r',
	0x04, 'a', 'r', 'p', 'a', 0x00, 0x00, 0x40, 0x00, 0x01, /* @12 _dns.resolver.arpa SVCB */
	0xc0, 0x0c, 0x00, 0x40, 0x00, 0x01,              /* @36 ->12 SVCB IN */
	0x00, 0x00, 0x01, 0x2c, 0x00, 0x5a,              /* ttl 300, rdlength 90 */
	0x00, 0x01,                                      /* priority 1 */
	0x03, 'd', 'n', 's', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'n', 'e', 't', 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x01,              /* @67 mandatory=alpn */
	0x00, 0x01, 0x00, 0x07, 0x03, 'd', 'o', 't', 0x02, 'h', '2', /* @73 alpn=dot,h2 */
	0x00, 0x03, 0x00, 0x02, 0x03, 0x55,              /* @84 port=853 */
	0x00, 0x04, 0x00, 0x04, 192, 0, 2, 53,           /* @90 ipv4hint=192.0.2.53 */
	0x00, 0x06, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8,  /* @98 ipv6hint=2001:db8::53 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x53,
	0x00, 0x07, 0x00, 0x10, '/', 'd', 'n', 's', '-', 'q', 'u', 'e', 'r', 'y', /* @118 */
	'{', '?', 'd', 'n', 's', '}',                    /* dohpath=/dns-query{?dns} */
	0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00, /* @138 example.com */
	0x00, 0x40, 0x00, 0x01,                          /* SVCB IN */
	0x00, 0x00, 0x01, 0x2c, 0x00, 0x13,              /* ttl 300, rdlength 19 */
	0x00, 0x00,                                      /* priority 0: AliasMode */
	0x03, 's', 'v', 'c', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'n', 'e', 't', 0x00,
};
/* clang-format on */
#define SVCB_PORT_KEY 84 /* message offset of the port SvcParamKey */

/* NS answers for example.com, their targets compressed to the owner name */
/* clang-format off */
static const uint8_t r_ns[] = {
	0x00, 0x0b, 0x81, 0x80,                          /* QR RD RA */
	0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,  /* qd 1 an 2 */
	EXAMPLE_COM, 0x00, 0x02, 0x00, 0x01,             /* @12 example.com NS IN */
	0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01,              /* ->12 NS IN */
	0x00, 0x02, 0xa3, 0x00, 0x00, 0x06,              /* ttl 172800, rdlength 6 */
	0x03, 'n', 's', '1', 0xc0, 0x0c,                 /* ns1.example.com */
	0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01,              /* ->12 NS IN */
	0x00, 0x02, 0xa3, 0x00, 0x00, 0x06,              /* ttl 172800, rdlength 6 */
	0x03, 'n', 's', '2', 0xc0, 0x0c,                 /* ns2.example.com */
};
/* clang-format on */

/* A PTR answer for 93.184.216.34 (RFC 1035 §3.5 IN-ADDR.ARPA) */
/* clang-format off */
static const uint8_t r_ptr[] = {
	0x00, 0x0c, 0x81, 0x80,                          /* QR RD RA */
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  /* qd 1 an 1 */
	0x02, '3', '4', 0x03, '2', '1', '6', 0x03, '1', '8', '4', 0x02, '9', '3',
	0x07, 'i', 'n', '-', 'a', 'd', 'd', 'r', 0x04, 'a', 'r', 'p', 'a', 0x00,
	0x00, 0x0c, 0x00, 0x01,                          /* @12 34.216.184.93.in-addr.arpa PTR */
	0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01,              /* ->12 PTR IN */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x11,              /* ttl 3600, rdlength 17 */
	0x03, 'w', 'w', 'w', EXAMPLE_COM,                /* www.example.com */
};
/* clang-format on */

/* Ethernet / IPv4 10.0.0.1 > 10.0.0.2 / UDP sport > dport (or TCP when tcp) around msg;
 * returns the frame's length in buf. */
static size_t
wrap(uint8_t *buf, const uint8_t *msg, size_t n, uint16_t sport, uint16_t dport, bool tcp)
{
	static const uint8_t eth[14] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00 };
	size_t l4 = tcp ? 20 : 8;
	size_t ip_len = 20 + l4 + n;
	assert_true(14 + ip_len <= FRAME_MAX);
	memcpy(buf, eth, 14);
	uint8_t *ip = buf + 14;
	memset(ip, 0, 20 + l4);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8);
	ip[3] = (uint8_t)ip_len;
	ip[8] = 64;
	ip[9] = tcp ? 6 : 17;
	ip[12] = 10;
	ip[15] = 1;
	ip[16] = 10;
	ip[19] = 2;
	uint8_t *th = ip + 20;
	th[0] = (uint8_t)(sport >> 8);
	th[1] = (uint8_t)sport;
	th[2] = (uint8_t)(dport >> 8);
	th[3] = (uint8_t)dport;
	if (tcp) {
		th[7] = 1;     /* seq 1 */
		th[12] = 0x50; /* data offset 5 */
		th[13] = 0x18; /* PSH ACK */
		th[14] = 0xff; /* window */
	} else {
		th[4] = (uint8_t)((8 + n) >> 8);
		th[5] = (uint8_t)(8 + n);
	}
	memcpy(th + l4, msg, n);
	return 14 + ip_len;
}

static uint8_t frame[FRAME_MAX];

/* Decodes msg on UDP 53 (from 33333) */
static struct dec *
decode_udp(struct dec *d, const uint8_t *msg, size_t n)
{
	size_t len = wrap(frame, msg, n, 33333, 53, false);
	return test_decode(d, frame, len, DEC_LINK_EN10MB);
}

static const struct dec_dns_layer *
dns_of(const struct dec *d, unsigned nth)
{
	const struct dec_layer *l = test_layer(d, DEC_P_DNS, nth);
	assert_non_null(l);
	assert_false(l->truncated);
	return &l->u.dns;
}

static void
assert_contains(const char *s, const char *part)
{
	if (!strstr(s, part))
		fail_msg("expected \"%s\" in: %s", part, s);
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

static void
test_dns_query(void **state)
{
	struct dec *d = decode_udp(*state, q_www, sizeof(q_www));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->id, 0x1a2b);
	assert_int_equal(m->flags, DEC_DNS_F_RD);
	assert_int_equal(m->qdcount, 1);
	assert_int_equal(m->nq, 1);
	assert_string_equal(m->q[0].name, "www.example.com");
	assert_int_equal(m->q[0].type, DEC_DNS_T_A);
	assert_int_equal(m->q[0].cls, 1);
	assert_null(m->edns);
	assert_int_equal(d->layers[d->nlayers - 1].len, sizeof(q_www));

	char *t = test_text(d);
	assert_contains(t, "UDP 33333 > 53 DNS 0x1a2b A? www.example.com.");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "{\"p\":\"dns\",\"id\":6699,\"qr\":false,\"opcode\":0,\"qdcount\":1,"
			   "\"ancount\":0,\"nscount\":0,\"arcount\":0,\"aa\":false,\"tc\":false,"
			   "\"rd\":true,\"ra\":false");
	assert_contains(j, "\"questions\":[{\"name\":\"www.example.com\",\"type\":\"A\","
			   "\"class\":\"IN\"}],\"answers\":[],\"authority\":[],\"additional\":[]}");
	/* DESIGN.md: rcode in every message, a query's too (RFC 1035 §4.1.1: normally 0) */
	assert_contains(j, "\"cd\":false,\"rcode\":0,\"rcode_name\":\"NOERROR\","
			   "\"questions\"");
	g_free(j);
}

static void
test_dns_response_compression_chain(void **state)
{
	struct dec *d = decode_udp(*state, r_chain, sizeof(r_chain));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 3);
	const struct dec_dns_rr *rr = m->rr[DEC_DNS_AN];
	assert_string_equal(rr[0].name, "www.example.com");
	assert_int_equal(rr[0].type, DEC_DNS_T_CNAME);
	assert_int_equal(rr[0].ttl, 300);
	assert_string_equal(rr[0].u.target, "web.example.com");
	assert_string_equal(rr[1].name, "web.example.com");
	assert_string_equal(rr[2].name, "web.example.com");
	assert_int_equal(rr[2].off, L2L4 + 67);

	char *t = test_text(d);
	assert_contains(t, "DNS 0x1a2b NOERROR A www.example.com. 3/0/0 [CNAME web.example.com., "
			   "A 93.184.216.34, AAAA 2606:2800:220:1:248:1893:25c8:1946]");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "\"qr\":true");
	assert_contains(j, "\"rcode\":0,\"rcode_name\":\"NOERROR\"");
	assert_contains(j, "\"answers\":[{\"name\":\"www.example.com\",\"type\":\"CNAME\","
			   "\"class\":\"IN\",\"ttl\":300,\"target\":\"web.example.com\"},"
			   "{\"name\":\"web.example.com\",\"type\":\"A\",\"class\":\"IN\","
			   "\"ttl\":60,\"addr\":\"93.184.216.34\"},");
	assert_contains(j, "\"addr\":\"2606:2800:220:1:248:1893:25c8:1946\"");
	g_free(j);
}

static void
test_dns_rdata_types(void **state)
{
	struct dec *d = decode_udp(*state, r_types, sizeof(r_types));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 7);
	for (unsigned k = 0; k < 7; k++)
		assert_true(m->rr[DEC_DNS_AN][k].rdata_ok);
	assert_int_equal(m->rr[DEC_DNS_AN][2].u.soa.serial, 2024010101u);
	assert_int_equal(m->rr[DEC_DNS_AN][3].u.srv.port, 5060);

	char *j = test_json(d);
	assert_contains(j, "\"type\":\"MX\",\"class\":\"IN\",\"ttl\":3600,\"pref\":10,"
			   "\"exchange\":\"mail.example.com\"}");
	assert_contains(j, "\"type\":\"TXT\",\"class\":\"IN\",\"ttl\":3600,"
			   "\"strings\":[\"v=spf1 -all\",\"a\\\"b\"]}");
	assert_contains(j, "\"mname\":\"ns1.example.com\",\"rname\":\"hostmaster.example.com\","
			   "\"serial\":2024010101,\"refresh\":7200,\"retry\":3600,"
			   "\"expire\":1209600,\"minimum\":300}");
	assert_contains(j, "{\"name\":\"_sip._tcp.example.com\",\"type\":\"SRV\",\"class\":\"IN\","
			   "\"ttl\":3600,\"prio\":10,\"weight\":60,\"port\":5060,"
			   "\"target\":\"sip.example.com\"}");
	assert_contains(j, "\"type\":\"CAA\",\"class\":\"IN\",\"ttl\":3600,\"flags\":0,"
			   "\"tag\":\"issue\",\"value\":\"letsencrypt.org\"}");
	assert_contains(j, "{\"name\":\"old.example.com\",\"type\":\"DNAME\",\"class\":\"IN\","
			   "\"ttl\":3600,\"target\":\"new.example.com\"}");
	assert_contains(j, "\"type\":\"HTTPS\",\"class\":\"IN\",\"ttl\":300,\"priority\":1,"
			   "\"target\":\".\",\"params\":[\"mandatory=alpn\",\"alpn=h2,h3\","
			   "\"no-default-alpn\",\"port=443\",\"ipv4hint=192.0.2.1,192.0.2.2\","
			   "\"ech=AQID\",\"ipv6hint=2001:db8::1\"]}");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0001 NOERROR 7/0/0 [MX 10 mail.example.com., TXT, SOA, "
			   "SRV 10 60 5060 sip.example.com., CAA, DNAME new.example.com., HTTPS]");
	g_free(t);
}

/* RFC 4034 appendix B's reference loop, written apart from the decoder's */
static unsigned
key_tag_reference(const uint8_t *key, size_t n)
{
	unsigned long ac = 0;
	for (size_t i = 0; i < n; ++i)
		ac += (i & 1) ? key[i] : (unsigned long)key[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	return ac & 0xFFFF;
}

static void
test_dns_dnssec(void **state)
{
	struct dec *d = decode_udp(*state, r_dnssec, sizeof(r_dnssec));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 7);
	const struct dec_dns_rr *rr = m->rr[DEC_DNS_AN];
	/* 0x0101 + 0x0308 + 0x0102, by hand */
	assert_int_equal(rr[0].u.dnskey.key_tag, 1291);
	assert_int_equal(rr[0].u.dnskey.key_tag, key_tag_reference(rr[0].rdata.p, 6));
	/* algorithm 1: the modulus's second and third last octets (appendix B.1), not the
	 * checksum the general rule would give */
	assert_int_equal(rr[1].u.dnskey.key_tag, 0xabcd);
	assert_int_not_equal(key_tag_reference(rr[1].rdata.p, 11), 0xabcd);
	/* a larger key against the reference */
	uint8_t big[260];
	for (size_t k = 0; k < sizeof(big); k++)
		big[k] = (uint8_t)(k * 37 + 11);
	big[3] = 8;
	assert_int_equal(dec_dns_key_tag(big, sizeof(big)), key_tag_reference(big, sizeof(big)));

	char *j = test_json(d);
	assert_contains(j, "\"ad\":true");
	assert_contains(j, "\"type\":\"DNSKEY\",\"class\":\"IN\",\"ttl\":3600,\"flags\":257,"
			   "\"protocol\":3,\"alg\":8,\"key_tag\":1291");
	assert_contains(j, "\"flags\":256,\"protocol\":3,\"alg\":1,\"key_tag\":43981");
	assert_contains(j, "\"type\":\"DS\",\"class\":\"IN\",\"ttl\":3600,\"key_tag\":1291,"
			   "\"alg\":8,\"digest_type\":2,\"digest\":\"deadbeef\"}");
	assert_contains(j, "\"type\":\"RRSIG\",\"class\":\"IN\",\"ttl\":3600,"
			   "\"type_covered\":\"A\",\"alg\":8,\"labels\":2,\"orig_ttl\":3600,"
			   "\"expiration\":1694498816,\"inception\":1677721600,\"key_tag\":1291,"
			   "\"signer\":\"example.com\"}");
	assert_contains(j, "\"type\":\"NSEC\",\"class\":\"IN\",\"ttl\":3600,"
			   "\"next\":\"a.example.com\",\"types\":[\"A\",\"RRSIG\",\"NSEC\"]}");
	assert_contains(j, "\"type\":\"NSEC3\",\"class\":\"IN\",\"ttl\":3600,\"hash_alg\":1,"
			   "\"flags\":1,\"iterations\":10,\"salt\":\"aabbccdd\","
			   "\"next_hashed\":\"10GGOGKA\",\"types\":[\"A\",\"NS\"]}");
	assert_contains(j, "\"type\":\"NSEC3PARAM\",\"class\":\"IN\",\"ttl\":0,\"hash_alg\":1,"
			   "\"flags\":0,\"iterations\":10,\"salt\":\"aabbccdd\"}");
	g_free(j);
}

static void
test_dns_cds_cdnskey(void **state)
{
	struct dec *d = decode_udp(*state, r_cds, sizeof(r_cds));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 4);
	const struct dec_dns_rr *rr = m->rr[DEC_DNS_AN];
	for (unsigned k = 0; k < 4; k++)
		assert_true(rr[k].rdata_ok);
	assert_int_equal(rr[0].type, DEC_DNS_T_CDS);
	assert_int_equal(rr[0].u.ds.key_tag, 43911);
	assert_int_equal(rr[0].u.ds.alg, 15);
	assert_int_equal(rr[0].u.ds.digest_type, 2);
	assert_int_equal(rr[0].u.ds.digest.len, 32);
	assert_ptr_equal(rr[0].u.ds.digest.p, rr[0].rdata.p + 4);
	assert_int_equal(rr[2].type, DEC_DNS_T_CDNSKEY);
	assert_int_equal(rr[2].u.dnskey.flags, 257);
	assert_int_equal(rr[2].u.dnskey.protocol, 3);
	assert_int_equal(rr[2].u.dnskey.alg, 15);
	assert_int_equal(rr[2].u.dnskey.key.len, 32);
	/* the CDS names the CDNSKEY: its key tag is the one computed over that rdata */
	assert_int_equal(rr[2].u.dnskey.key_tag, rr[0].u.ds.key_tag);
	assert_int_equal(rr[2].u.dnskey.key_tag, key_tag_reference(rr[2].rdata.p, 36));
	/* RFC 8078 §4: the delete forms are rdata of the usual shape */
	assert_int_equal(rr[1].u.ds.alg, 0);
	assert_int_equal(rr[1].u.ds.digest.len, 1);
	assert_int_equal(rr[3].u.dnskey.flags, 0);
	assert_int_equal(rr[3].u.dnskey.alg, 0);
	assert_int_equal(rr[3].u.dnskey.key_tag, key_tag_reference(rr[3].rdata.p, 5));

	char *j = test_json(d);
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"CDS\",\"class\":\"IN\","
			   "\"ttl\":3600,\"key_tag\":43911,\"alg\":15,\"digest_type\":2,"
			   "\"digest\":\"f7190d5e837f387cb8650e1aeb553a25"
			   "4c05d10513475ac51b3e2dbd3bc237d3\"}");
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"CDS\",\"class\":\"IN\","
			   "\"ttl\":0,\"key_tag\":0,\"alg\":0,\"digest_type\":0,"
			   "\"digest\":\"00\"}");
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"CDNSKEY\",\"class\":\"IN\","
			   "\"ttl\":3600,\"flags\":257,\"protocol\":3,\"alg\":15,\"key_tag\":43911,"
			   "\"key_len\":32}");
	assert_contains(j, "\"type\":\"CDNSKEY\",\"class\":\"IN\",\"ttl\":0,\"flags\":0,"
			   "\"protocol\":3,\"alg\":0,\"key_tag\":768,\"key_len\":1}");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0009 NOERROR 4/0/0 [CDS, CDS, CDNSKEY, CDNSKEY]");
	g_free(t);

	/* a CDS of 3 bytes has no digest type: an event, and the record kept as hex */
	/* clang-format off */
	static const uint8_t short_cds[] = {
		0x00, 0x0d, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* an 1 */
		EXAMPLE_COM, 0x00, 0x3b, 0x00, 0x01,     /* example.com CDS IN */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x03,      /* ttl 0, rdlength 3 */
		0xab, 0x87, 0x0f,                        /* tag, alg: no digest type */
	};
	/* clang-format on */
	d = decode_udp(*state, short_cds, sizeof(short_cds));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_RDATA_LEN);
	m = dns_of(d, 0);
	assert_false(m->rr[DEC_DNS_AN][0].rdata_ok);
	j = test_json(d);
	assert_contains(j, "\"type\":\"CDS\",\"class\":\"IN\",\"ttl\":0,\"rdata\":\"ab870f\"}");
	g_free(j);
}

static void
test_dns_svcb(void **state)
{
	struct dec *d = decode_udp(*state, r_svcb, sizeof(r_svcb));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->q[0].type, DEC_DNS_T_SVCB);
	assert_int_equal(m->nrr[DEC_DNS_AN], 2);
	const struct dec_dns_rr *rr = m->rr[DEC_DNS_AN];
	assert_true(rr[0].rdata_ok);
	assert_int_equal(rr[0].type, 64);
	assert_int_equal(rr[0].u.svcb.priority, 1);
	assert_string_equal(rr[0].u.svcb.target, "dns.example.net");
	assert_int_equal(rr[0].u.svcb.nparams, 6);
	static const uint16_t keys[] = { 0, 1, 3, 4, 6, 7 };
	for (unsigned k = 0; k < 6; k++) {
		assert_int_equal(rr[0].u.svcb.params[k].key, keys[k]);
		assert_true(rr[0].u.svcb.params[k].ok);
	}
	assert_int_equal(rr[0].u.svcb.params[2].v.len, 2);
	assert_int_equal(rr[0].u.svcb.params[5].v.len, 16);
	assert_true(rr[1].rdata_ok);
	assert_int_equal(rr[1].u.svcb.priority, 0);
	assert_string_equal(rr[1].u.svcb.target, "svc.example.net");
	assert_int_equal(rr[1].u.svcb.nparams, 0);

	char *j = test_json(d);
	assert_contains(j, "\"questions\":[{\"name\":\"_dns.resolver.arpa\",\"type\":\"SVCB\","
			   "\"class\":\"IN\"}]");
	assert_contains(j, "{\"name\":\"_dns.resolver.arpa\",\"type\":\"SVCB\",\"class\":\"IN\","
			   "\"ttl\":300,\"priority\":1,\"target\":\"dns.example.net\","
			   "\"params\":[\"mandatory=alpn\",\"alpn=dot,h2\",\"port=853\","
			   "\"ipv4hint=192.0.2.53\",\"ipv6hint=2001:db8::53\","
			   "\"dohpath=/dns-query{?dns}\"]}");
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"SVCB\",\"class\":\"IN\","
			   "\"ttl\":300,\"priority\":0,\"target\":\"svc.example.net\","
			   "\"params\":[]}");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x000a NOERROR SVCB _dns.resolver.arpa. 2/0/0 [SVCB, SVCB]");
	g_free(t);

	/* RFC 9460 §2.2: keys in strictly increasing order; port (3) made 9 comes before 4:
	 * the record is kept as hex, the next one still decoded (rdlength frames it) */
	uint8_t msg[sizeof(r_svcb)];
	memcpy(msg, r_svcb, sizeof(msg));
	msg[SVCB_PORT_KEY + 1] = 9;
	d = decode_udp(*state, msg, sizeof(msg));
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_RDATA_LEN);
	m = dns_of(d, 0);
	assert_false(m->rr[DEC_DNS_AN][0].rdata_ok);
	assert_true(m->rr[DEC_DNS_AN][1].rdata_ok);
	j = test_json(d);
	assert_contains(j, "\"type\":\"SVCB\",\"class\":\"IN\",\"ttl\":300,\"rdata\":"
			   "\"000103646e73076578616d706c65036e6574000000000200010001000703646f74"
			   "0268320009000203550004");
	g_free(j);
}

static void
test_dns_ns_ptr_answers(void **state)
{
	struct dec *d = decode_udp(*state, r_ns, sizeof(r_ns));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 2);
	const struct dec_dns_rr *rr = m->rr[DEC_DNS_AN];
	assert_int_equal(rr[0].type, DEC_DNS_T_NS);
	assert_int_equal(rr[0].ttl, 172800);
	assert_string_equal(rr[0].name, "example.com");
	assert_string_equal(rr[0].u.target, "ns1.example.com");
	assert_string_equal(rr[1].u.target, "ns2.example.com");
	char *j = test_json(d);
	assert_contains(j, "\"answers\":[{\"name\":\"example.com\",\"type\":\"NS\","
			   "\"class\":\"IN\",\"ttl\":172800,\"target\":\"ns1.example.com\"},"
			   "{\"name\":\"example.com\",\"type\":\"NS\",\"class\":\"IN\","
			   "\"ttl\":172800,\"target\":\"ns2.example.com\"}]");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x000b NOERROR NS example.com. 2/0/0 [NS ns1.example.com., "
			   "NS ns2.example.com.]");
	g_free(t);

	d = decode_udp(*state, r_ptr, sizeof(r_ptr));
	assert_int_equal(d->nerrors, 0);
	m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 1);
	rr = m->rr[DEC_DNS_AN];
	assert_int_equal(rr[0].type, DEC_DNS_T_PTR);
	assert_string_equal(rr[0].name, "34.216.184.93.in-addr.arpa");
	assert_string_equal(rr[0].u.target, "www.example.com");
	j = test_json(d);
	assert_contains(j, "\"answers\":[{\"name\":\"34.216.184.93.in-addr.arpa\",\"type\":\"PTR\","
			   "\"class\":\"IN\",\"ttl\":3600,\"target\":\"www.example.com\"}]");
	g_free(j);
	t = test_text(d);
	assert_contains(t, "DNS 0x000c NOERROR PTR 34.216.184.93.in-addr.arpa. 1/0/0 "
			   "[PTR www.example.com.]");
	g_free(t);
}

static void
test_dns_edns_options(void **state)
{
	struct dec *d = decode_udp(*state, r_edns, sizeof(r_edns));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_non_null(m->edns);
	assert_true(m->edns->dnssec_ok);
	assert_int_equal(m->edns->udp_size, 1232);
	assert_int_equal(m->edns->nopts, 5);
	assert_int_equal(dec_dns_rcode(m), 3);

	char *j = test_json(d);
	assert_contains(j, "\"rcode\":3,\"rcode_name\":\"NXDOMAIN\"");
	/* the OPT record in wire order in additional, its parsed form in edns */
	assert_contains(j, "\"additional\":[{\"name\":\".\",\"type\":\"OPT\"");
	assert_contains(j, "\"edns\":{\"udp_size\":1232,\"do\":true,\"version\":0,"
			   "\"ext_rcode\":0,\"options\":["
			   "{\"code\":8,\"name\":\"ECS\",\"family\":1,\"source\":24,\"scope\":0,"
			   "\"address\":\"192.0.2.0\"},"
			   "{\"code\":10,\"name\":\"COOKIE\",\"client\":\"0102030405060708\","
			   "\"server\":\"1112131415161718\"},"
			   "{\"code\":15,\"name\":\"EDE\",\"info_code\":18,"
			   "\"info_name\":\"Prohibited\",\"text\":\"blocked\"},"
			   "{\"code\":12,\"name\":\"PADDING\",\"len\":4},"
			   "{\"code\":3,\"name\":\"NSID\",\"data\":\"6162\"}]}");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0003 NXDOMAIN A example.com. 0/0/1");
	g_free(t);
}

static void
test_dns_extended_rcode_badvers(void **state)
{
	struct dec *d = decode_udp(*state, r_badvers, sizeof(r_badvers));
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->flags & 0xF, 0);
	assert_int_equal(dec_dns_rcode(m), 16);
	char *j = test_json(d);
	assert_contains(j, "\"rcode\":16,\"rcode_name\":\"BADVERS\"");
	assert_contains(j, "\"ext_rcode\":1");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0004 BADVERS 0/0/1");
	g_free(t);
}

static void
test_dns_unknown_type(void **state)
{
	struct dec *d = decode_udp(*state, r_unknown, sizeof(r_unknown));
	assert_int_equal(d->nerrors, 0);
	char *j = test_json(d);
	assert_contains(j, "\"questions\":[{\"name\":\"example.com\",\"type\":\"TYPE65534\","
			   "\"class\":\"CH\"}]");
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"TYPE65534\",\"class\":\"CH\","
			   "\"ttl\":0,\"rdata\":\"0102ff\"}");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0005 NOERROR TYPE65534 example.com. 1/0/0 [TYPE65534]");
	g_free(t);
}

static void
test_dns_name_escapes(void **state)
{
	struct dec *d = decode_udp(*state, q_escapes, sizeof(q_escapes));
	assert_int_equal(d->nerrors, 0);
	assert_string_equal(dns_of(d, 0)->q[0].name, "a\\.b\\007\\032.example.com");
	char *j = test_json(d);
	assert_contains(j, "\"name\":\"a\\\\.b\\\\007\\\\032.example.com\",\"type\":\"TXT\"");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "TXT? a\\.b\\007\\032.example.com.");
	g_free(t);
}

/* A one-question query whose question name is `name` (n bytes at offset 12), then more. */
static size_t
attack_query(uint8_t *msg, const uint8_t *name, size_t n)
{
	static const uint8_t hdr[12] = { 0x0b, 0xad, 0x01, 0x00, 0x00, 0x01 };
	memcpy(msg, hdr, 12);
	memcpy(msg + 12, name, n);
	memcpy(msg + 12 + n, "\x00\x01\x00\x01", 4);
	return 16 + n;
}

static void
expect_name_event(struct dec *d, const uint8_t *name, size_t n, unsigned code, size_t at)
{
	uint8_t msg[600];
	size_t len = attack_query(msg, name, n);
	decode_udp(d, msg, len);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->id, 0x0bad);
	assert_int_equal(m->nq, 0);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, code);
	assert_int_equal(d->errors[0].proto, DEC_P_DNS);
	assert_int_equal(d->errors[0].off, L2L4 + at);
	g_free(test_json(d));
	g_free(test_text(d));
}

static void
test_dns_name_attacks(void **state)
{
	struct dec *d = *state;
	/* a pointer to itself */
	expect_name_event(d, (const uint8_t *)"\xc0\x0c", 2, DEC_E_DNS_NAME_LOOP, 12);
	/* a forward pointer (to a valid name after it) */
	expect_name_event(d,
		(const uint8_t *)"\xc0\x0e\x01"
				 "a\x00",
		5, DEC_E_DNS_NAME_LOOP, 12);
	/* a label followed by a pointer back into it (Knot's "before the pointer" allows
	 * this and ends it only by the 255-octet cap) */
	expect_name_event(d,
		(const uint8_t *)"\x01"
				 "a\xc0\x0c",
		4, DEC_E_DNS_NAME_LOOP, 14);
	/* a pointer into the header */
	expect_name_event(d, (const uint8_t *)"\xc0\x04", 2, DEC_E_DNS_NAME_PTR, 12);
	/* extended label types (RFC 6891 §5) */
	expect_name_event(d, (const uint8_t *)"\x41\x00", 2, DEC_E_DNS_LABEL_TYPE, 12);
	expect_name_event(d, (const uint8_t *)"\x80\x00", 2, DEC_E_DNS_LABEL_TYPE, 12);

	/* 255 octets is the most (3 x 63-octet labels, one of 61, the root); 256 fails */
	uint8_t name[300];
	size_t n = 0;
	for (int k = 0; k < 4; k++) {
		size_t l = k < 3 ? 63 : 61;
		name[n++] = (uint8_t)l;
		memset(name + n, 'a' + k, l);
		n += l;
	}
	name[n++] = 0;
	assert_int_equal(n, 255);
	uint8_t msg[600];
	decode_udp(d, msg, attack_query(msg, name, n));
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(strlen(dns_of(d, 0)->q[0].name), 253);
	/* one more octet in the last label: the root octet is the 256th */
	name[192] = 62;
	memmove(name + 194, name + 193, 62);
	name[193] = 'x';
	expect_name_event(d, name, 256, DEC_E_DNS_NAME_LONG, 12 + 255);
	/* four 63-octet labels: the fourth label already passes 255 */
	name[192] = 63;
	memset(name + 193, 'd', 63);
	name[256] = 0;
	expect_name_event(d, name, 257, DEC_E_DNS_NAME_LONG, 12 + 192);

	/* a two-pointer cycle: an owner name ->31, where the previous rdata (of an unknown
	 * type, so not read as a name) holds ->33, the owner itself */
	/* clang-format off */
	static const uint8_t cycle[] = {
		0x0b, 0xad, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01, /* @12 a. A IN */
		0xc0, 0x0c, 0xff, 0x00, 0x00, 0x01,      /* @19 ->12 TYPE65280 IN */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x21, /* rdata @31: ->33 */
		0xc0, 0x1f, 0x00, 0x01, 0x00, 0x01,      /* @33 ->31 A IN */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4,
	};
	/* clang-format on */
	decode_udp(d, cycle, sizeof(cycle));
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 1);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_NAME_LOOP);
	assert_int_equal(d->errors[0].off, L2L4 + 31);
	char *j = test_json(d);
	assert_contains(j, "\"code\":\"dns.name_pointer_loop\"");
	assert_contains(j, "\"type\":\"TYPE65280\",\"class\":\"IN\",\"ttl\":0,\"rdata\":\"c021\"");
	g_free(j);

	/* the same pointer inside rdata: a CNAME ->its own rdata is refused, the record is
	 * kept as hex and the walk goes on (rdlength frames the next record) */
	/* clang-format off */
	static const uint8_t rd_loop[] = {
		0x0b, 0xad, 0x81, 0x80, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x01, 'a', 0x00, 0x00, 0x05, 0x00, 0x01, /* @12 a. CNAME IN */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0, 0x19, /* rdata @25: ->25 */
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,      /* @27 ->12 A IN */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4,
	};
	/* clang-format on */
	decode_udp(d, rd_loop, sizeof(rd_loop));
	m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 2);
	assert_false(m->rr[DEC_DNS_AN][0].rdata_ok);
	assert_true(m->rr[DEC_DNS_AN][1].rdata_ok);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_NAME_LOOP);
}

static void
test_dns_degraded(void **state)
{
	struct dec *d = decode_udp(*state, r_bad_rdata, sizeof(r_bad_rdata));
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_int_equal(m->nrr[DEC_DNS_AN], 2);
	assert_false(m->rr[DEC_DNS_AN][0].rdata_ok);
	assert_true(m->rr[DEC_DNS_AN][1].rdata_ok);
	assert_int_equal(d->nerrors, 2);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_RDATA_LEN);
	assert_int_equal(d->errors[0].off, L2L4 + 35);
	assert_int_equal(d->errors[1].code, DEC_E_DNS_RDATA_LEN);
	char *j = test_json(d);
	assert_contains(j, "{\"name\":\"example.com\",\"type\":\"A\",\"class\":\"IN\",\"ttl\":60,"
			   "\"rdata\":\"5db8d82201\"}");
	assert_contains(j, "\"addr\":\"2001:db8::1\"");
	g_free(j);

	d = decode_udp(*state, r_short_count, sizeof(r_short_count));
	m = dns_of(d, 0);
	assert_int_equal(m->ancount, 3);
	assert_int_equal(m->nrr[DEC_DNS_AN], 1);
	assert_int_equal(d->nerrors, 1);
	assert_int_equal(d->errors[0].code, DEC_E_DNS_COUNT);
	assert_int_equal(d->errors[0].off, L2L4 + sizeof(r_short_count));
	char *t = test_text(d);
	assert_contains(t, "DNS 0x0007 NOERROR 3/0/0 [A 10.0.0.1] [!dns@");
	g_free(t);

	/* a header cut short: the layer is there, marked, and says nothing */
	d = decode_udp(*state, q_www, 7);
	const struct dec_layer *l = test_layer(d, DEC_P_DNS, 0);
	assert_non_null(l);
	assert_true(l->truncated);
	assert_int_equal(d->errors[0].code, DEC_E_TRUNCATED);
}

static void
test_dns_every_truncation(void **state)
{
	(void)state;
	const struct {
		const uint8_t *msg;
		size_t n;
	} msgs[] = {
		{ q_www, sizeof(q_www) },
		{ r_chain, sizeof(r_chain) },
		{ r_types, sizeof(r_types) },
		{ r_dnssec, sizeof(r_dnssec) },
		{ r_edns, sizeof(r_edns) },
		{ r_cds, sizeof(r_cds) },
		{ r_svcb, sizeof(r_svcb) },
		{ r_ns, sizeof(r_ns) },
		{ r_ptr, sizeof(r_ptr) },
	};
	static uint8_t buf[FRAME_MAX];
	struct dec *d = dec_new();
	for (size_t k = 0; k < G_N_ELEMENTS(msgs); k++) {
		size_t len = wrap(buf, msgs[k].msg, msgs[k].n, 33333, 53, false);
		/* every prefix ends inside a header, a name, a record or rdata the message
		 * announces: each is an event */
		assert_int_equal(test_every_truncation(buf, len, DEC_LINK_EN10MB), len);
		/* past the DNS header the layer is kept, and cut records are truncation
		 * (UDP's length says more), never a count that lies */
		for (size_t n = L2L4 + 12; n < len; n++) {
			test_decode(d, buf, n, DEC_LINK_EN10MB);
			const struct dec_layer *l = test_layer(d, DEC_P_DNS, 0);
			assert_non_null(l);
			assert_false(l->truncated);
			assert_false(test_has_event(d, DEC_E_DNS_COUNT));
			assert_true(test_has_event(d, DEC_E_TRUNCATED));
		}
	}
	dec_free(d);
}

static void
test_dns_mdns(void **state)
{
	struct dec *d = *state;
	size_t len = wrap(frame, mdns_q, sizeof(mdns_q), 5353, 5353, false);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	const struct dec_dns_layer *m = dns_of(d, 0);
	assert_true(m->mdns);
	assert_int_equal(m->q[0].cls, 1);
	assert_true(m->q[0].unicast);
	char *j = test_json(d);
	assert_contains(j, "\"questions\":[{\"name\":\"_http._tcp.local\",\"type\":\"PTR\","
			   "\"class\":\"IN\",\"unicast_response\":true}]");
	g_free(j);
	char *t = test_text(d);
	assert_contains(t, "mDNS 0x0000 PTR? _http._tcp.local.");
	g_free(t);

	len = wrap(frame, mdns_r, sizeof(mdns_r), 5353, 5353, false);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	m = dns_of(d, 0);
	assert_int_equal(m->rr[DEC_DNS_AN][0].cls, 1);
	assert_true(m->rr[DEC_DNS_AN][0].cache_flush);
	j = test_json(d);
	assert_contains(j, "{\"name\":\"_http._tcp.local\",\"type\":\"PTR\",\"class\":\"IN\","
			   "\"ttl\":120,\"cache_flush\":true,\"target\":\"web._http._tcp.local\"}");
	g_free(j);
	t = test_text(d);
	assert_contains(t, "mDNS 0x0000 NOERROR 1/0/0 [PTR web._http._tcp.local.]");
	g_free(t);

	/* the same bytes on port 53: the top bit is part of the class there */
	decode_udp(d, mdns_r, sizeof(mdns_r));
	m = dns_of(d, 0);
	assert_false(m->mdns);
	assert_int_equal(m->rr[DEC_DNS_AN][0].cls, 0x8001);
	j = test_json(d);
	assert_contains(j, "\"class\":\"CLASS32769\"");
	g_free(j);
}

/* Two length-prefixed messages in one segment (RFC 7766 §6.2.1.1 pipelining) */
static void
test_dns_tcp_two_messages(void **state)
{
	struct dec *d = *state;
	uint8_t seg[2 * (2 + sizeof(r_chain))];
	size_t n = 0;
	const uint8_t *msgs[2] = { q_www, r_chain };
	size_t lens[2] = { sizeof(q_www), sizeof(r_chain) };
	for (int k = 0; k < 2; k++) {
		seg[n++] = (uint8_t)(lens[k] >> 8);
		seg[n++] = (uint8_t)lens[k];
		memcpy(seg + n, msgs[k], lens[k]);
		n += lens[k];
	}
	const struct dec_stream_proto *sp = &dec_dns_stream;
	assert_int_equal(sp->proto, DEC_P_DNS);
	/* framing: 2 + length; too few bytes to tell; a length no header fits in */
	assert_int_equal(sp->frame(seg, n, NULL), 2 + sizeof(q_www));
	assert_int_equal(sp->frame(seg, 1, NULL), 0);
	assert_int_equal(sp->frame((const uint8_t *)"\x00\x0b", 2, NULL), -1);
	/* resync finds the second message after garbage and the first one's tail */
	assert_int_equal(sp->resync(seg + 5, n - 5), 2 + sizeof(q_www) - 5);
	assert_int_equal(sp->resync(seg, 10), -1);

	/* the whole path without a reassembler: both messages decoded on the segment */
	size_t len = wrap(frame, seg, n, 53, 40000, true);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_DNS), 2);
	assert_int_equal(dns_of(d, 1)->nrr[DEC_DNS_AN], 3);

	/* the same through the stream interface directly, as the reassembler delivers
	 * messages: each on a cursor over its own bytes, at its frame offset */
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	const size_t pay = 14 + 20 + 20;
	d->nlayers = 3;
	d->nerrors = 0;
	d->cur_proto = DEC_P_DNS;
	size_t at = 0;
	while (at < n) {
		long fl = sp->frame(seg + at, n - at, NULL);
		assert_true(fl > 0 && (size_t)fl <= n - at);
		struct cur c = cur_make(frame + pay + at, (size_t)fl, pay + at);
		sp->message(d, &c, NULL, 0);
		at += (size_t)fl;
	}
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(test_count(d, DEC_P_DNS), 2);
	const struct dec_dns_layer *m0 = dns_of(d, 0), *m1 = dns_of(d, 1);
	assert_true(m0->tcp);
	assert_int_equal(m0->tcp_len, sizeof(q_www));
	assert_false(m0->flags & DEC_DNS_F_QR);
	assert_true(m1->flags & DEC_DNS_F_QR);
	/* compression offsets count from each message's own header, after the prefix */
	assert_string_equal(m1->rr[DEC_DNS_AN][2].name, "web.example.com");
	assert_int_equal(test_layer(d, DEC_P_DNS, 1)->off, pay + 2 + sizeof(q_www));
	char *t = test_text(d);
	assert_contains(t, "DNS 0x1a2b A? www.example.com. DNS 0x1a2b NOERROR A www.example.com. "
			   "3/0/0 [CNAME web.example.com.,");
	g_free(t);
	char *j = test_json(d);
	assert_contains(j, "\"tcp_len\":33");
	g_free(j);
}

/* TCP 5353 is DNS (RFC 6762 §5.1), and --dns-port / AWSTRACE_DNS_PORTS add a port for UDP
 * and TCP alike; before that the port decodes nothing past UDP/TCP. */
static void
test_dns_extra_ports(void **state)
{
	struct dec *d = *state;
	uint8_t seg[2 + sizeof(q_www)];
	seg[0] = 0;
	seg[1] = (uint8_t)sizeof(q_www);
	memcpy(seg + 2, q_www, sizeof(q_www));
	size_t len = wrap(frame, seg, sizeof(seg), 40000, 5353, true);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(test_count(d, DEC_P_DNS), 1);
	assert_string_equal(dns_of(d, 0)->q[0].name, "www.example.com");

	len = wrap(frame, q_www, sizeof(q_www), 33333, 5300, false);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(test_count(d, DEC_P_DNS), 0);
	dec_dns_add_port(5300);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(test_count(d, DEC_P_DNS), 1);
	assert_int_equal(dns_of(d, 0)->id, 0x1a2b);
	len = wrap(frame, seg, sizeof(seg), 40001, 5300, true);
	test_decode(d, frame, len, DEC_LINK_EN10MB);
	assert_int_equal(test_count(d, DEC_P_DNS), 1);
	assert_true(dns_of(d, 0)->tcp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_query),
		cmocka_unit_test(test_dns_response_compression_chain),
		cmocka_unit_test(test_dns_rdata_types),
		cmocka_unit_test(test_dns_dnssec),
		cmocka_unit_test(test_dns_cds_cdnskey),
		cmocka_unit_test(test_dns_svcb),
		cmocka_unit_test(test_dns_ns_ptr_answers),
		cmocka_unit_test(test_dns_edns_options),
		cmocka_unit_test(test_dns_extended_rcode_badvers),
		cmocka_unit_test(test_dns_unknown_type),
		cmocka_unit_test(test_dns_name_escapes),
		cmocka_unit_test(test_dns_name_attacks),
		cmocka_unit_test(test_dns_degraded),
		cmocka_unit_test(test_dns_every_truncation),
		cmocka_unit_test(test_dns_mdns),
		cmocka_unit_test(test_dns_tcp_two_messages),
		cmocka_unit_test(test_dns_extra_ports),
	};
	return cmocka_run_group_tests_name("dns", tests, setup, teardown);
}
