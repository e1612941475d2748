/* lacp.c - Slow Protocols (ethertype 0x8809, IEEE 802.3 Annex 57A): LACPDUs (subtype 1)
 * and Marker PDUs (subtype 2) of link aggregation (IEEE 802.1AX-2020 §6.4.2.3, §6.5.3.3).
 * Other subtypes (OAM 3, OSSP 10) are recorded by number only.
 *
 * LACPDU: Subtype 1, Version, then TLVs (type, length counting both bytes):
 *   Actor Information (1, 20):   System Priority(2) System(6) Key(2) Port Priority(2)
 *                                Port(2) State(1) Reserved(3)
 *   Partner Information (2, 20): the same, for what the actor believes of its partner
 *   Collector Information (3, 16): Max Delay(2) Reserved(12)
 *   Terminator (0, 0), then reserved padding to the 128-byte PDU
 * Marker PDU: Subtype 2, Version, then Marker Information (1, 16) or Marker Response
 *   (2, 16): Requester Port(2) Requester System(6) Transaction ID(4) Pad(2), Terminator.
 * Version 2 LACPDUs (802.1AX-2014 §6.4.2.4.2) add TLVs after Collector; they are skipped.
 */
#include "decode/lacp.h"

#include "decode/decoders.h"

const char *
dec_lacp_state_name(unsigned bit)
{
	switch (bit) {
	case LACP_ST_ACTIVITY:
		return "Activity";
	case LACP_ST_TIMEOUT:
		return "Timeout";
	case LACP_ST_AGGREGATION:
		return "Aggregation";
	case LACP_ST_SYNC:
		return "Synchronization";
	case LACP_ST_COLLECTING:
		return "Collecting";
	case LACP_ST_DISTRIBUTING:
		return "Distributing";
	case LACP_ST_DEFAULTED:
		return "Defaulted";
	case LACP_ST_EXPIRED:
		return "Expired";
	default:
		return NULL;
	}
}

static void
port_info(struct dec_lacp_port *p, struct cur *v)
{
	p->sys_prio = cur_be16(v);
	cur_copy(v, p->sys, 6);
	p->key = cur_be16(v);
	p->port_prio = cur_be16(v);
	p->port = cur_be16(v);
	p->state = cur_u8(v);
	p->present = !v->bad;
}

enum dec_rc
dec_slow(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_LACP, c);
	if (!l)
		return DEC_STOP;
	struct dec_lacp_layer *s = &l->u.lacp;
	size_t have = cur_left(c);
	s->subtype = cur_u8(c);
	s->version = cur_u8(c);
	if (c->bad)
		return dec_truncated(d, l, 2, have);
	l->len = 2;
	if (s->subtype != LACP_SUBTYPE_LACP && s->subtype != LACP_SUBTYPE_MARKER) {
		cur_skip(c, cur_left(c));
		return DEC_DONE;
	}
	/* TLVs: each advances by at least its 2-byte header; a length below 2 ends the list */
	while (cur_left(c) >= 2) {
		size_t at = cur_off(c);
		uint8_t type = cur_u8(c);
		uint8_t len = cur_u8(c);
		if (type == 0) /* Terminator: what follows is reserved padding */
			break;
		if (len < 2 || (size_t)len - 2 > cur_left(c)) {
			l->len = (uint32_t)(at - l->off);
			cur_skip(c, cur_left(c));
			return dec_err(d, at, DEC_E_OPTION_LEN,
				"%s TLV %u length %u, %zu bytes left",
				s->subtype == LACP_SUBTYPE_LACP ? "LACP" : "Marker", type, len,
				cur_left(c) + 2);
		}
		struct cur v = cur_sub(c, (size_t)len - 2);
		if (s->subtype == LACP_SUBTYPE_LACP) {
			if ((type == 1 || type == 2) && len == 20)
				port_info(type == 1 ? &s->actor : &s->partner, &v);
			else if (type == 3 && len == 16) {
				s->has_collector = true;
				s->collector_max_delay = cur_be16(&v);
			} else if (type <= 3)
				dec_err(d, at + 1, DEC_E_OPTION_LEN,
					"LACP TLV %u length %u, not %u", type, len,
					type == 3 ? 16 : 20);
		} else if ((type == 1 || type == 2) && len == 16) {
			s->marker_type = type;
			s->marker_port = cur_be16(&v);
			cur_copy(&v, s->marker_sys, 6);
			s->marker_xid = cur_be32(&v);
		} else if (type <= 2) {
			dec_err(d, at + 1, DEC_E_OPTION_LEN, "Marker TLV %u length %u, not 16",
				type, len);
		}
	}
	l->len = (uint32_t)(cur_off(c) - l->off);
	cur_skip(c, cur_left(c));
	return DEC_DONE;
}
