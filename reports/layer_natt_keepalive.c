/* layer_natt_keepalive.c - the one-byte NAT keepalive on UDP 4500 (RFC 3948 §2.3): a name
 * and no fields. */
#include "reports/render.h"

void
report_natt_keepalive_text(struct out *o, const struct dec *d, unsigned i)
{
	(void)d;
	(void)i;
	out_str(o, "NAT-keepalive");
}

void
report_natt_keepalive_json(struct out *o, const struct dec *d, unsigned i)
{
	/* the generic renderer's {"p":"natt_keepalive"} says it all */
	(void)o;
	(void)d;
	(void)i;
}
