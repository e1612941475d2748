/* layer_partial.c - the fields of a header cut short by the snaplen or the end of the
 * file, for the protocols whose decoders record how much of the header was captured
 * (l->len on a truncated layer): a field is shown when all its bytes are there, as tshark
 * shows an ESP SPI from 4 of its 8 header bytes (issue 14). The cursor is sticky
 * (decode/cursor.h): fields read before the cut are data, those after it are zeros and
 * never shown. Offsets are each protocol's header layout: ESP RFC 4303 §2, IKE RFC 7296
 * §3.1, GENEVE RFC 8926 §3.4, DNS RFC 1035 §4.1.1. */
#include "reports/render.h"

#include <stdio.h>

static void
text_field(struct out *o, const char *name, uint64_t v, int hex_digits)
{
	out_ch(o, ' ');
	out_str(o, name);
	out_ch(o, '=');
	if (hex_digits)
		out_hex0x(o, v, hex_digits);
	else
		out_u64(o, v);
}

/* What fields() calls for each whole field: its name, value and hex digits (0: decimal). */
typedef void field_fn(struct out *o, const char *name, uint64_t v, int hex);

static uint64_t
be_bytes(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t k = 0; k < n; k++)
		v = v << 8 | p[k];
	return v;
}

/* Calls f for each whole field of layer i, in wire order; false for a protocol without a
 * table here. */
static bool
fields(struct out *o, const struct dec *d, unsigned i, field_fn *f)
{
	const struct dec_layer *l = &d->layers[i];
	uint32_t have = l->len;
	switch (l->proto) {
	case DEC_P_ESP: {
		const struct dec_esp_layer *e = &l->u.esp;
		if (have >= 4)
			f(o, "spi", e->spi, 8);
		if (have >= 8)
			f(o, "seq", e->seq, 0);
		return true;
	}
	case DEC_P_IKE: {
		const struct dec_ike_layer *k = &l->u.ike;
		if (have >= 8)
			f(o, "ispi", be_bytes(k->ispi, 8), 16);
		if (have >= 16)
			f(o, "rspi", be_bytes(k->rspi, 8), 16);
		if (have >= 17)
			f(o, "next_payload", k->next_payload, 0);
		if (have >= 18)
			f(o, "version", k->version, 2);
		if (have >= 19)
			f(o, "exchange", k->exchange, 0);
		if (have >= 20)
			f(o, "flags", k->flags, 2);
		if (have >= 24)
			f(o, "msgid", k->msgid, 0);
		return true;
	}
	case DEC_P_GENEVE: {
		const struct dec_geneve_layer *g = &l->u.geneve;
		if (have >= 4)
			f(o, "proto", g->proto, 4);
		if (have >= 7)
			f(o, "vni", g->vni, 6);
		return true;
	}
	case DEC_P_DNS: {
		const struct dec_dns_layer *m = &l->u.dns;
		if (have >= 2)
			f(o, "id", m->id, 4);
		if (have >= 4)
			f(o, "flags", m->flags, 4);
		if (have >= 6)
			f(o, "qdcount", m->qdcount, 0);
		if (have >= 8)
			f(o, "ancount", m->ancount, 0);
		if (have >= 10)
			f(o, "nscount", m->nscount, 0);
		return true;
	}
	default:
		return false;
	}
}

bool
report_partial_text(struct out *o, const struct dec *d, unsigned i)
{
	static const char *const titles[DEC_P_COUNT] = {
		[DEC_P_ESP] = "ESP",
		[DEC_P_IKE] = "IKE",
		[DEC_P_GENEVE] = "GENEVE",
		[DEC_P_DNS] = "DNS",
	};
	unsigned proto = d->layers[i].proto;
	if (proto >= DEC_P_COUNT || !titles[proto])
		return false;
	out_str(o, titles[proto]);
	fields(o, d, i, text_field);
	out_str(o, " [truncated]");
	return true;
}

/* as the whole layers' JSON has them: IKE SPIs as 16 hex digits, the rest as numbers */
static void
json_field(struct out *o, const char *name, uint64_t v, int hex)
{
	if (hex == 16) {
		char buf[20];
		snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)v);
		json_str(o, name, buf);
		return;
	}
	json_u64(o, name, v);
}

void
report_partial_json(struct out *o, const struct dec *d, unsigned i)
{
	fields(o, d, i, json_field);
}
