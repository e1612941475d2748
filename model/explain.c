/* explain.c - a walked path (model_forward()) as text or as the JSON object of DESIGN.md
 * "awstrace explain --json":
 *   {"verdict":"delivered","delivered_to":"eni-…","hops":[{"id","kind","action","why"}]}
 *   {"verdict":"dropped","dropped_at":"acl-…","reason":"nacl_deny","hops":[…]}
 *   {"verdict":"dropped","dropped_at":null,"reason":"unknown_source","why":"…","hops":[]}
 *     (nothing holds the source and no --from: no component to name)
 *   {"verdict":"unknown","unknown_at":"tgw-…","reason":"not_in_snapshot","missing":"…",
 *    "hops":[…]}
 * and "warning" (any verdict) when a lookup fell in a table the snapshot holds cut short.
 * Strings are escaped per RFC 8259 §7 (model/json.c).
 */
#include "model/forward.h"

#include <string.h>

#include "model/json.h"

/* a string, "" for NULL (where the schema has a string) */
static void
json_str(GString *s, const char *v)
{
	model_json_gstring(s, v ? v : "");
}

/* The structured fields beside a hop's prose (issue 16): a script reads which route won
 * or which NACL rule decided without parsing English. */
static void
hop_detail_json(const struct model_hop *h, GString *s)
{
	char b[MODEL_PREFIX_STRLEN];
	if (h->route_prefix) {
		g_string_append(s, ",\"route\":{\"prefix\":");
		json_str(s, model_prefix_format(h->route_prefix, b));
		g_string_append(s, ",\"target\":");
		if (h->route_target)
			json_str(s, h->route_target);
		else
			g_string_append(s, "null");
		g_string_append(s, ",\"origin\":");
		json_str(s, h->route_origin ? h->route_origin : "other");
		g_string_append_c(s, '}');
	}
	if (h->rule || h->rule_default) {
		const struct model_nacl_entry *x = h->rule;
		g_string_append(s, ",\"rule\":{\"table\":");
		json_str(s, h->id);
		g_string_append_printf(s, ",\"direction\":\"%s\"", h->rule_egress ? "egress" : "ingress");
		if (!x) {
			/* the implicit rule: RuleNumber 32767, "*" in the console */
			g_string_append(s, ",\"rule_number\":32767,\"default\":true,\"action\":\"deny\"}");
			return;
		}
		g_string_append_printf(s, ",\"rule_number\":%u,\"action\":\"%s\",\"cidr\":", x->number,
			x->allow ? "allow" : "deny");
		json_str(s, model_prefix_format(&x->cidr, b));
		g_string_append_printf(s, ",\"protocol\":%d,\"ports\":", x->protocol);
		if (x->port_from >= 0)
			g_string_append_printf(s, "[%d,%d]", x->port_from, x->port_to);
		else
			g_string_append(s, "null");
		g_string_append_c(s, '}');
	}
}

void
model_path_json(const struct model_path *p, GString *s)
{
	switch (p->verdict) {
	case MODEL_VERDICT_DELIVERED:
		g_string_append(s, "{\"verdict\":\"delivered\",\"delivered_to\":");
		break;
	case MODEL_VERDICT_UNKNOWN:
		g_string_append(s, "{\"verdict\":\"unknown\",\"unknown_at\":");
		break;
	default:
		g_string_append(s, "{\"verdict\":\"dropped\",\"dropped_at\":");
		break;
	}
	if (p->end_id)
		json_str(s, p->end_id);
	else
		g_string_append(s, "null"); /* dropped before any component (why_no_hop) */
	if (p->verdict != MODEL_VERDICT_DELIVERED) {
		g_string_append(s, ",\"reason\":");
		json_str(s, model_reason_name(p->reason));
	}
	if (p->why_no_hop) {
		g_string_append(s, ",\"why\":");
		json_str(s, p->why_no_hop);
	}
	if (p->verdict == MODEL_VERDICT_UNKNOWN) {
		g_string_append(s, ",\"missing\":");
		json_str(s, p->missing);
	}
	if (p->warning) {
		g_string_append(s, ",\"warning\":");
		json_str(s, p->warning);
	}
	g_string_append(s, ",\"hops\":[");
	for (unsigned i = 0; i < p->n_hops; i++) {
		const struct model_hop *h = &p->hops[i];
		g_string_append(s, i ? ",{\"id\":" : "{\"id\":");
		json_str(s, h->id);
		g_string_append(s, ",\"kind\":");
		json_str(s, h->kind);
		g_string_append(s, ",\"action\":");
		json_str(s, model_action_name(h->action));
		g_string_append(s, ",\"why\":");
		json_str(s, model_hop_why(p, i));
		hop_detail_json(h, s);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "]}\n");
}

void
model_path_text(const struct model_path *p, GString *s)
{
	char a[MODEL_PREFIX_STRLEN];
	for (unsigned i = 0; i < p->n_hops; i++) {
		const struct model_hop *h = &p->hops[i];
		g_string_append_printf(s, "%2u  %-8s %-22s %-30s %s\n", i + 1,
			model_action_name(h->action), h->kind, h->id, model_hop_why(p, i));
	}
	if (p->warning)
		g_string_append_printf(s, "warning: %s\n", p->warning);
	if (p->verdict == MODEL_VERDICT_DELIVERED)
		g_string_append_printf(s, "delivered to %s\n", p->end_id);
	else if (p->verdict == MODEL_VERDICT_UNKNOWN)
		g_string_append_printf(s, "unknown at %s: %s (%s)\n", p->end_id,
			model_reason_name(p->reason), p->missing ? p->missing : "?");
	else if (p->end_id)
		g_string_append_printf(
			s, "dropped at %s: %s\n", p->end_id, model_reason_name(p->reason));
	else
		g_string_append_printf(s, "dropped before any component: %s: %s: %s\n",
			model_reason_name(p->reason), model_addr_format(&p->src, a),
			p->why_no_hop ? p->why_no_hop : "no component holds the source");
}
