/* dns.h - DNS (RFC 1035) messages: the layer the view records (placeholder). */
#ifndef AWSTRACE_DECODE_DNS_H
#define AWSTRACE_DECODE_DNS_H

#include <stdint.h>

struct dec_dns_layer {
	uint16_t id;
};

#endif /* AWSTRACE_DECODE_DNS_H */
