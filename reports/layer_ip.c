/* layer_ip.c - text and NDJSON for IPv4, IPv6, ICMP/ICMPv6, UDP and TCP. The text follows
 * tcpdump where a reader expects it ("[S.]" flags, "who-has"), compact otherwise. */
#include "reports/render.h"

/* A fragment's reassembly, after its id/offset: " reassembled 3 frames #1,#2,#3 len=4008"
 * on the packet that completed the datagram (tshark's "[3 IPv4 Fragments (4008 bytes):
 * #1, #2, #3]"), " held" / " dropped" otherwise; nothing without a reassembler. */
static void
frag_text(struct out *o, uint8_t state, const struct dec_frag_done *done)
{
	if (state == DEC_FRAG_HELD) {
		out_str(o, " held");
	} else if (state == DEC_FRAG_DROPPED) {
		out_str(o, " dropped");
	} else if (state == DEC_FRAG_DONE && done) {
		out_str(o, " reassembled ");
		out_u64(o, done->nframes);
		out_str(o, done->nframes == 1 ? " frame " : " frames ");
		for (uint32_t k = 0; k < done->nframes; k++) {
			if (k)
				out_ch(o, ',');
			out_ch(o, '#');
			out_u64(o, done->frames[k]);
		}
		out_str(o, " len=");
		out_u64(o, done->total);
	}
}

static void
frag_json(struct out *o, uint8_t state, const struct dec_frag_done *done)
{
	static const char *const names[] = { "none", "held", "reassembled", "dropped" };
	if (state == DEC_FRAG_NONE)
		return;
	json_str(o, "frag_state", names[state & 3]);
	if (state != DEC_FRAG_DONE || !done)
		return;
	json_key(o, "reassembled");
	out_str(o, "{\"frames\":[");
	for (uint32_t k = 0; k < done->nframes; k++) {
		if (k)
			out_ch(o, ',');
		out_u64(o, done->frames[k]);
	}
	out_ch(o, ']');
	json_u64(o, "len", done->total);
	out_ch(o, '}');
}

void
report_ipv4_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ipv4_layer *ip = &d->layers[i].u.ipv4;
	out_ipv4(o, ip->src);
	out_str(o, " > ");
	out_ipv4(o, ip->dst);
	if (ip->mf || ip->frag) {
		out_str(o, " frag id=");
		out_u64(o, ip->id);
		out_str(o, " off=");
		out_u64(o, ip->frag);
		if (ip->mf)
			out_ch(o, '+');
		frag_text(o, ip->frag_state, ip->reasm);
	}
	if (i + 1 == d->nlayers || (ip->frag && ip->frag_state != DEC_FRAG_DONE)) {
		out_str(o, " proto=");
		out_u64(o, ip->proto);
		if (!ip->frag && d->nerrors == 0) {
			out_str(o, " len=");
			out_u64(o, ip->totlen);
		}
	}
}

void
report_ipv4_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ipv4_layer *ip = &d->layers[i].u.ipv4;
	json_ipv4(o, "src", ip->src);
	json_ipv4(o, "dst", ip->dst);
	json_u64(o, "proto", ip->proto);
	json_u64(o, "ttl", ip->ttl);
	json_u64(o, "id", ip->id);
	json_bool(o, "df", ip->df);
	json_bool(o, "mf", ip->mf);
	json_u64(o, "frag", ip->frag);
	json_u64(o, "dscp", ip->dscp);
	json_u64(o, "ecn", ip->ecn);
	json_u64(o, "len", ip->totlen);
	json_u64(o, "hlen", ip->hlen);
	frag_json(o, ip->frag_state, ip->reasm);
}

void
report_ipv6_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ipv6_layer *ip = &d->layers[i].u.ipv6;
	out_ipv6(o, ip->src);
	out_str(o, " > ");
	out_ipv6(o, ip->dst);
	if (ip->next_ext) {
		out_str(o, " ext=");
		for (unsigned k = 0; k < ip->next_ext; k++) {
			if (k)
				out_ch(o, ',');
			out_u64(o, ip->ext[k]);
		}
	}
	if (ip->is_fragment) {
		out_str(o, " frag id=");
		out_hex0x(o, ip->frag_id, 8);
		out_str(o, " off=");
		out_u64(o, ip->frag);
		if (ip->mf)
			out_ch(o, '+');
		frag_text(o, ip->frag_state, ip->reasm);
	}
	if (i + 1 == d->nlayers ||
		(ip->is_fragment && ip->frag && ip->frag_state != DEC_FRAG_DONE)) {
		out_str(o, " next=");
		out_u64(o, ip->proto);
	}
}

void
report_ipv6_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ipv6_layer *ip = &d->layers[i].u.ipv6;
	json_ipv6(o, "src", ip->src);
	json_ipv6(o, "dst", ip->dst);
	json_u64(o, "next", ip->next);
	json_u64(o, "proto", ip->proto);
	json_u64(o, "hlim", ip->hlim);
	json_u64(o, "flow", ip->flow);
	json_u64(o, "tclass", ip->tclass);
	json_u64(o, "plen", ip->plen);
	json_key(o, "ext");
	out_ch(o, '[');
	for (unsigned k = 0; k < ip->next_ext; k++) {
		if (k)
			out_ch(o, ',');
		out_u64(o, ip->ext[k]);
	}
	out_ch(o, ']');
	if (ip->is_fragment) {
		json_u64(o, "frag", ip->frag);
		json_bool(o, "mf", ip->mf);
		json_u64(o, "frag_id", ip->frag_id);
		frag_json(o, ip->frag_state, ip->reasm);
	}
}

/* Names of the types a reader meets daily (RFC 792, RFC 4443 §2.1, RFC 4861 §4). */
static const char *
icmp_name(bool v6, uint8_t type)
{
	if (!v6) {
		switch (type) {
		case 0:
			return "echo reply";
		case 3:
			return "unreachable";
		case 4:
			return "source quench";
		case 5:
			return "redirect";
		case 8:
			return "echo request";
		case 11:
			return "time exceeded";
		case 12:
			return "parameter problem";
		case 13:
			return "timestamp request";
		case 14:
			return "timestamp reply";
		default:
			return NULL;
		}
	}
	switch (type) {
	case 1:
		return "unreachable";
	case 2:
		return "packet too big";
	case 3:
		return "time exceeded";
	case 4:
		return "parameter problem";
	case 128:
		return "echo request";
	case 129:
		return "echo reply";
	case 133:
		return "router solicitation";
	case 134:
		return "router advertisement";
	case 135:
		return "neighbor solicitation";
	case 136:
		return "neighbor advertisement";
	case 137:
		return "redirect";
	case 143:
		return "MLDv2 report";
	default:
		return NULL;
	}
}

void
report_icmp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_icmp_layer *m = &l->u.icmp;
	bool v6 = l->proto == DEC_P_ICMPV6;
	out_str(o, v6 ? "ICMPv6 " : "ICMP ");
	const char *name = icmp_name(v6, m->type);
	if (name) {
		out_str(o, name);
	} else {
		out_str(o, "type=");
		out_u64(o, m->type);
	}
	if (m->code) {
		out_str(o, " code=");
		out_u64(o, m->code);
	}
	if (m->echo) {
		out_str(o, " id=");
		out_u64(o, m->id);
		out_str(o, " seq=");
		out_u64(o, m->seq);
	}
	if (m->quote && i + 1 < d->nlayers)
		out_str(o, " for");
}

void
report_icmp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_icmp_layer *m = &d->layers[i].u.icmp;
	json_u64(o, "type", m->type);
	json_u64(o, "code", m->code);
	if (m->echo) {
		json_u64(o, "id", m->id);
		json_u64(o, "seq", m->seq);
	}
}

static void
ports_text(struct out *o, const char *name, uint16_t sport, uint16_t dport)
{
	out_str(o, name);
	out_ch(o, ' ');
	out_u64(o, sport);
	if (sport != dport) {
		out_str(o, " > ");
		out_u64(o, dport);
	}
}

void
report_udp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_udp_layer *u = &l->u.udp;
	if (l->truncated) {
		if (u->ports_only)
			ports_text(o, "UDP", u->sport, u->dport);
		else
			out_str(o, "UDP");
		out_str(o, " [truncated]");
		return;
	}
	ports_text(o, "UDP", u->sport, u->dport);
	if (i + 1 == d->nlayers) {
		out_str(o, " len=");
		out_u64(o, u->len >= 8 ? u->len - 8u : 0);
	}
}

void
report_udp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_udp_layer *u = &l->u.udp;
	if (l->truncated && !u->ports_only)
		return;
	json_u64(o, "sport", u->sport);
	json_u64(o, "dport", u->dport);
	if (!l->truncated)
		json_u64(o, "len", u->len);
}

/* JSON letters in the order of the header bits (RFC 9293 §3.1), low bit first */
static const char tcp_flag_letters[] = "FSRPAUECN";
/* tcpdump's text letters for the same bits ('.' is ACK) */
static const char tcp_flag_text[] = "FSRP.UEWN";

void
report_tcp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_tcp_layer *t = &l->u.tcp;
	if (l->truncated) {
		if (t->ports_only)
			ports_text(o, "TCP", t->sport, t->dport);
		else
			out_str(o, "TCP");
		out_str(o, " [truncated]");
		return;
	}
	ports_text(o, "TCP", t->sport, t->dport);
	out_str(o, " [");
	/* tcpdump's order: S F R P then '.' */
	static const uint16_t order[] = { DEC_TCP_SYN, DEC_TCP_FIN, DEC_TCP_RST, DEC_TCP_PSH,
		DEC_TCP_URG, DEC_TCP_ECE, DEC_TCP_CWR, DEC_TCP_NS, DEC_TCP_ACK };
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (t->flags & order[k])
			out_ch(o, tcp_flag_text[__builtin_ctz(order[k])]);
	out_str(o, "] seq=");
	out_u64(o, t->seq);
	if (t->flags & DEC_TCP_ACK) {
		out_str(o, " ack=");
		out_u64(o, t->ack);
	}
	out_str(o, " win=");
	out_u64(o, t->win);
	if (t->has_mss) {
		out_str(o, " mss=");
		out_u64(o, t->mss);
	}
	if (t->has_wscale) {
		out_str(o, " wscale=");
		out_u64(o, t->wscale);
	}
	if (t->sack_perm)
		out_str(o, " sackOK");
	if (t->nsack) {
		out_str(o, " sack=");
		out_u64(o, t->nsack);
	}
	if (t->has_ts) {
		out_str(o, " ts=");
		out_u64(o, t->ts_val);
		out_ch(o, '/');
		out_u64(o, t->ts_ecr);
	}
	report_tcp_sig_text(o, t);
	out_str(o, " len=");
	out_u64(o, t->plen);
}

void
report_tcp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_layer *l = &d->layers[i];
	const struct dec_tcp_layer *t = &l->u.tcp;
	if (l->truncated && !t->ports_only)
		return;
	json_u64(o, "sport", t->sport);
	json_u64(o, "dport", t->dport);
	if (l->truncated)
		return;
	json_u64(o, "len", t->plen);
	json_u64(o, "seq", t->seq);
	json_u64(o, "ack", t->ack);
	json_key(o, "flags");
	out_ch(o, '"');
	for (unsigned b = 0; b < 9; b++)
		if (t->flags & (1u << b))
			out_ch(o, tcp_flag_letters[b]);
	out_ch(o, '"');
	json_u64(o, "win", t->win);
	json_u64(o, "hlen", t->hlen);
	if (t->has_mss)
		json_u64(o, "mss", t->mss);
	if (t->has_wscale)
		json_u64(o, "wscale", t->wscale);
	if (t->sack_perm)
		json_bool(o, "sack_perm", true);
	if (t->nsack)
		json_u64(o, "sack_blocks", t->nsack);
	if (t->has_ts) {
		json_u64(o, "ts_val", t->ts_val);
		json_u64(o, "ts_ecr", t->ts_ecr);
	}
	report_tcp_sig_json(o, t);
}
