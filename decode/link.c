/* link.c - link-layer headers without an Ethernet header: BSD null/loopback, Linux
 * cooked capture v1 and v2, raw IP (tcpdump's linktypes.html for each layout). */
#include "decode/decoders.h"

/* The address families BSD-derived systems write for IPv6 in a null header differ per OS
 * (24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS), Linux uses 10: tcpdump's print-null.c. */
static enum dec_rc
null_next(struct dec *d, uint32_t family)
{
	switch (family) {
	case 2:
		return dec_next(d, DEC_K_ETHERTYPE, 0x0800, 0);
	case 10:
	case 24:
	case 28:
	case 30:
		return dec_next(d, DEC_K_ETHERTYPE, 0x86DD, 0);
	default:
		return DEC_DONE;
	}
}

/* LINKTYPE_NULL: a 4-byte family in the capturing host's byte order. */
enum dec_rc
dec_null(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_NULL, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	uint32_t v = cur_le32(c);
	if (c->bad)
		return dec_truncated(d, l, 4, have);
	/* A value too large for a family was written big-endian: swap it (print-null.c). */
	if (v > 0xFFFF)
		v = (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
	l->len = 4;
	l->u.null.family = v;
	return null_next(d, v);
}

/* LINKTYPE_LOOP (OpenBSD): the family is always big-endian. */
enum dec_rc
dec_loop(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_NULL, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	uint32_t v = cur_be32(c);
	if (c->bad)
		return dec_truncated(d, l, 4, have);
	l->len = 4;
	l->u.null.family = v;
	return null_next(d, v);
}

/* The protocol field of a cooked header is an ethertype, or for a few hatypes a Linux
 * pseudo value (linux/if_ether.h): 0x0004 ETH_P_802_2 means an LLC header follows. */
static enum dec_rc
sll_next(struct dec *d, uint16_t hatype, uint16_t protocol)
{
	if (hatype == 824 || hatype == 0xFFFE) /* netlink, or no link header: not ours */
		return DEC_DONE;
	if (protocol >= 0x0600)
		return dec_next(d, DEC_K_ETHERTYPE, protocol, 0);
	if (protocol == 0x0004)
		return dec_next(d, DEC_K_LLC, 0, 0);
	return DEC_DONE;
}

enum dec_rc
dec_sll(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_SLL, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_sll_layer *s = &l->u.sll;
	s->pkttype = cur_be16(c);
	s->hatype = cur_be16(c);
	s->alen = cur_be16(c);
	cur_copy(c, s->addr, 8);
	s->protocol = cur_be16(c);
	if (c->bad)
		return dec_truncated(d, l, 16, have);
	l->len = 16;
	return sll_next(d, s->hatype, s->protocol);
}

enum dec_rc
dec_sll2(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_SLL2, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_sll_layer *s = &l->u.sll;
	s->protocol = cur_be16(c);
	cur_skip(c, 2);
	s->ifindex = cur_be32(c);
	s->hatype = cur_be16(c);
	s->pkttype = cur_u8(c);
	s->alen = cur_u8(c);
	cur_copy(c, s->addr, 8);
	if (c->bad)
		return dec_truncated(d, l, 20, have);
	l->len = 20;
	return sll_next(d, s->hatype, s->protocol);
}

/* LINKTYPE_RAW: the version nibble says IPv4 or IPv6. */
enum dec_rc
dec_raw_ip(struct dec *d, struct cur *c)
{
	uint8_t v = cur_peek(c, 0) >> 4;
	if (v == 6) {
		d->cur_proto = DEC_P_IPV6;
		return dec_ipv6(d, c);
	}
	return dec_ipv4(d, c);
}

/* LINKTYPE_JUNIPER_ETHER (178), as Juniper routers write it (tcpdump's print-juniper.c
 * is the public description): magic "MGC", a flags octet; flag 0x80 adds a 2-byte
 * length and that many bytes of TLV extensions; flag 0x02 (no L2) means 4 more bytes and
 * then IP; otherwise an Ethernet frame follows. */
enum dec_rc
dec_juniper_ether(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_JUNIPER, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	uint32_t magic = cur_be24(c);
	uint8_t flags = cur_u8(c);
	if (c->bad)
		return dec_truncated(d, l, 4, have);
	if (magic != 0x4d4743)
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "Juniper magic 0x%06x, not \"MGC\"",
			magic);
	size_t hlen = 4;
	if (flags & 0x80) {
		uint16_t ext = cur_be16(c);
		cur_skip(c, ext);
		hlen += 2 + (size_t)ext;
	}
	if (flags & 0x02) {
		cur_skip(c, 4);
		hlen += 4;
	}
	if (c->bad)
		return dec_truncated(d, l, hlen, have);
	l->len = (uint32_t)hlen;
	l->u.juniper.flags = flags;
	if (flags & 0x02)
		return dec_next(d, DEC_K_LINK, DEC_LINK_RAW, 0);
	return dec_next(d, DEC_K_LINK, DEC_LINK_EN10MB, 0);
}
