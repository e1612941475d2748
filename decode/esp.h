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
};

#endif /* AWSTRACE_DECODE_ESP_H */
