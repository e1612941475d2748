/* eth.c - Ethernet II and IEEE 802.3 MAC headers (IEEE 802.3 §3.2.6: a type/length
 * field of 1536 or more is an ethertype, 1500 or less a length followed by 802.2 LLC).
 *
 *   0                   6                  12      14
 *   | destination (6)   | source (6)        | type |
 */
#include "decode/decoders.h"

/* What follows a type/length field (shared with the VLAN tag, whose last field is one). */
static enum dec_rc
ethertype_next(struct dec *d, struct cur *c, uint16_t type)
{
	if (type >= 0x0600)
		return dec_next(d, DEC_K_ETHERTYPE, type, 0);
	if (type <= 1500) {
		/* 802.3: the field is the LLC frame's length; the rest is padding. A length
		 * past what the frame carried (a snaplen's cut aside) is tshark's "Length
		 * field value goes past the end of the payload"; the LLC frame is decoded. */
		size_t room;
		if (dec_claim_past(d, cur_off(c), type, &room))
			dec_err(d, cur_off(c) - 2, DEC_E_BAD_LENGTH,
				"802.3 length %u past the %zu bytes of the frame", type, room);
		cur_limit(c, type);
		return dec_next(d, DEC_K_LLC, type, 0);
	}
	return DEC_DONE;
}

enum dec_rc
dec_eth(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_ETH, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_eth_layer *e = &l->u.eth;
	cur_copy(c, e->dst, 6);
	cur_copy(c, e->src, 6);
	e->type = cur_be16(c);
	if (c->bad)
		return dec_truncated(d, l, 14, have);
	l->len = 14;
	return ethertype_next(d, c, e->type);
}

/* IEEE 802.1Q §9.6 tag: TPID (already read as the ethertype), then PCP(3) DEI(1) VID(12),
 * then the encapsulated type/length. */
enum dec_rc
dec_vlan(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_VLAN, c);
	if (!l)
		return DEC_STOP;
	/* the TPID is the type field just before this tag */
	l->u.vlan.tpid = (uint16_t)d->next_v[0];
	size_t have = cur_left(c);
	uint16_t tci = cur_be16(c);
	uint16_t type = cur_be16(c);
	if (c->bad)
		return dec_truncated(d, l, 4, have);
	l->len = 4;
	l->u.vlan.pcp = (uint8_t)(tci >> 13);
	l->u.vlan.dei = (tci >> 12) & 1;
	l->u.vlan.vid = tci & 0x0FFF;
	l->u.vlan.type = type;
	return ethertype_next(d, c, type);
}

/* IEEE 802.2 LLC: DSAP, SSAP, control (one octet for U-format PDUs, two for I/S), and
 * with DSAP = SSAP = 0xAA a SNAP header (RFC 1042): OUI(3), PID(2); OUI 0 means the PID
 * is an ethertype. */
enum dec_rc
dec_llc(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_LLC, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_llc_layer *x = &l->u.llc;
	x->dsap = cur_u8(c);
	x->ssap = cur_u8(c);
	x->control = cur_u8(c);
	size_t hlen = 3;
	if ((x->control & 3) != 3) {
		x->control = (uint16_t)(x->control << 8 | cur_u8(c));
		hlen = 4;
	}
	if (c->bad)
		return dec_truncated(d, l, hlen, have);
	if (x->dsap == 0xAA && x->ssap == 0xAA && hlen == 3) {
		x->snap = true;
		x->oui = cur_be24(c);
		x->pid = cur_be16(c);
		if (c->bad)
			return dec_truncated(d, l, 8, have);
		hlen = 8;
		l->len = (uint32_t)hlen;
		if (x->oui == 0 && x->pid >= 0x0600)
			return dec_next(d, DEC_K_ETHERTYPE, x->pid, 0);
		return DEC_DONE;
	}
	l->len = (uint32_t)hlen;
	return DEC_DONE;
}
