/* bgp.c - BGP-4 (RFC 4271 §4) over TCP 179, and on any port behind its marker: OPEN with
 * optional parameters and capabilities (RFC 5492, RFC 9072 extended lengths), UPDATE with
 * path attributes (RFC 4271 §5, RFC 1997, RFC 4360, RFC 4456, RFC 4760, RFC 6793,
 * RFC 8092) and ADD-PATH identifiers (RFC 7911), NOTIFICATION (RFC 4271 §4.5, shutdown
 * communication RFC 9003, hard reset RFC 8538), KEEPALIVE, ROUTE-REFRESH (RFC 2918,
 * RFC 7313).
 *
 * Message header (RFC 4271 §4.1):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |
 *   +                                                               +
 *   |                           Marker                              |
 *   +                      (16 octets of ones)                      +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Length               |      Type     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * UPDATE (RFC 4271 §4.3):
 *
 *   +-----------------------------------------------------+
 *   |   Withdrawn Routes Length (2 octets)                |
 *   |   Withdrawn Routes (variable)                       |
 *   |   Total Path Attribute Length (2 octets)            |
 *   |   Path Attributes (variable)                        |
 *   |   Network Layer Reachability Information (variable) |
 *   +-----------------------------------------------------+
 *
 * Path attribute: | Attr. Flags | Attr. Type Code | Length (1 octet, or 2 with the
 * Extended Length flag 0x10) | Value |.
 *
 * Design: BGP is a framed protocol over TCP (decode/stream.h). With a reassembler each
 * message is decoded on the packet that completes it and the per-connection state
 * remembers what each side's OPEN advertised: 4-octet AS (RFC 6793 §4: AS_PATH carries
 * 4-byte ASNs only when both sides advertised capability 65), ADD-PATH per AFI/SAFI
 * (RFC 7911 §5: path identifiers appear only where the sender advertised send and the
 * receiver receive), extended messages (RFC 8654). When the OPENs were not captured the
 * decoder guesses from the bytes: an AS_PATH is read with the ASN size whose segments tile
 * the attribute exactly (fewer zero ASNs wins a tie, RFC 7607 makes AS 0 invalid; when
 * neither does, the one whose sound segments reach further), and
 * NLRI with path identifiers only when plain prefixes do not tile or imply default routes
 * in a row. Without a reassembler the whole messages inside each segment are decoded.
 *
 * Malformed input degrades as RFC 7606 asks a speaker to: a bad attribute value is an
 * event and the attribute is left out (treat-as-withdraw keeps the rest of the UPDATE),
 * an attribute whose length runs past the attributes ends the attribute walk, a length
 * that breaks the message framing ends the message. Every loop advances by at least a
 * header per item, so zero lengths cannot spin.
 */
#include "decode/bgp.h"

#include <stdio.h>

#include "decode/decoders.h"
#include "decode/stream.h"

#define BGP_HDR_LEN	  19
#define BGP_MAX_LEN	  4096	/* RFC 4271 §4.1 */
#define BGP_MARKER_LEN	  16

/* What one connection's OPENs said, per direction (0: the side that opened it). */
struct bgp_conn {
	bool open_seen[2];
	bool as4[2];
	bool ext_msg[2];
	uint8_t naddpath[2];
	struct dec_bgp_af addpath[2][DEC_BGP_MAX_AFS];
};

/* Tri-state for what a session negotiated: the OPENs say no, yes, or were not seen. */
enum { NEG_NO = 0, NEG_YES = 1, NEG_UNKNOWN = -1 };

static bool
is_marker(const uint8_t *p)
{
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (p[i] != 0xFF)
			return false;
	return true;
}

/* The first min(n, 16) bytes are ones. */
static bool
is_marker_prefix(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < BGP_MARKER_LEN && i < n; i++)
		if (p[i] != 0xFF)
			return false;
	return true;
}

/* A plausible header at p (n bytes): marker, length 19 or more, type 1..5. Bytes not
 * there are not held against it, so a header cut by the segment end still counts. */
static bool
header_plausible(const uint8_t *p, size_t n)
{
	if (!is_marker_prefix(p, n))
		return false;
	if (n >= 18 && ((unsigned)p[16] << 8 | p[17]) < BGP_HDR_LEN)
		return false;
	if (n >= 19 && (p[18] < DEC_BGP_OPEN || p[18] > DEC_BGP_ROUTE_REFRESH))
		return false;
	return true;
}

static long
bgp_frame(const uint8_t *p, size_t n, void *conn)
{
	(void)conn;
	if (!is_marker_prefix(p, n))
		return -1;
	if (n < BGP_HDR_LEN)
		return 0;
	unsigned len = (unsigned)p[16] << 8 | p[17];
	if (len < BGP_HDR_LEN)
		return -1;
	return (long)len;
}

static long
bgp_resync(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == 0xFF && header_plausible(p + i, n - i))
			return (long)i;
	return -1;
}

/* Off port 179: a segment that starts with the whole 16-byte marker (RFC 4271 §4.1), and
 * with a plausible length and type when those are in it too. A header whose marker is
 * itself split across segments is not recognised: finding it would mean buffering every
 * unclaimed stream. */
bool
dec_probe_bgp(const struct cur *c)
{
	size_t n = cur_left(c);
	if (n < 16)
		return false;
	const uint8_t *p = cur_here(c);
	return is_marker(p) && header_plausible(p, n < BGP_HDR_LEN ? n : BGP_HDR_LEN);
}

/* ---- per-connection knowledge ------------------------------------------------------ */

static int
conn_as4(const struct bgp_conn *k)
{
	if (!k)
		return NEG_UNKNOWN;
	if ((k->open_seen[0] && !k->as4[0]) || (k->open_seen[1] && !k->as4[1]))
		return NEG_NO;
	if (k->open_seen[0] && k->open_seen[1])
		return NEG_YES;
	return NEG_UNKNOWN;
}

static uint8_t
addpath_flags(const struct bgp_conn *k, int dir, uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < k->naddpath[dir]; i++)
		if (k->addpath[dir][i].afi == afi && k->addpath[dir][i].safi == safi)
			return k->addpath[dir][i].flags;
	return 0;
}

/* RFC 7911 §5: the sender (dir) must have advertised send (2), the receiver receive (1). */
static int
conn_addpath(const struct bgp_conn *k, int dir, uint16_t afi, uint8_t safi)
{
	if (!k)
		return NEG_UNKNOWN;
	if (k->open_seen[dir] && !(addpath_flags(k, dir, afi, safi) & 2))
		return NEG_NO;
	if (k->open_seen[!dir] && !(addpath_flags(k, !dir, afi, safi) & 1))
		return NEG_NO;
	if (k->open_seen[0] && k->open_seen[1])
		return NEG_YES;
	return NEG_UNKNOWN;
}

/* ---- prefixes (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3) ---------------------------- */

enum { PFX_OK, PFX_TOO_LONG, PFX_SHORT };

static int
prefix_read(struct cur *c, uint8_t family, bool path_id, struct dec_bgp_prefix *out)
{
	unsigned max = family == 6 ? 128 : 32;
	memset(out, 0, sizeof(*out));
	if (path_id)
		out->path_id = cur_be32(c);
	out->plen = cur_u8(c);
	if (c->bad)
		return PFX_SHORT;
	if (out->plen > max)
		return PFX_TOO_LONG;
	size_t bytes = ((size_t)out->plen + 7) / 8;
	cur_copy(c, out->addr, bytes);
	if (c->bad)
		return PFX_SHORT;
	/* bits past the length are not part of the prefix (RFC 4271 §4.3 "trailing bits") */
	if (out->plen % 8)
		out->addr[bytes - 1] &= (uint8_t)(0xFF << (8 - out->plen % 8));
	return PFX_OK;
}

bool
dec_bgp_prefix_next(struct cur *it, const struct dec_bgp_nlri *n, struct dec_bgp_prefix *out)
{
	if (cur_left(it) == 0)
		return false;
	return prefix_read(it, n->family, n->path_id, out) == PFX_OK;
}

struct nlri_scan {
	int rc;            /* PFX_ of the first bad prefix, PFX_OK when all tile */
	size_t good;       /* bytes of sound prefixes before it */
	size_t count;
	size_t zero;       /* prefixes of length 0 */
	size_t bad_at;     /* offset of the bad prefix in the run */
	unsigned bad_plen;
};

static struct nlri_scan
nlri_scan(struct cur c, uint8_t family, bool path_id)
{
	struct nlri_scan s = { 0 };
	size_t start = c.pos;
	struct dec_bgp_prefix p;
	while (cur_left(&c) > 0) {
		size_t at = c.pos;
		int rc = prefix_read(&c, family, path_id, &p);
		if (rc != PFX_OK) {
			s.rc = rc;
			s.bad_at = at - start;
			s.bad_plen = p.plen;
			return s;
		}
		s.good = c.pos - start;
		s.count++;
		if (p.plen == 0)
			s.zero++;
	}
	return s;
}

/* Validates the prefixes in c into n; an event names the first bad one, and n keeps the
 * ones before it. addpath is a NEG_ value; unknown is settled by the bytes. */
static void
nlri_decode(struct dec *d, struct cur c, uint8_t family, int addpath, const char *what,
	struct dec_bgp_nlri *n)
{
	bool path_id = addpath == NEG_YES;
	struct nlri_scan s = nlri_scan(c, family, path_id);
	if (addpath == NEG_UNKNOWN) {
		/* A path identifier read as prefixes gives /0s (ids are small numbers) or a
		 * length past the family; real NLRI holds at most one default route. */
		bool plain_ok = s.rc == PFX_OK && s.zero <= (s.count > 1 ? 0 : 1);
		if (!plain_ok) {
			struct nlri_scan t = nlri_scan(c, family, true);
			if (t.rc == PFX_OK && t.count > 0 && t.zero < t.count) {
				s = t;
				path_id = true;
			}
		}
	}
	n->p = cur_here(&c);
	n->family = family;
	n->path_id = path_id;
	n->len = (uint16_t)s.good;
	n->count = (uint16_t)s.count;
	if (s.rc == PFX_TOO_LONG)
		dec_err(d, cur_off(&c) + s.bad_at + (path_id ? 4 : 0), DEC_E_BGP_PREFIX,
			"%s prefix length %u over %u", what, s.bad_plen, family == 6 ? 128 : 32);
	else if (s.rc == PFX_SHORT)
		dec_err(d, cur_off(&c) + s.bad_at, DEC_E_BGP_PREFIX,
			"%s prefix past the end (%zu bytes left)", what, cur_left(&c) - s.bad_at);
}

/* ---- AS_PATH / AS4_PATH (RFC 4271 §4.3, RFC 5065 §3, RFC 6793 §3) ------------------ */

/* Bytes of whole sound segments from the start of p; *zeros counts ASN 0. A segment is
 * sound with a type 1..4 and a count of at least 1 (RFC 7606 §7.2). */
static size_t
aspath_tiles(const uint8_t *p, size_t n, unsigned size, size_t *zeros)
{
	size_t i = 0;
	*zeros = 0;
	while (n - i >= 2) {
		uint8_t type = p[i], count = p[i + 1];
		if (type < 1 || type > 4 || count == 0 || (n - i - 2) / size < count)
			break;
		for (size_t k = 0; k < count; k++) {
			const uint8_t *a = p + i + 2 + k * size;
			if (size == 4 ? !(a[0] | a[1] | a[2] | a[3]) : !(a[0] | a[1]))
				(*zeros)++;
		}
		i += 2 + (size_t)count * size;
	}
	return i;
}

static void
aspath_decode(struct dec *d, struct cur v, size_t at, int as4, const char *name,
	struct dec_bgp_aspath *ap)
{
	const uint8_t *p = cur_here(&v);
	size_t n = cur_left(&v), z2, z4;
	size_t t2 = aspath_tiles(p, n, 2, &z2);
	size_t t4 = aspath_tiles(p, n, 4, &z4);
	unsigned size;
	if (as4 == NEG_YES)
		size = 4;
	else if (as4 == NEG_NO)
		size = 2;
	else if (t4 == n && t2 == n)
		size = z4 <= z2 ? 4 : 2;
	else if (t2 == n || t4 == n)
		size = t2 == n ? 2 : 4;
	else
		/* neither tiles (malformed, RFC 7606 §7.2): the size whose sound segments
		 * reach further, so what is shown and where the event points make sense;
		 * 4 on a tie */
		size = t2 > t4 ? 2 : 4;
	ap->p = p;
	ap->asn_size = (uint8_t)size;
	ap->guessed = as4 == NEG_UNKNOWN;
	size_t good = size == 4 ? t4 : t2;
	ap->len = (uint16_t)good;
	if (good != n)
		dec_err(d, at + good, DEC_E_BGP_ATTR,
			"malformed %s segment at byte %zu of %zu (%u-byte ASNs)", name, good, n,
			size);
}

/* ---- path attributes (RFC 4271 §4.3, §5; RFC 7606) --------------------------------- */

static const char *
attr_label(uint8_t type, char *buf, size_t n)
{
	const char *s = dec_bgp_attr_name(type);
	if (s)
		return s;
	snprintf(buf, n, "attribute %u", type);
	return buf;
}

/* Checks an attribute's length against what its type requires; false (and an event) when
 * it does not fit. mult: a non-zero multiple of it; else exactly exact. */
static bool
attr_len_ok(struct dec *d, size_t at, uint8_t type, size_t len, size_t exact, size_t mult)
{
	char buf[24];
	if (mult ? len > 0 && len % mult == 0 : len == exact)
		return true;
	if (mult)
		dec_err(d, at, DEC_E_BGP_ATTR, "%s length %zu not a non-zero multiple of %zu",
			attr_label(type, buf, sizeof(buf)), len, mult);
	else
		dec_err(d, at, DEC_E_BGP_ATTR, "%s length %zu, must be %zu",
			attr_label(type, buf, sizeof(buf)), len, exact);
	return false;
}

static bool
is_unicast(uint16_t afi, uint8_t safi)
{
	return (afi == 1 || afi == 2) && safi == 1;
}

/* MP_REACH_NLRI (RFC 4760 §3):
 *   | AFI (2) | SAFI (1) | Length of Next Hop (1) | Next Hop (var) | Reserved (1) | NLRI | */
static void
mp_reach(struct dec *d, struct dec_bgp_update *u, struct cur v, size_t at,
	const struct bgp_conn *k, int dir)
{
	struct dec_bgp_mp *mp = &u->mp_reach;
	mp->afi = cur_be16(&v);
	mp->safi = cur_u8(&v);
	mp->nh_len = cur_u8(&v);
	if (v.bad) {
		dec_err(d, at, DEC_E_BGP_ATTR, "MP_REACH_NLRI length %zu below 5", v.len);
		return;
	}
	mp->nh = cur_take(&v, mp->nh_len);
	cur_skip(&v, 1);
	if (v.bad) {
		dec_err(d, at + 3, DEC_E_BGP_ATTR, "MP_REACH_NLRI next hop length %u past the "
			"attribute (%zu bytes)", mp->nh_len, v.len);
		mp->nh = NULL;
		mp->nh_len = 0;
		return;
	}
	u->present |= DEC_BGP_HAS_MP_REACH;
	mp->nlri_len = (uint16_t)cur_left(&v);
	if (!is_unicast(mp->afi, mp->safi))
		return;
	mp->unicast = true;
	nlri_decode(d, v, mp->afi == 2 ? 6 : 4, conn_addpath(k, dir, mp->afi, mp->safi),
		"MP_REACH_NLRI", &mp->nlri);
}

/* MP_UNREACH_NLRI (RFC 4760 §4): | AFI (2) | SAFI (1) | Withdrawn Routes | */
static void
mp_unreach(struct dec *d, struct dec_bgp_update *u, struct cur v, size_t at,
	const struct bgp_conn *k, int dir)
{
	struct dec_bgp_mp *mp = &u->mp_unreach;
	mp->afi = cur_be16(&v);
	mp->safi = cur_u8(&v);
	if (v.bad) {
		dec_err(d, at, DEC_E_BGP_ATTR, "MP_UNREACH_NLRI length %zu below 3", v.len);
		return;
	}
	u->present |= DEC_BGP_HAS_MP_UNREACH;
	mp->nlri_len = (uint16_t)cur_left(&v);
	if (!is_unicast(mp->afi, mp->safi))
		return;
	mp->unicast = true;
	nlri_decode(d, v, mp->afi == 2 ? 6 : 4, conn_addpath(k, dir, mp->afi, mp->safi),
		"MP_UNREACH_NLRI", &mp->nlri);
}

static void
aggregator(struct dec *d, struct cur v, size_t at, uint8_t type, bool as4_only,
	struct dec_bgp_aggregator *ag, uint32_t *present, uint32_t bit)
{
	size_t len = cur_left(&v);
	/* RFC 6793 §4.2.3: AGGREGATOR is 6 bytes between OLD speakers, 8 between NEW ones;
	 * the length says which, whatever the OPENs said */
	if (len == 8 || (len == 6 && !as4_only)) {
		ag->as = len == 8 ? cur_be32(&v) : cur_be16(&v);
		cur_copy(&v, ag->id, 4);
		*present |= bit;
		return;
	}
	attr_len_ok(d, at, type, len, 8, 0);
}

/* One attribute's value (v covers exactly it; at is the frame offset of its header). */
static void
attr_value(struct dec *d, struct dec_bgp_update *u, uint8_t flags, uint8_t type, struct cur v,
	size_t at, const struct bgp_conn *k, int dir)
{
	size_t len = cur_left(&v);
	size_t vat = cur_off(&v);
	switch (type) {
	case BGP_ATTR_ORIGIN:
		if (!attr_len_ok(d, at, type, len, 1, 0))
			return;
		u->origin = cur_u8(&v);
		if (u->origin > 2) {
			dec_err(d, vat, DEC_E_BGP_ATTR, "ORIGIN %u undefined", u->origin);
			return;
		}
		u->present |= DEC_BGP_HAS_ORIGIN;
		break;
	case BGP_ATTR_AS_PATH:
		aspath_decode(d, v, vat, conn_as4(k), "AS_PATH", &u->as_path);
		u->present |= DEC_BGP_HAS_AS_PATH;
		break;
	case BGP_ATTR_AS4_PATH:
		aspath_decode(d, v, vat, NEG_YES, "AS4_PATH", &u->as4_path);
		u->as4_path.guessed = false;
		u->present |= DEC_BGP_HAS_AS4_PATH;
		break;
	case BGP_ATTR_NEXT_HOP:
		if (!attr_len_ok(d, at, type, len, 4, 0))
			return;
		cur_copy(&v, u->next_hop, 4);
		u->present |= DEC_BGP_HAS_NEXT_HOP;
		break;
	case BGP_ATTR_MULTI_EXIT_DISC:
		if (!attr_len_ok(d, at, type, len, 4, 0))
			return;
		u->med = cur_be32(&v);
		u->present |= DEC_BGP_HAS_MED;
		break;
	case BGP_ATTR_LOCAL_PREF:
		if (!attr_len_ok(d, at, type, len, 4, 0))
			return;
		u->local_pref = cur_be32(&v);
		u->present |= DEC_BGP_HAS_LOCAL_PREF;
		break;
	case BGP_ATTR_ATOMIC_AGGREGATE:
		if (!attr_len_ok(d, at, type, len, 0, 0))
			return;
		u->present |= DEC_BGP_HAS_ATOMIC;
		break;
	case BGP_ATTR_AGGREGATOR:
		aggregator(d, v, at, type, false, &u->aggregator, &u->present,
			DEC_BGP_HAS_AGGREGATOR);
		break;
	case BGP_ATTR_AS4_AGGREGATOR:
		aggregator(d, v, at, type, true, &u->as4_aggregator, &u->present,
			DEC_BGP_HAS_AS4_AGGREGATOR);
		break;
	case BGP_ATTR_COMMUNITIES:
		if (!attr_len_ok(d, at, type, len, 0, 4))
			return;
		u->comms = cur_here(&v);
		u->ncomms = (uint16_t)(len / 4);
		u->present |= DEC_BGP_HAS_COMMUNITIES;
		break;
	case BGP_ATTR_EXT_COMMUNITIES:
		if (!attr_len_ok(d, at, type, len, 0, 8))
			return;
		u->ext_comms = cur_here(&v);
		u->next = (uint16_t)(len / 8);
		u->present |= DEC_BGP_HAS_EXT_COMM;
		break;
	case BGP_ATTR_LARGE_COMMUNITY:
		if (!attr_len_ok(d, at, type, len, 0, 12))
			return;
		u->large_comms = cur_here(&v);
		u->nlarge = (uint16_t)(len / 12);
		u->present |= DEC_BGP_HAS_LARGE_COMM;
		break;
	case BGP_ATTR_ORIGINATOR_ID:
		if (!attr_len_ok(d, at, type, len, 4, 0))
			return;
		cur_copy(&v, u->originator, 4);
		u->present |= DEC_BGP_HAS_ORIGINATOR;
		break;
	case BGP_ATTR_CLUSTER_LIST:
		if (!attr_len_ok(d, at, type, len, 0, 4))
			return;
		u->cluster = cur_here(&v);
		u->ncluster = (uint16_t)(len / 4);
		u->present |= DEC_BGP_HAS_CLUSTER;
		break;
	case BGP_ATTR_MP_REACH_NLRI:
		mp_reach(d, u, v, at, k, dir);
		break;
	case BGP_ATTR_MP_UNREACH_NLRI:
		mp_unreach(d, u, v, at, k, dir);
		break;
	default:
		if (u->nother == DEC_BGP_MAX_OTHER) {
			if (u->other_lost++ == 0)
				dec_err(d, at, DEC_E_BGP_TOO_MANY,
					"more than %d other attributes in an UPDATE",
					DEC_BGP_MAX_OTHER);
			return;
		}
		u->other[u->nother].type = type;
		u->other[u->nother].flags = flags;
		u->other[u->nother].len = (uint16_t)len;
		u->nother++;
		break;
	}
}

static void
attributes(struct dec *d, struct dec_bgp_update *u, struct cur a, const struct bgp_conn *k,
	int dir)
{
	uint32_t seen[8] = { 0 };
	char buf[24];
	while (cur_left(&a) > 0) {
		size_t at = cur_off(&a), left = cur_left(&a);
		uint8_t flags = cur_u8(&a);
		uint8_t type = cur_u8(&a);
		size_t len = flags & 0x10 ? cur_be16(&a) : cur_u8(&a);
		if (a.bad) {
			dec_err(d, at, DEC_E_BGP_ATTR_LEN, "attribute header past the end (%zu "
				"bytes left)", left);
			u->attrs_bad = true;
			return;
		}
		if (len > cur_left(&a)) {
			dec_err(d, at, DEC_E_BGP_ATTR_LEN, "%s length %zu, %zu bytes left",
				attr_label(type, buf, sizeof(buf)), len, cur_left(&a));
			u->attrs_bad = true;
			return;
		}
		struct cur v = cur_sub(&a, len);
		/* RFC 7606 §3.g: a repeated attribute is discarded (MP_REACH/MP_UNREACH
		 * twice would reset the session; the first one is still what was sent) */
		if (seen[type / 32] & 1u << (type % 32)) {
			dec_err(d, at, DEC_E_BGP_DUP_ATTR, "%s repeated",
				attr_label(type, buf, sizeof(buf)));
			continue;
		}
		seen[type / 32] |= 1u << (type % 32);
		attr_value(d, u, flags, type, v, at, k, dir);
	}
}

/* ---- messages --------------------------------------------------------------------- */

static void
update_decode(struct dec *d, struct dec_bgp_msg *m, struct cur b, const struct bgp_conn *k,
	int dir)
{
	struct dec_bgp_update *u = dec_alloc(d, sizeof(*u));
	if (!u)
		return;
	m->u.update = u;
	size_t at = cur_off(&b);
	uint16_t wlen = cur_be16(&b);
	if (wlen > cur_left(&b)) {
		dec_err(d, at, DEC_E_BGP_WITHDRAWN_LEN, "withdrawn routes length %u, %zu bytes "
			"left", wlen, cur_left(&b));
		return;
	}
	nlri_decode(d, cur_sub(&b, wlen), 4, conn_addpath(k, dir, 1, 1), "withdrawn",
		&u->withdrawn);
	at = cur_off(&b);
	uint16_t alen = cur_be16(&b);
	if (b.bad) {
		dec_err(d, at, DEC_E_BGP_ATTR_LEN, "no room for the path attribute length");
		return;
	}
	if (alen > cur_left(&b)) {
		dec_err(d, at, DEC_E_BGP_ATTR_LEN, "path attributes length %u, %zu bytes left",
			alen, cur_left(&b));
		/* the attributes that are there are still what the peer sent */
		attributes(d, u, cur_rest(&b), k, dir);
		u->attrs_bad = true;
		return;
	}
	attributes(d, u, cur_sub(&b, alen), k, dir);
	nlri_decode(d, cur_rest(&b), 4, conn_addpath(k, dir, 1, 1), "NLRI", &u->nlri);
}

/* Capability values (RFC 5492 §4 and each capability's RFC). count_only: the first pass,
 * which only counts the capabilities. */
static void
capability(struct dec *d, struct dec_bgp_open *o, struct dec_bgp_cap *cap, struct cur v)
{
	size_t len = cur_left(&v);
	cap->data = cur_here(&v);
	switch (cap->code) {
	case 1: /* multiprotocol, RFC 4760 §8: AFI (2), reserved, SAFI */
		if (len != 4) {
			cap->bad = true;
			break;
		}
		cap->afi = cur_be16(&v);
		cur_skip(&v, 1);
		cap->safi = cur_u8(&v);
		break;
	case 2:   /* route refresh, RFC 2918 §2 */
	case 6:   /* extended message, RFC 8654 §3 */
	case 70:  /* enhanced route refresh, RFC 7313 §3.1 */
	case 128: /* pre-standard route refresh */
		cap->bad = len != 0;
		break;
	case 65: /* 4-octet AS, RFC 6793 §3 */
		if (len != 4) {
			cap->bad = true;
			break;
		}
		cap->as = cur_be32(&v);
		o->as4 = true;
		o->as4_asn = cap->as;
		break;
	case 64: /* graceful restart, RFC 4724 §3: flags and time, then (AFI, SAFI, flags) */
	case 69: /* add-path, RFC 7911 §4: (AFI, SAFI, send/receive) */
	case 71: /* long-lived GR, RFC 9494 §3: (AFI, SAFI, flags, stale time (3)) */
	{
		size_t head = cap->code == 64 ? 2 : 0, each = cap->code == 71 ? 7 : 4;
		if (len < head || (len - head) % each) {
			cap->bad = true;
			break;
		}
		if (cap->code == 64) {
			uint16_t ft = cur_be16(&v);
			cap->gr_flags = (uint8_t)(ft >> 12);
			cap->gr_time = ft & 0x0FFF;
		}
		size_t n = (len - head) / each;
		if (n > DEC_BGP_MAX_AFS)
			n = DEC_BGP_MAX_AFS;
		if (n && !(cap->af = dec_alloc(d, n * sizeof(*cap->af))))
			break;
		for (size_t i = 0; i < n; i++) {
			cap->af[i].afi = cur_be16(&v);
			cap->af[i].safi = cur_u8(&v);
			cap->af[i].flags = cur_u8(&v);
			if (cap->code == 71)
				cap->af[i].stale = cur_be24(&v);
		}
		cap->naf = (uint8_t)n;
		break;
	}
	case 73: { /* FQDN (draft-walton-bgp-hostname-capability): len host, len domain */
		uint8_t hl = cur_u8(&v);
		cur_skip(&v, hl);
		uint8_t dl = cur_u8(&v);
		cur_skip(&v, dl);
		cap->bad = v.bad;
		break;
	}
	default:
		break;
	}
}

/* Optional parameters (RFC 4271 §4.2, RFC 9072 §2): | Type (1) | Length (1 or 2) | Value |
 * and inside a Capabilities parameter (type 2) | Code (1) | Length (1) | Value |. With
 * caps NULL only counts the capabilities, silently. */
static size_t
open_params(struct dec *d, struct dec_bgp_open *o, struct cur p, bool ext,
	struct dec_bgp_cap *caps, size_t cap_max)
{
	size_t n = 0;
	bool record = caps != NULL;
	while (cur_left(&p) > 0) {
		size_t at = cur_off(&p);
		uint8_t type = cur_u8(&p);
		size_t len = ext ? cur_be16(&p) : cur_u8(&p);
		if (p.bad || len > cur_left(&p)) {
			if (record)
				dec_err(d, at, DEC_E_BGP_OPT_LEN, "optional parameter %u length "
					"%zu past the parameters (%zu left)", type, len,
					cur_left(&p));
			break;
		}
		struct cur v = cur_sub(&p, len);
		if (type != 2) {
			if (record)
				o->nparams_other++;
			continue;
		}
		while (cur_left(&v) > 0) {
			size_t cat = cur_off(&v);
			uint8_t code = cur_u8(&v);
			uint8_t clen = cur_u8(&v);
			if (v.bad || clen > cur_left(&v)) {
				if (record)
					dec_err(d, cat, DEC_E_BGP_OPT_LEN, "capability %u length %u "
						"past its parameter", code, clen);
				break;
			}
			struct cur cv = cur_sub(&v, clen);
			if (n == cap_max) {
				if (record && o->caps_lost++ == 0)
					dec_err(d, cat, DEC_E_BGP_TOO_MANY,
						"more than %d capabilities", DEC_BGP_MAX_CAPS);
				continue;
			}
			if (record) {
				struct dec_bgp_cap *cap = &caps[n];
				cap->code = code;
				cap->len = clen;
				capability(d, o, cap, cv);
				if (cap->bad)
					dec_err(d, cat, DEC_E_BGP_OPT_LEN, "capability %u length "
						"%u not of its shape", code, clen);
			}
			n++;
		}
	}
	return n;
}

/* OPEN (RFC 4271 §4.2):
 *   | Version (1) | My Autonomous System (2) | Hold Time (2) | BGP Identifier (4) |
 *   | Opt Parm Len (1) | Optional Parameters (variable) |
 * RFC 9072 §2: Opt Parm Len 255 and a first parameter type 255 announce a 2-byte
 * Extended Opt. Parm. Length and 2-byte parameter lengths. */
static void
open_decode(struct dec *d, struct dec_bgp_msg *m, struct cur b, struct bgp_conn *k, int dir)
{
	struct dec_bgp_open *o = dec_alloc(d, sizeof(*o));
	if (!o)
		return;
	m->u.open = o;
	o->version = cur_u8(&b);
	o->my_as = cur_be16(&b);
	o->hold = cur_be16(&b);
	cur_copy(&b, o->id, 4);
	size_t at = cur_off(&b);
	o->opt_len = cur_u8(&b);
	if (o->opt_len == 255 && cur_peek(&b, 0) == 255) {
		cur_skip(&b, 1);
		o->opt_len = cur_be16(&b);
		o->ext_opt = true;
	}
	if (o->opt_len > cur_left(&b)) {
		dec_err(d, at, DEC_E_BGP_OPT_LEN, "optional parameters length %u, %zu bytes "
			"left", o->opt_len, cur_left(&b));
	}
	struct cur p = cur_sub(&b, o->opt_len);
	size_t n = open_params(d, o, p, o->ext_opt, NULL, DEC_BGP_MAX_CAPS);
	if (n && (o->caps = dec_alloc(d, n * sizeof(*o->caps))))
		o->ncaps = (uint16_t)open_params(d, o, p, o->ext_opt, o->caps, n);
	if (!k)
		return;
	/* what this side advertised, for the UPDATEs that follow (RFC 6793 §4, RFC 7911 §5) */
	k->open_seen[dir] = true;
	k->as4[dir] = o->as4;
	k->ext_msg[dir] = false;
	k->naddpath[dir] = 0;
	for (unsigned i = 0; i < o->ncaps; i++) {
		const struct dec_bgp_cap *cap = &o->caps[i];
		if (cap->code == 6 && !cap->bad)
			k->ext_msg[dir] = true;
		if (cap->code != 69 || cap->bad)
			continue;
		for (unsigned j = 0; j < cap->naf && k->naddpath[dir] < DEC_BGP_MAX_AFS; j++)
			k->addpath[dir][k->naddpath[dir]++] = cap->af[j];
	}
}

/* NOTIFICATION (RFC 4271 §4.5): | Error code (1) | Error subcode (1) | Data (variable) | */
static void
notification_decode(struct dec *d, struct dec_bgp_msg *m, struct cur b)
{
	struct dec_bgp_notification *nt = &m->u.notif;
	nt->code = cur_u8(&b);
	nt->subcode = cur_u8(&b);
	nt->data_len = (uint16_t)cur_left(&b);
	nt->data = cur_here(&b);
	if (nt->code != 6 || nt->data_len == 0)
		return;
	if (nt->subcode == 2 || nt->subcode == 4) {
		/* RFC 9003 §2: | Length (1) | Shutdown Communication (UTF-8, up to 255) | */
		size_t at = cur_off(&b);
		uint8_t tl = cur_u8(&b);
		if (tl > cur_left(&b)) {
			dec_err(d, at, DEC_E_BGP_NOTIFY_DATA, "shutdown communication length %u, "
				"%zu bytes left", tl, cur_left(&b));
			return;
		}
		nt->has_text = true;
		nt->text_len = tl;
		nt->text = cur_take(&b, tl);
	} else if (nt->subcode == 9 && nt->data_len >= 2) {
		/* RFC 8538 §3: the Hard Reset carries the NOTIFICATION that caused it */
		nt->hard_reset = true;
		nt->inner_code = cur_u8(&b);
		nt->inner_subcode = cur_u8(&b);
	}
}

/* ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2): | AFI (2) | Subtype (1) | SAFI (1) | */
static void
refresh_decode(struct dec *d, struct dec_bgp_msg *m, struct cur b)
{
	struct dec_bgp_refresh *r = &m->u.refresh;
	r->afi = cur_be16(&b);
	r->subtype = cur_u8(&b);
	r->safi = cur_u8(&b);
	r->orf_len = (uint16_t)cur_left(&b);
	/* RFC 7313 §5: BoRR and EoRR are exactly 23 bytes */
	if (r->subtype != 0 && r->orf_len)
		dec_err(d, m->off + 16, DEC_E_BGP_MSG_LEN, "%s ROUTE-REFRESH of %u bytes, must "
			"be 23", r->subtype == 1 ? "BoRR" : "EoRR", m->len);
}

static struct dec_layer *
bgp_layer(struct dec *d, const struct cur *c)
{
	if (d->nlayers > 0 && d->layers[d->nlayers - 1].proto == DEC_P_BGP)
		return &d->layers[d->nlayers - 1];
	return dec_layer_add(d, DEC_P_BGP, c);
}

/* The layer covers its messages, never past the captured bytes. */
static void
layer_extend(const struct dec *d, struct dec_layer *l, size_t end)
{
	if (end > d->caplen)
		end = d->caplen;
	if (end > l->off && end - l->off > l->len)
		l->len = (uint32_t)(end - l->off);
}

/* The minimum length of each message type (RFC 4271 §4.2-4.5, RFC 2918 §3). */
static size_t
type_min_len(uint8_t type)
{
	switch (type) {
	case DEC_BGP_OPEN:
		return 29;
	case DEC_BGP_UPDATE:
		return 23;
	case DEC_BGP_NOTIFICATION:
		return 21;
	case DEC_BGP_ROUTE_REFRESH:
		return 23;
	default:
		return BGP_HDR_LEN;
	}
}

static void
bgp_message(struct dec *d, struct cur *c, void *conn, int dir)
{
	struct bgp_conn *k = conn;
	struct dec_layer *l = bgp_layer(d, c);
	if (!l)
		return;
	struct dec_bgp_layer *bl = &l->u.bgp;
	size_t at = cur_off(c);
	layer_extend(d, l, at + cur_left(c));
	if (bl->nmsgs == DEC_BGP_MAX_MSGS) {
		if (bl->msgs_lost++ == 0)
			dec_err(d, at, DEC_E_BGP_TOO_MANY, "more than %d BGP messages in a packet",
				DEC_BGP_MAX_MSGS);
		return;
	}
	const uint8_t *marker = cur_take(c, BGP_MARKER_LEN);
	uint16_t len = cur_be16(c);
	uint8_t type = cur_u8(c);
	if (c->bad) {
		dec_truncated(d, l, BGP_HDR_LEN, c->len);
		return;
	}
	/* RFC 4271 §6.1: a marker not all ones is "Connection Not Synchronized" */
	if (!is_marker(marker))
		dec_err(d, at, DEC_E_BGP_MARKER, "marker not all ones");
	struct dec_bgp_msg *m = dec_alloc(d, sizeof(*m));
	if (!m)
		return;
	m->off = (uint32_t)at;
	m->len = len;
	m->type = type;
	if (bl->last)
		bl->last->next = m;
	else
		bl->msgs = m;
	bl->last = m;
	bl->nmsgs++;
	if (type < DEC_BGP_OPEN || type > DEC_BGP_ROUTE_REFRESH) {
		dec_err(d, at + 18, DEC_E_BGP_TYPE, "message type %u", type);
		return;
	}
	if (len < type_min_len(type) || (type == DEC_BGP_KEEPALIVE && len != BGP_HDR_LEN)) {
		dec_err(d, at + 16, DEC_E_BGP_MSG_LEN, "%s length %u, %s %zu",
			dec_bgp_type_name(type), len, type == DEC_BGP_KEEPALIVE ? "must be" :
			"minimum", type_min_len(type));
		return;
	}
	/* RFC 8654 §4: only where both OPENs carried the extended message capability may a
	 * message (never an OPEN or KEEPALIVE) pass 4096 bytes */
	if (len > BGP_MAX_LEN && (type == DEC_BGP_OPEN ||
		(k && k->open_seen[0] && k->open_seen[1] && !(k->ext_msg[0] && k->ext_msg[1]))))
		dec_err(d, at + 16, DEC_E_BGP_MSG_LEN, "%s length %u over %d without extended "
			"messages", dec_bgp_type_name(type), len, BGP_MAX_LEN);
	struct cur b = cur_rest(c);
	switch (type) {
	case DEC_BGP_OPEN:
		open_decode(d, m, b, k, dir);
		break;
	case DEC_BGP_UPDATE:
		update_decode(d, m, b, k, dir);
		break;
	case DEC_BGP_NOTIFICATION:
		notification_decode(d, m, b);
		break;
	case DEC_BGP_ROUTE_REFRESH:
		refresh_decode(d, m, b);
		break;
	default:
		break;
	}
}

/* A header no byte of which is in doubt: the whole 16-byte marker of ones, a type RFC 4271
 * §4.1 (or RFC 2918) assigns and a length within that type's bounds: OPEN 29 or more,
 * UPDATE 23 or more, NOTIFICATION 21 or more, KEEPALIVE exactly 19 (§4.4), ROUTE-REFRESH
 * exactly 23 (RFC 2918 §3); at most 65535 (RFC 8654's extended messages). Sixteen 0xFF
 * bytes followed by such a length and type inside other data are not a risk worth
 * waiting for: the marker exists to find message boundaries. */
static bool
bgp_certain(const uint8_t *p, size_t n)
{
	if (n < BGP_HDR_LEN || !is_marker(p))
		return false;
	unsigned len = (unsigned)p[16] << 8 | p[17];
	switch (p[18]) {
	case DEC_BGP_OPEN:
		return len >= 29;
	case DEC_BGP_UPDATE:
		return len >= 23;
	case DEC_BGP_NOTIFICATION:
		return len >= 21;
	case DEC_BGP_KEEPALIVE:
		return len == BGP_HDR_LEN;
	case DEC_BGP_ROUTE_REFRESH:
		return len == 23;
	default:
		return false;
	}
}

/* The start of a message that will never complete (decode/stream.h): what of its header
 * is whole is recorded as the layer's partial message. */
static void
bgp_partial(struct dec *d, struct cur *c, void *conn, int dir)
{
	(void)conn;
	(void)dir;
	size_t n = cur_left(c);
	if (n == 0 || !is_marker_prefix(cur_here(c), n))
		return;
	struct dec_layer *l = bgp_layer(d, c);
	if (!l)
		return;
	struct dec_bgp_layer *bl = &l->u.bgp;
	const uint8_t *p = cur_here(c);
	bl->has_partial = true;
	bl->partial_have = (uint32_t)n;
	if (n >= BGP_HDR_LEN) {
		bl->partial_len = (uint16_t)(p[16] << 8 | p[17]);
		bl->partial_type = p[18];
	}
}

static const struct dec_stream_proto bgp_stream = {
	.name = "bgp",
	.proto = DEC_P_BGP,
	.conn_size = sizeof(struct bgp_conn),
	.conn_free = NULL,
	.frame = bgp_frame,
	.message = bgp_message,
	.resync = bgp_resync,
	.certain = bgp_certain,
	.partial = bgp_partial,
};

/* Without a reassembler: the whole messages inside this segment. A segment that does not
 * open with a marker continues a message begun earlier (or is not BGP): its bytes up to
 * the first plausible header are counted as skipped, not an event, since only reassembly
 * can tell the two apart. Past the first message a bad header is an event. */
static enum dec_rc
bgp_segment(struct dec *d, struct cur *c)
{
	size_t n = cur_left(c);
	size_t seg = n;
	if (d->nlayers > 0 && d->layers[d->nlayers - 1].proto == DEC_P_TCP)
		seg = d->layers[d->nlayers - 1].u.tcp.plen;
	if (n == 0)
		return DEC_DONE;
	struct dec_layer *l = dec_layer_add(d, DEC_P_BGP, c);
	if (!l)
		return DEC_STOP;
	struct dec_bgp_layer *bl = &l->u.bgp;
	const uint8_t *p = cur_here(c);
	size_t base = cur_off(c), pos = 0;
	while (pos < n) {
		long m = bgp_frame(p + pos, n - pos, NULL);
		if (m < 0) {
			bool marker_ok = is_marker_prefix(p + pos, n - pos);
			if (pos == 0 && !marker_ok) {
				long r = bgp_resync(p, n);
				pos = r < 0 ? n : (size_t)r;
				bl->skipped = (uint32_t)pos;
				layer_extend(d, l, base + pos);
				continue;
			}
			if (!marker_ok)
				dec_err(d, base + pos, DEC_E_BGP_MARKER, "marker not all ones");
			else
				dec_err(d, base + pos + 16, DEC_E_BGP_MSG_LEN, "length %u below 19",
					(unsigned)p[pos + 16] << 8 | p[pos + 17]);
			long r = bgp_resync(p + pos + 1, n - pos - 1);
			if (r < 0)
				break;
			pos += 1 + (size_t)r;
			continue;
		}
		if (m == 0 || (size_t)m > n - pos) {
			bl->has_partial = true;
			bl->partial_have = (uint32_t)(n - pos);
			if (m > 0) {
				bl->partial_type = p[pos + 18];
				bl->partial_len = (uint16_t)m;
			}
			layer_extend(d, l, base + n);
			break;
		}
		struct cur mc = cur_make(p + pos, (size_t)m, base + pos);
		bgp_message(d, &mc, NULL, 0);
		pos += (size_t)m;
	}
	/* fewer bytes captured than the segment holds: a snaplen cut what follows */
	if (n < seg)
		dec_err(d, base + n, DEC_E_TRUNCATED, "truncated: BGP segment of %zu bytes, %zu "
			"captured", seg, n);
	return DEC_DONE;
}

enum dec_rc
dec_bgp_tcp(struct dec *d, struct cur *c)
{
	if (d->reasm)
		return dec_stream_segment(d, c, &bgp_stream);
	return bgp_segment(d, c);
}

/* ---- names (IANA "BGP Parameters", "Capability Codes", "BGP Well-known Communities",
 * "BGP Error (Notification) Codes" and subcodes) ------------------------------------ */

const char *
dec_bgp_type_name(uint8_t type)
{
	switch (type) {
	case DEC_BGP_OPEN:
		return "OPEN";
	case DEC_BGP_UPDATE:
		return "UPDATE";
	case DEC_BGP_NOTIFICATION:
		return "NOTIFICATION";
	case DEC_BGP_KEEPALIVE:
		return "KEEPALIVE";
	case DEC_BGP_ROUTE_REFRESH:
		return "ROUTE-REFRESH";
	default:
		return NULL;
	}
}

const char *
dec_bgp_cap_name(uint8_t code)
{
	switch (code) {
	case 1:
		return "multiprotocol";
	case 2:
		return "route-refresh";
	case 3:
		return "orf";
	case 4:
		return "multiple-routes";
	case 5:
		return "extended-nexthop";
	case 6:
		return "extended-message";
	case 7:
		return "bgpsec";
	case 8:
		return "multiple-labels";
	case 9:
		return "role";
	case 64:
		return "graceful-restart";
	case 65:
		return "4-octet-as";
	case 67:
		return "dynamic";
	case 68:
		return "multisession";
	case 69:
		return "add-path";
	case 70:
		return "enhanced-route-refresh";
	case 71:
		return "llgr";
	case 72:
		return "routing-policy-distribution";
	case 73:
		return "fqdn";
	case 74:
		return "bfd";
	case 75:
		return "software-version";
	case 128:
		return "route-refresh-cisco";
	default:
		return NULL;
	}
}

const char *
dec_bgp_attr_name(uint8_t type)
{
	static const char *const names[] = {
		[BGP_ATTR_ORIGIN] = "ORIGIN",
		[BGP_ATTR_AS_PATH] = "AS_PATH",
		[BGP_ATTR_NEXT_HOP] = "NEXT_HOP",
		[BGP_ATTR_MULTI_EXIT_DISC] = "MULTI_EXIT_DISC",
		[BGP_ATTR_LOCAL_PREF] = "LOCAL_PREF",
		[BGP_ATTR_ATOMIC_AGGREGATE] = "ATOMIC_AGGREGATE",
		[BGP_ATTR_AGGREGATOR] = "AGGREGATOR",
		[BGP_ATTR_COMMUNITIES] = "COMMUNITIES",
		[BGP_ATTR_ORIGINATOR_ID] = "ORIGINATOR_ID",
		[BGP_ATTR_CLUSTER_LIST] = "CLUSTER_LIST",
		[BGP_ATTR_MP_REACH_NLRI] = "MP_REACH_NLRI",
		[BGP_ATTR_MP_UNREACH_NLRI] = "MP_UNREACH_NLRI",
		[BGP_ATTR_EXT_COMMUNITIES] = "EXTENDED_COMMUNITIES",
		[BGP_ATTR_AS4_PATH] = "AS4_PATH",
		[BGP_ATTR_AS4_AGGREGATOR] = "AS4_AGGREGATOR",
		[22] = "PMSI_TUNNEL",
		[23] = "TUNNEL_ENCAPSULATION",
		[25] = "IPV6_EXT_COMMUNITIES",
		[26] = "AIGP",
		[29] = "BGP-LS",
		[BGP_ATTR_LARGE_COMMUNITY] = "LARGE_COMMUNITY",
		[33] = "BGPSEC_PATH",
		[35] = "OTC",
		[40] = "PREFIX_SID",
		[128] = "ATTR_SET",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const char *
dec_bgp_community_name(uint32_t c)
{
	switch (c) {
	case 0xFFFF0000:
		return "GRACEFUL_SHUTDOWN"; /* RFC 8326 */
	case 0xFFFF0001:
		return "ACCEPT_OWN";        /* RFC 7611 */
	case 0xFFFF0006:
		return "LLGR_STALE";        /* RFC 9494 */
	case 0xFFFF0007:
		return "NO_LLGR";
	case 0xFFFF029A:
		return "BLACKHOLE";         /* RFC 7999 */
	case 0xFFFFFF01:
		return "NO_EXPORT";         /* RFC 1997 */
	case 0xFFFFFF02:
		return "NO_ADVERTISE";
	case 0xFFFFFF03:
		return "NO_EXPORT_SUBCONFED";
	case 0xFFFFFF04:
		return "NOPEER";            /* RFC 3765 */
	default:
		return NULL;
	}
}

const char *
dec_bgp_notify_code_name(uint8_t code)
{
	static const char *const names[] = {
		[1] = "Message Header Error",
		[2] = "OPEN Message Error",
		[3] = "UPDATE Message Error",
		[4] = "Hold Timer Expired",
		[5] = "Finite State Machine Error", /* RFC 6608 */
		[6] = "Cease",                      /* RFC 4486 */
		[7] = "ROUTE-REFRESH Message Error", /* RFC 7313 */
		[8] = "Send Hold Timer Expired",    /* RFC 9687 */
	};
	return code < sizeof(names) / sizeof(names[0]) ? names[code] : NULL;
}

const char *
dec_bgp_notify_subcode_name(uint8_t code, uint8_t subcode)
{
	static const char *const header[] = { NULL, "Connection Not Synchronized",
		"Bad Message Length", "Bad Message Type" };
	static const char *const open[] = { NULL, "Unsupported Version Number",
		"Bad Peer AS", "Bad BGP Identifier", "Unsupported Optional Parameter",
		"Authentication Failure", "Unacceptable Hold Time", "Unsupported Capability",
		NULL, NULL, NULL, "Role Mismatch" };
	static const char *const update[] = { NULL, "Malformed Attribute List",
		"Unrecognized Well-known Attribute", "Missing Well-known Attribute",
		"Attribute Flags Error", "Attribute Length Error", "Invalid ORIGIN Attribute",
		"AS Routing Loop", "Invalid NEXT_HOP Attribute", "Optional Attribute Error",
		"Invalid Network Field", "Malformed AS_PATH" };
	static const char *const fsm[] = { NULL, "Unexpected Message in OpenSent State",
		"Unexpected Message in OpenConfirm State",
		"Unexpected Message in Established State" };
	static const char *const cease[] = { NULL, "Maximum Number of Prefixes Reached",
		"Administrative Shutdown", "Peer De-configured", "Administrative Reset",
		"Connection Rejected", "Other Configuration Change",
		"Connection Collision Resolution", "Out of Resources", "Hard Reset",
		"BFD Down" };
	static const char *const refresh[] = { NULL, "Invalid Message Length" };
#define PICK(t) (subcode < sizeof(t) / sizeof(t[0]) ? t[subcode] : NULL)
	switch (code) {
	case 1:
		return PICK(header);
	case 2:
		return PICK(open);
	case 3:
		return PICK(update);
	case 5:
		return PICK(fsm);
	case 6:
		return PICK(cease);
	case 7:
		return PICK(refresh);
	default:
		return NULL;
	}
#undef PICK
}
