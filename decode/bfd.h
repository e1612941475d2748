/* bfd.h - BFD control packets (RFC 5880 §4) over UDP (RFC 5881 single hop, RFC 5883
 * multihop, RFC 7130 on LAG members) and BFD echo (RFC 5881 §4): the layer the view records. */
#ifndef AWSTRACE_DECODE_BFD_H
#define AWSTRACE_DECODE_BFD_H

#include <stdbool.h>
#include <stdint.h>

/* Session states (RFC 5880 §4.1 "Sta") */
enum { BFD_ADMIN_DOWN = 0, BFD_DOWN = 1, BFD_INIT = 2, BFD_UP = 3 };
/* Diagnostic 1: the one that tells a link failure seen by BFD (RFC 5880 §4.1) */
enum { BFD_DIAG_NONE = 0, BFD_DIAG_DETECT_EXPIRED = 1 };

/* Flag bits as they sit in the second byte (RFC 5880 §4.1: P F C A D M) */
enum {
	BFD_F_P = 0x20, /* Poll */
	BFD_F_F = 0x10, /* Final */
	BFD_F_C = 0x08, /* Control Plane Independent */
	BFD_F_A = 0x04, /* Authentication Present */
	BFD_F_D = 0x02, /* Demand */
	BFD_F_M = 0x01, /* Multipoint, reserved: must be 0 */
};

/* Which UDP port carried it (RFC 5881 §4, RFC 5883 §2, RFC 7130 §2.2) */
enum { BFD_HOP_SINGLE = 0, BFD_HOP_MULTI = 1, BFD_HOP_LAG = 2 };

struct dec_bfd_layer {
	bool echo;   /* an echo packet (UDP 3785): opaque to all but its sender */
	uint8_t hop; /* BFD_HOP_ */
	uint8_t version;
	uint8_t diag;
	uint8_t state;
	uint8_t flags; /* BFD_F_ bits */
	uint8_t detect_mult;
	uint8_t length; /* the Length field: header and authentication section */
	uint32_t my_disc, your_disc;
	uint32_t desired_min_tx_us, required_min_rx_us, required_min_echo_rx_us;
	/* authentication section (RFC 5880 §4.1-4.4), when the A bit is set */
	bool has_auth;
	uint8_t auth_type; /* 1 simple password, 2/3 (meticulous) keyed MD5, 4/5 SHA1 */
	uint8_t auth_len;
	uint8_t auth_key_id;
	uint32_t auth_seq;       /* types 2-5 */
	uint8_t auth_digest_len; /* 16 (MD5) or 20 (SHA1); 0 for a password */
	uint8_t auth_digest[20]; /* the digest as sent; a password is never kept */
	uint32_t echo_len;       /* echo: bytes of payload */
};

/* "No Diagnostic", "Control Detection Time Expired", ... (RFC 5880 §4.1); NULL past 8 */
const char *dec_bfd_diag_name(unsigned diag);
/* "AdminDown", "Down", "Init", "Up" */
const char *dec_bfd_state_name(unsigned state);
/* "Simple Password", "Keyed MD5", ...; NULL for reserved types */
const char *dec_bfd_auth_name(unsigned type);

#endif /* AWSTRACE_DECODE_BFD_H */
