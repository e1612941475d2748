/* layer_ike.c - IKEv1/ISAKMP and IKEv2 messages in text and NDJSON (DESIGN.md's `ike`
 * fields, plus `payload_details`: what decode/ike.c read out of each payload).
 *
 * Text: `IKEv2 IKE_SA_INIT ispi=… rspi=… msgid=0 I [SA KE Nonce N(COOKIE)]`. Names
 * that IANA has not assigned print as numbers (`TYPE99`, `exchange=99`), so nothing is
 * dropped from the line.
 */
#include "reports/render.h"

#include <stdio.h>

#include "decode/ike.h"

static const char *
payload_name(const struct dec_ike_layer *k, uint8_t type, char *buf, size_t n)
{
	return report_name_or_num(dec_ike_payload_name(k->version, type), "TYPE", type, buf, n);
}

static bool
is_v2(const struct dec_ike_layer *k)
{
	return k->version >> 4 == 2;
}

/* One payload's token in the text line: its name, with what it says in parentheses
 * where one word tells a lot (the notify type, the first payload inside SK). */
static void
text_payload(struct out *o, const struct dec_ike_layer *k, const struct dec_ike_payload *p)
{
	char buf[16];
	out_str(o, payload_name(k, p->type, buf, sizeof(buf)));
	if (!is_v2(k))
		return;
	if (p->type == DEC_IKE2_N) {
		out_ch(o, '(');
		out_str(o, report_name_or_num(dec_ike_notify_name(p->u.notify.type), "",
				   p->u.notify.type, buf, sizeof(buf)));
		out_ch(o, ')');
	} else if ((p->type == DEC_IKE2_SK || p->type == DEC_IKE2_SKF) && p->next != 0) {
		out_ch(o, '(');
		out_str(o, payload_name(k, p->next, buf, sizeof(buf)));
		out_ch(o, ')');
	}
}

void
report_ike_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ike_layer *k = &d->layers[i].u.ike;
	unsigned major = k->version >> 4, minor = k->version & 0xF;
	if (major == 2)
		out_str(o, "IKEv2");
	else if (major == 1)
		out_str(o, "ISAKMP");
	else
		out_printf(o, "IKE v%u.%u", major, minor);
	if (major != 1 && major != 2) {
		out_str(o, " ispi=0x");
		out_hexbytes(o, k->ispi, 8);
		out_str(o, " rspi=0x");
		out_hexbytes(o, k->rspi, 8);
		return;
	}
	const char *xname = dec_ike_exchange_name(k->version, k->exchange);
	if (xname) {
		out_ch(o, ' ');
		out_str(o, xname);
	} else {
		out_printf(o, " exchange=%u", k->exchange);
	}
	/* 0x hex, as tshark and tcpdump print SPIs (and ESP's spi=) */
	out_str(o, " ispi=0x");
	out_hexbytes(o, k->ispi, 8);
	out_str(o, " rspi=0x");
	out_hexbytes(o, k->rspi, 8);
	out_printf(o, " msgid=%u", k->msgid);
	if (major == 2 && (k->flags & (DEC_IKE_F_INITIATOR | DEC_IKE_F_RESPONSE))) {
		out_ch(o, ' ');
		if (k->flags & DEC_IKE_F_INITIATOR)
			out_ch(o, 'I');
		if (k->flags & DEC_IKE_F_RESPONSE)
			out_ch(o, 'R');
	}
	if (k->encrypted) {
		out_printf(o, " [encrypted %u]", k->length >= 28 ? k->length - 28 : 0);
		return;
	}
	out_str(o, " [");
	for (unsigned j = 0; j < k->npayloads; j++) {
		if (j)
			out_ch(o, ' ');
		text_payload(o, k, &k->payloads[j]);
	}
	out_ch(o, ']');
}

/* `"key":"name"` for a value that has a name, `"key":"N"` for one that has none: the
 * field keeps one JSON type. */
static void
json_name(struct out *o, const char *key, const char *name, unsigned v)
{
	char buf[16];
	json_str(o, key, report_name_or_num(name, "", v, buf, sizeof(buf)));
}

static void
json_proposal(struct out *o, const struct dec_ike_proposal *pp)
{
	out_ch(o, '{');
	out_str(o, "\"num\":");
	out_u64(o, pp->num);
	json_name(o, "proto", dec_ike_proto_name(pp->proto), pp->proto);
	json_hex(o, "spi", pp->spi, pp->spi ? pp->spi_size : 0);
	json_u64(o, "ntransforms", pp->ntransforms);
	json_key(o, "transforms");
	out_ch(o, '[');
	for (unsigned t = 0; t < pp->ntr; t++) {
		const struct dec_ike_transform *tr = &pp->tr[t];
		if (t)
			out_ch(o, ',');
		out_ch(o, '{');
		out_str(o, "\"type\":");
		char buf[16];
		const char *tn = report_name_or_num(
			dec_ike_transform_type_name(tr->type), "", tr->type, buf, sizeof(buf));
		out_json_str(o, tn, strlen(tn));
		json_u64(o, "id", tr->id);
		const char *name = dec_ike_transform_name(tr->type, tr->id);
		if (name)
			json_str(o, "name", name);
		if (tr->has_keylen)
			json_u64(o, "keylen", tr->keylen);
		out_ch(o, '}');
	}
	out_str(o, "]}");
}

static void
json_selector(struct out *o, const struct dec_ike_ts *ts)
{
	out_str(o, "{\"ts_type\":");
	out_u64(o, ts->type);
	json_u64(o, "ip_proto", ts->ip_proto);
	if (ts->type != 7 && ts->type != 8) {
		json_u64(o, "len", ts->len);
		out_ch(o, '}');
		return;
	}
	json_key(o, "ports");
	out_printf(o, "\"%u-%u\"", ts->start_port, ts->end_port);
	json_key(o, "range");
	out_ch(o, '"');
	if (ts->type == 7)
		out_ipv4(o, ts->start);
	else
		out_ipv6(o, ts->start);
	out_ch(o, '-');
	if (ts->type == 7)
		out_ipv4(o, ts->end);
	else
		out_ipv6(o, ts->end);
	out_str(o, "\"}");
}

/* The IKEv2 body fields of one payload, after its type and length. */
static void
json_payload_v2(struct out *o, const struct dec_ike_layer *k, const struct dec_ike_payload *p)
{
	char buf[16];
	const char *name;
	switch (p->type) {
	case DEC_IKE2_SA:
		json_key(o, "proposals");
		out_ch(o, '[');
		for (unsigned j = 0; j < p->u.sa.nprop; j++) {
			if (j)
				out_ch(o, ',');
			json_proposal(o, &p->u.sa.prop[j]);
		}
		out_ch(o, ']');
		break;
	case DEC_IKE2_KE:
		json_u64(o, "group", p->u.ke.group);
		if ((name = dec_ike_transform_name(4, p->u.ke.group)))
			json_str(o, "group_name", name);
		json_u64(o, "data_len", p->u.ke.data_len);
		break;
	case DEC_IKE2_IDI:
	case DEC_IKE2_IDR:
		json_u64(o, "id_type", p->u.opaque.kind);
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	case DEC_IKE2_CERT:
	case DEC_IKE2_CERTREQ:
		json_u64(o, "encoding", p->u.opaque.kind);
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	case DEC_IKE2_AUTH:
		json_u64(o, "method", p->u.opaque.kind);
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	case DEC_IKE2_CP:
		json_u64(o, "cfg_type", p->u.opaque.kind);
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	case DEC_IKE2_EAP:
		json_u64(o, "code", p->u.opaque.kind);
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	case DEC_IKE2_N:
		json_u64(o, "notify", p->u.notify.type);
		if ((name = dec_ike_notify_name(p->u.notify.type)))
			json_str(o, "notify_name", name);
		if (p->u.notify.proto)
			json_name(o, "proto", dec_ike_proto_name(p->u.notify.proto),
				p->u.notify.proto);
		if (p->u.notify.spi && p->u.notify.spi_size)
			json_hex(o, "spi", p->u.notify.spi, p->u.notify.spi_size);
		json_u64(o, "data_len", p->u.notify.data_len);
		break;
	case DEC_IKE2_D:
		json_name(o, "proto", dec_ike_proto_name(p->u.del.proto), p->u.del.proto);
		json_u64(o, "count", p->u.del.nspi);
		json_key(o, "spis");
		out_ch(o, '[');
		for (unsigned j = 0; j < p->u.del.nspi_seen; j++) {
			if (j)
				out_ch(o, ',');
			out_ch(o, '"');
			out_hexbytes(o, p->u.del.spis + (size_t)j * p->u.del.spi_size,
				p->u.del.spi_size);
			out_ch(o, '"');
		}
		out_ch(o, ']');
		break;
	case DEC_IKE2_TSI:
	case DEC_IKE2_TSR:
		json_u64(o, "count", p->u.ts.count);
		json_key(o, "selectors");
		out_ch(o, '[');
		for (unsigned j = 0; j < p->u.ts.nts; j++) {
			if (j)
				out_ch(o, ',');
			json_selector(o, &p->u.ts.ts[j]);
		}
		out_ch(o, ']');
		break;
	case DEC_IKE2_SKF:
		json_u64(o, "frag_num", p->u.sk.frag_num);
		json_u64(o, "frag_total", p->u.sk.frag_total);
		json_u64(o, "data_len", p->u.sk.data_len);
		/* only the first fragment names the first inner payload (RFC 7383 §2.5) */
		if (p->next)
			json_str(o, "inner_next", payload_name(k, p->next, buf, sizeof(buf)));
		break;
	case DEC_IKE2_SK:
		json_u64(o, "data_len", p->u.sk.data_len);
		if (p->next)
			json_str(o, "inner_next", payload_name(k, p->next, buf, sizeof(buf)));
		break;
	default:
		json_u64(o, "data_len", p->u.opaque.data_len);
		break;
	}
}

void
report_ike_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_ike_layer *k = &d->layers[i].u.ike;
	char buf[16];
	json_u64(o, "version", k->version);
	json_u64(o, "major", k->version >> 4);
	json_u64(o, "minor", k->version & 0xF);
	json_hex(o, "ispi", k->ispi, 8);
	json_hex(o, "rspi", k->rspi, 8);
	json_bool(o, "natt", k->natt);
	/* RFC 7296 §2.5: only the SPIs and the version mean the same in every version;
	 * what follows in another version's header is not ours to name (tshark agrees) */
	if (k->version >> 4 != 1 && !is_v2(k))
		return;
	json_u64(o, "exchange", k->exchange);
	const char *xname = dec_ike_exchange_name(k->version, k->exchange);
	json_str(o, "exchange_name", xname ? xname : "unknown");
	json_u64(o, "msgid", k->msgid);
	json_u64(o, "flags", k->flags);
	if (is_v2(k)) {
		json_bool(o, "initiator", k->flags & DEC_IKE_F_INITIATOR);
		json_bool(o, "response", k->flags & DEC_IKE_F_RESPONSE);
	} else if (k->encrypted) {
		json_bool(o, "encrypted", true);
	}
	json_u64(o, "length", k->length);
	json_key(o, "payloads");
	out_ch(o, '[');
	for (unsigned j = 0; j < k->npayloads; j++) {
		const char *pn = payload_name(k, k->payloads[j].type, buf, sizeof(buf));
		if (j)
			out_ch(o, ',');
		out_json_str(o, pn, strlen(pn));
	}
	out_ch(o, ']');
	json_key(o, "payload_details");
	out_ch(o, '[');
	for (unsigned j = 0; j < k->npayloads; j++) {
		const struct dec_ike_payload *p = &k->payloads[j];
		const char *pn = payload_name(k, p->type, buf, sizeof(buf));
		if (j)
			out_ch(o, ',');
		out_str(o, "{\"type\":");
		out_json_str(o, pn, strlen(pn));
		json_u64(o, "len", p->len);
		if (p->critical)
			json_bool(o, "critical", true);
		if (is_v2(k))
			json_payload_v2(o, k, p);
		out_ch(o, '}');
	}
	out_ch(o, ']');
}
