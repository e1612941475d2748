/* phs.h - the protocol hierarchy (tshark -z io,phs): frames and bytes per layer path. */
#ifndef AWSTRACE_REPORTS_PHS_H
#define AWSTRACE_REPORTS_PHS_H

#include <stdint.h>

#include "decode/decode.h"
#include "reports/out.h"

struct phs;

struct phs *phs_new(void);
/* Counts one decoded packet of len bytes on the wire under every layer of its path. */
void phs_add(struct phs *h, const struct dec *d, uint32_t len);
/* Writes the tree, children in the order first seen, indented two spaces a level. */
void phs_write(const struct phs *h, struct out *o, const char *filter);
void phs_free(struct phs *h);

#endif /* AWSTRACE_REPORTS_PHS_H */
