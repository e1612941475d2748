/* dnssec.h - DNSSEC validation of what a capture holds (RFC 4033-4035, RFC 6840; RFC 3110 and
 * RFC 5702 RSA/SHA-1, SHA-256 and SHA-512, RFC 6605 ECDSA P-256/P-384, RFC 8080 Ed25519): each answer RRset of a DNS
 * response is secure, insecure, bogus (and why) or indeterminate (what is missing), and so
 * is each denial of existence (NXDOMAIN, NODATA, a referral's missing DS), proved by NSEC
 * (RFC 4035 §5.4) or NSEC3 (RFC 5155 §8); a wildcard expansion needs its proof as well.
 *
 * The validator keeps what the capture has shown so far: DNSKEY RRsets (trusted once a
 * trust anchor or a secure DS vouches for one of their keys and that key's signature over
 * the set verifies, RFC 4035 §5.2) and secure DS RRsets, walking down from the trust
 * anchors (--trust-anchor FILE; the root zone's KSKs by default) as far as the capture
 * allows. A capture is read once in order: a key seen after an answer does not help it.
 * Signature times are checked against the packet's capture time (RFC 4035 §5.3.1).
 */
#ifndef AWSTRACE_DECODE_DNSSEC_H
#define AWSTRACE_DECODE_DNSSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "decode/decode.h"

#define DEC_DNSSEC_ERROR (dec_dnssec_error_quark())
GQuark dec_dnssec_error_quark(void);

enum dec_dnssec_status {
	DEC_DNSSEC_SECURE = 1,
	DEC_DNSSEC_INSECURE, /* a secure denial of the DS shows the zone is unsigned */
	DEC_DNSSEC_BOGUS,
	DEC_DNSSEC_INDETERMINATE, /* what would decide is not in the capture */
};

enum dec_dnssec_why {
	DEC_DNSSEC_W_NONE = 0,
	DEC_DNSSEC_W_UNSIGNED,        /* no RRSIG covers the RRset */
	DEC_DNSSEC_W_EXPIRED,         /* packet time after the RRSIG's expiration */
	DEC_DNSSEC_W_NOT_YET_VALID,   /* packet time before its inception */
	DEC_DNSSEC_W_KEY_TAG,         /* the signer's DNSKEYs are known, none has the tag */
	DEC_DNSSEC_W_BAD_SIGNATURE,   /* the signature does not verify with the key */
	DEC_DNSSEC_W_DIGEST_MISMATCH, /* a secure DS matches no key of the DNSKEY RRset */
	DEC_DNSSEC_W_NO_KEY,          /* the signer's DNSKEY RRset is not in the capture */
	DEC_DNSSEC_W_NO_CHAIN,        /* the signature verifies; the key's chain to a trust
				       * anchor is not in the capture */
	DEC_DNSSEC_W_ALGORITHM,       /* an algorithm other than 5, 7, 8, 10, 13, 14, 15 */
	DEC_DNSSEC_W_CUT,             /* a record was not captured whole */
	DEC_DNSSEC_W_NO_DS,           /* insecure: a secure NSEC shows no DS at the cut */
	DEC_DNSSEC_W_NO_PROOF,        /* a denial without NSEC or NSEC3 */
	DEC_DNSSEC_W_NOT_COVERED,     /* no NSEC/NSEC3 proves the name absent */
	DEC_DNSSEC_W_NO_ENCLOSER,     /* NSEC3: no closest encloser proof (RFC 5155 §8.3) */
	DEC_DNSSEC_W_WILDCARD,        /* the wildcard at the closest encloser is not denied */
	DEC_DNSSEC_W_TYPE_EXISTS,     /* the matching NSEC/NSEC3 lists the type (or CNAME) */
	DEC_DNSSEC_W_WILDCARD_ANSWER, /* a wildcard expansion without proof of no closer
				       * match (RFC 4035 §5.3.4, RFC 5155 §8.8) */
	DEC_DNSSEC_W_OPT_OUT,         /* insecure: an NSEC3 opt-out span covers the name */
	DEC_DNSSEC_W_ITERATIONS,      /* insecure: NSEC3 iterations over 150 (RFC 9276 §3.2) */
	DEC_DNSSEC_W_NSEC3_HASH,      /* an NSEC3 hash algorithm other than SHA-1 */
	DEC_DNSSEC_W_LABELS,          /* RRSIG Labels above the owner's (RFC 4035 §5.3.1) */
	DEC_DNSSEC_W_PARENT_SIDE,     /* the NSEC/NSEC3 is a delegation's, from the parent
				       * side (RFC 6840 §4.1, RFC 5155 §8.3) */
	DEC_DNSSEC_W_SIGNER,          /* the signer is not the zone holding the owner
				       * (RFC 4035 §5.3.1) */
	DEC_DNSSEC_W_EXPANDED,        /* an NSEC/NSEC3 whose RRSIG makes it a wildcard
				       * expansion: it proves nothing */
	DEC_DNSSEC_W_COUNT
};

/* What a verdict is about: an answer RRset, or the denial of one */
enum dec_dnssec_denial {
	DEC_DNSSEC_D_NONE = 0, /* an answer RRset */
	DEC_DNSSEC_D_NXDOMAIN, /* the name does not exist */
	DEC_DNSSEC_D_NODATA,   /* the name exists without the type */
	DEC_DNSSEC_D_NO_DS,    /* a referral: the delegation has no DS (type is DS) */
};

enum dec_dnssec_proof { DEC_DNSSEC_P_NONE = 0, DEC_DNSSEC_P_NSEC, DEC_DNSSEC_P_NSEC3 };

/* One verdict: an answer RRset of the DNS layer at view index layer, or a denial. */
struct dec_dnssec_result {
	uint16_t layer;
	uint16_t type;
	const char *name; /* the owner as the layer has it (a denial: the name denied) */
	uint8_t status;   /* enum dec_dnssec_status */
	uint8_t why;      /* enum dec_dnssec_why */
	uint8_t alg;      /* of the RRSIG that decided (0 without) */
	uint8_t denial;   /* enum dec_dnssec_denial */
	uint8_t proof;    /* enum dec_dnssec_proof: what the denial or wildcard rests on */
	bool wildcard;    /* an answer synthesised from a wildcard (RFC 4035 §5.3.4) */
	uint16_t key_tag;
	const char *signer;
};

struct dec_dnssec;

/* A validator with the root zone's trust anchors (KSK-2017 tag 20326 and KSK-2024 tag
 * 38696, DS digest type 2, as IANA publishes them at data.iana.org/root-anchors/). */
struct dec_dnssec *dec_dnssec_new(void);
void dec_dnssec_free(struct dec_dnssec *v);

/* Replaces the trust anchors with those of a file of DS or DNSKEY records in zone-file
 * form, one a line ("example. 3600 IN DS 31589 8 2 ABCD..." or "example. IN DNSKEY 257 3
 * 13 BASE64"); ';' starts a comment. False with *error naming the file and line. */
G_GNUC_WARN_UNUSED_RESULT bool dec_dnssec_load_anchors(
	struct dec_dnssec *v, const char *path, GError **error);
G_GNUC_WARN_UNUSED_RESULT bool dec_dnssec_parse_anchors(
	struct dec_dnssec *v, const char *text, const char *name, GError **error);

/* Validates the DNS responses of d's view at capture time now (seconds since 1970): the
 * results go to d->dnssec (per-packet arena) and d->ndnssec; DNSKEY and DS RRsets also
 * feed the validator for later packets. */
void dec_dnssec_packet(struct dec_dnssec *v, struct dec *d, int64_t now);

/* Verifies one signature: alg 5, 7, 8, 10, 13, 14 or 15, the DNSKEY's public key field, the data
 * RFC 4034 §3.1.8.1 signs. 1 valid, 0 invalid, -1 unsupported algorithm or unusable key. */
int dec_dnssec_verify(unsigned alg, const uint8_t *key, size_t keylen, const uint8_t *sig,
	size_t siglen, const uint8_t *data, size_t n);

/* A name in text form (RFC 4343 escapes, as dec_dns_name() writes it) to lowercase wire
 * form; its length, or 0 when it is not a name. */
size_t dec_dnssec_name_wire(const char *text, uint8_t out[256]);

/* The NSEC3 hash of a wire name (RFC 5155 §5: SHA-1 over name | salt, then iterations more
 * times over hash | salt); false for another hash algorithm than 1. */
bool dec_dnssec_nsec3_hash(unsigned alg, unsigned iterations, const uint8_t *salt,
	size_t saltlen, const uint8_t *wire, size_t n, uint8_t out[20]);

const char *dec_dnssec_status_name(unsigned status);
/* "NXDOMAIN", "NODATA", "no DS" or "" */
const char *dec_dnssec_denial_name(unsigned denial);
/* "NSEC", "NSEC3" or "" */
const char *dec_dnssec_proof_name(unsigned proof);
/* "expired signature", "key tag not found", ... */
const char *dec_dnssec_why_text(unsigned why);

#endif /* AWSTRACE_DECODE_DNSSEC_H */
