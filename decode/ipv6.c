/* ipv6.c - IPv6 (RFC 8200 §3) and its extension-header chain (§4).
 *
 *   |Version| Traffic Class |           Flow Label                  |
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   |                  Source Address (16)                          |
 *   |                  Destination Address (16)                     |
 *
 * Extension headers walked here: Hop-by-Hop (0), Routing (43), Fragment (44),
 * Destination Options (60), their length in 8-octet units not counting the first 8
 * (§4.3-4.6); Authentication Header (51, RFC 4302 §2.2) whose length is in 4-octet units
 * minus 2. The chain is capped at DEC_IPV6_MAX_EXT: every header advances by at least 8
 * bytes, but a capture can hold a long chain of them.
 *
 * A Fragment header of a real fragment (offset or M set; an atomic fragment, RFC 6946, is
 * decoded on its own) hands the bytes after it to the reassembler when one is attached
 * (decode/ipfrag.c); on the packet that completes the datagram the chain goes on over the
 * reassembled Fragmentable Part (RFC 8200 §4.5), extension headers after the Fragment
 * header included.
 */
#include "decode/decoders.h"
#include "decode/ipfrag.h"

static bool
is_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51;
}

enum dec_rc
dec_ipv6(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_IPV6, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_ipv6_layer *ip = &l->u.ipv6;
	uint32_t vtf = cur_be32(c);
	ip->plen = cur_be16(c);
	ip->next = cur_u8(c);
	ip->hlim = cur_u8(c);
	cur_copy(c, ip->src, 16);
	cur_copy(c, ip->dst, 16);
	if (c->bad)
		return dec_truncated(d, l, 40, have);
	if (vtf >> 28 != 6) {
		l->truncated = true;
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "IP version %u in an IPv6 header",
			vtf >> 28);
	}
	ip->tclass = (uint8_t)(vtf >> 20);
	ip->flow = vtf & 0xFFFFF;
	l->len = 40;
	/* Payload length 0 means a jumbogram (RFC 2675) or a TSO capture: use the frame's
	 * length, as for IPv4's total length 0 (ipv4.c) */
	size_t wire = dec_wire_left(d, c);
	uint32_t plen = ip->plen ? ip->plen : (uint32_t)wire;
	cur_limit(c, plen);
	/* RFC 8200 §3: Payload Length is the rest of the packet after this header; more
	 * than the frame (or the tunnel's payload) carried is a wrong length or a frame cut
	 * short, a snaplen's cut aside. Decoding goes on over what is there. */
	size_t room;
	if (ip->plen && dec_claim_past(d, l->off + 40, ip->plen, &room))
		dec_err(d, l->off + 4, DEC_E_BAD_LENGTH,
			"payload length %u past the %zu bytes after the header", ip->plen, room);

	uint8_t nh = ip->next;
	while (is_ext(nh)) {
		if (ip->next_ext == DEC_IPV6_MAX_EXT)
			return dec_err(d, cur_off(c), DEC_E_EXT_CHAIN,
				"more than %d extension headers", DEC_IPV6_MAX_EXT);
		size_t at = cur_off(c);
		size_t left = cur_left(c);
		uint8_t next = cur_u8(c);
		uint8_t hl = cur_u8(c);
		size_t elen = nh == 51 ? ((size_t)hl + 2) * 4 : nh == 44 ? 8 : ((size_t)hl + 1) * 8;
		if (c->bad || left < elen)
			return dec_err(d, at, DEC_E_TRUNCATED,
				"truncated: extension header %u needs %zu bytes, %zu left", nh, elen,
				left);
		ip->ext[ip->next_ext++] = nh;
		if (nh == 44) {
			uint16_t fo = cur_be16(c);
			ip->is_fragment = true;
			ip->frag = fo & 0xFFF8;
			ip->mf = fo & 1;
			ip->frag_id = cur_be32(c);
		} else {
			cur_skip(c, elen - 2);
		}
		l->len += (uint32_t)elen;
		plen = plen >= elen ? plen - (uint32_t)elen : 0;
		nh = next;
		if (elen == 8 && ip->ext[ip->next_ext - 1] == 44 && (ip->frag || ip->mf) &&
			d->ipfrag && !d->quoted && cur_left(c) >= plen) {
			/* as for IPv4 (ipv4.c): only a fragment held whole is reassembled */
			struct cur whole;
			uint32_t total;
			cur_limit(c, plen);
			switch (dec_ipfrag_add(d, l, ip->frag_id, 0, ip->frag, plen, ip->mf, c,
				&whole, &total)) {
			case DEC_IPFRAG_COMPLETE:
				*c = whole;
				plen = total;
				d->wire_end = (uint32_t)MIN((uint64_t)cur_off(c) + total, UINT32_MAX);
				/* the reassembled payload is no fragment: what follows is decoded */
				break;
			case DEC_IPFRAG_HELD:
				ip->proto = nh;
				d->ip_payload_len = plen;
				cur_skip(c, cur_left(c));
				return DEC_DONE;
			default:
				ip->proto = nh;
				d->ip_payload_len = plen;
				cur_skip(c, cur_left(c));
				return d->nerrors ? DEC_STOP : DEC_DONE;
			}
		}
	}
	ip->proto = nh;
	d->ip_payload_len = plen;
	if (ip->is_fragment && ip->frag != 0 && ip->frag_state != DEC_FRAG_DONE)
		return DEC_DONE;
	if (nh == 59) /* No Next Header */
		return DEC_DONE;
	return dec_next(d, DEC_K_IPPROTO, nh, 0);
}
