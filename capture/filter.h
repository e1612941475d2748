/* filter.h - BPF filters with libpcap's compiler (pcap_compile, pcap_offline_filter) on
 * packets as captured. A pcapng file may hold several link types: a program is compiled
 * for each the first time a packet of it is seen. */
#ifndef AWSTRACE_CAPTURE_FILTER_H
#define AWSTRACE_CAPTURE_FILTER_H

#include <stdbool.h>

#include <glib.h>

#include "capture/capture.h"

struct cap_filter;

/* Compiles expr for linktype (to report a syntax error before reading any packet).
 * Returns NULL with error set when libpcap rejects it. */
struct cap_filter *cap_filter_new(const char *expr, int linktype, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

/* True when the packet matches. A link type the expression cannot be compiled for (a
 * filter on "vlan" for raw IP, say) matches nothing; *error is set once for it. */
bool cap_filter_match(struct cap_filter *f, const struct cap_pkt *p, GError **error);

void cap_filter_free(struct cap_filter *f);

#endif /* AWSTRACE_CAPTURE_FILTER_H */
