/* arp.c - ARP (RFC 826): hardware and protocol types and sizes, operation, addresses.
 * Addresses are kept for the common Ethernet/IPv4 case; other sizes are skipped whole. */
#include "decode/decoders.h"

enum dec_rc
dec_arp(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_ARP, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_arp_layer *a = &l->u.arp;
	a->htype = cur_be16(c);
	a->ptype = cur_be16(c);
	a->hlen = cur_u8(c);
	a->plen = cur_u8(c);
	a->op = cur_be16(c);
	size_t need = 8 + 2 * ((size_t)a->hlen + a->plen);
	if (a->htype == 1 && a->ptype == 0x0800 && a->hlen == 6 && a->plen == 4) {
		a->eth_ipv4 = true;
		cur_copy(c, a->sha, 6);
		cur_copy(c, a->spa, 4);
		cur_copy(c, a->tha, 6);
		cur_copy(c, a->tpa, 4);
	} else {
		cur_skip(c, need - 8);
	}
	if (c->bad)
		return dec_truncated(d, l, need, have);
	l->len = (uint32_t)need;
	return DEC_DONE;
}
