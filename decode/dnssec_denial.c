/* dnssec_denial.c - authenticated denial of existence (decode/dnssec_int.h).
 *
 * A negative response is judged by the NSEC or NSEC3 records of its authority section:
 * - NSEC (RFC 4035 §5.4, §3.1.3; RFC 6840 §4.1, §4.4): a record covers a name when the
 *   name sorts between its owner and next name in canonical order (RFC 4034 §6.1); a name
 *   error needs the name covered and the wildcard at the closest encloser covered; a no-data
 *   answer needs the name's own NSEC without the type (or the empty non-terminal before it,
 *   or, at a wildcard, the wildcard's NSEC without the type);
 * - NSEC3 (RFC 5155 §8): the same proofs over hashed names: the closest encloser proof
 *   (§8.3), name error (§8.4), no data (§8.5-§8.7), wildcard answers (§8.8) and referrals to
 *   unsigned children (§8.9), where an opt-out span makes the answer insecure (§9.2), as
 *   do more than 150 iterations (RFC 9276 §3.2).
 * A proof that holds takes the weakest verdict of the records it used; one that does not
 * is bogus when the zone's records validated, indeterminate when nothing could.
 *
 * Cost: only the records a proof uses have their signatures checked; NSEC3 hashing is at
 * most one hash per label of the name (at most 150 iterations each).
 */
#include <string.h>

#include <openssl/evp.h>

#include "decode/dnssec_int.h"

#define MAX_PROOF_RRS 32
#define NSEC3_MAX_ITERATIONS 150 /* RFC 9276 §3.2 leaves the limit to validators */

/* ---- names in lowercase wire form, as dec_dnssec_name_wire() writes them ---- */

static unsigned
labels_of(const uint8_t *w, const uint8_t *lab[128])
{
	unsigned n = 0;
	while (*w && n < 128) {
		lab[n++] = w;
		w += *w + 1;
	}
	return n;
}

static unsigned
nlabels(const uint8_t *w)
{
	const uint8_t *lab[128];
	return labels_of(w, lab);
}

static size_t
wire_len(const uint8_t *w)
{
	size_t n = 0;
	while (w[n])
		n += w[n] + 1u;
	return n + 1;
}

/* w without its k leftmost labels */
static const uint8_t *
wire_skip(const uint8_t *w, unsigned k)
{
	while (k-- && *w)
		w += *w + 1;
	return w;
}

static bool
wire_eq(const uint8_t *a, const uint8_t *b)
{
	size_t n = wire_len(a);
	return n == wire_len(b) && memcmp(a, b, n) == 0;
}

/* a is b or below it */
static bool
wire_under(const uint8_t *a, const uint8_t *b)
{
	unsigned na = nlabels(a), nb = nlabels(b);
	return na >= nb && wire_eq(wire_skip(a, na - nb), b);
}

/* RFC 4034 §6.1: labels compared from the rightmost, each as an octet string */
static int
canon_cmp(const uint8_t *a, const uint8_t *b)
{
	const uint8_t *la[128], *lb[128];
	unsigned na = labels_of(a, la), nb = labels_of(b, lb);
	while (na && nb) {
		const uint8_t *x = la[--na], *y = lb[--nb];
		int c = memcmp(x + 1, y + 1, MIN(x[0], y[0]));
		if (c)
			return c;
		if (x[0] != y[0])
			return x[0] < y[0] ? -1 : 1;
	}
	return na ? 1 : nb ? -1 : 0;
}

/* how many rightmost labels a and b share */
static unsigned
common_labels(const uint8_t *a, const uint8_t *b)
{
	const uint8_t *la[128], *lb[128];
	unsigned na = labels_of(a, la), nb = labels_of(b, lb), k = 0;
	while (na && nb) {
		const uint8_t *x = la[--na], *y = lb[--nb];
		if (x[0] != y[0] || memcmp(x + 1, y + 1, x[0]))
			break;
		k++;
	}
	return k;
}

/* "*." and name, the wildcard RFC 4592 §2.1.1 puts at an encloser */
static bool
wildcard_of(const uint8_t *name, uint8_t out[256])
{
	size_t n = wire_len(name);
	if (n + 2 > 255)
		return false;
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, name, n);
	return true;
}

/* ---- NSEC3 hashes ---- */

bool
dec_dnssec_nsec3_hash(unsigned alg, unsigned iterations, const uint8_t *salt, size_t saltlen,
	const uint8_t *wire, size_t n, uint8_t out[20])
{
	if (alg != 1) /* RFC 5155 §11: 1 is SHA-1, the only one assigned */
		return false;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx != NULL;
	const uint8_t *in = wire;
	size_t inl = n;
	/* RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) ||
	 * salt); the hash is IH(salt, owner, iterations) */
	for (unsigned i = 0; ok && i <= iterations; i++) {
		unsigned int ol = 0;
		ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		     EVP_DigestUpdate(ctx, in, inl) == 1 &&
		     (saltlen == 0 || EVP_DigestUpdate(ctx, salt, saltlen) == 1) &&
		     EVP_DigestFinal_ex(ctx, out, &ol) == 1 && ol == 20;
		in = out;
		inl = 20;
	}
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The first label of an NSEC3 owner: 32 base32hex digits (RFC 4648 §7) of a SHA-1 hash */
static bool
b32hex_label(const uint8_t *label, uint8_t out[20])
{
	if (label[0] != 32)
		return false;
	uint32_t acc = 0;
	unsigned bits = 0, n = 0;
	for (unsigned i = 1; i <= 32; i++) {
		unsigned c = label[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'v')
			d = c - 'a' + 10;
		else
			return false;
		acc = acc << 5 | d;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n == 20;
}

/* ---- the records a proof may use ---- */

struct prf {
	const struct dec_dns_rr *rr;
	struct dnssec_verdict v;
	bool checked;
	const uint16_t *types;
	unsigned ntypes;
	uint8_t owner[256];
	uint8_t next[256];      /* NSEC */
	uint8_t oh[20], nh[20]; /* NSEC3: the owner's hash and the next one */
	bool opt_out;           /* NSEC3 flag bit 0 (RFC 5155 §3.1.2.1) */
};

struct ctx {
	struct dec_dnssec *v;
	const struct dec_dns_layer *m;
	int64_t now;
	struct prf nsec[MAX_PROOF_RRS], n3[MAX_PROOF_RRS];
	unsigned nnsec, nn3;
	bool n3_unsupported; /* NSEC3 records set aside for their algorithm or flags */
	bool nsec_seen, n3_seen; /* usable NSEC / NSEC3 in the section (any zone's) */
	/* the chain's parameters and zone: the first usable NSEC3's (RFC 5155 §8.2) */
	unsigned iterations;
	const uint8_t *salt;
	size_t saltlen;
	uint8_t zone[256];
	struct prf *used[4];
	unsigned nused;
};

static bool
has(const struct prf *p, uint16_t type)
{
	for (unsigned i = 0; i < p->ntypes; i++)
		if (p->types[i] == type)
			return true;
	return false;
}

/* a delegation's record, from the parent side: it speaks for nothing below the cut */
static bool
parent_side(const struct prf *p)
{
	return has(p, DEC_DNS_T_DNAME) || (has(p, DEC_DNS_T_NS) && !has(p, DEC_DNS_T_SOA));
}

static const struct dnssec_verdict *
verdict_of(struct ctx *c, struct prf *p)
{
	if (p->checked)
		return &p->v;
	p->v = dnssec_check_rrset(c->v, c->m, DEC_DNS_NS, p->rr->name, p->rr->type, c->now);
	p->checked = true;
	/* a record whose RRSIG makes it a wildcard expansion was signed as "*.…": its owner
	 * and span are not what the signature covers (RFC 4035 §5.3.4) */
	if (p->v.wildcard) {
		p->v.status = DEC_DNSSEC_BOGUS;
		p->v.why = DEC_DNSSEC_W_EXPANDED;
	}
	/* an NSEC3 speaks for its zone only when the zone signed it (RFC 5155 §8) */
	uint8_t sw[256];
	if (p->rr->type == DEC_DNS_T_NSEC3 && p->v.signer && p->v.status != DEC_DNSSEC_BOGUS &&
		(!dec_dnssec_name_wire(p->v.signer, sw) || !wire_eq(sw, c->zone))) {
		p->v.status = DEC_DNSSEC_BOGUS;
		p->v.why = DEC_DNSSEC_W_SIGNER;
	}
	return &p->v;
}

static void
use(struct ctx *c, struct prf *p)
{
	for (unsigned i = 0; i < c->nused; i++)
		if (c->used[i] == p)
			return;
	if (c->nused < G_N_ELEMENTS(c->used))
		c->used[c->nused++] = p;
}

/* The NSEC3 chain that speaks for target (RFC 5155 §8: a zone's chain proves only its own
 * names): the records of the deepest zone holding target (strictly above it for a DS,
 * which the parent proves), with that zone's first record's parameters; Unbound's
 * validator selects the same way. Other zones' records are set aside, so a chain of any
 * other signed zone can neither deny nor downgrade a name. */
static void
n3_select(struct ctx *c, struct prf *cand, unsigned n, const uint8_t *target, bool ds)
{
	const uint8_t *best = NULL;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *z = wire_skip(cand[i].owner, 1);
		if (!wire_under(target, z) || (ds && wire_eq(target, z)))
			continue;
		if (!best || nlabels(z) > nlabels(best))
			best = z;
	}
	if (!best)
		return;
	memcpy(c->zone, best, wire_len(best));
	for (unsigned i = 0; i < n; i++) {
		const struct dec_dns_rr *rr = cand[i].rr;
		if (!wire_eq(wire_skip(cand[i].owner, 1), c->zone))
			continue;
		if (c->nn3 == 0) {
			c->iterations = rr->u.nsec3.iterations;
			c->salt = rr->u.nsec3.salt.p;
			c->saltlen = rr->u.nsec3.salt.len;
		} else if (rr->u.nsec3.iterations != c->iterations ||
			   rr->u.nsec3.salt.len != c->saltlen ||
			   (c->saltlen && memcmp(rr->u.nsec3.salt.p, c->salt, c->saltlen))) {
			continue; /* another chain of the zone (a change of parameters) */
		}
		bool dup = false;
		for (unsigned j = 0; j < c->nn3 && !dup; j++)
			dup = !memcmp(c->n3[j].oh, cand[i].oh, 20);
		if (!dup) /* one owner, one RRset (RFC 4034 §6.3): checked once */
			c->n3[c->nn3++] = cand[i];
	}
}

/* The authority section's NSEC records, and the NSEC3 chain for target (ds: a DS
 * denial), into c; false when the section has neither NSEC nor NSEC3. */
static bool
collect(struct ctx *c, const uint8_t *target, bool ds)
{
	const struct dec_dns_layer *m = c->m;
	struct prf *cand = g_new(struct prf, MAX_PROOF_RRS);
	unsigned ncand = 0;
	bool any = false;
	for (unsigned i = 0; i < m->nrr[DEC_DNS_NS]; i++) {
		const struct dec_dns_rr *rr = &m->rr[DEC_DNS_NS][i];
		if (!rr->rdata_ok || (rr->type != DEC_DNS_T_NSEC && rr->type != DEC_DNS_T_NSEC3))
			continue;
		any = true;
		if (rr->type == DEC_DNS_T_NSEC) {
			c->nsec_seen = true;
			if (c->nnsec == MAX_PROOF_RRS)
				continue;
			struct prf *p = &c->nsec[c->nnsec];
			memset(p, 0, sizeof(*p));
			if (!dec_dnssec_name_wire(rr->name, p->owner) ||
				!dec_dnssec_name_wire(rr->u.nsec.next, p->next))
				continue;
			bool dup = false;
			for (unsigned j = 0; j < c->nnsec && !dup; j++)
				dup = wire_eq(c->nsec[j].owner, p->owner);
			if (dup)
				continue;
			p->rr = rr;
			p->types = rr->u.nsec.types;
			p->ntypes = rr->u.nsec.ntypes;
			c->nnsec++;
			continue;
		}
		/* RFC 5155 §8.2: unknown hash algorithms and flags other than 0 and 1 are
		 * ignored */
		if (rr->u.nsec3.hash_alg != 1 || rr->u.nsec3.flags > 1 ||
			rr->u.nsec3.next_hashed.len != 20) {
			c->n3_unsupported = true;
			continue;
		}
		c->n3_seen = true;
		if (ncand == MAX_PROOF_RRS)
			continue;
		struct prf *p = &cand[ncand];
		memset(p, 0, sizeof(*p));
		if (!dec_dnssec_name_wire(rr->name, p->owner) || !b32hex_label(p->owner, p->oh))
			continue;
		memcpy(p->nh, rr->u.nsec3.next_hashed.p, 20);
		p->rr = rr;
		p->types = rr->u.nsec3.types;
		p->ntypes = rr->u.nsec3.ntypes;
		p->opt_out = rr->u.nsec3.flags & 1;
		ncand++;
	}
	n3_select(c, cand, ncand, target, ds);
	g_free(cand);
	return any;
}

/* The verdict of a proof that held: status and why, unless a record it used did not
 * validate, when that record's verdict is the answer's. */
static struct dnssec_verdict
proved(struct ctx *c, uint8_t status, uint8_t why)
{
	struct dnssec_verdict r = { .status = status, .why = why };
	for (unsigned i = 0; i < c->nused; i++) {
		const struct dnssec_verdict *u = verdict_of(c, c->used[i]);
		if (i == 0 || dnssec_rank(u->status) < dnssec_rank(r.status)) {
			r.alg = u->alg;
			r.tag = u->tag;
			r.signer = u->signer;
		}
		if (dnssec_rank(u->status) < dnssec_rank(r.status)) {
			r.status = u->status;
			r.why = u->why;
		}
	}
	return r;
}

/* The verdict of a proof that failed: bogus when a record of the zone validated (the zone
 * is signed and trusted, so a true answer would have proved itself) or one was bogus,
 * indeterminate when none could be checked. */
static struct dnssec_verdict
failed(struct ctx *c, uint8_t why)
{
	bool decided = false;
	for (unsigned i = 0; i < c->nnsec + c->nn3 && !decided; i++) {
		struct prf *p = i < c->nnsec ? &c->nsec[i] : &c->n3[i - c->nnsec];
		uint8_t s = verdict_of(c, p)->status;
		decided = s == DEC_DNSSEC_SECURE || s == DEC_DNSSEC_BOGUS;
	}
	struct dnssec_verdict r = { .status = decided ? DEC_DNSSEC_BOGUS : DEC_DNSSEC_INDETERMINATE,
		.why = why };
	return r;
}

/* ---- NSEC (RFC 4035 §5.4) ---- */

static bool
nsec_covers(const struct prf *p, const uint8_t *name)
{
	if (canon_cmp(p->owner, name) >= 0)
		return false;
	/* the last NSEC of a zone names the apex as next (RFC 4034 §4.1.1) */
	bool last = canon_cmp(p->next, p->owner) <= 0;
	if (last ? !wire_under(name, p->next) : canon_cmp(name, p->next) >= 0)
		return false;
	/* a next name below name makes name an empty non-terminal: it exists */
	if (!last && wire_under(p->next, name))
		return false;
	/* RFC 6840 §4.1: a delegation's NSEC proves nothing below the cut */
	return !(wire_under(name, p->owner) && parent_side(p));
}

static struct prf *
nsec_covering(struct ctx *c, const uint8_t *name)
{
	for (unsigned i = 0; i < c->nnsec; i++)
		if (nsec_covers(&c->nsec[i], name))
			return &c->nsec[i];
	return NULL;
}

static struct prf *
nsec_matching(struct ctx *c, const uint8_t *name)
{
	for (unsigned i = 0; i < c->nnsec; i++)
		if (wire_eq(c->nsec[i].owner, name))
			return &c->nsec[i];
	return NULL;
}

/* The closest encloser a covering NSEC reveals: the longest ancestor name shares with
 * the NSEC's owner or next name (RFC 4592 §3.3.1) */
static const uint8_t *
nsec_encloser(const struct prf *p, const uint8_t *name)
{
	unsigned k = MAX(common_labels(name, p->owner), common_labels(name, p->next));
	return wire_skip(name, nlabels(name) - k);
}

/* the wildcard at name's closest encloser is shown absent, or absent of type */
static bool
nsec_no_wildcard(struct ctx *c, const struct prf *cover, const uint8_t *name)
{
	uint8_t wc[256];
	if (!wildcard_of(nsec_encloser(cover, name), wc))
		return false;
	struct prf *w = nsec_covering(c, wc);
	if (w)
		use(c, w);
	return w != NULL;
}

static struct dnssec_verdict
nsec_nxdomain(struct ctx *c, const uint8_t *name)
{
	struct prf *p = nsec_covering(c, name);
	if (!p)
		return failed(c, DEC_DNSSEC_W_NOT_COVERED);
	use(c, p);
	if (!nsec_no_wildcard(c, p, name))
		return failed(c, DEC_DNSSEC_W_WILDCARD);
	return proved(c, DEC_DNSSEC_SECURE, DEC_DNSSEC_W_NONE);
}

/* RFC 4035 §5.4 and §3.1.3.1, RFC 6840 §4.4: the type is absent at name */
static unsigned
nsec_type_absent(const struct prf *p, uint16_t type)
{
	if (has(p, type) || has(p, DEC_DNS_T_CNAME))
		return DEC_DNSSEC_W_TYPE_EXISTS;
	/* a delegation's NSEC denies only DS; a child apex's cannot deny the DS above it */
	if (type != DEC_DNS_T_DS && parent_side(p))
		return DEC_DNSSEC_W_PARENT_SIDE;
	if (type == DEC_DNS_T_DS && has(p, DEC_DNS_T_SOA) && p->owner[0])
		return DEC_DNSSEC_W_PARENT_SIDE;
	return 0;
}

/* The name's own NSEC or NSEC3 p: the type and CNAME absent; *child_unsigned when it
 * denies the DS of a delegation (RFC 4035 §5.2, RFC 5155 §8.6) */
static struct dnssec_verdict
nodata_at(struct ctx *c, struct prf *p, uint16_t type, bool *child_unsigned)
{
	use(c, p);
	unsigned why = nsec_type_absent(p, type);
	if (why)
		return failed(c, (uint8_t)why);
	*child_unsigned = type == DEC_DNS_T_DS && has(p, DEC_DNS_T_NS);
	return proved(c, DEC_DNSSEC_SECURE, 0);
}

/* A referral's own NSEC or NSEC3 p: a cut (NS without SOA) without DS (RFC 4035 §5.2,
 * RFC 5155 §8.9) */
static struct dnssec_verdict
unsigned_cut_at(struct ctx *c, struct prf *p)
{
	use(c, p);
	if (!has(p, DEC_DNS_T_NS) || has(p, DEC_DNS_T_SOA))
		return failed(c, DEC_DNSSEC_W_NOT_COVERED);
	if (has(p, DEC_DNS_T_DS))
		return failed(c, DEC_DNSSEC_W_TYPE_EXISTS);
	return proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_NO_DS);
}

static struct dnssec_verdict
nsec_nodata(struct ctx *c, const uint8_t *name, uint16_t type, bool *child_unsigned)
{
	struct prf *p = nsec_matching(c, name);
	if (p)
		return nodata_at(c, p, type, child_unsigned);
	/* an empty non-terminal has no NSEC: the one before it names a descendant */
	for (unsigned i = 0; i < c->nnsec; i++) {
		struct prf *e = &c->nsec[i];
		if (canon_cmp(e->owner, name) < 0 && canon_cmp(name, e->next) < 0 &&
			wire_under(e->next, name) && !wire_eq(e->next, name)) {
			use(c, e);
			return proved(c, DEC_DNSSEC_SECURE, 0);
		}
	}
	/* RFC 4035 §3.1.3.4: a wildcard that matched, without the type */
	p = nsec_covering(c, name);
	if (!p)
		return failed(c, DEC_DNSSEC_W_NOT_COVERED);
	use(c, p);
	uint8_t wc[256];
	struct prf *w = wildcard_of(nsec_encloser(p, name), wc) ? nsec_matching(c, wc) : NULL;
	if (!w)
		return failed(c, DEC_DNSSEC_W_WILDCARD);
	use(c, w);
	unsigned why = nsec_type_absent(w, type);
	return why ? failed(c, (uint8_t)why) : proved(c, DEC_DNSSEC_SECURE, 0);
}

/* ---- NSEC3 (RFC 5155 §8) ---- */

static bool
hash3(const struct ctx *c, const uint8_t *name, uint8_t h[20])
{
	return dec_dnssec_nsec3_hash(1, c->iterations, c->salt, c->saltlen, name, wire_len(name), h);
}

static struct prf *
n3_match_hash(struct ctx *c, const uint8_t h[20])
{
	for (unsigned i = 0; i < c->nn3; i++)
		if (!memcmp(c->n3[i].oh, h, 20))
			return &c->n3[i];
	return NULL;
}

static struct prf *
n3_matching(struct ctx *c, const uint8_t *name)
{
	uint8_t h[20];
	return hash3(c, name, h) ? n3_match_hash(c, h) : NULL;
}

/* RFC 5155 §3.1.7: the last record of the chain wraps to the first */
static bool
n3_covers(const struct prf *p, const uint8_t h[20])
{
	if (memcmp(p->oh, p->nh, 20) < 0)
		return memcmp(p->oh, h, 20) < 0 && memcmp(h, p->nh, 20) < 0;
	return memcmp(h, p->oh, 20) > 0 || memcmp(h, p->nh, 20) < 0;
}

static struct prf *
n3_cover_hash(struct ctx *c, const uint8_t h[20])
{
	for (unsigned i = 0; i < c->nn3; i++)
		if (n3_covers(&c->n3[i], h))
			return &c->n3[i];
	return NULL;
}

static struct prf *
n3_covering(struct ctx *c, const uint8_t *name)
{
	uint8_t h[20];
	return hash3(c, name, h) ? n3_cover_hash(c, h) : NULL;
}

struct encloser {
	const uint8_t *ce;  /* the closest (provable) encloser, within name */
	struct prf *nc_rr;  /* the record covering the next closer name */
};

/* RFC 5155 §8.3: the closest ancestor of name with a matching NSEC3, not a delegation's or
 * DNAME's, and the next closer name (one label longer) covered; 0 or why not. A match of
 * name itself is W_NOT_COVERED: the name exists. */
static unsigned
n3_encloser(struct ctx *c, const uint8_t *name, struct encloser *out)
{
	if (!wire_under(name, c->zone))
		return DEC_DNSSEC_W_NOT_COVERED;
	unsigned n = nlabels(name), nz = nlabels(c->zone);
	uint8_t h[20], below[20]; /* the ancestor's hash and the one before (the next closer) */
	for (unsigned k = 0; k <= n - nz; k++, memcpy(below, h, 20)) {
		const uint8_t *anc = wire_skip(name, k);
		if (!hash3(c, anc, h))
			return DEC_DNSSEC_W_NO_ENCLOSER;
		struct prf *p = n3_match_hash(c, h);
		if (!p)
			continue;
		if (k == 0)
			return DEC_DNSSEC_W_NOT_COVERED;
		use(c, p);
		if (parent_side(p))
			return DEC_DNSSEC_W_PARENT_SIDE;
		out->ce = anc;
		out->nc_rr = n3_cover_hash(c, below);
		if (!out->nc_rr)
			return DEC_DNSSEC_W_NO_ENCLOSER;
		use(c, out->nc_rr);
		return 0;
	}
	return DEC_DNSSEC_W_NO_ENCLOSER;
}

/* RFC 5155 §8.4 */
static struct dnssec_verdict
n3_nxdomain(struct ctx *c, const uint8_t *name)
{
	struct encloser e;
	unsigned why = n3_encloser(c, name, &e);
	if (why)
		return failed(c, (uint8_t)why);
	uint8_t wc[256];
	struct prf *w = wildcard_of(e.ce, wc) ? n3_covering(c, wc) : NULL;
	if (!w)
		return failed(c, DEC_DNSSEC_W_WILDCARD);
	use(c, w);
	/* RFC 5155 §9.2: an opt-out span may hold an unsigned delegation, whose names this
	 * zone cannot deny securely */
	if (e.nc_rr->opt_out)
		return proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_OPT_OUT);
	return proved(c, DEC_DNSSEC_SECURE, 0);
}

/* RFC 5155 §8.5-§8.7; *child_unsigned when the proof shows a delegation without DS */
static struct dnssec_verdict
n3_nodata(struct ctx *c, const uint8_t *name, uint16_t type, bool *child_unsigned)
{
	struct prf *p = n3_matching(c, name);
	if (p)
		return nodata_at(c, p, type, child_unsigned);
	struct encloser e;
	unsigned why = n3_encloser(c, name, &e);
	if (why)
		return failed(c, (uint8_t)why);
	if (type == DEC_DNS_T_DS) {
		/* §8.6: no NSEC3 of its own: an opt-out span holds an unsigned delegation */
		if (!e.nc_rr->opt_out)
			return failed(c, DEC_DNSSEC_W_NOT_COVERED);
		*child_unsigned = true;
		return proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_OPT_OUT);
	}
	/* §8.7: the wildcard at the closest encloser matched, without the type */
	uint8_t wc[256];
	struct prf *w = wildcard_of(e.ce, wc) ? n3_matching(c, wc) : NULL;
	/* RFC 5155 §8.5 as erratum 3441 corrects it: an empty non-terminal above an unsigned
	 * delegation in an opt-out span has no NSEC3 of its own; the opt-out span over the
	 * next closer name is the proof, and it is insecure */
	if (!w && e.nc_rr->opt_out)
		return proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_OPT_OUT);
	if (!w)
		return failed(c, DEC_DNSSEC_W_WILDCARD);
	use(c, w);
	why = nsec_type_absent(w, type);
	return why ? failed(c, (uint8_t)why) : proved(c, DEC_DNSSEC_SECURE, 0);
}

/* RFC 5155 §8.9: a referral to name without DS */
static struct dnssec_verdict
n3_referral(struct ctx *c, const uint8_t *name)
{
	struct prf *p = n3_matching(c, name);
	if (p)
		return unsigned_cut_at(c, p);
	struct encloser e;
	unsigned why = n3_encloser(c, name, &e);
	if (why)
		return failed(c, (uint8_t)why);
	if (!e.nc_rr->opt_out)
		return failed(c, DEC_DNSSEC_W_NOT_COVERED);
	return proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_OPT_OUT);
}

static struct dnssec_verdict
nsec_referral(struct ctx *c, const uint8_t *name)
{
	struct prf *p = nsec_matching(c, name);
	return p ? unsigned_cut_at(c, p) : failed(c, DEC_DNSSEC_W_NOT_COVERED);
}

/* RFC 9276 §3.2: a chain this costly is treated as unsigned, if its records validate */
static bool
n3_too_costly(struct ctx *c, struct dnssec_verdict *r)
{
	if (!c->nn3 || c->iterations <= NSEC3_MAX_ITERATIONS)
		return false;
	use(c, &c->n3[0]);
	*r = proved(c, DEC_DNSSEC_INSECURE, DEC_DNSSEC_W_ITERATIONS);
	return true;
}

/* ---- the response ---- */

static bool
name_eq(const char *a, const char *b)
{
	return a && b && g_ascii_strcasecmp(a, b) == 0;
}

static const char *
parent_of(const char *name)
{
	const char *dot = name ? strchr(name, '.') : NULL;
	return dot && dot[1] ? dot + 1 : NULL;
}

void
dnssec_denials(struct dec_dnssec *v, struct dec *d, unsigned li,
	const struct dec_dns_layer *m, int64_t now)
{
	/* a standard query (RFC 1035 §4.1.1 opcode 0) with a question; ANY has no denial */
	if (m->nq < 1 || (m->flags >> 11 & 0xF) != 0 || !m->q[0].name || m->q[0].type == 255)
		return;
	unsigned rc = dec_dns_rcode(m);
	if (rc != 0 && rc != 3)
		return;
	uint16_t qtype = m->q[0].type;
	/* the CNAME chain of the answer section leads to the name answered or denied
	 * (RFC 1034 §4.3.2, RFC 6604 §2) */
	const char *sname = m->q[0].name;
	for (unsigned hop = 0; hop < 16 && qtype != DEC_DNS_T_CNAME; hop++) {
		const char *to = NULL;
		for (unsigned i = 0; i < m->nrr[DEC_DNS_AN] && !to; i++) {
			const struct dec_dns_rr *rr = &m->rr[DEC_DNS_AN][i];
			if (rr->type == DEC_DNS_T_CNAME && rr->rdata_ok && name_eq(rr->name, sname))
				to = rr->u.target;
		}
		if (!to)
			break;
		sname = to;
	}
	for (unsigned i = 0; i < m->nrr[DEC_DNS_AN]; i++) {
		const struct dec_dns_rr *rr = &m->rr[DEC_DNS_AN][i];
		if (rc == 0 && rr->type == qtype && name_eq(rr->name, sname))
			return; /* answered */
	}
	bool soa = false;
	const char *deleg = NULL, *soa_owner = NULL;
	for (unsigned i = 0; i < m->nrr[DEC_DNS_NS]; i++) {
		const struct dec_dns_rr *rr = &m->rr[DEC_DNS_NS][i];
		if (rr->type == DEC_DNS_T_SOA) {
			soa = true;
			soa_owner = rr->name;
		}
		if (rr->type == DEC_DNS_T_NS && !deleg)
			deleg = rr->name;
	}
	unsigned denial;
	const char *dname = sname;
	uint16_t dtype = qtype;
	if (rc == 3) {
		denial = DEC_DNSSEC_D_NXDOMAIN;
	} else if (deleg && !soa) {
		/* a referral (RFC 4035 §3.1.4): its DS, or the proof there is none */
		for (unsigned i = 0; i < m->nrr[DEC_DNS_NS]; i++)
			if (m->rr[DEC_DNS_NS][i].type == DEC_DNS_T_DS &&
				name_eq(m->rr[DEC_DNS_NS][i].name, deleg))
				return; /* a signed child: its DS was checked and kept */
		denial = DEC_DNSSEC_D_NO_DS;
		dname = deleg;
		dtype = DEC_DNS_T_DS;
	} else {
		/* RFC 2308 §2.2: a no-data answer carries the SOA; without it (nor any proof)
		 * the response only stopped at a CNAME out of the server's zones */
		bool proof_rr = false;
		for (unsigned i = 0; i < m->nrr[DEC_DNS_NS]; i++)
			proof_rr |= m->rr[DEC_DNS_NS][i].type == DEC_DNS_T_NSEC ||
				    m->rr[DEC_DNS_NS][i].type == DEC_DNS_T_NSEC3;
		if (!soa && !proof_rr)
			return;
		denial = DEC_DNSSEC_D_NODATA;
	}
	uint8_t wname[256];
	if (!dec_dnssec_name_wire(dname, wname))
		return;

	struct dnssec_verdict r = { .status = DEC_DNSSEC_INDETERMINATE };
	unsigned proof = 0;
	bool child_unsigned = false;
	/* a DS is the parent's: what is insecure above the child, not the child, decides */
	if (dnssec_insecure_above(v, dtype == DEC_DNS_T_DS ? parent_of(dname) : dname)) {
		r.status = DEC_DNSSEC_INSECURE;
		r.why = DEC_DNSSEC_W_NO_DS;
		dnssec_add_result(d, li, dtype, dname, &r, denial, proof);
		return;
	}
	struct ctx *c = g_new0(struct ctx, 1);
	c->v = v;
	c->m = m;
	c->now = now;
	bool any = collect(c, wname, dtype == DEC_DNS_T_DS);
	if (!c->nn3 && !c->nnsec) {
		/* no proof for this name: RFC 3225 §3 echoes DO, and DNSSEC records in the
		 * answer show it was asked for; then the zone that answered (its SOA, or for a
		 * referral the parent above the cut), when its keys are trusted, had to prove
		 * the denial (RFC 4035 §5.4, §5.2) */
		bool asked = (m->edns && m->edns->dnssec_ok) || any;
		const char *zone = soa_owner ? soa_owner
				   : denial == DEC_DNSSEC_D_NO_DS ? parent_of(dname)
								  : NULL;
		bool unknown_hash = c->n3_unsupported && !c->nsec_seen && !c->n3_seen;
		r.status = asked && !unknown_hash && dnssec_zone_trusted(v, zone)
				   ? DEC_DNSSEC_BOGUS
				   : DEC_DNSSEC_INDETERMINATE;
		r.why = unknown_hash ? DEC_DNSSEC_W_NSEC3_HASH
			: any        ? DEC_DNSSEC_W_NOT_COVERED
				     : DEC_DNSSEC_W_NO_PROOF;
	} else if (c->nn3) {
		proof = DEC_DNSSEC_P_NSEC3;
		if (n3_too_costly(c, &r))
			;
		else if (denial == DEC_DNSSEC_D_NXDOMAIN)
			r = n3_nxdomain(c, wname);
		else if (denial == DEC_DNSSEC_D_NODATA)
			r = n3_nodata(c, wname, dtype, &child_unsigned);
		else
			r = n3_referral(c, wname);
	} else if (c->nnsec) {
		proof = DEC_DNSSEC_P_NSEC;
		if (denial == DEC_DNSSEC_D_NXDOMAIN)
			r = nsec_nxdomain(c, wname);
		else if (denial == DEC_DNSSEC_D_NODATA)
			r = nsec_nodata(c, wname, dtype, &child_unsigned);
		else
			r = nsec_referral(c, wname);
	}
	g_free(c);
	/* RFC 4035 §5.2: a secure proof of no DS at a delegation makes the child unsigned */
	bool no_ds = denial == DEC_DNSSEC_D_NO_DS || child_unsigned;
	if (no_ds && r.status == DEC_DNSSEC_INSECURE)
		dnssec_mark_insecure(v, dname);
	if (child_unsigned && r.status == DEC_DNSSEC_SECURE)
		dnssec_mark_insecure(v, dname);
	dnssec_add_result(d, li, dtype, dname, &r, denial, proof);
}

void
dnssec_wildcard_answer(struct dec_dnssec *v, const struct dec_dns_layer *m,
	const char *owner, struct dnssec_verdict *r, unsigned *proof, int64_t now)
{
	uint8_t w[256];
	size_t wn = dec_dnssec_name_wire(owner, w);
	unsigned nl = wn ? nlabels(w) : 0;
	if (!wn || r->sig_labels >= nl)
		return;
	/* the next closer name: the wildcard's encloser and one label more (RFC 5155 §8.8) */
	const uint8_t *nc = wire_skip(w, nl - r->sig_labels - 1u);
	struct ctx *c = g_new0(struct ctx, 1);
	c->v = v;
	c->m = m;
	c->now = now;
	struct dnssec_verdict p = { .status = DEC_DNSSEC_BOGUS,
		.why = DEC_DNSSEC_W_WILDCARD_ANSWER };
	/* the proof is the signing zone's own: its NSEC3 chain, or NSEC it signed */
	uint8_t sw[256];
	bool signer_ok = r->signer && dec_dnssec_name_wire(r->signer, sw);
	if (signer_ok && collect(c, w, false)) {
		struct prf *cover = NULL;
		if (c->nn3 && wire_eq(c->zone, sw)) {
			*proof = DEC_DNSSEC_P_NSEC3;
			if (!n3_too_costly(c, &p))
				cover = n3_covering(c, nc);
		} else if (c->nnsec) {
			*proof = DEC_DNSSEC_P_NSEC;
			cover = nsec_covering(c, nc);
			const struct dnssec_verdict *cv = cover ? verdict_of(c, cover) : NULL;
			uint8_t cw[256];
			if (cv && (!cv->signer || !dec_dnssec_name_wire(cv->signer, cw) ||
					  !wire_eq(cw, sw)))
				cover = NULL; /* another zone's NSEC */
		}
		if (cover) {
			use(c, cover);
			p = proved(c, DEC_DNSSEC_SECURE, 0);
		}
	}
	g_free(c);
	if (dnssec_rank(p.status) < dnssec_rank(r->status)) {
		r->status = p.status;
		r->why = p.why;
	}
}
