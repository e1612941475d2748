/* layer_dns.c - placeholder until the decoder lands. */
#include "reports/render.h"

void
report_dns_text(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}

void
report_dns_json(struct out *o, const struct dec *d, unsigned i)
{
	(void)o;
	(void)d;
	(void)i;
}
