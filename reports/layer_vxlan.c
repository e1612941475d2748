/* layer_vxlan.c - text and NDJSON for VXLAN (RFC 7348 §5). The flags are shown in text
 * only when the I flag is clear or a reserved bit is set: then the VNI may not be one. */
#include "reports/render.h"

void
report_vxlan_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_vxlan_layer *v = &d->layers[i].u.vxlan;
	out_str(o, "VXLAN");
	if (v->flags != DEC_VXLAN_FLAG_I) {
		out_str(o, " flags=");
		out_hex0x(o, v->flags, 2);
	}
	out_str(o, " vni=");
	out_u64(o, v->vni);
}

void
report_vxlan_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_vxlan_layer *v = &d->layers[i].u.vxlan;
	json_u64(o, "flags", v->flags);
	json_u64(o, "vni", v->vni);
}
