/* icmp.c - ICMP (RFC 792) and ICMPv6 (RFC 4443 §2.1): type, code, checksum; echo id and
 * sequence; for error messages, the quoted IP header of the datagram that caused them,
 * decoded with the other decoders (as tcpdump and Wireshark show it).
 *
 *   |     Type      |     Code      |          Checksum             |
 *   |   (echo) Identifier           |   (echo) Sequence Number      |
 */
#include "decode/decoders.h"

static enum dec_rc
icmp_common(struct dec *d, struct cur *c, enum dec_proto proto)
{
	struct dec_layer *l = dec_layer_add(d, proto, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_icmp_layer *m = &l->u.icmp;
	m->type = cur_u8(c);
	m->code = cur_u8(c);
	m->cksum = cur_be16(c);
	uint32_t rest = cur_be32(c);
	if (c->bad)
		return dec_truncated(d, l, 8, have);
	l->len = 8;
	bool v6 = proto == DEC_P_ICMPV6;
	uint8_t t = m->type;
	if ((!v6 && (t == 0 || t == 8)) || (v6 && (t == 128 || t == 129))) {
		m->echo = true;
		m->id = (uint16_t)(rest >> 16);
		m->seq = (uint16_t)rest;
		return DEC_DONE;
	}
	/* unreachable, source quench, redirect, time exceeded, parameter problem (RFC 792);
	 * ICMPv6 types 1-4 (RFC 4443 §3) */
	m->quote = v6 ? (t >= 1 && t <= 4) : (t == 3 || t == 4 || t == 5 || t == 11 || t == 12);
	if (!m->quote || cur_left(c) == 0 || d->quoted)
		return DEC_DONE;
	d->quoted = true;
	return dec_next(d, DEC_K_ETHERTYPE, v6 ? 0x86DD : 0x0800, 0);
}

enum dec_rc
dec_icmp(struct dec *d, struct cur *c)
{
	return icmp_common(d, c, DEC_P_ICMP);
}

enum dec_rc
dec_icmpv6(struct dec *d, struct cur *c)
{
	return icmp_common(d, c, DEC_P_ICMPV6);
}
