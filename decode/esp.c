/* esp.c - IPsec ESP header (RFC 4303 §2) in IP (protocol 50) and in UDP 4500 (RFC 3948),
 * where it shares the port with IKE and with NAT keepalives.
 *
 * ESP (RFC 4303 §2.1): only SPI and sequence number are in the clear; the rest is
 * opaque without keys and is only counted.
 *
 *   |               Security Parameters Index (SPI)                 |
 *   |                      Sequence Number                          |
 *   |                    Payload Data* (variable)                   |
 *   |               |     Padding (0-255 bytes)                     |
 *   |                               |  Pad Length   | Next Header   |
 *   |         Integrity Check Value-ICV   (variable)                |
 *
 * UDP 4500 (RFC 3948 §2.1-2.3) carries one of three things, told apart by the first bytes:
 *
 *   |     0xFF      |                 NAT-keepalive (exactly one byte)
 *   |                      Non-ESP Marker (0)                       |  then an IKE header
 *   |                   SPI (never 0, RFC 4303 §2.1)                |  ESP
 */
#include "decode/esp.h"

#include "decode/decoders.h"
#include "decode/keys.h"

/* The UDP layer right below the running decoder, or NULL. */
static const struct dec_udp_layer *
udp_below(const struct dec *d)
{
	if (d->nlayers == 0 || d->layers[d->nlayers - 1].proto != DEC_P_UDP)
		return NULL;
	return &d->layers[d->nlayers - 1].u.udp;
}

/* Bytes of UDP payload the length field announces, or what is left when it says
 * nothing (length 0 over IPv6 jumbograms). */
static size_t
udp_payload_wire(const struct dec *d, const struct cur *c)
{
	const struct dec_udp_layer *u = udp_below(d);
	if (u && u->len >= 8)
		return (size_t)u->len - 8;
	return cur_left(c);
}

static enum dec_rc
esp_header(struct dec *d, struct cur *c, bool natt, size_t wire)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_ESP, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_esp_layer *e = &l->u.esp;
	const uint8_t *esp = cur_here(c);
	e->natt = natt;
	e->spi = cur_be32(c);
	e->seq = cur_be32(c);
	if (c->bad) {
		l->len = (uint32_t)have; /* the fields that are whole are shown (render.c) */
		return dec_truncated(d, l, 8, have);
	}
	l->len = 8;
	/* The announced length, not caplen: a snaplen commonly cuts ESP short. A length
	 * field below the header is the enclosing layer's problem and was reported there. */
	e->payload_len = wire >= 8 ? (uint32_t)(wire - 8) : (uint32_t)cur_left(c);
	if (d->keys && e->spi != 0) {
		enum dec_rc rc = dec_esp_decrypt(d, l, c, esp, wire);
		if (rc != DEC_DONE)
			return rc;
	}
	cur_skip(c, cur_left(c));
	/* SPI 0 is for local use and "MUST NOT be sent on the wire" (RFC 4303 §2.1) */
	if (e->spi == 0 && !natt)
		return dec_err(d, l->off, DEC_E_RESERVED, "ESP SPI 0 is reserved");
	return DEC_DONE;
}

enum dec_rc
dec_esp(struct dec *d, struct cur *c)
{
	size_t wire = d->ip_payload_len != UINT32_MAX ? d->ip_payload_len : cur_left(c);
	return esp_header(d, c, false, wire);
}

enum dec_rc
dec_natt(struct dec *d, struct cur *c)
{
	size_t wire = udp_payload_wire(d, c);
	size_t left = cur_left(c);
	if (left == 0)
		return DEC_DONE;
	/* RFC 3948 §2.3: the keepalive is exactly one 0xFF byte. A captured 0xFF that the
	 * UDP length says continues is the first byte of an SPI. */
	if (left == 1 && wire == 1 && cur_peek(c, 0) == 0xFF) {
		struct dec_layer *l = dec_layer_add(d, DEC_P_NATT_KEEPALIVE, c);
		if (!l)
			return DEC_STOP;
		cur_skip(c, 1);
		l->len = 1;
		return DEC_DONE;
	}
	/* RFC 3948 §2.2: four zero bytes where an SPI would be mark an IKE message. It is
	 * what UDP port 500 carries, so the table's IKE entry runs next on this cursor;
	 * dec_ike strips the marker when one of the ports is 4500. */
	if (left >= 4 && cur_peek(c, 0) == 0 && cur_peek(c, 1) == 0 && cur_peek(c, 2) == 0 &&
		cur_peek(c, 3) == 0)
		return dec_next(d, DEC_K_UDP_PORT, 500, 500);
	return esp_header(d, c, true, wire);
}
