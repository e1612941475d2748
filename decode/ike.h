/* ike.h - ISAKMP/IKEv1 (RFC 2408 §3) and IKEv2 (RFC 7296 §3) messages: the layer the view
 * records, and the IANA names the renderers print.
 *
 * The layer itself stays small (it sits in the view's union); the payload chain and what
 * each payload holds (proposals, transforms, selectors) live in the per-packet arena.
 * Byte strings (SPIs) point into the captured frame.
 */
#ifndef AWSTRACE_DECODE_IKE_H
#define AWSTRACE_DECODE_IKE_H

#include <stdbool.h>
#include <stdint.h>

/* How many payloads per message, proposals per SA, transforms per proposal, selectors
 * per TS payload and SPIs per Delete are recorded; more is an event. */
#define DEC_IKE_MAX_ITEMS 64

/* IKEv2 payload types (RFC 7296 §3.2, IANA "IKEv2 Payload Types") the decoder looks into */
enum {
	DEC_IKE2_SA = 33,
	DEC_IKE2_KE = 34,
	DEC_IKE2_IDI = 35,
	DEC_IKE2_IDR = 36,
	DEC_IKE2_CERT = 37,
	DEC_IKE2_CERTREQ = 38,
	DEC_IKE2_AUTH = 39,
	DEC_IKE2_NONCE = 40,
	DEC_IKE2_N = 41,
	DEC_IKE2_D = 42,
	DEC_IKE2_V = 43,
	DEC_IKE2_TSI = 44,
	DEC_IKE2_TSR = 45,
	DEC_IKE2_SK = 46,
	DEC_IKE2_CP = 47,
	DEC_IKE2_EAP = 48,
	DEC_IKE2_SKF = 53,
};

/* IKEv2 header flags (RFC 7296 §3.1); IKEv1's are E(ncryption) 1, C(ommit) 2, A(uth) 4 */
enum {
	DEC_IKE_F_ENCRYPTED = 0x01, /* IKEv1: everything after the header is ciphertext */
	DEC_IKE_F_INITIATOR = 0x08,
	DEC_IKE_F_VERSION = 0x10,
	DEC_IKE_F_RESPONSE = 0x20,
};

struct dec_ike_transform {
	uint8_t type;     /* 1 ENCR, 2 PRF, 3 INTEG, 4 DH (KE), 5 ESN */
	bool has_keylen;  /* a Key Length attribute (type 14) was present */
	uint16_t id;
	uint16_t keylen;  /* bits */
};

struct dec_ike_proposal {
	uint8_t num, proto, spi_size;
	uint8_t ntransforms;          /* the count field, as sent */
	const uint8_t *spi;           /* spi_size bytes in the frame */
	uint16_t ntr;                 /* transforms recorded */
	struct dec_ike_transform *tr; /* arena */
};

struct dec_ike_ts {
	uint8_t type;     /* 7 TS_IPV4_ADDR_RANGE, 8 TS_IPV6_ADDR_RANGE; others: type only */
	uint8_t ip_proto;
	uint16_t len;
	uint16_t start_port, end_port;
	uint8_t start[16], end[16]; /* 4 bytes used for type 7 */
};

struct dec_ike_payload {
	uint8_t type;
	uint8_t next;     /* the generic header's Next Payload */
	bool critical;
	uint16_t len;     /* the payload length field, generic header included */
	uint32_t off;     /* frame offset of the generic header */
	union {
		struct { /* SA */
			uint16_t nprop;
			struct dec_ike_proposal *prop;
		} sa;
		struct { /* KE */
			uint16_t group;
			uint16_t data_len;
		} ke;
		struct { /* IDi/IDr (id type), CERT/CERTREQ (encoding), AUTH (method), CP
			  * (cfg type), EAP (code); Nonce, V and unknown types: data_len only */
			uint8_t kind;
			uint16_t data_len;
		} opaque;
		struct { /* N */
			uint8_t proto, spi_size;
			uint16_t type;
			const uint8_t *spi; /* spi_size bytes in the frame */
			uint16_t data_len;
		} notify;
		struct { /* D */
			uint8_t proto, spi_size;
			uint16_t nspi;      /* the count field */
			uint16_t nspi_seen; /* SPIs recorded (all spi_size bytes long) */
			const uint8_t *spis; /* nspi_seen * spi_size bytes in the frame */
		} del;
		struct { /* TSi, TSr */
			uint8_t count; /* the Number of TSs field */
			uint16_t nts;  /* selectors recorded */
			struct dec_ike_ts *ts; /* arena */
		} ts;
		struct { /* SK, SKF: the first inner payload's type is in the generic header */
			uint16_t data_len;      /* IV, ciphertext, padding, ICV */
			uint16_t frag_num, frag_total; /* SKF only (RFC 7383 §2.5) */
		} sk;
	} u;
};

struct dec_ike_layer {
	uint8_t ispi[8], rspi[8];
	uint8_t next_payload;
	uint8_t version; /* major << 4 | minor, as on the wire (0x20 for IKEv2) */
	uint8_t exchange;
	uint8_t flags;
	uint32_t msgid;
	uint32_t length; /* the header's message length field */
	bool natt;       /* on UDP 4500 behind the non-ESP marker (RFC 3948 §2.2) */
	bool encrypted;  /* IKEv1 E flag: the payload chain is ciphertext and not walked */
	uint16_t npayloads;
	struct dec_ike_payload *payloads; /* arena */
};

/* Exchange type name for this header version byte (IKEv1 names for major 1, IKEv2 names
 * for major 2); NULL when unassigned. Static strings. */
const char *dec_ike_exchange_name(uint8_t version, uint8_t exchange);
/* Short payload name ("SA", "KE", "Nonce", "N", "NAT-D"...) for this version; NULL when
 * unassigned. */
const char *dec_ike_payload_name(uint8_t version, uint8_t type);
/* IKEv2 Notify Message Type name (IANA); NULL when unassigned or private. */
const char *dec_ike_notify_name(uint16_t type);
/* IKEv2 transform type name ("ENCR", "PRF", "INTEG", "DH", "ESN"); NULL when unknown. */
const char *dec_ike_transform_type_name(uint8_t type);
/* IKEv2 transform id name for a transform type ("ENCR_AES_CBC", "ECP_256"...); NULL when
 * unknown. */
const char *dec_ike_transform_name(uint8_t type, uint16_t id);
/* IKEv2 Security Protocol Identifier name ("IKE", "AH", "ESP"); NULL when unknown. */
const char *dec_ike_proto_name(uint8_t proto);

#endif /* AWSTRACE_DECODE_IKE_H */
