/* layer_macsec.c - text and NDJSON for the MACsec SecTAG (IEEE 802.1AE-2018 §9.3).
 *
 * Text: `MACsec an=0 pn=12 sci=001122334455 0001 [encrypted 64 bytes]`: the SCI split into
 * its system identifier (a MAC address) and port identifier (§9.9), as operators read it
 * off a switch's `show macsec` output.
 */
#include "reports/render.h"

#include <stdio.h>

/* the SCI as 16 hex digits */
static void
sci_hex(char buf[17], uint64_t sci)
{
	snprintf(buf, 17, "%016llx", (unsigned long long)sci);
}

void
report_macsec_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_macsec_layer *m = &d->layers[i].u.macsec;
	out_str(o, "MACsec");
	if (m->v)
		out_str(o, " v=1");
	out_str(o, " an=");
	out_u64(o, m->an);
	out_str(o, " pn=");
	out_u64(o, m->pn);
	if (m->sl) {
		out_str(o, " sl=");
		out_u64(o, m->sl);
	}
	if (m->has_sci) {
		char buf[17];
		sci_hex(buf, m->sci);
		out_str(o, " sci=");
		out_mem(o, buf, 12);
		out_ch(o, ' ');
		out_mem(o, buf + 12, 4);
	}
	if (m->v)
		return;
	if (m->encrypted) {
		out_str(o, " [encrypted ");
		out_u64(o, m->secure_len);
		out_str(o, " bytes]");
	}
	if (!m->has_icv)
		out_str(o, " [no icv]");
}

void
report_macsec_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_macsec_layer *m = &d->layers[i].u.macsec;
	json_bool(o, "v", m->v);
	json_u64(o, "an", m->an);
	json_u64(o, "sl", m->sl);
	json_u64(o, "pn", m->pn);
	if (m->has_sci) {
		char buf[17];
		sci_hex(buf, m->sci);
		json_str(o, "sci", buf);
	}
	json_bool(o, "e", m->e);
	json_bool(o, "c", m->c);
	json_bool(o, "es", m->es);
	json_bool(o, "sc", m->sc);
	json_bool(o, "scb", m->scb);
	if (m->v)
		return;
	json_bool(o, "encrypted", m->encrypted);
	json_u64(o, "secure_len", m->secure_len);
	if (m->has_type)
		json_u64(o, "type", m->type);
	if (m->has_icv)
		json_hex(o, "icv", m->icv, sizeof(m->icv));
}
