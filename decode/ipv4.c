/* ipv4.c - IPv4 (RFC 791 §3.1).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 *   |         Identification        |Flags|      Fragment Offset    |
 *   |  Time to Live |    Protocol   |         Header Checksum       |
 *   |                       Source Address                          |
 *   |                    Destination Address                        |
 *   |                    Options                    |    Padding    |
 *
 * Fragments (MF set or a fragment offset) go to the reassembler when one is attached
 * (decode/ipfrag.c): the datagram's upper layer is decoded once, on the packet that
 * completes it, over the reassembled bytes. Without one only the first fragment (offset
 * 0) is decoded further: later ones carry no header of the next protocol. Options are
 * skipped as a whole (IHL says how long they are).
 */
#include "decode/decoders.h"
#include "decode/ipfrag.h"

enum dec_rc
dec_ipv4(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_IPV4, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	size_t wire = dec_wire_left(d, c);
	struct dec_ipv4_layer *ip = &l->u.ipv4;
	uint8_t vihl = cur_u8(c);
	uint8_t tos = cur_u8(c);
	ip->totlen = cur_be16(c);
	ip->id = cur_be16(c);
	uint16_t fo = cur_be16(c);
	ip->ttl = cur_u8(c);
	ip->proto = cur_u8(c);
	ip->cksum = cur_be16(c);
	cur_copy(c, ip->src, 4);
	cur_copy(c, ip->dst, 4);
	if (c->bad)
		return dec_truncated(d, l, 20, have);
	if (vihl >> 4 != 4) {
		l->truncated = true;
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "IP version %u in an IPv4 header",
			vihl >> 4);
	}
	ip->hlen = (uint8_t)((vihl & 0x0F) * 4);
	ip->dscp = tos >> 2;
	ip->ecn = tos & 3;
	ip->df = (fo >> 14) & 1;
	ip->mf = (fo >> 13) & 1;
	ip->frag = (uint16_t)((fo & 0x1FFF) * 8);
	l->len = ip->hlen;
	if (ip->hlen < 20)
		return dec_err(d, l->off, DEC_E_BAD_HEADER_LEN,
			"header length %u below the minimum 20", ip->hlen);
	cur_skip(c, (size_t)ip->hlen - 20);
	if (c->bad) {
		/* the fixed header is whole and its fields are data; the layer covers what the
		 * capture holds of the options */
		l->len = (uint32_t)have;
		return dec_err(d, l->off + 20, DEC_E_TRUNCATED,
			"truncated: options end at %u, %zu captured", ip->hlen, have);
	}
	/* Total length 0 is what TSO/LRO-capable NICs leave for the capture to see: take
	 * the frame's length, as Wireshark's "IP TSO support" does (its reported length, so
	 * a snaplen does not shorten the payload the layers above are told about). */
	uint32_t plen;
	if (ip->totlen == 0) {
		plen = wire > ip->hlen ? (uint32_t)(wire - ip->hlen) : 0;
	} else if (ip->totlen < ip->hlen) {
		return dec_err(d, l->off + 2, DEC_E_BAD_LENGTH,
			"total length %u below header length %u", ip->totlen, ip->hlen);
	} else {
		plen = (uint32_t)ip->totlen - ip->hlen;
		cur_limit(c, plen);
		/* RFC 791 §3.1: Total Length counts header and data, so more than the frame
		 * (or the tunnel's payload) carried is a wrong length or a frame cut short;
		 * a snaplen's cut is not one. What is there is still decoded, as tshark does.
		 * Less is normal: Ethernet pads a short frame to 60 bytes (IEEE 802.3
		 * §4.2.3.3). */
		size_t room;
		if (dec_claim_past(d, l->off, ip->totlen, &room))
			dec_err(d, l->off + 2, DEC_E_BAD_LENGTH,
				"total length %u past the %zu bytes there are", ip->totlen, room);
	}
	d->ip_payload_len = plen;
	/* As tshark: a fragment the capture does not hold whole (a snaplen, a wrong length)
	 * is not reassembled; a first one is decoded on its own below. */
	if ((ip->mf || ip->frag) && d->ipfrag && !d->quoted && cur_left(c) >= plen) {
		struct cur whole;
		uint32_t total;
		switch (dec_ipfrag_add(d, l, ip->id, ip->proto, ip->frag, plen, ip->mf, c, &whole,
			&total)) {
		case DEC_IPFRAG_COMPLETE:
			*c = whole;
			d->ip_payload_len = total;
			d->wire_end = (uint32_t)MIN((uint64_t)cur_off(c) + total, UINT32_MAX);
			return dec_next(d, DEC_K_IPPROTO, ip->proto, 0);
		case DEC_IPFRAG_HELD:
			cur_skip(c, cur_left(c));
			return DEC_DONE;
		default:
			cur_skip(c, cur_left(c));
			return d->nerrors ? DEC_STOP : DEC_DONE;
		}
	}
	if (ip->frag != 0)
		return DEC_DONE;
	return dec_next(d, DEC_K_IPPROTO, ip->proto, 0);
}
