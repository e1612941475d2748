/* layer_bfd.c - BFD (RFC 5880 §4.1) in text and NDJSON.
 *
 * Text: `BFD Up diag=0 (No Diagnostic) flags=P mult=3 my=0x7429abf9 your=0xd43a40c1
 * tx=300000us rx=300000us echo=0us auth=Keyed MD5 key=1 seq=5`; multihop and LAG
 * sessions say so (`BFD multihop Up ...`, RFC 5883; `BFD lag ...`, RFC 7130); echo
 * packets are `BFD echo len=N`. Intervals are the wire's microseconds (RFC 5880 §4.1).
 */
#include "reports/render.h"

static void
flags_text(struct out *o, uint8_t f)
{
	static const char letters[] = "PFCADM";
	static const uint8_t bits[] = { BFD_F_P, BFD_F_F, BFD_F_C, BFD_F_A, BFD_F_D, BFD_F_M };
	for (size_t k = 0; k < sizeof(bits); k++)
		if (f & bits[k])
			out_ch(o, letters[k]);
}

static void
hex32(struct out *o, uint32_t v)
{
	out_hex0x(o, v, 8);
}

void
report_bfd_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_bfd_layer *b = &d->layers[i].u.bfd;
	if (b->echo) {
		out_str(o, "BFD echo len=");
		out_u64(o, b->echo_len);
		return;
	}
	out_str(o, "BFD");
	if (b->hop == BFD_HOP_MULTI)
		out_str(o, " multihop");
	else if (b->hop == BFD_HOP_LAG)
		out_str(o, " lag");
	if (b->version != 1) {
		out_str(o, " v");
		out_u64(o, b->version);
		return;
	}
	out_ch(o, ' ');
	out_str(o, dec_bfd_state_name(b->state));
	out_str(o, " diag=");
	out_u64(o, b->diag);
	const char *dn = dec_bfd_diag_name(b->diag);
	if (dn) {
		out_str(o, " (");
		out_str(o, dn);
		out_ch(o, ')');
	}
	if (b->flags) {
		out_str(o, " flags=");
		flags_text(o, b->flags);
	}
	out_str(o, " mult=");
	out_u64(o, b->detect_mult);
	out_str(o, " my=");
	hex32(o, b->my_disc);
	out_str(o, " your=");
	hex32(o, b->your_disc);
	out_str(o, " tx=");
	out_u64(o, b->desired_min_tx_us);
	out_str(o, "us rx=");
	out_u64(o, b->required_min_rx_us);
	out_str(o, "us echo=");
	out_u64(o, b->required_min_echo_rx_us);
	out_str(o, "us");
	if (b->has_auth) {
		const char *an = dec_bfd_auth_name(b->auth_type);
		out_str(o, " auth=");
		if (an)
			out_str(o, an);
		else
			out_u64(o, b->auth_type);
		out_str(o, " key=");
		out_u64(o, b->auth_key_id);
		if (b->auth_digest_len) {
			out_str(o, " seq=");
			out_u64(o, b->auth_seq);
		}
	}
}

void
report_bfd_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_bfd_layer *b = &d->layers[i].u.bfd;
	if (b->echo) {
		json_bool(o, "echo", true);
		json_u64(o, "len", b->echo_len);
		return;
	}
	static const char *const hops[] = { "single", "multi", "lag" };
	json_str(o, "hop", hops[b->hop % 3]);
	json_u64(o, "version", b->version);
	if (b->version != 1)
		return;
	json_u64(o, "diag", b->diag);
	const char *dn = dec_bfd_diag_name(b->diag);
	if (dn)
		json_str(o, "diag_name", dn);
	json_u64(o, "state", b->state);
	json_str(o, "state_name", dec_bfd_state_name(b->state));
	json_key(o, "flags");
	out_ch(o, '"');
	flags_text(o, b->flags);
	out_ch(o, '"');
	json_u64(o, "detect_mult", b->detect_mult);
	json_u64(o, "length", b->length);
	json_u64(o, "my_disc", b->my_disc);
	json_u64(o, "your_disc", b->your_disc);
	json_u64(o, "desired_min_tx_us", b->desired_min_tx_us);
	json_u64(o, "required_min_rx_us", b->required_min_rx_us);
	json_u64(o, "required_min_echo_rx_us", b->required_min_echo_rx_us);
	if (b->has_auth) {
		json_key(o, "auth");
		out_str(o, "{\"type\":");
		out_u64(o, b->auth_type);
		const char *an = dec_bfd_auth_name(b->auth_type);
		if (an) {
			out_str(o, ",\"type_name\":");
			out_json_str(o, an, strlen(an));
		}
		out_str(o, ",\"len\":");
		out_u64(o, b->auth_len);
		out_str(o, ",\"key_id\":");
		out_u64(o, b->auth_key_id);
		if (b->auth_digest_len) {
			out_str(o, ",\"seq\":");
			out_u64(o, b->auth_seq);
			out_str(o, ",\"digest\":\"");
			out_hexbytes(o, b->auth_digest, b->auth_digest_len);
			out_ch(o, '"');
		}
		out_ch(o, '}');
	}
}
