/* vxlan.c - VXLAN (RFC 7348 §5), the encapsulation AWS Traffic Mirroring delivers mirrored
 * packets in (UDP 4789): an 8-byte header, then the inner Ethernet frame.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |R|R|R|R|I|R|R|R|            Reserved                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                VXLAN Network Identifier (VNI) |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The I flag "MUST be set to 1 for a valid VXLAN Network ID"; the other bits are reserved
 * and "MUST be ignored on receipt" (§5). Extensions (VXLAN-GBP, VXLAN-GPE) use them, so a
 * clear I flag or a set reserved bit is recorded, not an event, and the inner frame is
 * still decoded, as Wireshark does.
 */
#include "decode/vxlan.h"

#include "decode/decoders.h"

enum {
	VXLAN_HDR_LEN = 8,
	ETHERTYPE_TEB = 0x6558, /* Transparent Ethernet Bridging: dispatch's inner Ethernet */
};

enum dec_rc
dec_vxlan(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_VXLAN, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_vxlan_layer *v = &l->u.vxlan;
	v->flags = cur_u8(c);
	uint32_t r1 = cur_be24(c);
	v->vni = cur_be24(c);
	uint8_t r2 = cur_u8(c);
	if (c->bad)
		return dec_truncated(d, l, VXLAN_HDR_LEN, have);
	v->reserved = r1 << 8 | r2;
	l->len = VXLAN_HDR_LEN;
	return dec_next(d, DEC_K_ETHERTYPE, ETHERTYPE_TEB, 0);
}
