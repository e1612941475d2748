/* gre.c - GRE (RFC 2784 §2, with the key and sequence number of RFC 2890 §2) over IPv4 and
 * IPv6 (protocol 47), the encapsulation of AWS Transit Gateway Connect attachments
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-connect.html: GRE between the appliance
 * and the transit gateway, BGP inside the tunnel), and ERSPAN (draft-foschiano-erspan-03
 * §4), how many sites mirror traffic to a sensor.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |C| |K|S| Reserved0       | Ver |         Protocol Type         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      Checksum (optional)      |       Reserved1 (Optional)    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Key (optional)                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 Sequence Number (Optional)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version 1 is PPTP's enhanced GRE (RFC 2637 §4.1): the key holds the payload length and
 * call id, and an acknowledgment number follows the sequence number when bit 0x0080 (A)
 * is set. The payload is dispatched by its protocol type, an ethertype: IPv4, IPv6,
 * transparent Ethernet bridging (0x6558), MPLS (0x8847), ERSPAN (0x88BE, 0x22EB). The GRE
 * header is the outer level; what it carries is one tunnel level deeper (dispatch.c).
 * A routing field (RFC 1701's R bit, deprecated by RFC 2784 §2.1) is an event: its
 * length is not in the header.
 *
 * ERSPAN type II (protocol 0x88BE with the S bit set; type I is the same protocol type
 * without a sequence number and with no ERSPAN header at all):
 *
 *   |  Ver  |          VLAN         | COS | En|T|    Session ID     |
 *   |      Reserved         |                  Index                |
 *
 * ERSPAN type III (0x22EB), with an optional 8-byte platform sub-header (O):
 *
 *   |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
 *   |                          Timestamp                            |
 *   |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 *
 * Then the mirrored Ethernet frame (type III: when the frame type FT is 0).
 *
 * Protocol type 0x8909, Cisco MetaData (TrustSec inline tagging, as Wireshark's
 * packet-cmd.c reads it in GRE): the payload's ethertype, version, length, an option
 * header and the 16-bit security group tag, 8 bytes, then the payload.
 */
#include "decode/gre.h"

#include "decode/decoders.h"

enum {
	GRE_HDR_LEN = 4,
	ETHERTYPE_TEB = 0x6558,
	ETHERTYPE_ERSPAN2 = 0x88BE,
	ETHERTYPE_ERSPAN3 = 0x22EB,
	ETHERTYPE_CMD = 0x8909,
};

enum dec_rc
dec_gre(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_GRE, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_gre_layer *g = &l->u.gre;
	uint16_t fv = cur_be16(c);
	g->proto = cur_be16(c);
	if (c->bad)
		return dec_truncated(d, l, GRE_HDR_LEN, have);
	g->flags = fv & 0xFFF8;
	g->ver = fv & 7;
	if (g->ver > 1) {
		l->len = GRE_HDR_LEN;
		return dec_err(d, l->off + 1, DEC_E_BAD_VERSION, "GRE version %u", g->ver);
	}
	size_t need = GRE_HDR_LEN;
	/* field by field: a header cut short keeps the fields that are whole (issue 14) */
	if (fv & (DEC_GRE_F_CSUM | DEC_GRE_F_ROUTING)) {
		/* RFC 1701: with C or R set, checksum and offset are both there */
		need += 4;
		uint16_t ck = cur_be16(c);
		cur_skip(c, 2);
		if (!c->bad && (fv & DEC_GRE_F_CSUM)) {
			g->has_cksum = true;
			g->cksum = ck;
		}
	}
	if (fv & DEC_GRE_F_KEY) {
		need += 4;
		uint32_t k = cur_be32(c);
		if (!c->bad) {
			g->has_key = true;
			g->key = k;
		}
	}
	if (fv & DEC_GRE_F_SEQ) {
		need += 4;
		uint32_t s = cur_be32(c);
		if (!c->bad) {
			g->has_seq = true;
			g->seq = s;
		}
	}
	if (g->ver == 1 && (fv & DEC_GRE_F_ACK)) {
		need += 4;
		uint32_t a = cur_be32(c);
		if (!c->bad) {
			g->has_ack = true;
			g->ack = a;
		}
	}
	l->len = (uint32_t)need;
	if (c->bad) {
		l->len = (uint32_t)have;
		l->truncated = true;
		if (d->quoted)
			return DEC_STOP;
		return dec_err(d, l->off + have, DEC_E_TRUNCATED,
			"truncated: GRE header needs %zu bytes, %zu captured", need, have);
	}
	g->whole = true;
	if (fv & DEC_GRE_F_ROUTING)
		return dec_err(d, l->off, DEC_E_RESERVED,
			"GRE routing present (RFC 1701, deprecated by RFC 2784 §2.1): not decoded");
	/* ERSPAN type I: the same protocol type as type II, no sequence number, no header */
	if (g->proto == ETHERTYPE_ERSPAN2 && !g->has_seq) {
		struct dec_layer *e = dec_layer_add(d, DEC_P_ERSPAN, c);
		if (!e)
			return DEC_STOP;
		e->u.erspan.type = 1;
		return dec_next(d, DEC_K_ETHERTYPE, ETHERTYPE_TEB, 0);
	}
	if (g->proto == ETHERTYPE_CMD) {
		size_t at = cur_off(c);
		uint16_t type = cur_be16(c);
		cur_skip(c, 4); /* version, length, option header */
		uint16_t sgt = cur_be16(c);
		if (c->bad)
			return dec_err(d, at, DEC_E_TRUNCATED,
				"truncated: Cisco MetaData needs 8 bytes");
		g->has_cmd = true;
		g->cmd_sgt = sgt;
		l->len += 8;
		return dec_next(d, DEC_K_ETHERTYPE, type, 0);
	}
	return dec_next(d, DEC_K_ETHERTYPE, g->proto, 0);
}

/* ERSPAN type II or III: which one is the GRE layer's protocol type below. */
enum dec_rc
dec_erspan(struct dec *d, struct cur *c)
{
	const struct dec_layer *below = d->nlayers ? &d->layers[d->nlayers - 1] : NULL;
	bool v3 = below && below->proto == DEC_P_GRE && below->u.gre.proto == ETHERTYPE_ERSPAN3;
	struct dec_layer *l = dec_layer_add(d, DEC_P_ERSPAN, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_erspan_layer *e = &l->u.erspan;
	e->type = v3 ? 3 : 2;
	size_t need = v3 ? 12 : 8;
	uint32_t w0 = cur_be32(c);
	uint32_t w1 = cur_be32(c);
	uint32_t w2 = v3 ? cur_be32(c) : 0;
	if (c->bad)
		return dec_truncated(d, l, need, have);
	e->ver = (uint8_t)(w0 >> 28);
	e->vlan = (uint16_t)(w0 >> 16 & 0xFFF);
	e->cos = (uint8_t)(w0 >> 13 & 7);
	e->en = (uint8_t)(w0 >> 11 & 3);
	e->t = w0 >> 10 & 1;
	e->session = (uint16_t)(w0 & 0x3FF);
	l->len = (uint32_t)need;
	if (!v3) {
		e->index = w1 & 0xFFFFF;
		if (e->ver != 1)
			return dec_err(d, l->off, DEC_E_BAD_VERSION,
				"ERSPAN type II with version %u (must be 1)", e->ver);
		return dec_next(d, DEC_K_ETHERTYPE, ETHERTYPE_TEB, 0);
	}
	e->timestamp = w1;
	e->sgt = (uint16_t)(w2 >> 16);
	e->p = w2 >> 15 & 1;
	e->ft = (uint8_t)(w2 >> 10 & 0x1F);
	e->hwid = (uint8_t)(w2 >> 4 & 0x3F);
	e->d = w2 >> 3 & 1;
	e->gra = (uint8_t)(w2 >> 1 & 3);
	e->o = w2 & 1;
	if (e->ver != 2)
		return dec_err(d, l->off, DEC_E_BAD_VERSION,
			"ERSPAN type III with version %u (must be 2)", e->ver);
	if (e->o) {
		uint32_t p0 = cur_be32(c);
		cur_skip(c, 4);
		if (c->bad) {
			l->len = (uint32_t)have;
			return dec_err(d, l->off + 12, DEC_E_TRUNCATED,
				"truncated: ERSPAN platform sub-header needs 8 bytes, %zu captured",
				have - 12);
		}
		e->has_platform = true;
		e->platform_id = (uint8_t)(p0 >> 26);
		l->len += 8;
	}
	/* frame type 0 is an Ethernet frame; the others (IP packets...) are not followed */
	if (e->ft != 0)
		return DEC_DONE;
	return dec_next(d, DEC_K_ETHERTYPE, ETHERTYPE_TEB, 0);
}
