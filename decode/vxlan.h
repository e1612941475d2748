/* vxlan.h - VXLAN (RFC 7348): the layer the view records. */
#ifndef AWSTRACE_DECODE_VXLAN_H
#define AWSTRACE_DECODE_VXLAN_H

#include <stdbool.h>
#include <stdint.h>

/* RFC 7348 §5: the I flag says the VNI is valid */
#define DEC_VXLAN_FLAG_I 0x08

struct dec_vxlan_layer {
	uint8_t flags;  /* 0x08 = I (VNI valid) */
	uint32_t vni;
	uint32_t reserved; /* the two reserved fields, as read (24 + 8 bits) */
};

#endif /* AWSTRACE_DECODE_VXLAN_H */
