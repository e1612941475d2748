/* lacp.h - the Slow Protocols (IEEE 802.3 Annex 57A, ethertype 0x8809): LACP and the
 * Marker protocol of link aggregation (IEEE 802.1AX-2020 §6.4.2, §6.5.3): the layer. */
#ifndef AWSTRACE_DECODE_LACP_H
#define AWSTRACE_DECODE_LACP_H

#include <stdbool.h>
#include <stdint.h>

enum { LACP_SUBTYPE_LACP = 1, LACP_SUBTYPE_MARKER = 2 };

/* Actor/Partner_State bits (IEEE 802.1AX-2020 §6.4.2.3 item m) */
enum {
	LACP_ST_ACTIVITY = 0x01,    /* active LACP (else passive) */
	LACP_ST_TIMEOUT = 0x02,     /* short timeout (1 s PDUs) */
	LACP_ST_AGGREGATION = 0x04, /* the link may be aggregated */
	LACP_ST_SYNC = 0x08,        /* in sync: attached to the right aggregator */
	LACP_ST_COLLECTING = 0x10,
	LACP_ST_DISTRIBUTING = 0x20,
	LACP_ST_DEFAULTED = 0x40, /* partner information is the administrative default */
	LACP_ST_EXPIRED = 0x80,   /* the receive machine is in EXPIRED */
};

struct dec_lacp_port {
	bool present;
	uint16_t sys_prio;
	uint8_t sys[6];
	uint16_t key;
	uint16_t port_prio;
	uint16_t port;
	uint8_t state;
};

struct dec_lacp_layer {
	uint8_t subtype; /* 1 LACP, 2 Marker, others recorded only */
	uint8_t version;
	/* LACP */
	struct dec_lacp_port actor, partner;
	bool has_collector;
	uint16_t collector_max_delay; /* tens of microseconds */
	/* Marker: 1 information, 2 response */
	uint8_t marker_type;
	uint16_t marker_port;
	uint8_t marker_sys[6];
	uint32_t marker_xid;
};

/* The name of state bit b (one of LACP_ST_), "Activity", "Timeout", ... */
const char *dec_lacp_state_name(unsigned bit);

#endif /* AWSTRACE_DECODE_LACP_H */
