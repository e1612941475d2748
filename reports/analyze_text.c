/* analyze_text.c - the incident summary and the text report of `awstrace analyze`
 * (analyze_report.h): one screen telling what happened, when and how bad, then sections.
 * Lines are wrapped to 100 columns.
 */
#include "reports/analyze_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/dnssec.h"

#define WIDTH 100
#define NS 1000000000LL
#define FLOWS_SHOWN 40

void
analyze_time(const struct analysis *r, int64_t ts, char *buf, size_t n)
{
	time_t sec = (time_t)(ts / NS);
	struct tm tm;
	gmtime_r(&sec, &tm);
	int prec = r->prec == 9 ? 9 : 6;
	long frac = (long)(ts % NS);
	if (prec == 6)
		frac /= 1000;
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%0*ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, prec, frac);
}

void
analyze_tod(const struct analysis *r, int64_t ts, char *buf, size_t n)
{
	char full[48];
	analyze_time(r, ts, full, sizeof(full));
	const char *t = strchr(full, 'T');
	g_strlcpy(buf, t ? t + 1 : full, n);
	size_t l = strlen(buf);
	if (l && buf[l - 1] == 'Z')
		buf[l - 1] = '\0';
}

/* Writes text wrapped at WIDTH: the first line after `first` columns already used, the
 * following ones indented by `indent`. */
static void
wrap(struct out *o, size_t first, size_t indent, const char *text)
{
	size_t col = first;
	const char *p = text;
	bool start = true;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t w = (size_t)(e - p);
		if (!start && col + 1 + w > WIDTH) {
			out_ch(o, '\n');
			for (size_t i = 0; i < indent; i++)
				out_ch(o, ' ');
			col = indent;
		} else if (!start) {
			out_ch(o, ' ');
			col++;
		}
		out_mem(o, p, w);
		col += w;
		start = false;
		p = e;
	}
	out_ch(o, '\n');
}

static unsigned
count_kind(GArray *a, const char *kind)
{
	unsigned n = 0;
	for (guint i = 0; i < a->len; i++)
		if (!strcmp(g_array_index(a, struct an_event, i).kind, kind))
			n++;
	return n;
}

static const struct an_event *
first_kind(GArray *a, const char *kind, int64_t after)
{
	for (guint i = 0; i < a->len; i++) {
		const struct an_event *e = &g_array_index(a, struct an_event, i);
		if (!strcmp(e->kind, kind) && e->ts >= after)
			return e;
	}
	return NULL;
}

void
analyze_summary(const struct analysis *r, GPtrArray *out)
{
	char t0[48], t1[48];
	if (!r->packets) {
		g_ptr_array_add(out, g_strdup("The capture holds no packets: nothing to tell."));
		return;
	}
	analyze_time(r, r->first, t0, sizeof(t0));
	analyze_time(r, r->last, t1, sizeof(t1));
	g_ptr_array_add(out, g_strdup_printf("%" G_GUINT64_FORMAT " packets from %s to %s (%.1f s)%s%s.",
		r->packets, t0, t1, (double)(r->last - r->first) / 1e9,
		r->vantage.obj ? ", captured at " : "",
		r->vantage.obj ? r->vantage.obj->id : ""));
	/* BGP sessions lost, each with its cause and what moved */
	unsigned downs = 0;
	for (guint i = 0; i < r->events->len; i++) {
		const struct an_event *e = &g_array_index(r->events, struct an_event, i);
		char t[32];
		analyze_tod(r, e->ts, t, sizeof(t));
		if (!strcmp(e->kind, "bgp_session_down")) {
			downs++;
			g_ptr_array_add(out, g_strdup_printf("At %s the BGP session on %s went down: %s.", t,
				e->component ? e->component : "an unplaced link", e->detail));
		} else if (!strcmp(e->kind, "route_failover") || !strcmp(e->kind, "route_restored") ||
			!strcmp(e->kind, "route_change")) {
			g_ptr_array_add(out, g_strdup_printf("At %s %s.", t, e->detail));
		} else if (!strcmp(e->kind, "bgp_session_up") && downs) {
			g_ptr_array_add(out, g_strdup_printf("At %s the BGP session on %s came back (%s).",
				t, e->component ? e->component : "an unplaced link", e->detail));
		} else if (!strcmp(e->kind, "ipsec_tunnel_active") ||
			!strcmp(e->kind, "ipsec_tunnel_failover")) {
			/* ESP starting on a connection's tunnels within a few seconds: one sentence */
			GString *tun = g_string_new(NULL);
			unsigned sas = 0;
			bool seen[8] = { false };
			guint k = i;
			for (; k < r->events->len; k++) {
				const struct an_event *x = &g_array_index(r->events, struct an_event, k);
				if (strcmp(x->kind, e->kind) || g_strcmp0(x->component, e->component) ||
					x->ts - e->ts > 5 * NS)
					break;
				const char *w = strstr(x->detail, "tunnel ");
				int no = w ? atoi(w + 7) : 0;
				if (no > 0 && no < 8 && !seen[no]) {
					seen[no] = true;
					g_string_append_printf(tun, "%s%d", tun->len ? " and " : "", no);
				}
				sas++;
			}
			i = k - 1;
			g_ptr_array_add(out, g_strdup_printf("At %s %s carries ESP%s%s (%u SA%s)%s.", t,
				e->component,
				!tun->len ? "" : strstr(tun->str, " and ") ? " on tunnels " : " on tunnel ",
				tun->str, sas, sas == 1 ? "" : "s",
				downs ? ": on-premises traffic now goes through the VPN" : ""));
			g_string_free(tun, TRUE);
		}
	}
	if (!r->vantage.obj && !r->flows_walked)
		g_ptr_array_add(out, g_strdup_printf("Nothing in this capture matches the topology %s: no "
			"Direct Connect VLAN, VPN tunnel address, GWLB endpoint or interface address of it "
			"appears, so no flow could be walked (is it the right --topology?).", r->topology));
	if (!downs && r->bgp->len)
		g_ptr_array_add(out, g_strdup_printf("%u BGP session%s seen; none went down.",
			r->bgp->len, r->bgp->len == 1 ? "" : "s"));
	/* DNS */
	if (r->dns.queries) {
		GString *s = g_string_new(NULL);
		g_string_append_printf(s, "DNS: %" G_GUINT64_FORMAT " queries, %" G_GUINT64_FORMAT
			" answered (median %.1f ms), %" G_GUINT64_FORMAT " unanswered",
			r->dns.queries, r->dns.answered, r->dns.p50_ms, r->dns.unanswered);
		if (r->dns.to_vpc_resolver_from_outside) {
			const struct an_event *e =
				first_kind(r->anomalies, "dns_vpc_resolver_from_outside", INT64_MIN);
			char t[32] = "";
			if (e)
				analyze_tod(r, e->ts, t, sizeof(t));
			g_string_append_printf(s, "; %" G_GUINT64_FORMAT " went from outside a VPC to "
				"its .2 Route 53 Resolver, which answers only inside its VPC (first at %s)",
				r->dns.to_vpc_resolver_from_outside, t);
		}
		for (guint i = 0; i < r->dns.servers->len; i++) {
			const struct an_dns_server *sv = g_ptr_array_index(r->dns.servers, i);
			if (sv->answered && strstr(sv->what, "endpoint"))
				g_string_append_printf(s, "; %s at %s answered %" G_GUINT64_FORMAT " of %"
					G_GUINT64_FORMAT, sv->what, sv->addr, sv->answered, sv->queries);
		}
		if (r->dns.dnssec[DEC_DNSSEC_BOGUS]) {
			const struct an_event *e = first_kind(r->anomalies, "dnssec_bogus", INT64_MIN);
			char t[32] = "";
			if (e)
				analyze_tod(r, e->ts, t, sizeof(t));
			g_string_append_printf(s, "; %" G_GUINT64_FORMAT " DNSSEC-bogus answer%s (first at "
				"%s), which a validating resolver turns into SERVFAIL",
				r->dns.dnssec[DEC_DNSSEC_BOGUS], r->dns.dnssec[DEC_DNSSEC_BOGUS] == 1 ? "" : "s",
				t);
		}
		g_string_append_c(s, '.');
		g_ptr_array_add(out, g_string_free(s, FALSE));
	}
	for (guint i = 0; i < r->gwlb->len; i++) {
		const struct an_gwlb *g = g_ptr_array_index(r->gwlb, i);
		g_ptr_array_add(out, g_strdup_printf("GWLB: %" G_GUINT64_FORMAT " flow%s inspected "
			"through %s by the appliance at %s%s.", g->flows, g->flows == 1 ? "" : "s",
			g->endpoint, g->appliance, g->one_way_flows ? ", some in one direction only" : ""));
	}
	/* issue 18: what the link's own protocols tell, once per kind */
	static const char *const l2_kinds[] = { "bfd_bgp_failure", "bfd_session_down",
		"lag_member_left", "bgp_md5_mismatch", "bgp_md5_missing", "esp_icv_failed" };
	for (size_t k = 0; k < G_N_ELEMENTS(l2_kinds); k++) {
		unsigned n = count_kind(r->anomalies, l2_kinds[k]);
		const struct an_event *e = n ? first_kind(r->anomalies, l2_kinds[k], INT64_MIN) : NULL;
		if (!e)
			continue;
		char t[32];
		analyze_tod(r, e->ts, t, sizeof(t));
		char more[32] = "";
		if (n > 1)
			snprintf(more, sizeof(more), " (%u such)", n);
		g_ptr_array_add(out, g_strdup_printf("At %s%s%s: %s%s", t, e->component ? " on " : "",
			e->component ? e->component : "", e->detail, more));
	}
	uint64_t changed = 0;
	for (guint i = 0; i < r->flows->len; i++) {
		const struct an_flow *f = g_ptr_array_index(r->flows, i);
		unsigned fw = 0, rv = 0;
		for (guint k = 0; k < f->paths->len; k++) {
			const struct an_path *p = g_ptr_array_index(f->paths, k);
			if (p->reply)
				rv++;
			else
				fw++;
		}
		if (fw > 1 || rv > 1)
			changed++;
	}
	g_ptr_array_add(out, g_strdup_printf("Flows: %" G_GUINT64_FORMAT " in all, %" G_GUINT64_FORMAT
		" walked through the model, %" G_GUINT64_FORMAT " changed path during the capture, %"
		G_GUINT64_FORMAT " dropped by the model, %" G_GUINT64_FORMAT " unmodeled, %" G_GUINT64_FORMAT
		" control (BGP%s).", r->flows_total, r->flows_walked, changed, r->flows_dropped,
		r->flows_unmodeled, r->flows_control, r->bfd->len ? ", BFD" : ""));
	unsigned sev[4] = { 0 };
	for (guint i = 0; i < r->anomalies->len; i++)
		sev[g_array_index(r->anomalies, struct an_event, i).severity & 3]++;
	if (r->anomalies->len)
		g_ptr_array_add(out, g_strdup_printf("Anomalies: %u high, %u medium, %u low (listed below "
			"by time).", sev[AN_SEV_HIGH], sev[AN_SEV_MEDIUM], sev[AN_SEV_LOW]));
	else
		g_ptr_array_add(out, g_strdup("No anomalies: the capture agrees with the model."));
	(void)count_kind;
}

static void
section(struct out *o, const char *title)
{
	out_printf(o, "\n%s\n", title);
	for (size_t i = 0; i < strlen(title); i++)
		out_ch(o, '-');
	out_ch(o, '\n');
}

static void
event_line(struct out *o, const struct analysis *r, const struct an_event *e, bool sev)
{
	char t[32];
	analyze_tod(r, e->ts, t, sizeof(t));
	char head[160];
	if (sev)
		snprintf(head, sizeof(head), "%s  %-6s %s%s%s", t, an_severity_name(e->severity),
			e->kind, e->component ? " " : "", e->component ? e->component : "");
	else
		snprintf(head, sizeof(head), "%s  %s%s%s", t, e->kind, e->component ? " " : "",
			e->component ? e->component : "");
	out_printf(o, "  %s\n", head);
	GString *d = g_string_new(e->detail);
	if (e->nframes) {
		g_string_append(d, " [frame");
		if (e->nframes > 1)
			g_string_append_c(d, 's');
		for (unsigned i = 0; i < e->nframes; i++)
			g_string_append_printf(d, "%s%" G_GUINT64_FORMAT, i ? ", " : " ", e->frames[i]);
		g_string_append_c(d, ']');
	}
	out_str(o, "      ");
	wrap(o, 6, 6, d->str);
	g_string_free(d, TRUE);
}

static void
path_line(struct out *o, const struct analysis *r, const struct an_path *p)
{
	char t[32];
	analyze_tod(r, p->from, t, sizeof(t));
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "%s %s %s:", t, p->reply ? "reply" : "fwd  ",
		an_verdict_name(p->verdict));
	for (guint i = 0; i < p->hops->len; i++)
		g_string_append_printf(s, "%s%s", i ? " > " : " ", (char *)g_ptr_array_index(p->hops, i));
	if (p->verdict != MODEL_VERDICT_DELIVERED)
		g_string_append_printf(s, " (%s %s%s)", model_reason_name(p->reason),
			p->end_id ? "at " : "before any component", p->end_id ? p->end_id : "");
	if (p->exit_id && p->exit_tunnel)
		g_string_append_printf(s, " [leaves by %s tunnel %d]", p->exit_id, p->exit_tunnel);
	out_str(o, "      ");
	wrap(o, 6, 10, s->str);
	g_string_free(s, TRUE);
}

static void
text_flows(struct out *o, const struct analysis *r)
{
	char title[160];
	snprintf(title, sizeof(title), "Flows (%" G_GUINT64_FORMAT " in all; %u shown: changed paths, "
		"drops and evidence first, then the largest)", r->flows_total, r->flows->len);
	section(o, title);
	/* the interesting ones first, then the rest, each by time */
	unsigned shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < r->flows->len && shown < FLOWS_SHOWN; i++) {
			const struct an_flow *f = g_ptr_array_index(r->flows, i);
			if ((pass == 0) != f->interesting || f->unmodeled)
				continue;
			shown++;
			char b[16], t[32];
			out_human_bytes(b, sizeof(b), f->bytes[0] + f->bytes[1]);
			analyze_tod(r, f->first, t, sizeof(t));
			GString *h = g_string_new(NULL);
			g_string_append_printf(h, "%s %s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
				" packets, %s", t, f->key, f->pkts[0], f->pkts[1], b);
			if (f->entry)
				g_string_append_printf(h, ", seen on %s", f->entry);
			if (f->carrier)
				g_string_append_printf(h, " (%s)", f->carrier);
			if (f->control)
				g_string_append(h, g_str_has_prefix(f->key, "udp")
						? "; BFD session (control, not walked)"
						: "; BGP session (control, not walked)");
			if (f->retrans)
				g_string_append_printf(h, "; %u retransmissions", f->retrans);
			out_str(o, "  ");
			wrap(o, 2, 6, h->str);
			g_string_free(h, TRUE);
			for (guint k = 0; k < f->paths->len; k++)
				path_line(o, r, g_ptr_array_index(f->paths, k));
		}
	if (r->flows->len > shown || r->flows_not_kept)
		out_printf(o, "  (%" G_GUINT64_FORMAT " more flows not shown; --json lists the kept ones)\n",
			(uint64_t)(r->flows->len - shown) + r->flows_not_kept);
	if (r->unmodeled->len) {
		out_printf(o, "\n  Unmodeled (%" G_GUINT64_FORMAT "; the topology does not know their "
			"addresses, so they are listed, not guessed):\n", r->flows_unmodeled);
		for (guint i = 0; i < r->unmodeled->len; i++) {
			out_str(o, "    ");
			wrap(o, 4, 6, g_ptr_array_index(r->unmodeled, i));
		}
	}
}

static void
text_timelines(struct out *o, const struct analysis *r)
{
	char t0[32], t1[32], b[16];
	if (r->bgp->len) {
		section(o, "BGP sessions");
		for (guint i = 0; i < r->bgp->len; i++) {
			const struct an_bgp_session *s = g_ptr_array_index(r->bgp, i);
			GString *h = g_string_new(NULL);
			g_string_append_printf(h, "%s %s", s->component ? s->component : "(unplaced)",
				s->peers);
			if (s->tunnel)
				g_string_append_printf(h, " tunnel %d", s->tunnel);
			g_string_append_printf(h, ": hold %u s, %u updates (%u prefixes advertised, %u "
				"withdrawn), %u keepalives, %u notifications, %u down; %s at the end",
				s->hold, s->updates, s->advertised, s->withdrawn, s->keepalives,
				s->notifications, s->downs,
				s->up_at_end ? "up" : s->ups || s->downs ? "down" : "never seen established");
			/* issue 18: signed or not, and what --tcp-md5-key found */
			if (s->md5 || s->ao)
				g_string_append_printf(h, "; signed with %s%s%s", s->md5 ? "TCP-MD5" : "",
					s->md5 && s->ao ? " and " : "", s->ao ? "TCP-AO" : "");
			else
				g_string_append(h, "; not signed (no TCP-MD5 or TCP-AO option)");
			if (s->md5_ok || s->md5_mismatch || s->md5_missing)
				g_string_append_printf(h, " (key given: %" G_GUINT64_FORMAT " segments verified, %"
					G_GUINT64_FORMAT " mismatched, %" G_GUINT64_FORMAT " unsigned)",
					s->md5_ok, s->md5_mismatch, s->md5_missing);
			out_str(o, "  ");
			wrap(o, 2, 6, h->str);
			g_string_free(h, TRUE);
			for (guint k = 0; k < s->timeline->len; k++)
				event_line(o, r, &g_array_index(s->timeline, struct an_event, k), false);
		}
	}
	if (r->ipsec->len) {
		section(o, "IPsec SAs (ESP)");
		for (guint i = 0; i < r->ipsec->len; i++) {
			const struct an_ipsec_sa *s = g_ptr_array_index(r->ipsec, i);
			analyze_tod(r, s->first, t0, sizeof(t0));
			analyze_tod(r, s->last, t1, sizeof(t1));
			out_human_bytes(b, sizeof(b), s->bytes);
			char tn[32] = "";
			if (s->tunnel)
				snprintf(tn, sizeof(tn), " tunnel %d", s->tunnel);
			char *line = g_strdup_printf("%s%s SPI 0x%08x %s: %s .. %s, %" G_GUINT64_FORMAT
				" packets, %s, peak %" G_GUINT64_FORMAT " pkt/s %.2f Mbit/s (limit 140000 pkt/s, "
				"1250 Mbit/s), seq %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
				" gaps (%" G_GUINT64_FORMAT " lost), %" G_GUINT64_FORMAT " replayed",
				s->component ? s->component : "(no VPN of the topology)", tn, s->spi, s->peers, t0, t1,
				s->packets, b, s->peak_pps, s->peak_mbps, s->seq_first, s->seq_last, s->gaps,
				s->lost, s->replays);
			out_str(o, "  ");
			wrap(o, 2, 6, line);
			g_free(line);
		}
	}
	if (r->ike->len) {
		section(o, "IKE");
		for (guint i = 0; i < r->ike->len; i++) {
			const struct an_ike *s = g_ptr_array_index(r->ike, i);
			char *line = g_strdup_printf("%s %s: %" G_GUINT64_FORMAT " messages, IKE_SA_INIT %"
				G_GUINT64_FORMAT ", IKE_AUTH %" G_GUINT64_FORMAT ", INFORMATIONAL %" G_GUINT64_FORMAT
				" (%" G_GUINT64_FORMAT " liveness checks), %" G_GUINT64_FORMAT " failures%s%s",
				s->component ? s->component : "(unknown)",
				s->peers, s->messages, s->exchanges_ike_sa_init, s->exchanges_auth,
				s->informational, s->dpd, s->failures, s->last_error ? ", last " : "",
				s->last_error ? s->last_error : "");
			out_str(o, "  ");
			wrap(o, 2, 6, line);
			g_free(line);
		}
	}
	if (r->dns.queries) {
		section(o, "DNS");
		out_printf(o, "  %" G_GUINT64_FORMAT " queries, %" G_GUINT64_FORMAT " answered, %"
			G_GUINT64_FORMAT " unanswered; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
			r->dns.queries, r->dns.answered, r->dns.unanswered, r->dns.p50_ms, r->dns.p90_ms,
			r->dns.p99_ms, r->dns.max_ms);
		out_printf(o, "  rcodes: NOERROR %" G_GUINT64_FORMAT ", NXDOMAIN %" G_GUINT64_FORMAT
			", SERVFAIL %" G_GUINT64_FORMAT ", REFUSED %" G_GUINT64_FORMAT "; DNSSEC: DO %"
			G_GUINT64_FORMAT ", AD %" G_GUINT64_FORMAT ", with RRSIG %" G_GUINT64_FORMAT "\n",
			r->dns.rcodes[0], r->dns.rcodes[3], r->dns.rcodes[2], r->dns.rcodes[5], r->dns.do_bit,
			r->dns.ad_bit, r->dns.rrsig);
		if (r->dns.dnssec_ran)
			out_printf(o, "  DNSSEC verdicts: %" G_GUINT64_FORMAT " secure, %" G_GUINT64_FORMAT
				" insecure, %" G_GUINT64_FORMAT " bogus, %" G_GUINT64_FORMAT " indeterminate\n",
				r->dns.dnssec[DEC_DNSSEC_SECURE], r->dns.dnssec[DEC_DNSSEC_INSECURE],
				r->dns.dnssec[DEC_DNSSEC_BOGUS], r->dns.dnssec[DEC_DNSSEC_INDETERMINATE]);
		for (guint i = 0; i < r->dns.servers->len; i++) {
			const struct an_dns_server *s = g_ptr_array_index(r->dns.servers, i);
			char *line = g_strdup_printf("%s%s%s%s: %" G_GUINT64_FORMAT " queries, %" G_GUINT64_FORMAT
				" answered, %" G_GUINT64_FORMAT " unanswered", s->addr, s->what[0] ? " (" : "",
				s->what, s->what[0] ? ")" : "", s->queries, s->answered, s->unanswered);
			out_str(o, "    ");
			wrap(o, 4, 6, line);
			g_free(line);
		}
	}
	if (r->gwlb->len) {
		section(o, "Gateway Load Balancer (GENEVE)");
		for (guint i = 0; i < r->gwlb->len; i++) {
			const struct an_gwlb *g = g_ptr_array_index(r->gwlb, i);
			out_human_bytes(b, sizeof(b), g->bytes);
			out_printf(o, "  %s -> appliance %s: %" G_GUINT64_FORMAT " packets, %s, %" G_GUINT64_FORMAT
				" inner flows, %" G_GUINT64_FORMAT " seen one way only\n", g->endpoint, g->appliance,
				g->packets, b, g->flows, g->one_way_flows);
		}
	}
	if (r->http2.requests) {
		section(o, "HTTP/2");
		out_printf(o, "  %" G_GUINT64_FORMAT " requests, %" G_GUINT64_FORMAT " responses: 1xx %"
			G_GUINT64_FORMAT ", 2xx %" G_GUINT64_FORMAT ", 3xx %" G_GUINT64_FORMAT ", 4xx %"
			G_GUINT64_FORMAT ", 5xx %" G_GUINT64_FORMAT "; latency p50 %.2f ms, p99 %.2f ms\n",
			r->http2.requests, r->http2.responses, r->http2.status[1], r->http2.status[2],
			r->http2.status[3], r->http2.status[4], r->http2.status[5], r->http2.p50_ms,
			r->http2.p99_ms);
	}
	if (r->tcp.flows) {
		section(o, "TCP");
		out_printf(o, "  %" G_GUINT64_FORMAT " flows, %" G_GUINT64_FORMAT " handshakes, %"
			G_GUINT64_FORMAT " incomplete, %" G_GUINT64_FORMAT " retransmissions, %" G_GUINT64_FORMAT
			" zero windows, %" G_GUINT64_FORMAT " retransmission bursts\n",
			r->tcp.flows, r->tcp.handshakes, r->tcp.incomplete, r->tcp.retrans, r->tcp.zero_win,
			r->tcp.bursts);
	}
	if (r->bfd->len) {
		section(o, "BFD sessions");
		for (guint i = 0; i < r->bfd->len; i++) {
			const struct an_bfd_session *s = g_ptr_array_index(r->bfd, i);
			char *h = g_strdup_printf("%s %s: %" G_GUINT64_FORMAT " packets, detection time "
				"%.1f s, %u down", s->component ? s->component : "(unplaced)", s->peers,
				s->packets, s->detect_us / 1e6, s->downs);
			out_str(o, "  ");
			wrap(o, 2, 6, h);
			g_free(h);
			for (guint k = 0; k < s->timeline->len; k++)
				event_line(o, r, &g_array_index(s->timeline, struct an_event, k), false);
		}
	}
	if (r->lacp->len) {
		section(o, "LAG members (LACP)");
		for (guint i = 0; i < r->lacp->len; i++) {
			const struct an_lacp_member *m = g_ptr_array_index(r->lacp, i);
			char *h = g_strdup_printf("%s: %" G_GUINT64_FORMAT " LACPDUs, left the bundle %u "
				"time%s, %s at the end", m->actor, m->pdus, m->leaves, m->leaves == 1 ? "" : "s",
				m->in_bundle ? "in the bundle" : "out of the bundle");
			out_str(o, "  ");
			wrap(o, 2, 6, h);
			g_free(h);
			for (guint k = 0; k < m->timeline->len; k++)
				event_line(o, r, &g_array_index(m->timeline, struct an_event, k), false);
		}
	}
	if (r->macsec->len) {
		section(o, "MACsec");
		for (guint i = 0; i < r->macsec->len; i++) {
			const struct an_macsec *m = g_ptr_array_index(r->macsec, i);
			out_printf(o, "  SCI %s: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
				" PN gaps, %" G_GUINT64_FORMAT " AN changes (now AN %u)\n", m->sci, m->packets,
				m->pn_gaps, m->an_changes, m->an);
		}
	}
}

void
analyze_text(const struct analysis *r, struct out *o)
{
	char t0[48], b[16];
	out_human_bytes(b, sizeof(b), r->bytes);
	GString *files = g_string_new(NULL);
	for (guint i = 0; i < r->files->len; i++)
		g_string_append_printf(files, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(r->files, i));
	out_str(o, "awstrace analyze: ");
	wrap(o, 18, 4, files->str);
	g_string_free(files, TRUE);
	if (r->packets) {
		analyze_time(r, r->first, t0, sizeof(t0));
		out_printf(o, "  %" G_GUINT64_FORMAT " packets, %s, from %s, %.3f s", r->packets, b, t0,
			(double)(r->last - r->first) / 1e9);
		if (r->not_matching)
			out_printf(o, " (%" G_GUINT64_FORMAT " more not matching -Y)", r->not_matching);
		out_ch(o, '\n');
	}
	char *topo = g_strdup_printf("topology: %s (its routes are taken as the state at the "
		"capture's start; BGP in the capture moves them from then on)", r->topology);
	if (r->topology_warnings) {
		char *t = g_strdup_printf("%s; %" G_GUINT64_FORMAT " loader warning%s (awstrace "
			"topology check lists them)", topo, r->topology_warnings,
			r->topology_warnings == 1 ? "" : "s");
		g_free(topo);
		topo = t;
	}
	out_str(o, "  ");
	wrap(o, 2, 4, topo);
	g_free(topo);
	GString *v = g_string_new("vantage: ");
	if (r->vantage_error)
		g_string_append(v, r->vantage_error_text);
	else if (r->vantage.obj)
		g_string_append_printf(v, "%s%s%s%s - %s", r->vantage.obj->id,
			r->vantage.declared ? " (" : "", r->vantage.declared ? r->vantage.declared : "",
			r->vantage.declared ? ")" : "", r->vantage.how);
	else
		g_string_append(v, r->vantage.how);
	out_str(o, "  ");
	wrap(o, 2, 4, v->str);
	g_string_free(v, TRUE);
	/* every component a packet named, and how the first one did */
	for (guint i = 0; i < r->seen->len && i < 8; i++) {
		out_str(o, i ? "        " : "  seen: ");
		wrap(o, 8, 10, g_ptr_array_index(r->seen, i));
	}
	if (r->seen->len > 8)
		out_printf(o, "        and %u more components\n", r->seen->len - 8);

	section(o, "What happened");
	GPtrArray *sum = g_ptr_array_new_with_free_func(g_free);
	analyze_summary(r, sum);
	for (guint i = 0; i < sum->len; i++) {
		out_str(o, "  * ");
		wrap(o, 4, 4, g_ptr_array_index(sum, i));
	}
	g_ptr_array_free(sum, TRUE);

	char title[64];
	unsigned sev[4] = { 0 };
	for (guint i = 0; i < r->anomalies->len; i++)
		sev[g_array_index(r->anomalies, struct an_event, i).severity & 3]++;
	snprintf(title, sizeof(title), "Anomalies (%u high, %u medium, %u low)", sev[AN_SEV_HIGH],
		sev[AN_SEV_MEDIUM], sev[AN_SEV_LOW]);
	section(o, title);
	if (!r->anomalies->len)
		out_str(o, "  none\n");
	for (guint i = 0; i < r->anomalies->len; i++)
		event_line(o, r, &g_array_index(r->anomalies, struct an_event, i), true);

	snprintf(title, sizeof(title), "Events (%u)", r->events->len);
	section(o, title);
	if (!r->events->len)
		out_str(o, "  none\n");
	for (guint i = 0; i < r->events->len; i++)
		event_line(o, r, &g_array_index(r->events, struct an_event, i), false);

	text_flows(o, r);
	text_timelines(o, r);
	out_printf(o, "\n%" G_GUINT64_FORMAT " model walks, %" G_GUINT64_FORMAT
		" route changes applied from BGP\n", r->walks, r->model_changes);
}
