/* layer_lacp.c - LACP and Marker PDUs (IEEE 802.1AX-2020 §6.4.2.3, §6.5.3.3) in text and
 * NDJSON.
 *
 * Text: `LACP actor=32768,00:13:c4:12:0f:00 key=13 port=32768,22
 * state=Activity,Aggregation,Synchronization,Collecting,Distributing | partner=...`: a
 * system and a port as (priority, identifier), the way switches print them; state bits
 * by name (an empty state prints as `state=-`).
 */
#include "reports/render.h"

static void
state_text(struct out *o, uint8_t st)
{
	if (!st) {
		out_ch(o, '-');
		return;
	}
	bool first = true;
	for (unsigned b = 1; b <= 0x80; b <<= 1)
		if (st & b) {
			if (!first)
				out_ch(o, ',');
			out_str(o, dec_lacp_state_name(b));
			first = false;
		}
}

static void
port_text(struct out *o, const char *who, const struct dec_lacp_port *p)
{
	out_ch(o, ' ');
	out_str(o, who);
	out_ch(o, '=');
	out_u64(o, p->sys_prio);
	out_ch(o, ',');
	out_mac(o, p->sys);
	out_str(o, " key=");
	out_u64(o, p->key);
	out_str(o, " port=");
	out_u64(o, p->port_prio);
	out_ch(o, ',');
	out_u64(o, p->port);
	out_str(o, " state=");
	state_text(o, p->state);
}

void
report_lacp_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_lacp_layer *s = &d->layers[i].u.lacp;
	if (s->subtype == LACP_SUBTYPE_LACP) {
		out_str(o, "LACP");
		if (s->actor.present)
			port_text(o, "actor", &s->actor);
		if (s->partner.present)
			port_text(o, "partner", &s->partner);
		return;
	}
	if (s->subtype == LACP_SUBTYPE_MARKER) {
		out_str(o, s->marker_type == 2 ? "Marker response" : "Marker");
		out_str(o, " requester=");
		out_mac(o, s->marker_sys);
		out_str(o, " port=");
		out_u64(o, s->marker_port);
		out_str(o, " xid=");
		out_u64(o, s->marker_xid);
		return;
	}
	out_str(o, "Slow subtype=");
	out_u64(o, s->subtype);
}

static void
state_json(struct out *o, uint8_t st)
{
	out_str(o, ",\"state_names\":[");
	bool first = true;
	for (unsigned b = 1; b <= 0x80; b <<= 1)
		if (st & b) {
			if (!first)
				out_ch(o, ',');
			out_ch(o, '"');
			out_str(o, dec_lacp_state_name(b));
			out_ch(o, '"');
			first = false;
		}
	out_ch(o, ']');
}

static void
port_json(struct out *o, const char *who, const struct dec_lacp_port *p)
{
	json_key(o, who);
	out_str(o, "{\"sys_prio\":");
	out_u64(o, p->sys_prio);
	out_str(o, ",\"sys\":\"");
	out_mac(o, p->sys);
	out_str(o, "\",\"key\":");
	out_u64(o, p->key);
	out_str(o, ",\"port_prio\":");
	out_u64(o, p->port_prio);
	out_str(o, ",\"port\":");
	out_u64(o, p->port);
	out_str(o, ",\"state\":");
	out_u64(o, p->state);
	state_json(o, p->state);
	out_ch(o, '}');
}

void
report_lacp_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_lacp_layer *s = &d->layers[i].u.lacp;
	json_u64(o, "subtype", s->subtype);
	json_u64(o, "version", s->version);
	if (s->subtype == LACP_SUBTYPE_LACP) {
		if (s->actor.present)
			port_json(o, "actor", &s->actor);
		if (s->partner.present)
			port_json(o, "partner", &s->partner);
		if (s->has_collector)
			json_u64(o, "collector_max_delay", s->collector_max_delay);
	} else if (s->subtype == LACP_SUBTYPE_MARKER && s->marker_type) {
		json_str(o, "marker", s->marker_type == 2 ? "response" : "information");
		json_mac(o, "requester_sys", s->marker_sys);
		json_u64(o, "requester_port", s->marker_port);
		json_u64(o, "xid", s->marker_xid);
	}
}
