/* mpls.h - MPLS label stack (RFC 3032 §2.1) and the pseudowire control word (RFC 4385 §3,
 * RFC 4448 §3): the layer the view records. */
#ifndef AWSTRACE_DECODE_MPLS_H
#define AWSTRACE_DECODE_MPLS_H

#include <stdbool.h>
#include <stdint.h>

#define DEC_MPLS_MAX_LABELS 8 /* recorded; a deeper stack is counted in nlabels */

struct dec_mpls_entry {
	uint32_t label; /* 20 bits */
	uint8_t tc;     /* traffic class (RFC 5462) */
	bool s;         /* bottom of stack */
	uint8_t ttl;
};

enum dec_mpls_payload {
	DEC_MPLS_PAY_NONE = 0, /* nothing (cut, or an associated channel) */
	DEC_MPLS_PAY_IPV4,
	DEC_MPLS_PAY_IPV6,
	DEC_MPLS_PAY_ETH,      /* an Ethernet pseudowire (RFC 4448) */
	DEC_MPLS_PAY_ACH,      /* a pseudowire associated channel (RFC 4385 §5): not decoded */
};

struct dec_mpls_layer {
	uint8_t nlabels;   /* entries in the stack (recorded: at most DEC_MPLS_MAX_LABELS) */
	struct dec_mpls_entry e[DEC_MPLS_MAX_LABELS];
	uint8_t payload;   /* enum dec_mpls_payload */
	bool cw;           /* a control word followed the stack */
	uint8_t cw_flags;  /* its 4 flag bits */
	uint8_t cw_frg, cw_len;
	uint16_t cw_seq;
};

#endif /* AWSTRACE_DECODE_MPLS_H */
