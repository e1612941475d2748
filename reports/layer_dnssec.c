/* layer_dnssec.c - the DNSSEC verdicts (decode/dnssec.h) on a DNS response, when
 * validation ran (--dnssec or --trust-anchor): text ` dnssec=[A app.corp.example. secure,
 * A old.corp.example. bogus (expired signature), A x.corp.example. NXDOMAIN secure by
 * NSEC3, A a.wild.corp.example. wildcard secure by NSEC]`: type, name, what is denied (or
 * "wildcard"), status, (why), by what proof. JSON `"dnssec":[{"name","type","denial",
 * "wildcard","status","why","proof","alg","key_tag","signer"}]`, denial one of "nxdomain",
 * "nodata", "no_ds", proof "nsec" or "nsec3". */
#include "reports/render.h"

#include "decode/dns.h"
#include "decode/dnssec.h"

static void
type_text(struct out *o, uint16_t type)
{
	const char *n = dec_dns_type_name(type);
	if (n) {
		out_str(o, n);
	} else {
		out_str(o, "TYPE");
		out_u64(o, type);
	}
}

void
report_dnssec_text(struct out *o, const struct dec *d, unsigned i)
{
	bool first = true;
	for (unsigned k = 0; k < d->ndnssec; k++) {
		const struct dec_dnssec_result *r = &d->dnssec[k];
		if (r->layer != i)
			continue;
		out_str(o, first ? " dnssec=[" : ", ");
		first = false;
		type_text(o, r->type);
		out_ch(o, ' ');
		out_str(o, r->name);
		out_ch(o, ' ');
		if (r->denial) {
			out_str(o, dec_dnssec_denial_name(r->denial));
			out_ch(o, ' ');
		} else if (r->wildcard) {
			out_str(o, "wildcard ");
		}
		out_str(o, dec_dnssec_status_name(r->status));
		if (r->why) {
			out_str(o, " (");
			out_str(o, dec_dnssec_why_text(r->why));
			out_ch(o, ')');
		}
		if (r->proof) {
			out_str(o, " by ");
			out_str(o, dec_dnssec_proof_name(r->proof));
		}
	}
	if (!first)
		out_ch(o, ']');
}

void
report_dnssec_json(struct out *o, const struct dec *d, unsigned i)
{
	bool first = true;
	for (unsigned k = 0; k < d->ndnssec; k++) {
		const struct dec_dnssec_result *r = &d->dnssec[k];
		if (r->layer != i)
			continue;
		if (first)
			json_key(o, "dnssec");
		out_str(o, first ? "[{\"name\":" : ",{\"name\":");
		first = false;
		out_json_str(o, r->name, strlen(r->name));
		char buf[16];
		const char *tn = dec_dns_type_name(r->type);
		json_str(o, "type", report_name_or_num(tn, "TYPE", r->type, buf, sizeof(buf)));
		static const char *const denial[] = { "", "nxdomain", "nodata", "no_ds" };
		if (r->denial && r->denial < G_N_ELEMENTS(denial))
			json_str(o, "denial", denial[r->denial]);
		if (r->wildcard)
			json_bool(o, "wildcard", true);
		json_str(o, "status", dec_dnssec_status_name(r->status));
		if (r->why)
			json_str(o, "why", dec_dnssec_why_text(r->why));
		if (r->proof)
			json_str(o, "proof", r->proof == DEC_DNSSEC_P_NSEC ? "nsec" : "nsec3");
		if (r->alg) {
			json_u64(o, "alg", r->alg);
			json_u64(o, "key_tag", r->key_tag);
			if (r->signer)
				json_str(o, "signer", r->signer);
		}
		out_ch(o, '}');
	}
	if (!first)
		out_ch(o, ']');
}
