/* layer_bgp.c - BGP messages (RFC 4271 §4) in text and NDJSON (DESIGN.md's `bgp` fields,
 * plus what decode/bgp.c read beyond them: capabilities' values, AS4_PATH, aggregators,
 * extended and large communities, ORIGINATOR_ID/CLUSTER_LIST, other attributes by type).
 *
 * Text, one clause per message joined by "; ":
 *   BGP OPEN as=65000 hold=90 id=1.1.1.1 caps=[mp(1/1),rr,as4(4200000000),gr]
 *   BGP UPDATE +10.0.0.0/8 -192.168.0.0/24 path=65000 {65001,65002} nh=169.254.100.1
 *   BGP NOTIFICATION Cease/Administrative Shutdown "maintenance"
 * AS_PATH segments print as the routers do: AS_SEQUENCE bare, AS_SET in braces,
 * AS_CONFED_SEQUENCE in parentheses, AS_CONFED_SET in brackets. Long prefix lists are cut
 * at TEXT_MAX_PREFIXES with a count of the rest; the JSON always has them all.
 */
#include "reports/render.h"

#include <stdio.h>

#include "decode/bgp.h"

#define TEXT_MAX_PREFIXES 16

static void
out_prefix(struct out *o, const struct dec_bgp_nlri *n, const struct dec_bgp_prefix *p)
{
	if (n->family == 6)
		out_ipv6(o, p->addr);
	else
		out_ipv4(o, p->addr);
	out_ch(o, '/');
	out_u64(o, p->plen);
}

static const char *
type_name(uint8_t type, char *buf, size_t n)
{
	return report_name_or_num(dec_bgp_type_name(type), "TYPE", type, buf, n);
}

/* "Cease/Administrative Shutdown", "Hold Timer Expired", "Cease/subcode 42", "code 9/1" */
static void
notify_name(char *buf, size_t n, uint8_t code, uint8_t subcode)
{
	const char *cn = dec_bgp_notify_code_name(code);
	const char *sn = dec_bgp_notify_subcode_name(code, subcode);
	if (!cn)
		snprintf(buf, n, "code %u/%u", code, subcode);
	else if (sn)
		snprintf(buf, n, "%s/%s", cn, sn);
	else if (subcode)
		snprintf(buf, n, "%s/subcode %u", cn, subcode);
	else
		snprintf(buf, n, "%s", cn);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A community as "65000:100" or its well-known name (RFC 1997 §3 and IANA). */
static void
out_community(struct out *o, uint32_t c)
{
	const char *s = dec_bgp_community_name(c);
	if (s) {
		out_str(o, s);
		return;
	}
	out_u64(o, c >> 16);
	out_ch(o, ':');
	out_u64(o, c & 0xFFFF);
}

/* An extended community (RFC 4360 §3, RFC 5668, RFC 7153): route target and route origin
 * as "rt:AS:N" / "soo:AS:N" for the AS- and IPv4-specific types, else "0xTTSS:value". */
static void
out_ext_community(struct out *o, const uint8_t *e)
{
	uint8_t type = e[0], sub = e[1];
	uint8_t base = type & 0x3F; /* the IANA-authority and non-transitive bits aside */
	if (type == 0x40 && sub == 0x04) {
		/* link bandwidth (draft-ietf-idr-link-bandwidth): AS, IEEE float bytes/s */
		uint32_t bits = be32(e + 4);
		float f;
		memcpy(&f, &bits, sizeof(f));
		out_printf(o, "lbw:%u:%.0f", (unsigned)e[2] << 8 | e[3], (double)f);
		return;
	}
	if (base <= 2 && (sub == 0x02 || sub == 0x03)) {
		out_str(o, sub == 0x02 ? "rt:" : "soo:");
		if (base == 0) {
			out_printf(o, "%u:%u", (unsigned)e[2] << 8 | e[3], be32(e + 4));
		} else if (base == 1) {
			out_ipv4(o, e + 2);
			out_printf(o, ":%u", (unsigned)e[6] << 8 | e[7]);
		} else {
			out_printf(o, "%u:%u", be32(e + 2), (unsigned)e[6] << 8 | e[7]);
		}
		return;
	}
	out_printf(o, "0x%02x%02x:", type, sub);
	out_hexbytes(o, e + 2, 6);
}

static const char *
seg_type_name(uint8_t t)
{
	switch (t) {
	case 1:
		return "SET";
	case 2:
		return "SEQ";
	case 3:
		return "CONFED_SEQ";
	case 4:
		return "CONFED_SET";
	default:
		return "UNKNOWN";
	}
}

static void
text_aspath(struct out *o, const struct dec_bgp_aspath *ap)
{
	struct cur c = cur_make(ap->p, ap->len, 0);
	bool first = true;
	while (cur_left(&c) >= 2) {
		uint8_t t = cur_u8(&c), n = cur_u8(&c);
		static const char lb[] = "?{ ([", rb[] = "?} )]";
		bool seq = t == 2;
		if (!first)
			out_ch(o, ' ');
		first = false;
		if (!seq && t <= 4)
			out_ch(o, lb[t]);
		for (unsigned j = 0; j < n && !c.bad; j++) {
			uint32_t asn = ap->asn_size == 4 ? cur_be32(&c) : cur_be16(&c);
			if (j)
				out_ch(o, t == 1 || t == 4 ? ',' : ' ');
			out_u64(o, asn);
		}
		if (!seq && t <= 4)
			out_ch(o, rb[t]);
	}
}

static void
json_aspath(struct out *o, const char *key, const struct dec_bgp_aspath *ap)
{
	json_key(o, key);
	out_ch(o, '[');
	struct cur c = cur_make(ap->p, ap->len, 0);
	bool first = true;
	while (cur_left(&c) >= 2) {
		uint8_t t = cur_u8(&c), n = cur_u8(&c);
		if (!first)
			out_ch(o, ',');
		first = false;
		out_str(o, "{\"type\":\"");
		out_str(o, seg_type_name(t));
		out_str(o, "\",\"asns\":[");
		for (unsigned j = 0; j < n && !c.bad; j++) {
			if (j)
				out_ch(o, ',');
			out_u64(o, ap->asn_size == 4 ? cur_be32(&c) : cur_be16(&c));
		}
		out_str(o, "]}");
	}
	out_ch(o, ']');
}

/* Prefixes of a run in text, each after sign; *shown counts across runs of one message. */
static void
text_prefixes(struct out *o, const struct dec_bgp_nlri *n, char sign, unsigned *shown)
{
	struct cur c = cur_make(n->p, n->len, 0);
	struct dec_bgp_prefix p;
	while (dec_bgp_prefix_next(&c, n, &p)) {
		if (++*shown > TEXT_MAX_PREFIXES)
			continue;
		out_ch(o, ' ');
		out_ch(o, sign);
		out_prefix(o, n, &p);
		if (n->path_id)
			out_printf(o, "#%u", p.path_id);
	}
}

static void
json_prefixes(struct out *o, const char *key, const char *ids_key, const struct dec_bgp_nlri *n)
{
	struct dec_bgp_prefix p;
	json_key(o, key);
	out_ch(o, '[');
	struct cur c = cur_make(n->p, n->len, 0);
	for (unsigned j = 0; dec_bgp_prefix_next(&c, n, &p); j++) {
		if (j)
			out_ch(o, ',');
		out_ch(o, '"');
		out_prefix(o, n, &p);
		out_ch(o, '"');
	}
	out_ch(o, ']');
	if (!n->path_id)
		return;
	/* RFC 7911 §3: the path identifiers, in the order of the prefixes */
	json_key(o, ids_key);
	out_ch(o, '[');
	c = cur_make(n->p, n->len, 0);
	for (unsigned j = 0; dec_bgp_prefix_next(&c, n, &p); j++) {
		if (j)
			out_ch(o, ',');
		out_u64(o, p.path_id);
	}
	out_ch(o, ']');
}

/* The MP_REACH next hop: one address, or a global and a link-local IPv6 (RFC 2545 §3). */
static void
out_mp_nexthop(struct out *o, const struct dec_bgp_mp *mp, bool second)
{
	const uint8_t *nh = mp->nh + (second ? 16 : 0);
	if (mp->nh_len == 4)
		out_ipv4(o, nh);
	else
		out_ipv6(o, nh);
}

static bool
mp_nexthop_known(const struct dec_bgp_mp *mp)
{
	return mp->nh && (mp->nh_len == 4 || mp->nh_len == 16 || mp->nh_len == 32);
}

static void
text_cap(struct out *o, const struct dec_bgp_cap *cap)
{
	const char *name = dec_bgp_cap_name(cap->code);
	if (cap->bad) {
		out_printf(o, "cap%u(bad len %u)", cap->code, cap->len);
		return;
	}
	switch (cap->code) {
	case 1:
		out_printf(o, "mp(%u/%u)", cap->afi, cap->safi);
		break;
	case 2:
		out_str(o, "rr");
		break;
	case 6:
		out_str(o, "extmsg");
		break;
	case 64:
		out_str(o, "gr");
		break;
	case 65:
		out_printf(o, "as4(%u)", cap->as);
		break;
	case 69:
		out_str(o, "addpath(");
		for (unsigned j = 0; j < cap->naf; j++) {
			static const char *const sr[] = { "none", "rx", "tx", "rxtx" };
			out_printf(o, "%s%u/%u:%s", j ? "," : "", cap->af[j].afi, cap->af[j].safi,
				sr[cap->af[j].flags & 3]);
		}
		out_ch(o, ')');
		break;
	case 70:
		out_str(o, "err");
		break;
	case 71:
		out_str(o, "llgr");
		break;
	case 128:
		out_str(o, "rr-cisco");
		break;
	default:
		if (name)
			out_str(o, name);
		else
			out_printf(o, "cap%u", cap->code);
		break;
	}
}

static void
text_update(struct out *o, const struct dec_bgp_update *u)
{
	unsigned shown = 0;
	if (u->present & DEC_BGP_HAS_MP_REACH && u->mp_reach.unicast)
		text_prefixes(o, &u->mp_reach.nlri, '+', &shown);
	text_prefixes(o, &u->nlri, '+', &shown);
	text_prefixes(o, &u->withdrawn, '-', &shown);
	if (u->present & DEC_BGP_HAS_MP_UNREACH && u->mp_unreach.unicast)
		text_prefixes(o, &u->mp_unreach.nlri, '-', &shown);
	if (shown > TEXT_MAX_PREFIXES)
		out_printf(o, " (+%u more)", shown - TEXT_MAX_PREFIXES);
	if (u->present & DEC_BGP_HAS_MP_REACH && !u->mp_reach.unicast)
		out_printf(o, " mp_reach(%u/%u %u bytes)", u->mp_reach.afi, u->mp_reach.safi,
			u->mp_reach.nlri_len);
	if (u->present & DEC_BGP_HAS_MP_UNREACH && !u->mp_unreach.unicast)
		out_printf(o, " mp_unreach(%u/%u %u bytes)", u->mp_unreach.afi,
			u->mp_unreach.safi, u->mp_unreach.nlri_len);
	if (shown == 0 && !(u->present & (DEC_BGP_HAS_MP_REACH | DEC_BGP_HAS_MP_UNREACH)) &&
		u->present == 0 && !u->attrs_bad)
		out_str(o, " End-of-RIB"); /* RFC 4724 §2 */
	else if (shown == 0 && u->present == DEC_BGP_HAS_MP_UNREACH &&
		u->mp_unreach.nlri_len == 0)
		out_printf(o, " End-of-RIB(%u/%u)", u->mp_unreach.afi, u->mp_unreach.safi);
	if (u->present & DEC_BGP_HAS_AS_PATH && u->as_path.len) {
		out_str(o, " path=");
		text_aspath(o, &u->as_path);
	}
	if (u->present & DEC_BGP_HAS_AS4_PATH && u->as4_path.len) {
		out_str(o, " as4path=");
		text_aspath(o, &u->as4_path);
	}
	if (u->present & DEC_BGP_HAS_NEXT_HOP) {
		out_str(o, " nh=");
		out_ipv4(o, u->next_hop);
	}
	if (u->present & DEC_BGP_HAS_MP_REACH && mp_nexthop_known(&u->mp_reach)) {
		/* RFC 4760 §3: the MP next hop is the one for the MP NLRI */
		out_str(o, u->present & DEC_BGP_HAS_NEXT_HOP ? " mp_nh=" : " nh=");
		out_mp_nexthop(o, &u->mp_reach, false);
	}
	if (u->present & DEC_BGP_HAS_MED)
		out_printf(o, " med=%u", u->med);
	if (u->present & DEC_BGP_HAS_LOCAL_PREF)
		out_printf(o, " lp=%u", u->local_pref);
	if (u->present & DEC_BGP_HAS_COMMUNITIES) {
		out_str(o, " comm=");
		for (unsigned j = 0; j < u->ncomms; j++) {
			if (j)
				out_ch(o, ',');
			out_community(o, be32(u->comms + 4 * j));
		}
	}
	if (u->present & DEC_BGP_HAS_LARGE_COMM) {
		out_str(o, " lcomm=");
		for (unsigned j = 0; j < u->nlarge; j++) {
			const uint8_t *e = u->large_comms + 12 * j;
			out_printf(o, "%s%u:%u:%u", j ? "," : "", be32(e), be32(e + 4), be32(e + 8));
		}
	}
	if (u->present & DEC_BGP_HAS_EXT_COMM) {
		out_str(o, " ext=");
		for (unsigned j = 0; j < u->next; j++) {
			if (j)
				out_ch(o, ',');
			out_ext_community(o, u->ext_comms + 8 * j);
		}
	}
}

static void
text_msg(struct out *o, const struct dec_bgp_msg *m)
{
	char buf[96];
	out_str(o, "BGP ");
	out_str(o, type_name(m->type, buf, sizeof(buf)));
	switch (m->type) {
	case DEC_BGP_OPEN: {
		const struct dec_bgp_open *op = m->u.open;
		if (!op)
			break;
		out_printf(o, " as=%u hold=%u id=", op->my_as, op->hold);
		out_ipv4(o, op->id);
		if (op->version != 4)
			out_printf(o, " version=%u", op->version);
		out_str(o, " caps=[");
		for (unsigned j = 0; j < op->ncaps; j++) {
			if (j)
				out_ch(o, ',');
			text_cap(o, &op->caps[j]);
		}
		out_ch(o, ']');
		break;
	}
	case DEC_BGP_UPDATE:
		if (m->u.update)
			text_update(o, m->u.update);
		break;
	case DEC_BGP_NOTIFICATION: {
		const struct dec_bgp_notification *nt = &m->u.notif;
		if (m->len < 21)
			break;
		notify_name(buf, sizeof(buf), nt->code, nt->subcode);
		out_ch(o, ' ');
		out_str(o, buf);
		if (nt->has_text) {
			out_ch(o, ' ');
			out_json_str(o, (const char *)nt->text, nt->text_len);
		}
		if (nt->hard_reset) {
			notify_name(buf, sizeof(buf), nt->inner_code, nt->inner_subcode);
			out_str(o, " (");
			out_str(o, buf);
			out_ch(o, ')');
		}
		break;
	}
	case DEC_BGP_ROUTE_REFRESH: {
		const struct dec_bgp_refresh *r = &m->u.refresh;
		if (m->len < 23)
			break;
		out_printf(o, " %u/%u", r->afi, r->safi);
		if (r->subtype == 1)
			out_str(o, " BoRR");
		else if (r->subtype == 2)
			out_str(o, " EoRR");
		else if (r->subtype)
			out_printf(o, " subtype=%u", r->subtype);
		break;
	}
	default:
		if (!dec_bgp_type_name(m->type))
			out_printf(o, " len=%u", m->len);
		break;
	}
}

void
report_bgp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_bgp_layer *b = &d->layers[i].u.bgp;
	char buf[16];
	bool any = false;
	if (b->skipped) {
		out_printf(o, "BGP [%u bytes continued]", b->skipped);
		any = true;
	}
	for (const struct dec_bgp_msg *m = b->msgs; m; m = m->next) {
		if (any)
			out_str(o, "; ");
		text_msg(o, m);
		any = true;
	}
	if (b->msgs_lost)
		out_printf(o, "; [%u more]", b->msgs_lost);
	if (b->has_partial) {
		if (any)
			out_str(o, "; ");
		out_str(o, "BGP ");
		if (b->partial_len)
			out_printf(o, "%s [%u of %u bytes]",
				type_name(b->partial_type, buf, sizeof(buf)), b->partial_have,
				b->partial_len);
		else
			out_printf(o, "[%u bytes of a header]", b->partial_have);
	}
}

static void
json_cap(struct out *o, const struct dec_bgp_cap *cap)
{
	const char *name = dec_bgp_cap_name(cap->code);
	out_str(o, "{\"code\":");
	out_u64(o, cap->code);
	if (name)
		json_str(o, "name", name);
	json_u64(o, "len", cap->len);
	if (cap->bad) {
		json_bool(o, "bad", true);
		out_ch(o, '}');
		return;
	}
	switch (cap->code) {
	case 1:
		json_u64(o, "afi", cap->afi);
		json_u64(o, "safi", cap->safi);
		break;
	case 65:
		json_u64(o, "as", cap->as);
		break;
	case 64:
	case 69:
	case 71:
		if (cap->code == 64) {
			json_u64(o, "restart_time", cap->gr_time);
			json_bool(o, "restarting", cap->gr_flags & 8);
			json_bool(o, "notification", cap->gr_flags & 4); /* RFC 8538 N bit */
		}
		json_key(o, "afs");
		out_ch(o, '[');
		for (unsigned j = 0; j < cap->naf; j++) {
			const struct dec_bgp_af *af = &cap->af[j];
			if (j)
				out_ch(o, ',');
			out_str(o, "{\"afi\":");
			out_u64(o, af->afi);
			json_u64(o, "safi", af->safi);
			if (cap->code == 69) {
				json_bool(o, "receive", af->flags & 1);
				json_bool(o, "send", af->flags & 2);
			} else {
				json_bool(o, "forwarding", af->flags & 0x80);
			}
			if (cap->code == 71)
				json_u64(o, "stale_time", af->stale);
			out_ch(o, '}');
		}
		out_ch(o, ']');
		break;
	case 73: {
		/* decode/bgp.c checked that both strings fit the value */
		uint8_t hl = cap->data[0];
		const uint8_t *dom = cap->data + 1 + hl;
		json_key(o, "hostname");
		out_json_str(o, (const char *)cap->data + 1, hl);
		json_key(o, "domain");
		out_json_str(o, (const char *)dom + 1, dom[0]);
		break;
	}
	default:
		if (!name || cap->len)
			json_hex(o, "value", cap->data, cap->len);
		break;
	}
	out_ch(o, '}');
}

static void
json_open(struct out *o, const struct dec_bgp_open *op)
{
	json_u64(o, "version", op->version);
	json_u64(o, "my_as", op->my_as);
	json_u64(o, "hold", op->hold);
	json_ipv4(o, "id", op->id);
	json_u64(o, "opt_len", op->opt_len);
	if (op->ext_opt)
		json_bool(o, "ext_opt_len", true);
	json_bool(o, "as4", op->as4);
	if (op->as4)
		json_u64(o, "as4_asn", op->as4_asn);
	json_key(o, "caps");
	out_ch(o, '[');
	for (unsigned j = 0; j < op->ncaps; j++) {
		if (j)
			out_ch(o, ',');
		json_cap(o, &op->caps[j]);
	}
	out_ch(o, ']');
	if (op->nparams_other)
		json_u64(o, "other_params", op->nparams_other);
}

static void
json_aggregator(struct out *o, const char *key, const struct dec_bgp_aggregator *ag)
{
	json_key(o, key);
	out_str(o, "{\"as\":");
	out_u64(o, ag->as);
	json_ipv4(o, "id", ag->id);
	out_ch(o, '}');
}

static void
json_mp(struct out *o, const char *key, const struct dec_bgp_mp *mp, bool reach)
{
	json_key(o, key);
	out_str(o, "{\"afi\":");
	out_u64(o, mp->afi);
	json_u64(o, "safi", mp->safi);
	if (reach) {
		if (mp_nexthop_known(mp)) {
			json_key(o, "next_hop");
			out_ch(o, '"');
			out_mp_nexthop(o, mp, false);
			out_ch(o, '"');
			if (mp->nh_len == 32) {
				json_key(o, "link_local");
				out_ch(o, '"');
				out_mp_nexthop(o, mp, true);
				out_ch(o, '"');
			}
		} else {
			json_hex(o, "next_hop_hex", mp->nh, mp->nh ? mp->nh_len : 0);
		}
	}
	if (mp->unicast)
		json_prefixes(o, reach ? "nlri" : "withdrawn", "path_ids", &mp->nlri);
	else
		json_u64(o, "nlri_len", mp->nlri_len);
	out_ch(o, '}');
}

static void
json_update(struct out *o, const struct dec_bgp_update *u)
{
	json_prefixes(o, "withdrawn", "withdrawn_path_ids", &u->withdrawn);
	json_prefixes(o, "nlri", "nlri_path_ids", &u->nlri);
	if (u->present & DEC_BGP_HAS_ORIGIN) {
		static const char *const names[] = { "IGP", "EGP", "INCOMPLETE" };
		json_str(o, "origin", names[u->origin]);
	}
	if (u->present & DEC_BGP_HAS_AS_PATH) {
		json_aspath(o, "as_path", &u->as_path);
		json_u64(o, "asn_size", u->as_path.asn_size);
		if (u->as_path.guessed)
			json_bool(o, "asn_size_guessed", true);
	}
	if (u->present & DEC_BGP_HAS_AS4_PATH)
		json_aspath(o, "as4_path", &u->as4_path);
	if (u->present & DEC_BGP_HAS_NEXT_HOP)
		json_ipv4(o, "next_hop", u->next_hop);
	if (u->present & DEC_BGP_HAS_MED)
		json_u64(o, "med", u->med);
	if (u->present & DEC_BGP_HAS_LOCAL_PREF)
		json_u64(o, "local_pref", u->local_pref);
	if (u->present & DEC_BGP_HAS_ATOMIC)
		json_bool(o, "atomic_aggregate", true);
	if (u->present & DEC_BGP_HAS_AGGREGATOR)
		json_aggregator(o, "aggregator", &u->aggregator);
	if (u->present & DEC_BGP_HAS_AS4_AGGREGATOR)
		json_aggregator(o, "as4_aggregator", &u->as4_aggregator);
	if (u->present & DEC_BGP_HAS_COMMUNITIES) {
		json_key(o, "communities");
		out_ch(o, '[');
		for (unsigned j = 0; j < u->ncomms; j++) {
			if (j)
				out_ch(o, ',');
			out_ch(o, '"');
			out_community(o, be32(u->comms + 4 * j));
			out_ch(o, '"');
		}
		out_ch(o, ']');
	}
	if (u->present & DEC_BGP_HAS_EXT_COMM) {
		json_key(o, "ext_communities");
		out_ch(o, '[');
		for (unsigned j = 0; j < u->next; j++) {
			if (j)
				out_ch(o, ',');
			out_ch(o, '"');
			out_ext_community(o, u->ext_comms + 8 * j);
			out_ch(o, '"');
		}
		out_ch(o, ']');
	}
	if (u->present & DEC_BGP_HAS_LARGE_COMM) {
		json_key(o, "large_communities");
		out_ch(o, '[');
		for (unsigned j = 0; j < u->nlarge; j++) {
			const uint8_t *e = u->large_comms + 12 * j;
			out_printf(o, "%s\"%u:%u:%u\"", j ? "," : "", be32(e), be32(e + 4),
				be32(e + 8));
		}
		out_ch(o, ']');
	}
	if (u->present & DEC_BGP_HAS_ORIGINATOR)
		json_ipv4(o, "originator_id", u->originator);
	if (u->present & DEC_BGP_HAS_CLUSTER) {
		json_key(o, "cluster_list");
		out_ch(o, '[');
		for (unsigned j = 0; j < u->ncluster; j++) {
			if (j)
				out_ch(o, ',');
			out_ch(o, '"');
			out_ipv4(o, u->cluster + 4 * j);
			out_ch(o, '"');
		}
		out_ch(o, ']');
	}
	if (u->present & DEC_BGP_HAS_MP_REACH)
		json_mp(o, "mp_reach", &u->mp_reach, true);
	if (u->present & DEC_BGP_HAS_MP_UNREACH)
		json_mp(o, "mp_unreach", &u->mp_unreach, false);
	if (u->nother) {
		json_key(o, "other_attrs");
		out_ch(o, '[');
		for (unsigned j = 0; j < u->nother; j++) {
			const struct dec_bgp_attr_other *a = &u->other[j];
			const char *name = dec_bgp_attr_name(a->type);
			out_printf(o, "%s{\"type\":%u", j ? "," : "", a->type);
			if (name)
				json_str(o, "name", name);
			json_u64(o, "flags", a->flags);
			json_u64(o, "len", a->len);
			out_ch(o, '}');
		}
		out_ch(o, ']');
	}
	if (u->attrs_bad)
		json_bool(o, "attrs_malformed", true);
}

static void
json_msg(struct out *o, const struct dec_bgp_msg *m)
{
	char buf[96];
	const char *tn = type_name(m->type, buf, sizeof(buf));
	out_str(o, "{\"type\":");
	out_json_str(o, tn, strlen(tn));
	json_u64(o, "len", m->len);
	switch (m->type) {
	case DEC_BGP_OPEN:
		if (m->u.open)
			json_open(o, m->u.open);
		break;
	case DEC_BGP_UPDATE:
		if (m->u.update)
			json_update(o, m->u.update);
		break;
	case DEC_BGP_NOTIFICATION: {
		const struct dec_bgp_notification *nt = &m->u.notif;
		if (m->len < 21)
			break;
		json_u64(o, "code", nt->code);
		json_u64(o, "subcode", nt->subcode);
		notify_name(buf, sizeof(buf), nt->code, nt->subcode);
		json_str(o, "name", buf);
		if (nt->has_text) {
			json_key(o, "shutdown_text");
			out_json_str(o, (const char *)nt->text, nt->text_len);
		}
		if (nt->hard_reset) {
			notify_name(buf, sizeof(buf), nt->inner_code, nt->inner_subcode);
			json_key(o, "hard_reset");
			out_str(o, "{\"code\":");
			out_u64(o, nt->inner_code);
			json_u64(o, "subcode", nt->inner_subcode);
			json_str(o, "name", buf);
			out_ch(o, '}');
		}
		if (nt->data_len && !nt->has_text) {
			json_hex(o, "data", nt->data, nt->data_len);
		} else if (nt->has_text && nt->data_len > 1u + nt->text_len) {
			/* RFC 9003 §2: bytes after the communication are not part of it */
			size_t skip = 1u + nt->text_len;
			json_hex(o, "data", nt->data + skip, nt->data_len - skip);
		}
		break;
	}
	case DEC_BGP_ROUTE_REFRESH: {
		const struct dec_bgp_refresh *r = &m->u.refresh;
		static const char *const sub[] = { "normal", "BoRR", "EoRR" };
		if (m->len < 23)
			break;
		json_u64(o, "afi", r->afi);
		json_u64(o, "safi", r->safi);
		json_u64(o, "subtype", r->subtype);
		if (r->subtype < 3)
			json_str(o, "subtype_name", sub[r->subtype]);
		if (r->orf_len)
			json_u64(o, "orf_len", r->orf_len);
		break;
	}
	default:
		break;
	}
	out_ch(o, '}');
}

void
report_bgp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_bgp_layer *b = &d->layers[i].u.bgp;
	char buf[16];
	json_key(o, "messages");
	out_ch(o, '[');
	for (const struct dec_bgp_msg *m = b->msgs; m; m = m->next) {
		if (m != b->msgs)
			out_ch(o, ',');
		json_msg(o, m);
	}
	out_ch(o, ']');
	if (b->msgs_lost)
		json_u64(o, "msgs_lost", b->msgs_lost);
	if (b->skipped)
		json_u64(o, "skipped", b->skipped);
	if (b->has_partial) {
		json_key(o, "partial");
		out_ch(o, '{');
		if (b->partial_len) {
			const char *tn = type_name(b->partial_type, buf, sizeof(buf));
			out_str(o, "\"type\":");
			out_json_str(o, tn, strlen(tn));
			json_u64(o, "len", b->partial_len);
			out_ch(o, ',');
		}
		out_str(o, "\"have\":");
		out_u64(o, b->partial_have);
		out_ch(o, '}');
	}
}
