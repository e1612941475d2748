/* community_id.h - Community ID v1 flow hashes (https://github.com/corelight/community-id-spec),
 * so flows can be joined with Zeek, Suricata and Wireshark logs. */
#ifndef AWSTRACE_DECODE_COMMUNITY_ID_H
#define AWSTRACE_DECODE_COMMUNITY_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "1:" + 28 base64 characters + NUL */
#define FLOW_COMMUNITY_ID_LEN 31

/* Writes the Community ID v1 of a flow into out (FLOW_COMMUNITY_ID_LEN bytes): addresses
 * of alen bytes (4 or 16), IP protocol proto, and the ports when has_ports (TCP, UDP, SCTP;
 * ICMP's mapped type/code: see flow_community_id_icmp()). seed is 0 unless the user's
 * monitors use another. The endpoints are ordered so both directions give one ID. */
void flow_community_id(char out[FLOW_COMMUNITY_ID_LEN], uint16_t seed, const uint8_t *src,
	const uint8_t *dst, size_t alen, uint8_t proto, bool has_ports, uint16_t sport,
	uint16_t dport);

/* ICMP (proto 1) or ICMPv6 (58) by type and code, mapped to ports as Zeek does: a request
 * and its reply (echo, timestamp, information, mask, router solicitation; for ICMPv6 also
 * neighbor discovery, MLD, node information, home agent discovery) give (type, counterpart
 * type) and are ordered like ports; any other type is one-way: (type, code), never
 * reordered. */
void flow_community_id_icmp(char out[FLOW_COMMUNITY_ID_LEN], uint16_t seed, const uint8_t *src,
	const uint8_t *dst, size_t alen, uint8_t proto, uint8_t type, uint8_t code);

/* The counterpart of an ICMP type (v6: ICMPv6) in a request/reply pair; -1 for a
 * one-way type. */
int flow_icmp_counterpart(bool v6, uint8_t type);

#endif /* AWSTRACE_DECODE_COMMUNITY_ID_H */
