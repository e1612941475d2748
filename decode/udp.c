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
	const struct dec_layer *ip = dec_ip_below(d);
	/* Length 0 is legal for UDP over IPv6 jumbograms (RFC 2675 §4): use the IP length.
	 * Over IPv4 RFC 768's length counts at least the header, so 0 is wrong there too;
	 * the IP length still frames the payload, which is decoded. */
	if (u->len == 0) {
		if (!ip || ip->proto != DEC_P_IPV6)
			dec_err(d, l->off + 4, DEC_E_BAD_LENGTH,
				"length 0 below the 8-byte header (not IPv6)");
		return dec_next(d, DEC_K_UDP_PORT, u->sport, u->dport);
	}
	if (u->len < 8)
		return dec_err(d, l->off + 4, DEC_E_BAD_LENGTH, "length %u below the 8-byte header",
			u->len);
	/* RFC 768: Length counts header and data. More than the IP payload is tshark's "BAD
	 * UDP LENGTH > IP PAYLOAD LENGTH"; what is there is still decoded. In the first
	 * fragment of a datagram the length counts all its fragments: not checked there. */
	size_t room;
	if (!dec_ip_is_fragment(ip) && dec_claim_past(d, l->off, u->len, &room))
		dec_err(d, l->off + 4, DEC_E_BAD_LENGTH,
			"length %u past the %zu bytes of IP payload", u->len, room);
	cur_limit(c, (size_t)u->len - 8);
	return dec_next(d, DEC_K_UDP_PORT, u->sport, u->dport);
}
