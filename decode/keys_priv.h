/* keys_priv.h - the key table's inside, shared by keys.c, tcp_sig.c and esp_decrypt.c. */
#ifndef AWSTRACE_DECODE_KEYS_PRIV_H
#define AWSTRACE_DECODE_KEYS_PRIV_H

#include <openssl/evp.h>

#include "decode/keys.h"

struct dec_md5_key {
	uint8_t family;
	uint8_t addr[16];
	uint8_t keylen;
	uint8_t key[80]; /* RFC 2385 §4.5: keys up to 80 bytes */
};

struct dec_keys {
	GArray *sas; /* struct dec_esp_sa */
	GArray *md5; /* struct dec_md5_key */
	/* libcrypto contexts, made once and reused per packet */
	EVP_CIPHER_CTX *cctx;
	EVP_MD_CTX *mdctx;
	EVP_MAC *hmac;
	EVP_MAC_CTX *macctx;
};

#endif /* AWSTRACE_DECODE_KEYS_PRIV_H */
