/* geneve.h - GENEVE (RFC 8926) with AWS Gateway Load Balancer options: the view's layer. */
#ifndef AWSTRACE_DECODE_GENEVE_H
#define AWSTRACE_DECODE_GENEVE_H

#include <stdbool.h>
#include <stdint.h>

/* AWS GWLB's option class (RFC 8926 §3.5 registry, IANA "Geneve Option Class"). */
#define DEC_GENEVE_CLASS_AWS 0x0108

/* The GWLB option types (AWS Networking & Content Delivery blog, "Integrate your custom
 * logic or appliance with AWS Gateway Load Balancer", the GENEVE TLV section:
 * https://aws.amazon.com/blogs/networking-and-content-delivery/integrate-your-custom-logic-or-appliance-with-aws-gateway-load-balancer/). */
enum {
	DEC_GENEVE_AWS_ENDPOINT_ID = 1,   /* 8 bytes: the GWLB endpoint (vpce-...) */
	DEC_GENEVE_AWS_ATTACHMENT_ID = 2, /* 8 bytes */
	DEC_GENEVE_AWS_FLOW_COOKIE = 3,   /* 4 bytes, echoed back unchanged */
};

struct dec_geneve_opt {
	uint16_t cls;
	uint8_t type;          /* with the critical bit (0x80) */
	uint8_t len;           /* value length in bytes (the field is in 4-byte words) */
	uint8_t rsvd;          /* the three R bits */
	uint32_t off;          /* frame offset of the value */
	const uint8_t *value;  /* into the frame; len bytes */
};

struct dec_geneve_layer {
	uint8_t ver;
	uint8_t opt_len;       /* options length in bytes */
	bool oam, critical;
	uint16_t proto;        /* ethertype of the inner frame (0x6558 = Ethernet) */
	uint32_t vni;
	uint8_t rsvd1;         /* the 6 reserved bits after O and C */
	uint8_t reserved;      /* the byte after the VNI */
	uint16_t nopts;        /* options decoded whole (a cut or bad one ends the list) */
	struct dec_geneve_opt *opts; /* arena */
};

/* The name of a known option ("gwlb_endpoint_id"...) or NULL. */
const char *dec_geneve_opt_name(uint16_t cls, uint8_t type);

#endif /* AWSTRACE_DECODE_GENEVE_H */
