/* layer_http2.c - placeholder until the decoder lands. */
#include "reports/render.h"

void
report_http2_text(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}

void
report_http2_json(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}
