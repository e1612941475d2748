/* verbose.h - decode -v / -vv: the layers' JSON fields as text below a packet's line. */
#ifndef AWSTRACE_REPORTS_VERBOSE_H
#define AWSTRACE_REPORTS_VERBOSE_H

#include "reports/render.h"

/* Writes packet d's verbose lines to o: level 1 (-v) one line per layer that the one-line
 * summary abbreviates, level 2 (-vv) one line per field of every layer. scratch is a
 * writer that is never flushed (out_new(-1)) where each layer's JSON is built first. */
void report_verbose_packet(struct out *o, struct out *scratch, const struct dec *d, int level);

#endif /* AWSTRACE_REPORTS_VERBOSE_H */
