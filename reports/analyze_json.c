/* analyze_json.c - `awstrace analyze --json`: DESIGN.md's analyze schema (version 1), with
 * timestamps in the UTC form decode prints. Keys are the contract; more may be added, none
 * renamed (README "awstrace analyze" lists what this version adds to DESIGN.md's outline).
 */
#include "reports/analyze_report.h"

#include <string.h>

#include "decode/dnssec.h"

#include "reports/cmd.h"

#define NS 1000000000LL

static void
jstr(struct out *o, const char *s)
{
	if (!s) {
		out_str(o, "null");
		return;
	}
	out_json_str(o, s, strlen(s));
}

static void
jtime(struct out *o, const struct analysis *r, int64_t ts)
{
	out_ch(o, '"');
	int64_t sec = ts >= 0 ? ts / NS : -((-ts + NS - 1) / NS);
	out_time(o, sec, (uint32_t)(ts - sec * NS), r->prec == 9 ? 9 : 6);
	out_ch(o, '"');
}

static void
jevent(struct out *o, const struct analysis *r, const struct an_event *e, bool sev)
{
	out_str(o, "{\"ts\":");
	jtime(o, r, e->ts);
	if (sev) {
		out_str(o, ",\"severity\":");
		jstr(o, an_severity_name(e->severity));
	}
	out_str(o, ",\"kind\":");
	jstr(o, e->kind);
	out_str(o, ",\"component\":");
	jstr(o, e->component);
	out_str(o, ",\"detail\":");
	jstr(o, e->detail);
	out_str(o, ",\"frames\":[");
	for (unsigned i = 0; i < e->nframes; i++) {
		if (i)
			out_ch(o, ',');
		out_u64(o, e->frames[i]);
	}
	out_str(o, "]}");
}

static void
jevents(struct out *o, const struct analysis *r, GArray *a, bool sev)
{
	out_ch(o, '[');
	for (guint i = 0; i < a->len; i++) {
		if (i)
			out_ch(o, ',');
		jevent(o, r, &g_array_index(a, struct an_event, i), sev);
	}
	out_ch(o, ']');
}

static void
jpaths(struct out *o, const struct analysis *r, const struct an_flow *f)
{
	out_ch(o, '[');
	for (guint i = 0; i < f->paths->len; i++) {
		const struct an_path *p = g_ptr_array_index(f->paths, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"direction\":");
		jstr(o, p->reply ? "reply" : "forward");
		out_str(o, ",\"from\":");
		jtime(o, r, p->from);
		/* until the next path of the same direction, else the flow's last packet */
		int64_t to = f->last;
		for (guint k = i + 1; k < f->paths->len; k++) {
			const struct an_path *q = g_ptr_array_index(f->paths, k);
			if (q->reply == p->reply) {
				to = q->from;
				break;
			}
		}
		if (to < p->from)
			to = p->from;
		out_str(o, ",\"to\":");
		jtime(o, r, to);
		out_str(o, ",\"verdict\":");
		jstr(o, an_verdict_name(p->verdict));
		out_str(o, ",\"hops\":[");
		for (guint k = 0; k < p->hops->len; k++) {
			if (k)
				out_ch(o, ',');
			jstr(o, g_ptr_array_index(p->hops, k));
		}
		out_str(o, "],\"delivered_to\":");
		jstr(o, p->verdict == MODEL_VERDICT_DELIVERED ? p->end_id : NULL);
		out_str(o, ",\"dropped_at\":");
		jstr(o, p->verdict == MODEL_VERDICT_DROPPED ? p->end_id : NULL);
		out_str(o, ",\"reason\":");
		jstr(o, p->verdict == MODEL_VERDICT_DROPPED ? model_reason_name(p->reason) : NULL);
		out_str(o, ",\"exit\":");
		jstr(o, p->exit_id);
		out_str(o, ",\"tunnel\":");
		if (p->exit_tunnel)
			out_u64(o, (uint64_t)p->exit_tunnel);
		else
			out_str(o, "null");
		out_ch(o, '}');
	}
	out_ch(o, ']');
}

static void
jflow(struct out *o, const struct analysis *r, const struct an_flow *f)
{
	out_str(o, "{\"key\":");
	jstr(o, f->key);
	out_str(o, ",\"community_id\":");
	jstr(o, f->community_id[0] ? f->community_id : NULL);
	out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT
		",\"packets_ab\":%" G_GUINT64_FORMAT ",\"packets_ba\":%" G_GUINT64_FORMAT,
		f->pkts[0] + f->pkts[1], f->bytes[0] + f->bytes[1], f->pkts[0], f->pkts[1]);
	out_str(o, ",\"first\":");
	jtime(o, r, f->first);
	out_str(o, ",\"last\":");
	jtime(o, r, f->last);
	out_str(o, ",\"seen_on\":");
	jstr(o, f->entry);
	out_str(o, ",\"carrier\":");
	jstr(o, f->carrier);
	out_str(o, f->control ? ",\"control\":true" : ",\"control\":false");
	out_str(o, f->unmodeled ? ",\"unmodeled\":true" : ",\"unmodeled\":false");
	if (f->unmodeled) {
		out_str(o, ",\"why_unmodeled\":");
		jstr(o, f->why_unmodeled);
	}
	if (f->tcp)
		out_printf(o, ",\"tcp\":{\"handshake\":%s,\"retransmissions\":%u,\"zero_windows\":%u}",
			f->handshake ? "true" : "false", f->retrans, f->zero_win);
	out_str(o, ",\"paths\":");
	jpaths(o, r, f);
	out_ch(o, '}');
}

static void
jtimelines(struct out *o, const struct analysis *r)
{
	out_str(o, "{\"bgp\":[");
	for (guint i = 0; i < r->bgp->len; i++) {
		const struct an_bgp_session *s = g_ptr_array_index(r->bgp, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"component\":");
		jstr(o, s->component);
		out_str(o, ",\"peers\":");
		jstr(o, s->peers);
		out_printf(o, ",\"tunnel\":%d,\"hold\":%u,\"up_at_end\":%s,\"ups\":%u,\"downs\":%u,"
			"\"updates\":%u,\"keepalives\":%u,\"notifications\":%u,\"advertised\":%u,"
			"\"withdrawn\":%u,\"timeline\":",
			s->tunnel, s->hold, s->up_at_end ? "true" : "false", s->ups, s->downs, s->updates,
			s->keepalives, s->notifications, s->advertised, s->withdrawn);
		jevents(o, r, s->timeline, false);
		out_printf(o, ",\"signed\":{\"md5\":%s,\"ao\":%s,\"md5_ok\":%" G_GUINT64_FORMAT
			",\"md5_mismatch\":%" G_GUINT64_FORMAT ",\"md5_missing\":%" G_GUINT64_FORMAT "}",
			s->md5 ? "true" : "false", s->ao ? "true" : "false", s->md5_ok, s->md5_mismatch,
			s->md5_missing);
		out_ch(o, '}');
	}
	out_str(o, "],\"ipsec\":[");
	for (guint i = 0; i < r->ipsec->len; i++) {
		const struct an_ipsec_sa *s = g_ptr_array_index(r->ipsec, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"component\":");
		jstr(o, s->component);
		out_printf(o, ",\"tunnel\":%d,\"spi\":%u,\"peers\":", s->tunnel, s->spi);
		jstr(o, s->peers);
		out_str(o, ",\"first\":");
		jtime(o, r, s->first);
		out_str(o, ",\"last\":");
		jtime(o, r, s->last);
		out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT
			",\"seq_first\":%" G_GUINT64_FORMAT ",\"seq_last\":%" G_GUINT64_FORMAT
			",\"gaps\":%" G_GUINT64_FORMAT ",\"lost\":%" G_GUINT64_FORMAT
			",\"replays\":%" G_GUINT64_FORMAT ",\"peak_pps\":%" G_GUINT64_FORMAT
			",\"peak_mbps\":%.3f}", s->packets, s->bytes, s->seq_first, s->seq_last, s->gaps,
			s->lost, s->replays, s->peak_pps, s->peak_mbps);
	}
	out_str(o, "],\"ike\":[");
	for (guint i = 0; i < r->ike->len; i++) {
		const struct an_ike *s = g_ptr_array_index(r->ike, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"component\":");
		jstr(o, s->component);
		out_str(o, ",\"peers\":");
		jstr(o, s->peers);
		out_printf(o, ",\"messages\":%" G_GUINT64_FORMAT ",\"ike_sa_init\":%" G_GUINT64_FORMAT
			",\"ike_auth\":%" G_GUINT64_FORMAT ",\"informational\":%" G_GUINT64_FORMAT
			",\"liveness_checks\":%" G_GUINT64_FORMAT ",\"failures\":%" G_GUINT64_FORMAT
			",\"last_error\":", s->messages,
			s->exchanges_ike_sa_init, s->exchanges_auth, s->informational, s->dpd, s->failures);
		jstr(o, s->last_error);
		out_ch(o, '}');
	}
	const struct an_dns_stats *d = &r->dns;
	out_printf(o, "],\"dns\":{\"queries\":%" G_GUINT64_FORMAT ",\"answered\":%" G_GUINT64_FORMAT
		",\"unanswered\":%" G_GUINT64_FORMAT ",\"truncated\":%" G_GUINT64_FORMAT
		",\"do\":%" G_GUINT64_FORMAT ",\"ad\":%" G_GUINT64_FORMAT ",\"rrsig\":%" G_GUINT64_FORMAT
		",\"vpc_resolver_from_outside\":%" G_GUINT64_FORMAT
		",\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}",
		d->queries, d->answered, d->unanswered, d->truncated, d->do_bit, d->ad_bit, d->rrsig,
		d->to_vpc_resolver_from_outside, d->p50_ms, d->p90_ms, d->p99_ms, d->max_ms);
	if (d->dnssec_ran) /* the verdicts of decode's validator (--dnssec, --trust-anchor) */
		out_printf(o, ",\"dnssec\":{\"secure\":%" G_GUINT64_FORMAT ",\"insecure\":%"
			G_GUINT64_FORMAT ",\"bogus\":%" G_GUINT64_FORMAT ",\"indeterminate\":%"
			G_GUINT64_FORMAT "}",
			d->dnssec[DEC_DNSSEC_SECURE], d->dnssec[DEC_DNSSEC_INSECURE],
			d->dnssec[DEC_DNSSEC_BOGUS], d->dnssec[DEC_DNSSEC_INDETERMINATE]);
	out_str(o, ",\"rcodes\":{");
	bool first = true;
	for (unsigned i = 0; i < G_N_ELEMENTS(d->rcodes); i++) {
		if (!d->rcodes[i])
			continue;
		if (!first)
			out_ch(o, ',');
		first = false;
		const char *n = dec_dns_rcode_name(i);
		if (n)
			jstr(o, n);
		else
			out_printf(o, "\"%u\"", i);
		out_printf(o, ":%" G_GUINT64_FORMAT, d->rcodes[i]);
	}
	out_str(o, "},\"servers\":[");
	for (guint i = 0; i < d->servers->len; i++) {
		const struct an_dns_server *s = g_ptr_array_index(d->servers, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"addr\":");
		jstr(o, s->addr);
		out_str(o, ",\"what\":");
		jstr(o, s->what);
		out_printf(o, ",\"queries\":%" G_GUINT64_FORMAT ",\"answered\":%" G_GUINT64_FORMAT
			",\"unanswered\":%" G_GUINT64_FORMAT "}", s->queries, s->answered, s->unanswered);
	}
	out_str(o, "]},\"macsec\":[");
	for (guint i = 0; i < r->macsec->len; i++) {
		const struct an_macsec *m = g_ptr_array_index(r->macsec, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"sci\":");
		jstr(o, m->sci);
		out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"pn_gaps\":%" G_GUINT64_FORMAT
			",\"an_changes\":%" G_GUINT64_FORMAT ",\"an\":%u}", m->packets, m->pn_gaps,
			m->an_changes, m->an);
	}
	out_str(o, "],\"bfd\":[");
	for (guint i = 0; i < r->bfd->len; i++) {
		const struct an_bfd_session *b = g_ptr_array_index(r->bfd, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"component\":");
		jstr(o, b->component);
		out_str(o, ",\"peers\":");
		jstr(o, b->peers);
		out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"detect_us\":%u,\"downs\":%u,"
			"\"timeline\":", b->packets, b->detect_us, b->downs);
		jevents(o, r, b->timeline, false);
		out_ch(o, '}');
	}
	out_str(o, "],\"lacp\":[");
	for (guint i = 0; i < r->lacp->len; i++) {
		const struct an_lacp_member *m = g_ptr_array_index(r->lacp, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"actor\":");
		jstr(o, m->actor);
		out_printf(o, ",\"pdus\":%" G_GUINT64_FORMAT ",\"state\":%u,\"in_bundle\":%s,"
			"\"leaves\":%u,\"timeline\":", m->pdus, m->state,
			m->in_bundle ? "true" : "false", m->leaves);
		jevents(o, r, m->timeline, false);
		out_ch(o, '}');
	}
	out_str(o, "],\"gwlb\":[");
	for (guint i = 0; i < r->gwlb->len; i++) {
		const struct an_gwlb *g = g_ptr_array_index(r->gwlb, i);
		if (i)
			out_ch(o, ',');
		out_str(o, "{\"endpoint\":");
		jstr(o, g->endpoint);
		out_str(o, ",\"appliance\":");
		jstr(o, g->appliance);
		out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT
			",\"flows\":%" G_GUINT64_FORMAT ",\"one_way_flows\":%" G_GUINT64_FORMAT "}",
			g->packets, g->bytes, g->flows, g->one_way_flows);
	}
	const struct an_http2 *h = &r->http2;
	out_printf(o, "],\"http2\":{\"requests\":%" G_GUINT64_FORMAT ",\"responses\":%" G_GUINT64_FORMAT
		",\"status\":{\"1xx\":%" G_GUINT64_FORMAT ",\"2xx\":%" G_GUINT64_FORMAT ",\"3xx\":%"
		G_GUINT64_FORMAT ",\"4xx\":%" G_GUINT64_FORMAT ",\"5xx\":%" G_GUINT64_FORMAT
		",\"other\":%" G_GUINT64_FORMAT "},\"latency_ms\":{\"p50\":%.3f,\"p99\":%.3f}}",
		h->requests, h->responses, h->status[1], h->status[2], h->status[3], h->status[4],
		h->status[5], h->status[0], h->p50_ms, h->p99_ms);
	const struct an_tcp *t = &r->tcp;
	out_printf(o, ",\"tcp\":{\"flows\":%" G_GUINT64_FORMAT ",\"handshakes\":%" G_GUINT64_FORMAT
		",\"incomplete\":%" G_GUINT64_FORMAT ",\"retransmissions\":%" G_GUINT64_FORMAT
		",\"zero_windows\":%" G_GUINT64_FORMAT ",\"retransmission_bursts\":%" G_GUINT64_FORMAT "}}",
		t->flows, t->handshakes, t->incomplete, t->retrans, t->zero_win, t->bursts);
}

void
analyze_json(const struct analysis *r, struct out *o)
{
	out_printf(o, "{\"schema\":%d,\"awstrace\":", ANALYZE_SCHEMA);
	jstr(o, AWSTRACE_VERSION);
	out_str(o, ",\"capture\":{\"files\":[");
	for (guint i = 0; i < r->files->len; i++) {
		if (i)
			out_ch(o, ',');
		jstr(o, g_ptr_array_index(r->files, i));
	}
	out_str(o, "],\"first\":");
	if (r->packets)
		jtime(o, r, r->first);
	else
		out_str(o, "null");
	out_str(o, ",\"last\":");
	if (r->packets)
		jtime(o, r, r->last);
	else
		out_str(o, "null");
	out_printf(o, ",\"packets\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT,
		r->packets, r->bytes);
	if (r->not_matching) /* packets -Y left out */
		out_printf(o, ",\"not_matching\":%" G_GUINT64_FORMAT, r->not_matching);
	out_ch(o, '}');
	out_str(o, ",\"topology\":{\"dirs\":[");
	if (r->topology_dirs) {
		for (guint i = 0; i < r->topology_dirs->len; i++) {
			if (i)
				out_ch(o, ',');
			jstr(o, g_ptr_array_index(r->topology_dirs, i));
		}
	} else {
		jstr(o, r->topology);
	}
	out_printf(o, "],\"warnings\":%" G_GUINT64_FORMAT ",\"routes_at_start\":\"snapshot\"}",
		r->topology_warnings);
	out_str(o, ",\"vantage\":{\"id\":");
	jstr(o, r->vantage.obj ? r->vantage.obj->id : NULL);
	out_str(o, ",\"kind\":");
	jstr(o, r->vantage.obj ? replay_vkind_name(r->vantage.kind) : NULL);
	out_str(o, ",\"declared\":");
	jstr(o, r->vantage.declared);
	out_printf(o, ",\"forced\":%s,\"packets\":%" G_GUINT64_FORMAT ",\"how\":",
		r->vantage.forced ? "true" : "false", r->vantage.packets);
	jstr(o, r->vantage_error ? NULL : r->vantage.how);
	out_str(o, ",\"error\":");
	jstr(o, r->vantage_error ? r->vantage_error_text : NULL);
	out_str(o, ",\"seen\":[");
	for (guint i = 0; i < r->seen->len; i++) {
		if (i)
			out_ch(o, ',');
		jstr(o, g_ptr_array_index(r->seen, i));
	}
	out_str(o, "]},\"summary\":[");
	GPtrArray *sum = g_ptr_array_new_with_free_func(g_free);
	analyze_summary(r, sum);
	for (guint i = 0; i < sum->len; i++) {
		if (i)
			out_ch(o, ',');
		jstr(o, g_ptr_array_index(sum, i));
	}
	g_ptr_array_free(sum, TRUE);
	out_str(o, "],\"events\":");
	jevents(o, r, r->events, false);
	out_printf(o, ",\"flows_summary\":{\"total\":%" G_GUINT64_FORMAT ",\"walked\":%" G_GUINT64_FORMAT
		",\"unmodeled\":%" G_GUINT64_FORMAT ",\"control\":%" G_GUINT64_FORMAT
		",\"dropped\":%" G_GUINT64_FORMAT ",\"listed\":%u,\"not_listed\":%" G_GUINT64_FORMAT
		",\"model_walks\":%" G_GUINT64_FORMAT ",\"route_changes\":%" G_GUINT64_FORMAT "}",
		r->flows_total, r->flows_walked, r->flows_unmodeled, r->flows_control, r->flows_dropped,
		r->flows->len, r->flows_not_kept, r->walks, r->model_changes);
	out_str(o, ",\"flows\":[");
	for (guint i = 0; i < r->flows->len; i++) {
		if (i)
			out_ch(o, ',');
		jflow(o, r, g_ptr_array_index(r->flows, i));
	}
	out_str(o, "],\"anomalies\":");
	jevents(o, r, r->anomalies, true);
	out_str(o, ",\"timelines\":");
	jtimelines(o, r);
	out_str(o, "}\n");
}
