/* bgp.h - BGP-4 (RFC 4271) messages: the layer the view records (placeholder). */
#ifndef AWSTRACE_DECODE_BGP_H
#define AWSTRACE_DECODE_BGP_H

#include <stdint.h>

struct dec_bgp_msg;

struct dec_bgp_layer {
	uint16_t nmsgs;
	struct dec_bgp_msg *msgs; /* arena */
};

#endif /* AWSTRACE_DECODE_BGP_H */
