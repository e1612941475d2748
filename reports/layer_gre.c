/* layer_gre.c - text and NDJSON for GRE (RFC 2784, RFC 2890), ERSPAN (types I-III) and
 * the MPLS label stack (RFC 3032). GRE and MPLS are rendered when cut short too: the
 * fields a truncated header holds whole are data (issue 14). */
#include "reports/render.h"

void
report_gre_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_gre_layer *g = &l->u.gre;
	out_str(o, "GRE");
	if (l->truncated && !l->len) {
		out_str(o, " [truncated]");
		return;
	}
	if (g->ver) {
		out_str(o, " v");
		out_u64(o, g->ver);
	}
	if (g->has_key) {
		out_str(o, " key=");
		out_hex0x(o, g->key, 8);
	}
	if (g->has_seq) {
		out_str(o, " seq=");
		out_u64(o, g->seq);
	}
	if (g->has_ack) {
		out_str(o, " ack=");
		out_u64(o, g->ack);
	}
	if (g->has_cksum) {
		out_str(o, " csum=");
		out_hex0x(o, g->cksum, 4);
	}
	if (g->has_cmd) {
		out_str(o, " sgt=");
		out_u64(o, g->cmd_sgt);
	}
	const char *name = dec_ethertype_name(g->proto);
	out_str(o, " proto=");
	if (name)
		out_str(o, name);
	else
		out_hex0x(o, g->proto, 4);
	if (l->truncated)
		out_str(o, " [truncated]");
}

void
report_gre_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_gre_layer *g = &l->u.gre;
	if (l->truncated && !l->len)
		return;
	json_u64(o, "ver", g->ver);
	json_u64(o, "flags", g->flags);
	json_u64(o, "proto", g->proto);
	if (g->has_cksum)
		json_u64(o, "checksum", g->cksum);
	if (g->has_key)
		json_u64(o, "key", g->key);
	if (g->has_seq)
		json_u64(o, "seq", g->seq);
	if (g->has_ack)
		json_u64(o, "ack", g->ack);
	if (g->has_cmd)
		json_u64(o, "sgt", g->cmd_sgt);
}

void
report_erspan_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_erspan_layer *e = &d->layers[i].u.erspan;
	static const char *const types[] = { "?", "I", "II", "III" };
	out_str(o, "ERSPAN ");
	out_str(o, types[e->type & 3]);
	if (e->type == 1)
		return;
	out_str(o, " session=");
	out_u64(o, e->session);
	if (e->vlan) {
		out_str(o, " vlan=");
		out_u64(o, e->vlan);
	}
	if (e->cos) {
		out_str(o, " cos=");
		out_u64(o, e->cos);
	}
	if (e->type == 2) {
		out_str(o, " index=");
		out_u64(o, e->index);
	} else {
		out_str(o, " ts=");
		out_u64(o, e->timestamp);
		if (e->sgt) {
			out_str(o, " sgt=");
			out_u64(o, e->sgt);
		}
		out_str(o, " hwid=");
		out_u64(o, e->hwid);
		if (e->ft) {
			out_str(o, " ft=");
			out_u64(o, e->ft);
		}
	}
}

void
report_erspan_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_erspan_layer *e = &d->layers[i].u.erspan;
	json_u64(o, "type", e->type);
	if (e->type == 1)
		return;
	json_u64(o, "ver", e->ver);
	json_u64(o, "vlan", e->vlan);
	json_u64(o, "cos", e->cos);
	json_u64(o, e->type == 3 ? "bso" : "en", e->en);
	json_bool(o, "t", e->t);
	json_u64(o, "session", e->session);
	if (e->type == 2) {
		json_u64(o, "index", e->index);
		return;
	}
	json_u64(o, "timestamp", e->timestamp);
	json_u64(o, "sgt", e->sgt);
	json_bool(o, "pbit", e->p); /* "p" names the layer */
	json_u64(o, "ft", e->ft);
	json_u64(o, "hwid", e->hwid);
	json_bool(o, "d", e->d);
	json_u64(o, "gra", e->gra);
	json_bool(o, "o", e->o);
	if (e->has_platform)
		json_u64(o, "platform_id", e->platform_id);
}

void
report_mpls_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_mpls_layer *m = &l->u.mpls;
	out_str(o, "MPLS");
	unsigned n = m->nlabels < DEC_MPLS_MAX_LABELS ? m->nlabels : DEC_MPLS_MAX_LABELS;
	for (unsigned k = 0; k < n; k++) {
		const struct dec_mpls_entry *e = &m->e[k];
		out_str(o, " [");
		out_u64(o, e->label);
		if (e->tc) {
			out_str(o, " tc=");
			out_u64(o, e->tc);
		}
		out_str(o, " ttl=");
		out_u64(o, e->ttl);
		if (e->s)
			out_str(o, " S");
		out_ch(o, ']');
	}
	if (m->nlabels > n) {
		out_str(o, " +");
		out_u64(o, m->nlabels - n);
	}
	if (m->cw) {
		out_str(o, " cw seq=");
		out_u64(o, m->cw_seq);
	}
	if (m->payload == DEC_MPLS_PAY_ACH)
		out_str(o, " ach");
	if (l->truncated)
		out_str(o, " [truncated]");
}

void
report_mpls_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_mpls_layer *m = &d->layers[i].u.mpls;
	unsigned n = m->nlabels < DEC_MPLS_MAX_LABELS ? m->nlabels : DEC_MPLS_MAX_LABELS;
	json_key(o, "labels");
	out_ch(o, '[');
	for (unsigned k = 0; k < n; k++) {
		const struct dec_mpls_entry *e = &m->e[k];
		if (k)
			out_ch(o, ',');
		out_str(o, "{\"label\":");
		out_u64(o, e->label);
		json_u64(o, "tc", e->tc);
		json_bool(o, "s", e->s);
		json_u64(o, "ttl", e->ttl);
		out_ch(o, '}');
	}
	out_ch(o, ']');
	json_u64(o, "depth", m->nlabels);
	static const char *const pay[] = { "none", "ipv4", "ipv6", "eth", "ach" };
	json_str(o, "payload", pay[m->payload < 5 ? m->payload : 0]);
	if (m->cw) {
		json_key(o, "cw");
		out_str(o, "{\"flags\":");
		out_u64(o, m->cw_flags);
		json_u64(o, "frg", m->cw_frg);
		json_u64(o, "len", m->cw_len);
		json_u64(o, "seq", m->cw_seq);
		out_ch(o, '}');
	}
}

void
report_ppp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ppp_layer *p = &d->layers[i].u.ppp;
	/* what it carries says enough for IP and MPLS; others are named by number */
	if (p->protocol == 0x0021 || p->protocol == 0x0057 || p->protocol == 0x0281 ||
		p->protocol == 0x0283)
		return;
	out_str(o, "PPP proto=");
	out_hex0x(o, p->protocol, 4);
}

void
report_ppp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ppp_layer *p = &d->layers[i].u.ppp;
	json_bool(o, "hdlc", p->hdlc);
	json_u64(o, "protocol", p->protocol);
}
