/* layer_bgp.c - placeholder until the decoder lands. */
#include "reports/render.h"

void
report_bgp_text(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}

void
report_bgp_json(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}
