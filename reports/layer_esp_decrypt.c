/* layer_esp_decrypt.c - what ESP decryption (--esp-keys, decode/esp_decrypt.c) made of an
 * ESP layer: ` decrypted aes-gcm-16-256 nh=4` (the inner packet follows, one tunnel level
 * down: `esp(decrypted)`), ` [ICV mismatch]`, ` [bad plaintext]`, ` [cut short]`. The SA's
 * algorithms are named; its keys never are. */
#include "reports/render.h"

#include "decode/keys.h"

static const char *
state_name(unsigned s)
{
	switch (s) {
	case DEC_ESP_DECRYPTED:
		return "decrypted";
	case DEC_ESP_ICV_FAILED:
		return "icv_mismatch";
	case DEC_ESP_BAD_PLAINTEXT:
		return "bad_plaintext";
	case DEC_ESP_CUT_SHORT:
		return "cut_short";
	default:
		return NULL;
	}
}

void
report_esp_decrypt_text(struct out *o, const struct dec_esp_layer *e)
{
	switch (e->decrypt) {
	case DEC_ESP_DECRYPTED:
		out_str(o, " esp(decrypted) ");
		out_str(o, dec_esp_enc_name(e->enc, e->enc_keylen));
		if (e->auth) {
			out_ch(o, '/');
			out_str(o, dec_esp_auth_name(e->auth));
		}
		out_str(o, " nh=");
		out_u64(o, e->next_header);
		break;
	case DEC_ESP_ICV_FAILED:
		out_str(o, " [ICV mismatch]");
		break;
	case DEC_ESP_BAD_PLAINTEXT:
		out_str(o, " [bad plaintext]");
		break;
	case DEC_ESP_CUT_SHORT:
		out_str(o, " [cut short: not decrypted]");
		break;
	default:
		break;
	}
}

void
report_esp_decrypt_json(struct out *o, const struct dec_esp_layer *e)
{
	const char *s = state_name(e->decrypt);
	if (!s)
		return;
	json_str(o, "decrypt", s);
	json_str(o, "enc", dec_esp_enc_name(e->enc, e->enc_keylen));
	json_str(o, "auth", dec_esp_auth_name(e->auth));
	if (e->decrypt == DEC_ESP_DECRYPTED) {
		json_u64(o, "next_header", e->next_header);
		json_u64(o, "plain_len", e->plain_len);
	}
}
