/* macsec.h - IEEE 802.1AE-2018 MACsec SecTAG and ICV: the layer the view records. */
#ifndef AWSTRACE_DECODE_MACSEC_H
#define AWSTRACE_DECODE_MACSEC_H

#include <stdbool.h>
#include <stdint.h>

/* Every Cipher Suite of IEEE 802.1AE-2018 §14 (GCM-AES-128/256 and their XPN variants)
 * has a 16-octet ICV. */
#define DEC_MACSEC_ICV_LEN 16

struct dec_macsec_layer {
	uint8_t tci;           /* the TCI/AN octet as read */
	bool v, es, sc, scb, e, c;
	uint8_t an;            /* association number, 0..3 */
	uint8_t sl;            /* short length, 0..63 */
	uint32_t pn;           /* packet number */
	bool has_sci;
	uint64_t sci;          /* 48-bit MAC << 16 | 16-bit port */
	bool has_icv;          /* 16 bytes of ICV were captured */
	uint8_t icv[DEC_MACSEC_ICV_LEN];
	bool encrypted;        /* E or C set: the secure data is opaque */
	bool has_type;         /* integrity only and the inner ethertype was captured */
	uint16_t type;         /* that ethertype (first two octets of the secure data) */
	uint32_t secure_len;   /* bytes between SecTAG and ICV */
};

#endif /* AWSTRACE_DECODE_MACSEC_H */
