/* esp_decrypt.c - ESP (RFC 4303) decryption with the SAs given (--esp-keys): the inner
 * packets of a Site-to-Site VPN tunnel, decoded like any other, one tunnel level down.
 *
 * Two shapes, the ones AWS Site-to-Site VPN negotiates:
 *   AES-CBC (RFC 3602) + HMAC (RFC 2404 SHA1-96, RFC 4868 SHA2-256-128/384-192/512-256):
 *     | SPI | Seq | IV (16) | ciphertext (payload, padding, pad len, next hdr) | ICV |
 *     the ICV is the truncated HMAC over SPI through the ciphertext (RFC 4303 §3.3.2.1,
 *     encrypt-then-MAC), checked first: nothing is decrypted unless it matches.
 *   AES-GCM with a 16-byte ICV (RFC 4106): | SPI | Seq | IV (8) | ciphertext | ICV (16) |
 *     nonce = the SA's 4-byte salt then the 8-byte IV (§4); AAD = SPI and the 32-bit
 *     sequence number (§5; extended sequence numbers are not supported); the tag is the ICV.
 * After decryption the trailer is checked (RFC 4303 §2.4-2.6): the pad length fits, and
 * the padding is 1, 2, 3, ... as §2.4 has senders write it; then Next Header says what the
 * payload is (4 IPv4, 41 IPv6 in tunnel mode; 59 a dummy packet, §2.6).
 * A failure is an event, never a decode of garbage. libcrypto does every primitive; the
 * ICV comparison is constant-time (CRYPTO_memcmp).
 */
#include "decode/keys.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "decode/keys_priv.h"

static const char *
hmac_digest_name(unsigned auth)
{
	switch (auth) {
	case DEC_ESP_AUTH_SHA1_96:
		return "SHA1";
	case DEC_ESP_AUTH_SHA256_128:
		return "SHA256";
	case DEC_ESP_AUTH_SHA384_192:
		return "SHA384";
	case DEC_ESP_AUTH_SHA512_256:
		return "SHA512";
	default:
		return NULL;
	}
}

static const EVP_CIPHER *
cipher_of(const struct dec_esp_sa *sa)
{
	if (sa->enc == DEC_ESP_ENC_AES_GCM16)
		return sa->enc_keylen == 32   ? EVP_aes_256_gcm()
		       : sa->enc_keylen == 24 ? EVP_aes_192_gcm()
					      : EVP_aes_128_gcm();
	return sa->enc_keylen == 32   ? EVP_aes_256_cbc()
	       : sa->enc_keylen == 24 ? EVP_aes_192_cbc()
				      : EVP_aes_128_cbc();
}

/* The HMAC of msg with sa's integrity key, first icv_len bytes compared to icv. */
static bool
icv_matches(struct dec_keys *k, const struct dec_esp_sa *sa, const uint8_t *msg, size_t n,
	const uint8_t *icv)
{
	char digest[16];
	g_strlcpy(digest, hmac_digest_name(sa->auth), sizeof(digest));
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	uint8_t mac[EVP_MAX_MD_SIZE];
	size_t maclen = 0;
	if (EVP_MAC_init(k->macctx, sa->auth_key, sa->auth_keylen, params) != 1 ||
		EVP_MAC_update(k->macctx, msg, n) != 1 ||
		EVP_MAC_final(k->macctx, mac, &maclen, sizeof(mac)) != 1 || maclen < sa->icv_len)
		return false;
	return CRYPTO_memcmp(mac, icv, sa->icv_len) == 0;
}

bool
dec_esp_open(struct dec_keys *k, const struct dec_esp_sa *sa, const uint8_t *esp, size_t len,
	uint8_t *out, size_t *plain_len, uint8_t *next_header, const char **why)
{
	EVP_CIPHER_CTX *cx = k->cctx;
	bool gcm = sa->enc == DEC_ESP_ENC_AES_GCM16;
	size_t ivlen = gcm ? 8 : 16, block = gcm ? 4 : 16;
	if (len < 8 + ivlen + sa->icv_len + 2) {
		*why = "shorter than SPI, sequence number, IV, trailer and ICV";
		return false;
	}
	const uint8_t *iv = esp + 8, *ct = iv + ivlen;
	size_t ctlen = len - 8 - ivlen - sa->icv_len;
	const uint8_t *icv = ct + ctlen;
	/* RFC 4303 §2.4: the ciphertext is a whole number of the cipher's blocks (CBC) or of
	 * 4 bytes (the trailer is 4-byte aligned; GCM is a stream mode) */
	if (ctlen % block) {
		*why = gcm ? "ciphertext not 4-byte aligned" : "ciphertext not whole AES blocks";
		return false;
	}
	int n = 0, fin = 0;
	EVP_CIPHER_CTX_reset(cx);
	if (gcm) {
		uint8_t nonce[12];
		memcpy(nonce, sa->salt, 4);
		memcpy(nonce + 4, iv, 8);
		bool ok = EVP_DecryptInit_ex(cx, cipher_of(sa), NULL, NULL, NULL) == 1 &&
			  EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) == 1 &&
			  EVP_DecryptInit_ex(cx, NULL, NULL, sa->enc_key, nonce) == 1 &&
			  EVP_DecryptUpdate(cx, NULL, &n, esp, 8) == 1 && /* AAD: SPI, Seq */
			  EVP_DecryptUpdate(cx, out, &n, ct, (int)ctlen) == 1 &&
			  EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_TAG, sa->icv_len,
				  (void *)(uintptr_t)icv) == 1;
		if (!ok || EVP_DecryptFinal_ex(cx, out + n, &fin) != 1) {
			OPENSSL_cleanse(out, ctlen);
			*why = "ICV mismatch (AES-GCM tag)";
			return false;
		}
	} else {
		if (sa->auth != DEC_ESP_AUTH_NONE &&
			!icv_matches(k, sa, esp, 8 + ivlen + ctlen, icv)) {
			*why = "ICV mismatch (HMAC)";
			return false;
		}
		bool ok = EVP_DecryptInit_ex(cx, cipher_of(sa), NULL, sa->enc_key, iv) == 1 &&
			  EVP_CIPHER_CTX_set_padding(cx, 0) == 1 &&
			  EVP_DecryptUpdate(cx, out, &n, ct, (int)ctlen) == 1 &&
			  EVP_DecryptFinal_ex(cx, out + n, &fin) == 1;
		if (!ok) {
			*why = "AES-CBC decryption failed";
			return false;
		}
	}
	size_t total = (size_t)n + (size_t)fin;
	if (total != ctlen || total < 2) {
		*why = "decryption returned a wrong length";
		return false;
	}
	uint8_t padlen = out[total - 2];
	*next_header = out[total - 1];
	if ((size_t)padlen + 2 > total) {
		*why = "pad length past the payload";
		return false;
	}
	size_t plen = total - 2 - padlen;
	for (size_t i = 0; i < padlen; i++)
		if (out[plen + i] != (uint8_t)(i + 1)) {
			*why = "padding not 1, 2, 3, ... (RFC 4303 §2.4): wrong key?";
			return false;
		}
	*plain_len = plen;
	return true;
}

enum dec_rc
dec_esp_decrypt(struct dec *d, struct dec_layer *l, struct cur *c, const uint8_t *esp, size_t wire)
{
	struct dec_esp_layer *e = &l->u.esp;
	const struct dec_layer *ip = dec_ip_below(d);
	if (!ip || ip->truncated)
		return DEC_DONE;
	unsigned family = ip->proto == DEC_P_IPV6 ? 6 : 4;
	const struct dec_esp_sa *sa = dec_keys_esp_find(d->keys, e->spi, family,
		family == 6 ? ip->u.ipv6.src : ip->u.ipv4.src,
		family == 6 ? ip->u.ipv6.dst : ip->u.ipv4.dst);
	if (!sa)
		return DEC_DONE;
	e->enc = sa->enc;
	e->enc_keylen = sa->enc_keylen;
	e->auth = sa->auth;
	if (wire < 8 || cur_left(c) < wire - 8 || dec_ip_is_fragment(ip)) {
		e->decrypt = DEC_ESP_CUT_SHORT; /* the ICV covers bytes not captured */
		return DEC_DONE;
	}
	size_t len = wire; /* SPI to ICV */
	uint8_t *out = dec_alloc(d, len);
	if (!out)
		return DEC_STOP;
	size_t plen = 0;
	uint8_t nh = 0;
	const char *why = NULL;
	if (!dec_esp_open(d->keys, sa, esp, len, out, &plen, &nh, &why)) {
		bool icv = strstr(why, "ICV") != NULL;
		e->decrypt = icv ? DEC_ESP_ICV_FAILED : DEC_ESP_BAD_PLAINTEXT;
		cur_skip(c, cur_left(c));
		return dec_err(d, l->off, icv ? DEC_E_ESP_ICV : DEC_E_ESP_DECRYPT,
			"ESP spi 0x%08x seq %u: %s", e->spi, e->seq, why);
	}
	e->decrypt = DEC_ESP_DECRYPTED;
	e->next_header = nh;
	e->plain_len = (uint32_t)plen;
	size_t ivlen = sa->enc == DEC_ESP_ENC_AES_GCM16 ? 8 : 16;
	/* Offsets inside the plaintext count from the ciphertext's first byte in the frame:
	 * the nearest byte a user can find in Wireshark. */
	size_t base = l->off + 8 + ivlen;
	*c = cur_make(out, plen, base);
	d->wire_end = (uint32_t)(base + plen);
	d->ip_payload_len = (uint32_t)plen;
	if (nh == 59) /* RFC 4303 §2.6: a dummy packet, to be dropped */
		return DEC_DONE;
	return dec_next(d, DEC_K_IPPROTO, nh, 0);
}
