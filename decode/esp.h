/* esp.h - IPsec ESP (RFC 4303) and ESP in UDP (RFC 3948): the layer the view records. */
#ifndef AWSTRACE_DECODE_ESP_H
#define AWSTRACE_DECODE_ESP_H

#include <stdbool.h>
#include <stdint.h>

struct dec_esp_layer {
	uint32_t spi;
	uint32_t seq;
	/* bytes after SPI and sequence number as the enclosing length fields announce them
	 * (IV, ciphertext, padding, ICV: opaque without keys); may exceed what was captured */
	uint32_t payload_len;
	bool natt; /* carried in UDP (RFC 3948) */
	/* decryption with --esp-keys (decode/esp_decrypt.c) */
	uint8_t decrypt;      /* enum dec_esp_decrypt_state */
	uint8_t enc, auth;    /* the matching SA's algorithms (enum dec_esp_enc/_auth) */
	uint8_t enc_keylen;
	uint8_t next_header;  /* DEC_ESP_DECRYPTED: the trailer's Next Header */
	uint32_t plain_len;   /* DEC_ESP_DECRYPTED: payload bytes without padding */
};

enum dec_esp_decrypt_state {
	DEC_ESP_OPAQUE = 0,     /* no SA for this SPI (or no keys given) */
	DEC_ESP_DECRYPTED,      /* ICV verified, decrypted: the inner packet follows */
	DEC_ESP_ICV_FAILED,     /* the ICV did not verify: an event, nothing decoded */
	DEC_ESP_BAD_PLAINTEXT,  /* decrypted but the trailer is wrong: an event */
	DEC_ESP_CUT_SHORT,      /* an SA matches but the packet was not captured whole */
};

#endif /* AWSTRACE_DECODE_ESP_H */
