/* macsec.c - IEEE 802.1AE-2018 MACsec: the SecTAG (§9.3), the Secure Data and the ICV
 * (§9.10) of a frame with ethertype 0x88E5 (the ethertype itself is the Ethernet layer's).
 *
 *   octet  1                   2                   3                   4
 *   |V|ES|SC|SCB|E|C|  AN  |R R|   SL (6)  |      Packet Number (PN)      ...
 *   ...  PN  |        Secure Channel Identifier (SCI, 8 octets, when SC=1)   ...
 *   ...                       |    Secure Data (User Data)     ...    | ICV (16) |
 *
 *   TCI bits (§9.5): V version (0), ES end station, SC SCI present, SCB single copy
 *   broadcast, E encryption, C changed text; AN (§9.6) association number; SL (§9.7)
 *   short length: the Secure Data's length when below 48 octets, else 0; PN (§9.8).
 *   SCI (§9.9): the sending system's MAC address, then a 16-bit port identifier.
 *
 * With E=0 and C=0 (integrity only) the Secure Data is the user data unchanged: its first
 * two octets are the original ethertype, and the frame is decoded on from there. Otherwise
 * it is opaque and reported by its length.
 */
#include "decode/macsec.h"

#include "decode/decoders.h"

enum {
	TCI_V = 0x80,
	TCI_ES = 0x40,
	TCI_SC = 0x20,
	TCI_SCB = 0x10,
	TCI_E = 0x08,
	TCI_C = 0x04,
	SECTAG_LEN = 6,      /* TCI/AN, SL, PN */
	SECTAG_SCI_LEN = 14, /* and the SCI */
	SL_MAX = 47,         /* §9.7: SL is set only for Secure Data of fewer than 48 octets */
};

enum dec_rc
dec_macsec(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_MACSEC, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_macsec_layer *m = &l->u.macsec;
	uint8_t tci = cur_u8(c);
	uint8_t slb = cur_u8(c);
	m->pn = cur_be32(c);
	if (c->bad)
		return dec_truncated(d, l, SECTAG_LEN, have);
	m->tci = tci;
	m->v = tci & TCI_V;
	m->es = tci & TCI_ES;
	m->sc = tci & TCI_SC;
	m->scb = tci & TCI_SCB;
	m->e = tci & TCI_E;
	m->c = tci & TCI_C;
	m->an = tci & 0x03;
	m->sl = slb & 0x3F;
	size_t hlen = SECTAG_LEN;
	if (m->sc) {
		m->sci = cur_be64(c);
		if (c->bad)
			return dec_truncated(d, l, SECTAG_SCI_LEN, have);
		m->has_sci = true;
		hlen = SECTAG_SCI_LEN;
	}
	l->len = (uint32_t)hlen;
	/* §9.5: V is 0 in this version; a later version may lay out the rest differently,
	 * so nothing after the SecTAG is trusted (a receiver discards it, §10.6.1). */
	if (m->v)
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "MACsec version bit set");
	/* §9.7: the two bits above SL are set to 0 and ignored on receipt */
	if (slb & 0xC0)
		dec_err(d, l->off + 1, DEC_E_RESERVED, "SL octet reserved bits 0x%02x set",
			slb & 0xC0);
	m->encrypted = m->e || m->c;

	/* Where the ICV is: right after SL octets of Secure Data when SL is set (the frame
	 * may carry padding after it, §9.7), else the frame's last 16 octets. The reported
	 * length counts here, not caplen: with a snaplen the ICV is simply not captured. */
	size_t rep = dec_wire_left(d, c);
	size_t secure;
	bool short_frame = false, noted = false;
	if (m->sl) {
		if (m->sl > SL_MAX)
			dec_err(d, l->off + 1, DEC_E_BAD_LENGTH,
				"short length %u: SL is set only below 48", m->sl);
		secure = m->sl;
		if (secure > rep) {
			dec_err(d, l->off + 1, DEC_E_BAD_LENGTH,
				"short length %u past the frame end (%zu left)", m->sl, rep);
			secure = rep;
			noted = true;
		}
		short_frame = rep - secure < DEC_MACSEC_ICV_LEN;
	} else if (rep < DEC_MACSEC_ICV_LEN) {
		secure = rep;
		short_frame = true;
	} else {
		secure = rep - DEC_MACSEC_ICV_LEN;
	}
	if (short_frame && !noted)
		dec_err(d, cur_off(c) + secure, DEC_E_BAD_LENGTH,
			"frame too short for the %d-octet ICV", DEC_MACSEC_ICV_LEN);
	m->secure_len = (uint32_t)secure;
	if (!short_frame && cur_left(c) >= secure + DEC_MACSEC_ICV_LEN) {
		memcpy(m->icv, cur_here(c) + secure, DEC_MACSEC_ICV_LEN);
		m->has_icv = true;
	}

	cur_limit(c, secure);
	/* The Secure Data ends where the ICV starts: a length inside it (an IPv4 total
	 * length, say) is held to that, not to the frame's end. Not past: secure <= rep. */
	size_t room;
	(void)dec_claim_past(d, cur_off(c), secure, &room);
	if (m->encrypted)
		return DEC_DONE;
	if (secure < 2)
		return dec_err(d, cur_off(c), DEC_E_BAD_LENGTH,
			"secure data of %zu octets holds no ethertype", secure);
	size_t at = cur_off(c);
	m->type = cur_be16(c);
	if (c->bad)
		return dec_err(
			d, at, DEC_E_TRUNCATED, "truncated: the inner ethertype is not captured");
	m->has_type = true;
	l->len = (uint32_t)hlen + 2;
	if (m->type < 0x0600)
		return DEC_DONE;
	return dec_next(d, DEC_K_ETHERTYPE, m->type, 0);
}
