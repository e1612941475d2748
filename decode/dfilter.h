/* dfilter.h - the display filter (-Y EXPR): a small expression over the decoded layers of
 * one packet, at any tunnel level, compiled once and evaluated without allocation.
 *
 * Grammar (README "Display filter"), tcpdump-like where it can be:
 *   expr    := and { ("or" | "||") and }
 *   and     := unary { ("and" | "&&") unary }
 *   unary   := ("not" | "!") unary | ("inner" | "outer") unary | "(" expr ")" | prim
 *   prim    := "host" ADDR | "net" ADDR/LEN | "port" N | "proto" NAME | "vlan" N
 *            | "spi" N | "vni" N | NAME | LAYER.FIELD OP VALUE | LAYER.FIELD "has" LETTERS
 *   OP      := "==" | "!=" | "<" | ">" | "<=" | ">="
 * N is decimal or 0x hex. NAME is a layer name as JSON's "p" has it (bgp, esp, geneve...).
 * Without a qualifier a primitive looks at every level; "outer" only at the packet as
 * captured (tunnel level 0); "inner" only at the innermost tunnel level of a packet that
 * has one (a packet with no tunnel has no inner level).
 */
#ifndef AWSTRACE_DECODE_DFILTER_H
#define AWSTRACE_DECODE_DFILTER_H

#include <stdbool.h>

#include <glib.h>

#include "decode/decode.h"

struct dec_dfilter;

#define DEC_DFILTER_ERROR (dec_dfilter_error_quark())
GQuark dec_dfilter_error_quark(void);

/* Compiles expr. Returns the filter (free with dec_dfilter_free()), or NULL with *error
 * set to "column N: what is wrong" (N counts from 1) and *column to N. */
struct dec_dfilter *dec_dfilter_compile(const char *expr, unsigned *column,
	GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Whether the decoded packet d matches. Allocates nothing. */
bool dec_dfilter_match(const struct dec_dfilter *f, const struct dec *d);

void dec_dfilter_free(struct dec_dfilter *f);

#endif /* AWSTRACE_DECODE_DFILTER_H */
