/* keys.h - the secrets a capture reader may be given: TCP-MD5 keys per BGP peer (RFC 2385)
 * and IPsec ESP security associations (RFC 4303), for verification and decryption while
 * decoding (struct dec's keys).
 *
 * Keys are never printed: not in output, not in error messages (a message names the file,
 * line and field). The table also keeps the libcrypto contexts verification reuses, so
 * decoding allocates nothing per packet; it is used by one decoder at a time.
 */
#ifndef AWSTRACE_DECODE_KEYS_H
#define AWSTRACE_DECODE_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "decode/decode.h"

#define DEC_KEYS_ERROR (dec_keys_error_quark())
GQuark dec_keys_error_quark(void);

/* ESP encryption (RFC 3602 AES-CBC, RFC 4106 AES-GCM with a 16-byte ICV) */
enum dec_esp_enc {
	DEC_ESP_ENC_NONE = 0,
	DEC_ESP_ENC_AES_CBC,
	DEC_ESP_ENC_AES_GCM16,
};

/* ESP integrity (RFC 2404 HMAC-SHA1-96, RFC 4868 HMAC-SHA2-256-128/384-192/512-256) */
enum dec_esp_auth {
	DEC_ESP_AUTH_NONE = 0, /* AES-GCM: the cipher is its own integrity check */
	DEC_ESP_AUTH_SHA1_96,
	DEC_ESP_AUTH_SHA256_128,
	DEC_ESP_AUTH_SHA384_192,
	DEC_ESP_AUTH_SHA512_256,
};

struct dec_esp_sa {
	uint32_t spi;
	uint8_t family; /* 4 or 6; 0: any addresses (a CSV line with empty src and dst) */
	uint8_t src[16], dst[16];
	uint8_t enc; /* enum dec_esp_enc */
	uint8_t enc_keylen;
	uint8_t enc_key[32];
	uint8_t salt[4]; /* AES-GCM: the 4-byte salt after the key (RFC 4106 §8.1) */
	uint8_t auth;    /* enum dec_esp_auth */
	uint8_t auth_keylen;
	uint8_t auth_key[64];
	uint8_t icv_len; /* ICV bytes on the wire */
};

struct dec_keys;

struct dec_keys *dec_keys_new(void);
void dec_keys_free(struct dec_keys *k);

/* "PEER=KEY": PEER an IPv4 or IPv6 address, KEY up to 80 bytes (RFC 2385 §4.5; the key is
 * everything after the first '='). False with *error on a bad spec (no key in it). */
G_GNUC_WARN_UNUSED_RESULT bool dec_keys_add_tcp_md5(
	struct dec_keys *k, const char *spec, GError **error);

/* A file of PEER=KEY (or "PEER KEY") lines; '#' starts a comment line. */
G_GNUC_WARN_UNUSED_RESULT bool dec_keys_load_tcp_md5(
	struct dec_keys *k, const char *path, GError **error);

/* ESP SAs from what `ip xfrm state` prints (Linux, strongSwan, Libreswan) or from a CSV of
 * `spi,src,dst,enc,enc-key,auth,auth-key` lines (decode/keys.c says which names it takes).
 * False with *error naming the file, line and field of the first bad entry. */
G_GNUC_WARN_UNUSED_RESULT bool dec_keys_load_esp(
	struct dec_keys *k, const char *path, GError **error);

/* Parses one text (for tests): the same as the file, with name used in messages. */
G_GNUC_WARN_UNUSED_RESULT bool dec_keys_parse_esp(
	struct dec_keys *k, const char *text, const char *name, GError **error);

size_t dec_keys_n_esp(const struct dec_keys *k);
size_t dec_keys_n_tcp_md5(const struct dec_keys *k);

/* The SA for spi whose addresses match (family 4/6 and the packet's src/dst); NULL. */
const struct dec_esp_sa *dec_keys_esp_find(const struct dec_keys *k, uint32_t spi, unsigned family,
	const uint8_t *src, const uint8_t *dst);

/* The TCP-MD5 key for a segment between a and b (either may be the configured peer);
 * *len gets its length. NULL when none. */
const uint8_t *dec_keys_tcp_md5_find(
	const struct dec_keys *k, unsigned family, const uint8_t *a, const uint8_t *b, size_t *len);

/* Names for output: "aes-cbc-128", "aes-gcm-16-256", "hmac-sha2-256-128", ... */
const char *dec_esp_enc_name(unsigned enc, unsigned keylen);
const char *dec_esp_auth_name(unsigned auth);

/* The TCP-MD5 check of the segment whose TCP layer is l (its options decoded), with c at
 * its payload: sets l->u.tcp.md5_check and records an event on a mismatch or on an
 * unsigned segment of a keyed peer. Does nothing without a key for the two addresses. */
void dec_tcp_md5_check(struct dec *d, struct dec_layer *l, const struct cur *c);

/* The RFC 2385 §2.0 digest: pseudo-header (IPv4 12 bytes; IPv6 as RFC 2460 §8.1, 40
 * bytes), the 20-byte TCP header without options and with the checksum zeroed, the
 * segment data, the key. Exposed for tests and the sample generator's twin. */
bool dec_tcp_md5_digest(unsigned family, const uint8_t *src, const uint8_t *dst,
	const uint8_t *tcp_hdr20, const uint8_t *data, size_t datalen, uint32_t seglen,
	const uint8_t *key, size_t keylen, uint8_t out[16]);

/* ESP decryption (decode/esp_decrypt.c), called by the ESP decoder after the SPI and
 * sequence number with c at the payload (IV) and esp pointing at the SPI; wire is the
 * bytes the enclosing length fields give ESP (header included). Returns DEC_DONE when no
 * SA matches or the packet cannot be checked (cut short: l says so); DEC_STOP after an
 * event (ICV mismatch, bad padding); DEC_NEXT with c over the plaintext (in the arena)
 * and d->next naming its Next Header. */
enum dec_rc dec_esp_decrypt(
	struct dec *d, struct dec_layer *l, struct cur *c, const uint8_t *esp, size_t wire);

/* Decrypts one whole ESP packet (SPI to ICV) with sa into out (room for len bytes): true
 * with *plain_len (payload without padding and trailer), *next_header; false with *why
 * ("ICV mismatch", "pad length past payload", ...). For tests and the fuzz target. */
bool dec_esp_open(struct dec_keys *k, const struct dec_esp_sa *sa, const uint8_t *esp, size_t len,
	uint8_t *out, size_t *plain_len, uint8_t *next_header, const char **why);

#endif /* AWSTRACE_DECODE_KEYS_H */
