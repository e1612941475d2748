/* layer_geneve.c - text and NDJSON for GENEVE (RFC 8926 §3) and its options.
 *
 * AWS Gateway Load Balancer's options (class 0x0108) are shown by name: the endpoint id
 * as the `vpce-` id the console shows (17 hex digits, DESIGN.md), the attachment id and the
 * flow cookie in hex. Other options as class/type=value in hex.
 */
#include "reports/render.h"

#include <stdio.h>

static uint64_t
be_value(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t k = 0; k < n; k++)
		v = v << 8 | p[k];
	return v;
}

/* The GWLB option's value as text, when the option is one and has the published length. */
static bool
aws_value(char *buf, size_t size, const struct dec_geneve_opt *op)
{
	if (op->cls != DEC_GENEVE_CLASS_AWS)
		return false;
	if (op->type == DEC_GENEVE_AWS_ENDPOINT_ID && op->len == 8)
		snprintf(buf, size, "vpce-%017llx", (unsigned long long)be_value(op->value, 8));
	else if (op->type == DEC_GENEVE_AWS_ATTACHMENT_ID && op->len == 8)
		snprintf(buf, size, "0x%016llx", (unsigned long long)be_value(op->value, 8));
	else if (op->type == DEC_GENEVE_AWS_FLOW_COOKIE && op->len == 4)
		snprintf(buf, size, "0x%08llx", (unsigned long long)be_value(op->value, 4));
	else
		return false;
	return true;
}

void
report_geneve_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_geneve_layer *g = &d->layers[i].u.geneve;
	out_str(o, "GENEVE");
	if (g->ver) {
		out_str(o, " ver=");
		out_u64(o, g->ver);
		return;
	}
	/* decimal, as tshark and the VXLAN layer print a VNI (issue 16: one format per field) */
	out_str(o, " vni=");
	out_u64(o, g->vni);
	if (g->oam)
		out_str(o, " oam");
	if (g->proto != 0x6558 && g->proto != 0x0800 && g->proto != 0x86DD) {
		out_str(o, " proto=");
		out_hex0x(o, g->proto, 4);
	}
	if (!g->nopts)
		return;
	out_str(o, " [");
	for (unsigned k = 0; k < g->nopts; k++) {
		const struct dec_geneve_opt *op = &g->opts[k];
		char buf[32];
		if (k)
			out_ch(o, ' ');
		const char *name = dec_geneve_opt_name(op->cls, op->type);
		if (name && aws_value(buf, sizeof(buf), op)) {
			out_str(o, name);
			out_ch(o, '=');
			out_str(o, buf);
			continue;
		}
		out_hex0x(o, op->cls, 4);
		out_ch(o, '/');
		out_hex0x(o, op->type, 2);
		if (op->len) {
			out_ch(o, '=');
			out_hexbytes(o, op->value, op->len);
		}
	}
	out_ch(o, ']');
}

void
report_geneve_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_geneve_layer *g = &d->layers[i].u.geneve;
	json_u64(o, "ver", g->ver);
	json_u64(o, "opt_len", g->opt_len);
	json_bool(o, "oam", g->oam);
	json_bool(o, "critical", g->critical);
	json_u64(o, "proto", g->proto);
	json_u64(o, "vni", g->vni);
	if (g->ver)
		return;
	json_key(o, "options");
	out_ch(o, '[');
	for (unsigned k = 0; k < g->nopts; k++) {
		const struct dec_geneve_opt *op = &g->opts[k];
		if (k)
			out_ch(o, ',');
		out_str(o, "{\"class\":");
		out_u64(o, op->cls);
		json_u64(o, "type", op->type);
		json_u64(o, "len", op->len);
		json_hex(o, "value", op->value, op->len);
		const char *name = dec_geneve_opt_name(op->cls, op->type);
		if (name)
			json_str(o, "name", name);
		char buf[32];
		if (op->cls == DEC_GENEVE_CLASS_AWS && op->type == DEC_GENEVE_AWS_ENDPOINT_ID &&
			aws_value(buf, sizeof(buf), op))
			json_str(o, "vpce", buf);
		out_ch(o, '}');
	}
	out_ch(o, ']');
}
