/* layer_tcp_sig.c - the signature options of a TCP segment in text and NDJSON: TCP-MD5
 * (RFC 2385) with what --tcp-md5-key found, and TCP-AO's key ids (RFC 5925 §2.2).
 *
 * Text: ` md5=ok`, ` md5=MISMATCH`, ` md5=unsigned` (a key is set but the segment has no
 * signature), ` md5` (signed, not checked), ` ao=3/3`. */
#include "reports/render.h"

static const char *
md5_check_name(unsigned c)
{
	switch (c) {
	case DEC_MD5_OK:
		return "ok";
	case DEC_MD5_MISMATCH:
		return "mismatch";
	case DEC_MD5_MISSING:
		return "unsigned";
	case DEC_MD5_UNVERIFIABLE:
		return "unverifiable";
	default:
		return NULL;
	}
}

void
report_tcp_sig_text(struct out *o, const struct dec_tcp_layer *t)
{
	const char *check = md5_check_name(t->md5_check);
	if (t->has_md5 || check) {
		out_str(o, " md5");
		if (check) {
			out_ch(o, '=');
			out_str(o, t->md5_check == DEC_MD5_MISMATCH ? "MISMATCH" : check);
		}
	}
	if (t->has_ao) {
		out_str(o, " ao=");
		out_u64(o, t->ao_keyid);
		out_ch(o, '/');
		out_u64(o, t->ao_rnextkeyid);
	}
}

void
report_tcp_sig_json(struct out *o, const struct dec_tcp_layer *t)
{
	if (t->has_md5)
		json_hex(o, "md5", t->md5, sizeof(t->md5));
	const char *check = md5_check_name(t->md5_check);
	if (check)
		json_str(o, "md5_check", check);
	if (t->has_ao) {
		json_key(o, "ao");
		out_str(o, "{\"keyid\":");
		out_u64(o, t->ao_keyid);
		out_str(o, ",\"rnextkeyid\":");
		out_u64(o, t->ao_rnextkeyid);
		out_str(o, ",\"mac\":\"");
		out_hexbytes(o, t->ao_mac, t->ao_maclen);
		out_str(o, "\"}");
	}
}
