/* bgp.c - placeholder until the decoder lands (issue 4). */
#include "decode/decoders.h"

enum dec_rc
dec_bgp_tcp(struct dec *d, struct cur *c)
{
	(void)d;
	(void)c;
	return DEC_DONE;
}

bool
dec_probe_bgp(const struct cur *c)
{
	(void)c;
	return false;
}
