/* geneve.c - GENEVE (RFC 8926 §3): the fixed header, every option TLV, and the inner frame
 * by its protocol type (Ethernet 0x6558, or IPv4/IPv6 with no inner Ethernet header as
 * AWS Gateway Load Balancer sends it).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        Virtual Network Identifier (VNI)       |    Reserved   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                    Variable-Length Options                    ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Each option (§3.5): the type's high bit is the critical bit; Length counts 4-byte words
 * of data after this 4-byte header.
 *
 *   |          Option Class         |      Type     |R|R|R| Length  |
 *   ~                  Variable-Length Option Data                  ~
 *
 * Opt Len (in 4-byte words) is authoritative for where the inner frame starts: an option
 * that claims to run past it is an event, the options before it are kept, and the inner
 * frame is still decoded from the end of the options area.
 */
#include "decode/geneve.h"

#include "decode/decoders.h"

enum {
	GENEVE_HDR_LEN = 8,
	GENEVE_OPT_HDR_LEN = 4,
};

enum dec_rc
dec_geneve(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_GENEVE, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_geneve_layer *g = &l->u.geneve;
	uint8_t b0 = cur_u8(c);
	uint8_t b1 = cur_u8(c);
	g->proto = cur_be16(c);
	g->vni = cur_be24(c);
	g->reserved = cur_u8(c);
	if (c->bad) {
		l->len = (uint32_t)have; /* the fields that are whole are shown (render.c) */
		return dec_truncated(d, l, GENEVE_HDR_LEN, have);
	}
	g->ver = b0 >> 6;
	g->opt_len = (uint8_t)((b0 & 0x3F) * 4);
	g->oam = b1 & 0x80;
	g->critical = b1 & 0x40;
	g->rsvd1 = b1 & 0x3F;
	l->len = GENEVE_HDR_LEN + (uint32_t)g->opt_len;
	/* §3.4: a packet of an unknown version MUST be dropped; its layout is unknown too */
	if (g->ver != 0)
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "GENEVE version %u", g->ver);

	struct cur o = cur_sub(c, g->opt_len);
	bool cut = c->bad; /* the options area runs past the captured bytes */
	size_t opt_end = l->off + GENEVE_HDR_LEN + g->opt_len;
	if (g->opt_len) {
		/* at most one option per 4-byte word: one allocation, no second pass */
		g->opts = dec_alloc(d, (g->opt_len / GENEVE_OPT_HDR_LEN) * sizeof(*g->opts));
		if (!g->opts)
			return DEC_STOP;
	}
	while (cur_left(&o) >= GENEVE_OPT_HDR_LEN) {
		size_t at = cur_off(&o);
		uint16_t cls = cur_be16(&o);
		uint8_t type = cur_u8(&o);
		uint8_t x = cur_u8(&o);
		size_t olen = (size_t)(x & 0x1F) * 4;
		if (at + GENEVE_OPT_HDR_LEN + olen > opt_end) {
			dec_err(d, at + 3, DEC_E_OPTION_LEN,
				"option length %zu past the options area (%zu left)", olen,
				opt_end - at - GENEVE_OPT_HDR_LEN);
			break;
		}
		size_t voff = cur_off(&o);
		const uint8_t *v = cur_take(&o, olen);
		if (!v)
			break; /* cut by the capture: reported below */
		struct dec_geneve_opt *op = &g->opts[g->nopts++];
		op->cls = cls;
		op->type = type;
		op->len = (uint8_t)olen;
		op->rsvd = x >> 5;
		op->off = (uint32_t)voff;
		op->value = v;
	}
	if (cut) {
		/* the options decoded before the cut are data; the layer covers what is there */
		l->len = (uint32_t)(c->base + c->len - l->off);
		return dec_err(d, c->base + c->len, DEC_E_TRUNCATED,
			"truncated: options end at %zu, %zu captured", opt_end,
			(size_t)(c->base + c->len));
	}
	return dec_next(d, DEC_K_ETHERTYPE, g->proto, 0);
}

const char *
dec_geneve_opt_name(uint16_t cls, uint8_t type)
{
	if (cls != DEC_GENEVE_CLASS_AWS)
		return NULL;
	switch (type) {
	case DEC_GENEVE_AWS_ENDPOINT_ID:
		return "gwlb_endpoint_id";
	case DEC_GENEVE_AWS_ATTACHMENT_ID:
		return "gwlb_attachment_id";
	case DEC_GENEVE_AWS_FLOW_COOKIE:
		return "gwlb_flow_cookie";
	default:
		return NULL;
	}
}
