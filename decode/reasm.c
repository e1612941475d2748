/* reasm.c - placeholder until the reassembler lands (issue 4). */
#include "decode/stream.h"

#include <glib.h>

struct dec_reasm {
	int unused;
};

struct dec_reasm *
dec_reasm_new(const struct dec_reasm_limits *lim)
{
	(void)lim;
	return g_new0(struct dec_reasm, 1);
}

void
dec_reasm_free(struct dec_reasm *r)
{
	g_free(r);
}

void
dec_reasm_get_stats(const struct dec_reasm *r, struct dec_reasm_stats *s)
{
	(void)r;
	memset(s, 0, sizeof(*s));
}

enum dec_rc
dec_stream_segment(struct dec *d, struct cur *c, const struct dec_stream_proto *sp)
{
	(void)d;
	(void)c;
	(void)sp;
	return DEC_DONE;
}

enum dec_rc
dec_stream_known(struct dec *d, struct cur *c)
{
	(void)d;
	(void)c;
	return DEC_DONE;
}
