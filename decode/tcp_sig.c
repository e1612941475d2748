/* tcp_sig.c - verifying TCP-MD5 signatures (RFC 2385) with the keys given
 * (--tcp-md5-key): the classic reason a Direct Connect BGP session never comes up is a key
 * that differs between the two routers, and the capture shows it segment by segment.
 *
 * RFC 2385 §2.0: the MD5 digest covers, in order, the TCP pseudo-header (source address,
 * destination address, zero-padded protocol number, segment length), the TCP header
 * without options and with the checksum zeroed, the segment data, and the key. Over IPv6
 * the pseudo-header is RFC 8200 §8.1's (addresses, 32-bit upper-layer length, three zero
 * bytes, next header), as Linux, FreeBSD and the router vendors compute it.
 */
#include "decode/keys.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdio.h>

#include "decode/keys_priv.h"

static bool
md5_run(EVP_MD_CTX *ctx, unsigned family, const uint8_t *src, const uint8_t *dst,
	const uint8_t *tcp_hdr20, const uint8_t *data, size_t datalen, uint32_t seglen,
	const uint8_t *key, size_t keylen, uint8_t out[16])
{
	uint8_t ph[40];
	size_t phlen;
	if (family == 6) {
		memcpy(ph, src, 16);
		memcpy(ph + 16, dst, 16);
		ph[32] = (uint8_t)(seglen >> 24);
		ph[33] = (uint8_t)(seglen >> 16);
		ph[34] = (uint8_t)(seglen >> 8);
		ph[35] = (uint8_t)seglen;
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = 6;
		phlen = 40;
	} else {
		memcpy(ph, src, 4);
		memcpy(ph + 4, dst, 4);
		ph[8] = 0;
		ph[9] = 6;
		ph[10] = (uint8_t)(seglen >> 8);
		ph[11] = (uint8_t)seglen;
		phlen = 12;
	}
	uint8_t th[20];
	memcpy(th, tcp_hdr20, 20);
	th[16] = th[17] = 0; /* checksum */
	unsigned int n = 0;
	return EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
	       EVP_DigestUpdate(ctx, ph, phlen) == 1 && EVP_DigestUpdate(ctx, th, 20) == 1 &&
	       (datalen == 0 || EVP_DigestUpdate(ctx, data, datalen) == 1) &&
	       EVP_DigestUpdate(ctx, key, keylen) == 1 && EVP_DigestFinal_ex(ctx, out, &n) == 1 &&
	       n == 16;
}

bool
dec_tcp_md5_digest(unsigned family, const uint8_t *src, const uint8_t *dst,
	const uint8_t *tcp_hdr20, const uint8_t *data, size_t datalen, uint32_t seglen,
	const uint8_t *key, size_t keylen, uint8_t out[16])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return false;
	bool ok =
		md5_run(ctx, family, src, dst, tcp_hdr20, data, datalen, seglen, key, keylen, out);
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* "169.254.255.1 → 169.254.255.2" for the messages */
static void
peers_text(char *buf, size_t n, unsigned family, const uint8_t *src, const uint8_t *dst)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	int af = family == 6 ? AF_INET6 : AF_INET;
	inet_ntop(af, src, s, sizeof(s));
	inet_ntop(af, dst, d, sizeof(d));
	snprintf(buf, n, "%s \u2192 %s", s, d);
}

void
dec_tcp_md5_check(struct dec *d, struct dec_layer *l, const struct cur *c)
{
	struct dec_tcp_layer *t = &l->u.tcp;
	const struct dec_layer *ip = dec_ip_below(d);
	if (!ip || ip->truncated || dec_ip_is_fragment(ip))
		return;
	unsigned family = ip->proto == DEC_P_IPV6 ? 6 : 4;
	const uint8_t *src = family == 6 ? ip->u.ipv6.src : ip->u.ipv4.src;
	const uint8_t *dst = family == 6 ? ip->u.ipv6.dst : ip->u.ipv4.dst;
	size_t keylen = 0;
	const uint8_t *key = dec_keys_tcp_md5_find(d->keys, family, src, dst, &keylen);
	if (!key)
		return;
	char peers[2 * INET6_ADDRSTRLEN + 8];
	if (!t->has_md5) {
		/* RFC 2385 §2.0: a host expecting a signature discards a segment without one */
		t->md5_check = DEC_MD5_MISSING;
		peers_text(peers, sizeof(peers), family, src, dst);
		dec_err(d, l->off, DEC_E_TCP_MD5_MISSING,
			"unsigned segment %s: a TCP-MD5 key is set", peers);
		return;
	}
	/* the whole segment must have been captured: hdr + options + plen bytes */
	const uint8_t *hdr = cur_here(c) - t->hlen;
	if (cur_left(c) < t->plen) {
		t->md5_check = DEC_MD5_UNVERIFIABLE;
		return;
	}
	uint8_t got[16];
	if (!md5_run(d->keys->mdctx, family, src, dst, hdr, cur_here(c), t->plen,
		    (uint32_t)t->hlen + t->plen, key, keylen, got)) {
		t->md5_check = DEC_MD5_UNVERIFIABLE;
		return;
	}
	if (CRYPTO_memcmp(got, t->md5, 16) == 0) {
		t->md5_check = DEC_MD5_OK;
		return;
	}
	t->md5_check = DEC_MD5_MISMATCH;
	peers_text(peers, sizeof(peers), family, src, dst);
	dec_err(d, l->off, DEC_E_TCP_MD5_MISMATCH, "MD5 signature mismatch on %s", peers);
}
