/* mpls.c - an MPLS label stack (RFC 3032 §2.1) on ethertype 0x8847 (unicast) or 0x8848
 * (multicast), then what the bottom label carries.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                Label                  | TC  |S|       TTL     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The stack says nothing of its payload; the label's meaning is the LSR's. As tcpdump and
 * Wireshark do: the explicit-null labels (RFC 3032 §2.1: 0 IPv4, 2 IPv6) name it; else the
 * first nibble: 4 IPv4, 6 IPv6, 0 a pseudowire control word (RFC 4385 §3, "the first
 * nibble ... MUST be 0000") followed by an Ethernet frame (RFC 4448 §3), 1 a pseudowire
 * associated channel (RFC 4385 §5, not decoded); anything else an Ethernet pseudowire
 * without a control word (RFC 4448 §4.6 makes the control word optional).
 *
 *   |0 0 0 0| Flags |FRG|  Length   |     Sequence Number           |  control word
 *
 * The stack is not a tunnel level: flows key on what is inside, as behind a VLAN tag.
 */
#include "decode/mpls.h"

#include "decode/decoders.h"

enum {
	MPLS_MAX_STACK = 32, /* entries walked before the stack is called malformed */
	ETHERTYPE_TEB = 0x6558,
};

enum dec_rc
dec_mpls(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_MPLS, c);
	if (!l)
		return DEC_STOP;
	struct dec_mpls_layer *m = &l->u.mpls;
	unsigned n = 0;
	uint32_t last = 0;
	for (;;) {
		size_t at = cur_off(c);
		uint32_t e = cur_be32(c);
		if (c->bad) {
			/* the entries before the cut are data (issue 14: fields that are whole) */
			l->len = (uint32_t)(at - l->off + cur_left(c));
			l->truncated = true;
			if (d->quoted)
				return DEC_STOP;
			return dec_err(d, at, DEC_E_TRUNCATED,
				"truncated: MPLS label stack entry %u needs 4 bytes", n + 1);
		}
		if (n < DEC_MPLS_MAX_LABELS) {
			struct dec_mpls_entry *x = &m->e[n];
			x->label = e >> 12;
			x->tc = (uint8_t)(e >> 9 & 7);
			x->s = e >> 8 & 1;
			x->ttl = (uint8_t)e;
		}
		n++;
		m->nlabels = (uint8_t)(n < 255 ? n : 255);
		l->len = 4 * n;
		last = e >> 12;
		if (e & 0x100)
			break;
		if (n == MPLS_MAX_STACK)
			return dec_err(d, at, DEC_E_EXT_CHAIN,
				"MPLS label stack of more than %d entries without bottom of stack",
				MPLS_MAX_STACK);
	}
	if (cur_left(c) == 0)
		return DEC_DONE;
	if (last == 0) {
		m->payload = DEC_MPLS_PAY_IPV4;
		return dec_next(d, DEC_K_ETHERTYPE, 0x0800, 0);
	}
	if (last == 2) {
		m->payload = DEC_MPLS_PAY_IPV6;
		return dec_next(d, DEC_K_ETHERTYPE, 0x86DD, 0);
	}
	switch (cur_peek(c, 0) >> 4) {
	case 4:
		m->payload = DEC_MPLS_PAY_IPV4;
		return dec_next(d, DEC_K_ETHERTYPE, 0x0800, 0);
	case 6:
		m->payload = DEC_MPLS_PAY_IPV6;
		return dec_next(d, DEC_K_ETHERTYPE, 0x86DD, 0);
	case 1:
		m->payload = DEC_MPLS_PAY_ACH;
		return DEC_DONE;
	case 0: {
		size_t at = cur_off(c);
		uint32_t cw = cur_be32(c);
		if (c->bad) {
			l->truncated = true;
			return dec_err(d, at, DEC_E_TRUNCATED,
				"truncated: pseudowire control word needs 4 bytes");
		}
		m->cw = true;
		m->cw_flags = (uint8_t)(cw >> 24 & 0xF);
		m->cw_frg = (uint8_t)(cw >> 22 & 3);
		m->cw_len = (uint8_t)(cw >> 16 & 0x3F);
		m->cw_seq = (uint16_t)cw;
		l->len += 4;
		break;
	}
	default:
		break;
	}
	m->payload = DEC_MPLS_PAY_ETH;
	return dec_next(d, DEC_K_ETHERTYPE, ETHERTYPE_TEB, 0);
}
