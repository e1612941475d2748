/* ppp.c - PPP frames as LINKTYPE_PPP (9) and LINKTYPE_PPP_HDLC (50) captures hold them:
 * the HDLC-like framing of RFC 1662 §3.1 (address 0xFF, control 0x03; both may be
 * absent when Address-and-Control-Field-Compression was negotiated, RFC 1661 §6.6), then
 * the PPP protocol field (RFC 1661 §2: 2 bytes, or 1 when its low bit is set under
 * Protocol-Field-Compression). Carried on: IPv4 (0x0021), IPv6 (0x0057, RFC 5072), MPLS
 * (0x0281, 0x0283, RFC 3032 §4.3); other protocols (LCP, IPCP...) are named, not decoded.
 *
 *   | Address 0xFF | Control 0x03 |    Protocol (8/16)    | Information...
 */
#include "decode/decoders.h"

enum dec_rc
dec_ppp(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_PPP, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_ppp_layer *p = &l->u.ppp;
	if (cur_peek(c, 0) == 0xFF) {
		/* the all-stations address: the control byte follows (RFC 1662 §3.1), and no
		 * protocol number begins with 0xFF (RFC 1661 §2: its first octet is even) */
		p->hdlc = true;
		cur_skip(c, 1);
		if (cur_u8(c) != 0x03 && !c->bad)
			return dec_err(d, l->off + 1, DEC_E_BAD_HEADER_LEN,
				"PPP control field not 0x03 (RFC 1662 §3.1)");
	}
	uint16_t proto = cur_u8(c);
	if (!(proto & 1)) /* not compressed: a second byte follows */
		proto = (uint16_t)(proto << 8 | cur_u8(c));
	if (c->bad)
		return dec_truncated(d, l, p->hdlc ? 4 : 2, have);
	p->protocol = proto;
	l->len = (uint32_t)(have - cur_left(c));
	switch (proto) {
	case 0x0021:
		return dec_next(d, DEC_K_ETHERTYPE, 0x0800, 0);
	case 0x0057:
		return dec_next(d, DEC_K_ETHERTYPE, 0x86DD, 0);
	case 0x0281:
		return dec_next(d, DEC_K_ETHERTYPE, 0x8847, 0);
	case 0x0283:
		return dec_next(d, DEC_K_ETHERTYPE, 0x8848, 0);
	default:
		return DEC_DONE;
	}
}
