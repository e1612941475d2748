/* http2.h - HTTP/2 (RFC 9113) frames: the layer the view records (placeholder). */
#ifndef AWSTRACE_DECODE_HTTP2_H
#define AWSTRACE_DECODE_HTTP2_H

#include <stdint.h>

struct dec_http2_frame;

struct dec_http2_layer {
	uint16_t nframes;
	struct dec_http2_frame *frames; /* arena */
};

#endif /* AWSTRACE_DECODE_HTTP2_H */
