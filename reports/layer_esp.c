/* layer_esp.c - ESP (RFC 4303) in text and NDJSON: SPI, sequence number, payload length. */
#include "reports/render.h"

void
report_esp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_esp_layer *e = &d->layers[i].u.esp;
	out_str(o, "ESP spi=");
	out_hex0x(o, e->spi, 8);
	out_printf(o, " seq=%u len=%u", e->seq, e->payload_len);
	report_esp_decrypt_text(o, e);
}

void
report_esp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_esp_layer *e = &d->layers[i].u.esp;
	json_u64(o, "spi", e->spi);
	json_u64(o, "seq", e->seq);
	json_bool(o, "natt", e->natt);
	json_u64(o, "payload_len", e->payload_len);
	report_esp_decrypt_json(o, e);
}
