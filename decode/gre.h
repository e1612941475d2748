/* gre.h - GRE (RFC 2784, RFC 2890, PPTP's RFC 2637 §4.1) and ERSPAN types I-III
 * (draft-foschiano-erspan): the layers the view records. */
#ifndef AWSTRACE_DECODE_GRE_H
#define AWSTRACE_DECODE_GRE_H

#include <stdbool.h>
#include <stdint.h>

/* flag bits of the first 16 bits (RFC 2784 §2, RFC 2890 §2, RFC 1701 §2.1, RFC 2637) */
#define DEC_GRE_F_CSUM    0x8000
#define DEC_GRE_F_ROUTING 0x4000
#define DEC_GRE_F_KEY     0x2000
#define DEC_GRE_F_SEQ     0x1000
#define DEC_GRE_F_ACK     0x0080 /* version 1 (PPTP) only */

struct dec_gre_layer {
	uint16_t flags;    /* the first 16 bits but the version */
	uint8_t ver;       /* 0: RFC 2784; 1: PPTP's enhanced GRE */
	uint16_t proto;    /* protocol type: an ethertype */
	bool has_cksum, has_key, has_seq, has_ack;
	uint16_t cksum;
	uint32_t key;      /* version 1: payload length << 16 | call id */
	uint32_t seq, ack;
	bool whole;        /* every field the flags announce is there (else some are cut) */
	bool has_cmd;      /* protocol 0x8909: Cisco MetaData (inline SGT) before the payload */
	uint16_t cmd_sgt;  /* its security group tag */
};

struct dec_erspan_layer {
	uint8_t type;      /* 1, 2 or 3 (the GRE protocol type and S flag tell) */
	uint8_t ver;       /* the version field: 1 in type II, 2 in type III */
	uint16_t vlan;
	uint8_t cos, en;   /* type III: en is the BSO field */
	bool t;
	uint16_t session;
	uint32_t index;    /* type II */
	uint32_t timestamp; /* type III */
	uint16_t sgt;
	bool p, d, o;
	uint8_t ft, hwid, gra;
	bool has_platform; /* type III: the 8-byte platform sub-header (O flag) */
	uint8_t platform_id;
};

#endif /* AWSTRACE_DECODE_GRE_H */
