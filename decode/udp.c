/* udp.c - UDP (RFC 768): ports, length, checksum; the payload goes to the decoder of the
 * lower port that has one, then the higher (decode/dispatch.c).
 *
 *   |          Source Port          |       Destination Port        |
 *   |            Length             |           Checksum            |
 */
#include "decode/decoders.h"

enum dec_rc
dec_udp(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_UDP, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_udp_layer *u = &l->u.udp;
	u->sport = cur_be16(c);
	u->dport = cur_be16(c);
	u->len = cur_be16(c);
	u->cksum = cur_be16(c);
	if (c->bad) {
		u->ports_only = have >= 4;
		return dec_truncated(d, l, 8, have);
	}
	l->len = 8;
	if (d->quoted)
		return DEC_DONE;
	/* Length 0 is legal for UDP over IPv6 jumbograms (RFC 2675 §4): use the IP length */
	if (u->len != 0) {
		if (u->len < 8)
			return dec_err(d, l->off + 4, DEC_E_BAD_LENGTH,
				"length %u below the 8-byte header", u->len);
		cur_limit(c, (size_t)u->len - 8);
	}
	return dec_next(d, DEC_K_UDP_PORT, u->sport, u->dport);
}
