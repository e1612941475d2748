/* dnssec_int.h - what dnssec.c (signatures, keys) and dnssec_denial.c (NSEC and NSEC3
 * proofs) share; not for use outside decode/dnssec*.c. */
#ifndef AWSTRACE_DECODE_DNSSEC_INT_H
#define AWSTRACE_DECODE_DNSSEC_INT_H

#include "decode/dns.h"
#include "decode/dnssec.h"

/* The outcome for one RRset: the best of its RRSIGs (RFC 4035 §5.3.3). */
struct dnssec_verdict {
	uint8_t status, why, alg;
	uint8_t sig_labels; /* the deciding RRSIG's Labels field */
	bool wildcard;      /* ... fewer than the owner's: a wildcard expansion */
	uint16_t tag;
	const char *signer;
	const void *key; /* the key that verified (dnssec.c's struct key_rec) */
};

/* rank: secure > insecure > indeterminate > bogus */
int dnssec_rank(unsigned status);

/* The verdict on the RRset (owner name, type) of section sec of m at time now. */
struct dnssec_verdict dnssec_check_rrset(struct dec_dnssec *v, const struct dec_dns_layer *m,
	int sec, const char *name, uint16_t type, int64_t now);

/* Whether name or a zone above it was shown to be unsigned (a secure denial of its DS). */
bool dnssec_insecure_above(struct dec_dnssec *v, const char *name);
void dnssec_mark_insecure(struct dec_dnssec *v, const char *name);
/* Whether the DNSKEY RRset of zone is known and trusted. */
bool dnssec_zone_trusted(struct dec_dnssec *v, const char *zone);

void dnssec_add_result(struct dec *d, unsigned layer, uint16_t type, const char *name,
	const struct dnssec_verdict *r, unsigned denial, unsigned proof);

/* dnssec_denial.c: the denial verdicts of response m (layer li) and the wildcard proofs of
 * its answers; referrals' and DS denials' proofs of an unsigned child mark it insecure. */
void dnssec_denials(struct dec_dnssec *v, struct dec *d, unsigned li,
	const struct dec_dns_layer *m, int64_t now);
/* The proof that answer RRset (owner, decided by a wildcard RRSIG r) had no closer match
 * (RFC 4035 §5.3.4, RFC 5155 §8.8); *proof says by what. r is changed to bogus without. */
void dnssec_wildcard_answer(struct dec_dnssec *v, const struct dec_dns_layer *m,
	const char *owner, struct dnssec_verdict *r, unsigned *proof, int64_t now);

#endif /* AWSTRACE_DECODE_DNSSEC_INT_H */
