/* bfd.c - BFD control packets (RFC 5880 §4.1) in UDP: 3784 single hop (RFC 5881 §4), 4784
 * multihop (RFC 5883 §2), 6784 on each LAG member (RFC 7130 §2.2); echo on 3785 (RFC 5881
 * §4), which only its sender understands and is recorded as a length.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 *   |                       My Discriminator                        |
 *   |                      Your Discriminator                       |
 *   |                    Desired Min TX Interval                    |
 *   |                   Required Min RX Interval                    |
 *   |                 Required Min Echo RX Interval                 |
 *   |   Auth Type   |   Auth Len    |    Authentication Data...     |
 *
 * RFC 5880 §6.8.6 tells a receiver to discard a packet that fails its checks (version,
 * length, zero Detect Mult, the M bit, zero My Discriminator, zero Your Discriminator
 * outside Down/AdminDown): here such a packet keeps its layer and gets an event, so the
 * reader sees both what was sent and why a peer would have dropped it.
 */
#include "decode/bfd.h"

#include "decode/decoders.h"

static const char *const diag_names[] = {
	"No Diagnostic",
	"Control Detection Time Expired",
	"Echo Function Failed",
	"Neighbor Signaled Session Down",
	"Forwarding Plane Reset",
	"Path Down",
	"Concatenated Path Down",
	"Administratively Down",
	"Reverse Concatenated Path Down",
	/* RFC 8971 §3.2 adds 9, RFC 9747 adds 10 */
	"Mis-Connectivity Defect",
};

const char *
dec_bfd_diag_name(unsigned diag)
{
	return diag < G_N_ELEMENTS(diag_names) ? diag_names[diag] : NULL;
}

const char *
dec_bfd_state_name(unsigned state)
{
	static const char *const names[] = { "AdminDown", "Down", "Init", "Up" };
	return names[state & 3];
}

const char *
dec_bfd_auth_name(unsigned type)
{
	switch (type) {
	case 1:
		return "Simple Password";
	case 2:
		return "Keyed MD5";
	case 3:
		return "Meticulous Keyed MD5";
	case 4:
		return "Keyed SHA1";
	case 5:
		return "Meticulous Keyed SHA1";
	default:
		return NULL;
	}
}

/* The authentication section (RFC 5880 §4.2-4.4); a bad one is an event, the control
 * fields before it stay. */
static void
bfd_auth(struct dec *d, struct dec_bfd_layer *b, struct cur *a)
{
	size_t at = cur_off(a);
	b->auth_type = cur_u8(a);
	b->auth_len = cur_u8(a);
	b->auth_key_id = cur_u8(a);
	if (a->bad || b->auth_len < 3 || (size_t)b->auth_len - 2 > cur_left(a) + 1) {
		dec_err(d, at, DEC_E_OPTION_LEN, "BFD auth length %u past the packet", b->auth_len);
		return;
	}
	b->has_auth = true;
	size_t want = 0;
	switch (b->auth_type) {
	case 1: /* §4.2: the password, 1 to 16 bytes; never recorded */
		if (b->auth_len < 4 || b->auth_len > 19)
			dec_err(d, at + 1, DEC_E_OPTION_LEN, "BFD password auth length %u not 4-19",
				b->auth_len);
		return;
	case 2:
	case 3:
		want = 24; /* §4.3 */
		break;
	case 4:
	case 5:
		want = 28; /* §4.4 */
		break;
	default:
		return;
	}
	if (b->auth_len != want) {
		dec_err(d, at + 1, DEC_E_OPTION_LEN, "BFD %s auth length %u, not %zu",
			dec_bfd_auth_name(b->auth_type), b->auth_len, want);
		return;
	}
	cur_skip(a, 1); /* reserved */
	b->auth_seq = cur_be32(a);
	b->auth_digest_len = (uint8_t)(want - 8);
	cur_copy(a, b->auth_digest, b->auth_digest_len);
}

static enum dec_rc
bfd_control(struct dec *d, struct cur *c, uint8_t hop)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_BFD, c);
	if (!l)
		return DEC_STOP;
	struct dec_bfd_layer *b = &l->u.bfd;
	b->hop = hop;
	size_t have = cur_left(c);
	uint8_t vd = cur_u8(c);
	uint8_t sf = cur_u8(c);
	b->detect_mult = cur_u8(c);
	b->length = cur_u8(c);
	b->my_disc = cur_be32(c);
	b->your_disc = cur_be32(c);
	b->desired_min_tx_us = cur_be32(c);
	b->required_min_rx_us = cur_be32(c);
	b->required_min_echo_rx_us = cur_be32(c);
	if (c->bad)
		return dec_truncated(d, l, 24, have);
	b->version = vd >> 5;
	b->diag = vd & 0x1F;
	b->state = sf >> 6;
	b->flags = sf & 0x3F;
	l->len = 24;
	if (b->version != 1)
		return dec_err(d, l->off, DEC_E_BAD_VERSION, "BFD version %u, not 1", b->version);
	size_t min = (b->flags & BFD_F_A) ? 26 : 24;
	if (b->length < min)
		return dec_err(
			d, l->off + 3, DEC_E_BAD_LENGTH, "BFD length %u below %zu", b->length, min);
	if ((size_t)b->length > have)
		return dec_err(d, l->off + 3, DEC_E_BAD_LENGTH,
			"BFD length %u past the %zu bytes of UDP payload", b->length, have);
	l->len = b->length;
	if (b->flags & BFD_F_A) {
		struct cur a = cur_sub(c, (size_t)b->length - 24);
		bfd_auth(d, b, &a);
	}
	cur_skip(c, cur_left(c));
	if (b->detect_mult == 0)
		dec_err(d, l->off + 2, DEC_E_BFD_INVALID, "BFD Detect Mult 0 (RFC 5880 §6.8.6)");
	if (b->flags & BFD_F_M)
		dec_err(d, l->off + 1, DEC_E_BFD_INVALID,
			"BFD Multipoint bit set (RFC 5880 §6.8.6)");
	if (b->my_disc == 0)
		dec_err(d, l->off + 4, DEC_E_BFD_INVALID,
			"BFD My Discriminator 0 (RFC 5880 §6.8.6)");
	if (b->your_disc == 0 && b->state != BFD_DOWN && b->state != BFD_ADMIN_DOWN)
		dec_err(d, l->off + 8, DEC_E_BFD_INVALID,
			"BFD Your Discriminator 0 in state %s (RFC 5880 §6.8.6)",
			dec_bfd_state_name(b->state));
	return DEC_DONE;
}

/* The port that says which BFD this is: the destination port of the UDP layer below
 * (the source is an ephemeral port, RFC 5881 §4). */
static uint16_t
bfd_port(const struct dec *d)
{
	if (d->nlayers == 0 || d->layers[d->nlayers - 1].proto != DEC_P_UDP)
		return 0;
	const struct dec_udp_layer *u = &d->layers[d->nlayers - 1].u.udp;
	return u->dport;
}

enum dec_rc
dec_bfd(struct dec *d, struct cur *c)
{
	uint16_t port = bfd_port(d);
	uint8_t hop = BFD_HOP_SINGLE;
	if (port == 4784)
		hop = BFD_HOP_MULTI;
	else if (port == 6784)
		hop = BFD_HOP_LAG;
	return bfd_control(d, c, hop);
}

enum dec_rc
dec_bfd_echo(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_BFD, c);
	if (!l)
		return DEC_STOP;
	l->u.bfd.echo = true;
	l->u.bfd.echo_len = (uint32_t)cur_left(c);
	l->len = l->u.bfd.echo_len;
	cur_skip(c, cur_left(c));
	return DEC_DONE;
}
