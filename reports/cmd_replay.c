/* cmd_replay.c - `awstrace replay FILE`: the capture through the forwarding engine, timed,
 * and through the modeled network (DESIGN.md "Replay"; replay/replay.h, replay/des.h).
 *
 * Exit 0 when the replay ran; 1 when the capture or topology cannot be read (a capture
 * damaged part way is replayed up to the damage, then exit 1); 2 on bad usage.
 */
#include "reports/cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/forward.h"
#include "model/model.h"
#include "replay/des.h"
#include "replay/replay.h"
#include "replay/vantage.h"
#include "reports/embedded.h"

#ifndef AWSTRACE_GIT_REV
#define AWSTRACE_GIT_REV "unknown"
#endif

#define REPLAY_JSON_SCHEMA 1

static struct {
	gchar **topology;
	gint loops;
	gint threads;
	gchar *speed;
	gchar *down;
	gchar *vantage;
	gchar *json;
	gint queue;
	gboolean quiet;
} opt;

static const GOptionEntry entries[] = {
	/* repeatable, as explain's (issue 11: one directory per account and Region) */
	CMD_TOPOLOGY_OPTION(opt.topology),
	/* long only: -n is tcpdump's "no name resolution" in every command that reads packets */
	{ "loops", 0, 0, G_OPTION_ARG_INT, &opt.loops,
		"Measured passes over the capture, after one warm-up pass (default 1)", "N" },
	{ "threads", 'j', 0, G_OPTION_ARG_INT, &opt.threads,
		"Engine threads; packets are sharded by a symmetric flow hash (default: one per "
		"core)",
		"N" },
	{ "speed", 0, 0, G_OPTION_ARG_STRING, &opt.speed,
		"The modeled network's offered load: topspeed (the capture at the engine's own "
		"rate, the default), 1x (the capture's pacing), 10x, or any Nx",
		"S" },
	{ "down", 0, 0, G_OPTION_ARG_STRING, &opt.down,
		"Take a component down first (dxvif-…, dxcon-…, vpn-…, vpn-…:N for tunnel N, "
		"nat-…, tgw-attach-…) to see the failover load",
		"ID" },
	{ "vantage", 0, 0, G_OPTION_ARG_STRING, &opt.vantage,
		"Where packets whose source no interface holds enter (igw-…, vpn-…, dxvif-…, a DX "
		"gateway, tgw-attach-…, or an awstrace.json Vantages name); default: inferred per "
		"packet",
		"ID" },
	{ "json", 0, 0, G_OPTION_ARG_FILENAME, &opt.json,
		"Write every figure as JSON to OUT (what `awstrace bench compare` reads)", "OUT" },
	{ "queue", 0, 0, G_OPTION_ARG_INT, &opt.queue,
		"Packets a modeled link may queue (default 1024)", "N" },
	{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt.quiet,
		"No text summary (with --json)", NULL },
	G_OPTION_ENTRY_NULL
};

static int
usage_error(const char *msg)
{
	fprintf(stderr, "awstrace replay: %s\nTry \"awstrace replay --help\".\n", msg);
	return 2;
}

/* ---- small renderers ---- */

/* An RFC 8259 string. */
static void
js(GString *s, const char *v)
{
	g_string_append_c(s, '"');
	for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(s, "\\%c", *p);
		else if (*p < 0x20)
			g_string_append_printf(s, "\\u%04x", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	g_string_append_c(s, '"');
}

/* A number as JSON: finite, at most 6 significant decimals, no locale. */
static void
jnum(GString *s, double v)
{
	char b[G_ASCII_DTOSTR_BUF_SIZE];
	if (!isfinite(v))
		v = 0;
	if (v == floor(v) && fabs(v) < 9e15)
		g_string_append_printf(s, "%.0f", v);
	else
		g_string_append(s, g_ascii_formatd(b, sizeof(b), "%.6g", v));
}

static void
ju(GString *s, uint64_t v)
{
	g_string_append_printf(s, "%" G_GUINT64_FORMAT, v);
}

/* 12.3 M, 4.56 G: n with an SI prefix */
static const char *
si(double v, char *b, size_t n)
{
	const char *p[] = { "", " k", " M", " G", " T" };
	int i = 0;
	while (fabs(v) >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	g_snprintf(b, n, i ? "%.2f%s" : "%.0f%s", v, p[i]);
	return b;
}

static void
lat_json(GString *s, const struct replay_latency *l)
{
	g_string_append(s, "{\"p50\":");
	jnum(s, l->p50);
	g_string_append(s, ",\"p90\":");
	jnum(s, l->p90);
	g_string_append(s, ",\"p99\":");
	jnum(s, l->p99);
	g_string_append(s, ",\"p999\":");
	jnum(s, l->p999);
	g_string_append(s, ",\"max\":");
	jnum(s, l->max);
	g_string_append(s, ",\"samples\":");
	ju(s, l->samples);
	g_string_append_c(s, '}');
}

static const char *
comp_id(const struct replay_result *res, uint32_t c)
{
	return ((const struct replay_comp *)g_ptr_array_index(res->comps, c))->id;
}

static const char *
comp_kind(const struct replay_result *res, uint32_t c)
{
	return ((const struct replay_comp *)g_ptr_array_index(res->comps, c))->kind;
}

static const char *const verdict_names[3] = { "delivered", "dropped", "unknown" };

struct run_info {
	const char *topology;
	const char *speed_text;
	double speed;
	const char *down;
	const char *vantage;
	const struct replay_vantage_result *vres;
	struct replay_machine mach;
};

static void
write_json(GString *s, const struct replay_batch *b, const struct replay_result *res,
	const struct replay_des_result *des, const struct run_info *ri)
{
	g_string_append_printf(s, "{\"schema\":%d,\"awstrace\":", REPLAY_JSON_SCHEMA);
	js(s, AWSTRACE_VERSION);
	g_string_append(s, ",\"git\":");
	js(s, AWSTRACE_GIT_REV);
	g_string_append(s, ",\"machine\":{\"cpu\":");
	js(s, ri->mach.cpu);
	g_string_append_printf(s, ",\"cores\":%u,\"kernel\":", ri->mach.cores);
	js(s, ri->mach.kernel);
	g_string_append(s, "},\"capture\":{\"name\":");
	js(s, b->name);
	g_string_append(s, ",\"size_bytes\":");
	ju(s, b->file_size);
	g_string_append(s, ",\"packets\":");
	ju(s, b->n);
	g_string_append(s, ",\"bytes\":");
	ju(s, b->bytes);
	g_string_append(s, ",\"duration_s\":");
	jnum(s, (double)b->duration_ns / 1e9);
	g_string_append(s, ",\"read_s\":");
	jnum(s, b->read_s);
	g_string_append(s, ",\"decode_s\":");
	jnum(s, b->decode_s);
	g_string_append_printf(s, ",\"damaged\":%s},\"topology\":", b->damaged ? "true" : "false");
	js(s, ri->topology);
	g_string_append(s, ",\"options\":{\"loops\":");
	ju(s, res->loops);
	g_string_append(s, ",\"threads\":");
	ju(s, res->threads);
	g_string_append(s, ",\"speed\":");
	js(s, ri->speed_text);
	g_string_append(s, ",\"down\":");
	if (ri->down)
		js(s, ri->down);
	else
		g_string_append(s, "null");
	g_string_append(s, ",\"vantage\":");
	if (ri->vantage)
		js(s, ri->vantage);
	else
		g_string_append(s, "null");
	g_string_append(s, "},\"vantage\":{\"id\":");
	if (ri->vres->obj)
		js(s, ri->vres->obj->id);
	else
		g_string_append(s, "null");
	g_string_append(s, ",\"kind\":");
	js(s, replay_vkind_name(ri->vres->kind));
	g_string_append(s, ",\"how\":");
	js(s, ri->vres->how);
	g_string_append(s, ",\"forced\":");
	g_string_append(s, ri->vres->forced ? "true" : "false");
	g_string_append(s, "},\"engine\":{\"pps\":");
	jnum(s, res->pps);
	g_string_append(s, ",\"bps\":");
	jnum(s, res->bps);
	g_string_append(s, ",\"packets\":");
	ju(s, res->packets);
	g_string_append(s, ",\"bytes\":");
	ju(s, res->bytes);
	g_string_append(s, ",\"seconds\":");
	jnum(s, res->seconds);
	g_string_append(s, ",\"latency_ns\":");
	lat_json(s, &res->lat);
	g_string_append_printf(s,
		",\"latency_sampling\":\"1 packet in %d (by capture index), clock_gettime("
		"CLOCK_MONOTONIC) before and after, the clock's own cost subtracted\","
		"\"clock_overhead_ns\":",
		REPLAY_LAT_STRIDE);
	jnum(s, res->clock_overhead_ns);
	g_string_append(s, ",\"peak_rss_bytes\":");
	ju(s, res->peak_rss_bytes);
	g_string_append(s, ",\"warmup\":true,\"decisions_computed\":");
	ju(s, res->decisions_computed);
	g_string_append(s, ",\"decide_s\":");
	jnum(s, res->decide_s);
	g_string_append(s, ",\"runs\":[");
	for (unsigned i = 0; i < res->loops; i++) {
		const struct replay_loop *l = &res->runs[i];
		g_string_append(s, i ? ",{\"pps\":" : "{\"pps\":");
		jnum(s, l->pps);
		g_string_append(s, ",\"bps\":");
		jnum(s, l->bps);
		g_string_append(s, ",\"packets\":");
		ju(s, l->packets);
		g_string_append(s, ",\"seconds\":");
		jnum(s, l->seconds);
		g_string_append(s, ",\"latency_ns\":");
		lat_json(s, &l->lat);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "],\"verdicts\":{");
	for (int v = 0; v < 3; v++) {
		g_string_append_printf(s, "%s\"%s\":", v ? "," : "", verdict_names[v]);
		ju(s, res->by_verdict[v]);
	}
	uint64_t unm = 0;
	for (int u = 0; u < REPLAY_U_N; u++)
		unm += res->unmodeled[u];
	g_string_append(s, ",\"unmodeled\":");
	ju(s, unm);
	g_string_append(s, "},\"reasons\":{");
	bool first = true;
	for (int r = 1; r < MODEL_R_N; r++) {
		if (!res->by_reason[r])
			continue;
		g_string_append_printf(s, "%s\"%s\":", first ? "" : ",",
			model_reason_name((enum model_reason)r));
		ju(s, res->by_reason[r]);
		first = false;
	}
	g_string_append(s, "},\"unmodeled\":{");
	first = true;
	for (int u = 1; u < REPLAY_U_N; u++) {
		if (!res->unmodeled[u])
			continue;
		g_string_append_printf(s, "%s\"%s\":", first ? "" : ",",
			replay_unmodeled_name((enum replay_unmodeled)u));
		ju(s, res->unmodeled[u]);
		first = false;
	}
	g_string_append(s, "},\"hops\":[");
	for (guint i = 0; i < res->hop_counts->len; i++) {
		const struct replay_hop_count *h =
			&g_array_index(res->hop_counts, struct replay_hop_count, i);
		g_string_append(s, i ? ",{\"id\":" : "{\"id\":");
		js(s, comp_id(res, h->comp));
		g_string_append(s, ",\"kind\":");
		js(s, comp_kind(res, h->comp));
		g_string_append(s, ",\"packets\":");
		ju(s, h->packets);
		g_string_append(s, ",\"bytes\":");
		ju(s, h->bytes);
		g_string_append(s, ",\"dropped\":");
		ju(s, h->dropped);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "]},\"model\":{\"speed\":");
	js(s, ri->speed_text);
	g_string_append(s, ",\"speed_factor\":");
	jnum(s, des->speed);
	g_string_append(s, ",\"queue_packets\":");
	ju(s, des->queue_pkts);
	g_string_append(s, ",\"window_ms\":");
	jnum(s, des->window_ns / 1e6);
	g_string_append(s, ",\"packets\":");
	ju(s, des->packets);
	g_string_append(s, ",\"delivered\":");
	ju(s, des->delivered);
	g_string_append(s, ",\"unmodeled\":");
	ju(s, des->unmodeled);
	g_string_append(s, ",\"unknown\":");
	ju(s, des->unknown);
	g_string_append(s, ",\"dropped\":{");
	for (int d = 0; d < REPLAY_DROP_N; d++) {
		g_string_append_printf(s, "%s\"%s\":", d ? "," : "",
			replay_drop_name((enum replay_drop)d));
		ju(s, des->dropped[d]);
	}
	g_string_append(s, "},\"latency_ns\":{\"p50\":");
	jnum(s, des->p50_ns);
	g_string_append(s, ",\"p99\":");
	jnum(s, des->p99_ns);
	g_string_append(s, "},\"hops\":[");
	first = true;
	for (guint i = 0; i < des->hops->len; i++) {
		const struct replay_des_hop *h = &g_array_index(des->hops, struct replay_des_hop, i);
		if (!h->offered)
			continue;
		g_string_append(s, first ? "{\"id\":" : ",{\"id\":");
		first = false;
		js(s, comp_id(res, h->comp));
		g_string_append(s, ",\"kind\":");
		js(s, comp_kind(res, h->comp));
		g_string_append(s, ",\"offered\":");
		ju(s, h->offered);
		g_string_append(s, ",\"offered_bytes\":");
		ju(s, h->offered_bytes);
		g_string_append(s, ",\"delivered\":");
		ju(s, h->delivered);
		g_string_append(s, ",\"dropped\":{");
		for (int d = 0; d < REPLAY_DROP_N; d++) {
			g_string_append_printf(s, "%s\"%s\":", d ? "," : "",
				replay_drop_name((enum replay_drop)d));
			ju(s, h->dropped[d]);
		}
		g_string_append(s, "},\"latency_ns\":{\"p50\":");
		jnum(s, h->p50_ns);
		g_string_append(s, ",\"p99\":");
		jnum(s, h->p99_ns);
		g_string_append(s, "},\"queue_peak\":");
		ju(s, h->queue_peak);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "],\"links\":[");
	for (guint i = 0; i < des->links->len; i++) {
		const struct replay_link *l = &g_array_index(des->links, struct replay_link, i);
		g_string_append(s, i ? ",{\"name\":" : "{\"name\":");
		js(s, l->name);
		g_string_append(s, ",\"id\":");
		js(s, l->obj->id);
		g_string_append_printf(s, ",\"tunnel\":%u,\"direction\":\"%s\",\"capacity_bps\":",
			l->tunnel, l->dir == 0 ? "in" : l->dir == 1 ? "out" : "both");
		jnum(s, l->bps);
		g_string_append(s, ",\"capacity_pps\":");
		jnum(s, l->pps);
		g_string_append(s, ",\"latency_ms\":");
		jnum(s, l->latency_ns / 1e6);
		g_string_append(s, ",\"source\":");
		js(s, l->source);
		g_string_append(s, ",\"offered\":");
		ju(s, l->offered);
		g_string_append(s, ",\"offered_bytes\":");
		ju(s, l->offered_bytes);
		g_string_append(s, ",\"delivered\":");
		ju(s, l->delivered);
		g_string_append(s, ",\"dropped\":");
		ju(s, l->dropped);
		g_string_append(s, ",\"peak_bps\":");
		jnum(s, l->peak_bps);
		g_string_append(s, ",\"peak_pps\":");
		jnum(s, l->peak_pps);
		g_string_append(s, ",\"latency_ns\":{\"p50\":");
		jnum(s, l->p50_ns);
		g_string_append(s, ",\"p99\":");
		jnum(s, l->p99_ns);
		g_string_append(s, ",\"max\":");
		jnum(s, l->max_ns);
		g_string_append(s, "},\"queue_peak\":");
		ju(s, l->queue_peak);
		g_string_append_c(s, '}');
	}
	g_string_append(s, "]}}\n");
}

static void
write_text(GString *s, const struct replay_batch *b, const struct replay_result *res,
	const struct replay_des_result *des, const struct run_info *ri)
{
	char x[32], y[32];
	g_string_append_printf(s,
		"awstrace replay: %s: %zu packets, %" G_GUINT64_FORMAT
		" bytes, %.3f s of capture; topology %s\n",
		b->name, b->n, b->bytes, (double)b->duration_ns / 1e9, ri->topology);
	g_string_append_printf(s,
		"read %.3f s, decode %.3f s (once, into a %zu-byte-per-packet batch; not in the "
		"figures below)\n",
		b->read_s, b->decode_s, sizeof(struct replay_pkt));
	g_string_append_printf(s, "vantage: %s\n", ri->vres->obj ? ri->vres->obj->id : "none");
	if (ri->vres->how[0])
		g_string_append_printf(s, "  %s\n", ri->vres->how);
	g_string_append_printf(s,
		"\nengine: %u thread%s, %u measured loop%s after a warm-up pass\n", res->threads,
		res->threads == 1 ? "" : "s", res->loops, res->loops == 1 ? "" : "s");
	g_string_append_printf(s, "  packets/s   %s (%" G_GUINT64_FORMAT " packets in %.4f s)\n",
		si(res->pps, x, sizeof(x)), res->packets, res->seconds);
	g_string_append_printf(s, "  bits/s      %s at the packets' wire sizes\n",
		si(res->bps, y, sizeof(y)));
	g_string_append_printf(s,
		"  latency ns  p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f (1 packet in %d "
		"timed, %" G_GUINT64_FORMAT " samples; clock cost %.0f ns subtracted)\n",
		res->lat.p50, res->lat.p90, res->lat.p99, res->lat.p999, res->lat.max,
		REPLAY_LAT_STRIDE, res->lat.samples, res->clock_overhead_ns);
	g_string_append_printf(s, "  peak RSS    %.1f MiB\n",
		(double)res->peak_rss_bytes / (1024.0 * 1024.0));
	g_string_append_printf(s,
		"  walks       %" G_GUINT64_FORMAT
		" (first packet of a flow direction; then its cached decision), %.2f us each\n",
		res->decisions_computed,
		res->decisions_computed ? res->decide_s * 1e6 / (double)res->decisions_computed
					: 0.0);
	g_string_append_printf(s, "\nverdicts (%u loop%s): delivered %" G_GUINT64_FORMAT
				  ", dropped %" G_GUINT64_FORMAT,
		res->loops, res->loops == 1 ? "" : "s", res->by_verdict[0], res->by_verdict[1]);
	if (res->by_verdict[2])
		g_string_append_printf(s, ", unknown %" G_GUINT64_FORMAT, res->by_verdict[2]);
	uint64_t unm = 0;
	for (int u = 0; u < REPLAY_U_N; u++)
		unm += res->unmodeled[u];
	g_string_append_printf(s, ", unmodeled %" G_GUINT64_FORMAT "\n", unm);
	for (int r = 1; r < MODEL_R_N; r++)
		if (res->by_reason[r])
			g_string_append_printf(s, "  dropped %-24s %12" G_GUINT64_FORMAT "\n",
				model_reason_name((enum model_reason)r), res->by_reason[r]);
	for (int u = 1; u < REPLAY_U_N; u++)
		if (res->unmodeled[u])
			g_string_append_printf(s, "  unmodeled %-22s %12" G_GUINT64_FORMAT "  %s\n",
				replay_unmodeled_name((enum replay_unmodeled)u), res->unmodeled[u],
				replay_unmodeled_text((enum replay_unmodeled)u));
	if (res->hop_counts->len) {
		g_string_append_printf(s, "\nper hop (engine, %u loop%s)\n", res->loops,
			res->loops == 1 ? "" : "s");
		g_string_append_printf(s, "  %-40s %-22s %12s %14s %10s\n", "id", "kind", "packets",
			"bytes", "dropped");
		for (guint i = 0; i < res->hop_counts->len; i++) {
			const struct replay_hop_count *h =
				&g_array_index(res->hop_counts, struct replay_hop_count, i);
			g_string_append_printf(s,
				"  %-40s %-22s %12" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT
				" %10" G_GUINT64_FORMAT "\n",
				comp_id(res, h->comp), comp_kind(res, h->comp), h->packets, h->bytes,
				h->dropped);
		}
	}
	g_string_append_printf(s,
		"\nmodeled network (one pass; speed %s: capture time / %.3g; links queue up to %u "
		"packets; peaks over %.0f ms)\n",
		ri->speed_text, des->speed, des->queue_pkts, des->window_ns / 1e6);
	g_string_append_printf(s,
		"  delivered %" G_GUINT64_FORMAT ", dropped: no_route %" G_GUINT64_FORMAT
		", acl %" G_GUINT64_FORMAT ", sg %" G_GUINT64_FORMAT ", capacity %" G_GUINT64_FORMAT
		", other %" G_GUINT64_FORMAT "; unknown %" G_GUINT64_FORMAT "; unmodeled %" G_GUINT64_FORMAT
		"; one-way latency p50 %.0f ns, p99 %.0f ns\n",
		des->delivered, des->dropped[REPLAY_DROP_NO_ROUTE], des->dropped[REPLAY_DROP_ACL],
		des->dropped[REPLAY_DROP_SG], des->dropped[REPLAY_DROP_CAPACITY],
		des->dropped[REPLAY_DROP_OTHER], des->unknown, des->unmodeled, des->p50_ns, des->p99_ns);
	bool any = false;
	for (guint i = 0; i < des->hops->len; i++) {
		const struct replay_des_hop *h = &g_array_index(des->hops, struct replay_des_hop, i);
		if (!h->offered)
			continue;
		if (!any)
			g_string_append_printf(s, "  %-40s %10s %10s %8s %6s %6s %8s %6s %12s %12s %6s\n",
				"hop", "offered", "delivered", "no_route", "acl", "sg", "capacity",
				"other", "p50 ns", "p99 ns", "queue");
		any = true;
		g_string_append_printf(s,
			"  %-40s %10" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
			" %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
			" %6" G_GUINT64_FORMAT " %12.0f %12.0f %6" G_GUINT64_FORMAT "\n",
			comp_id(res, h->comp), h->offered, h->delivered,
			h->dropped[REPLAY_DROP_NO_ROUTE], h->dropped[REPLAY_DROP_ACL],
			h->dropped[REPLAY_DROP_SG], h->dropped[REPLAY_DROP_CAPACITY],
			h->dropped[REPLAY_DROP_OTHER], h->p50_ns, h->p99_ns, h->queue_peak);
	}
	if (des->links->len) {
		g_string_append(s, "\nlinks (capacity from AWS's documented limits, or awstrace.json "
				   "Links)\n");
		for (guint i = 0; i < des->links->len; i++) {
			const struct replay_link *l =
				&g_array_index(des->links, struct replay_link, i);
			char c1[32], c2[32], c3[32];
			double pct = l->offered ? 100.0 * (double)l->dropped / (double)l->offered : 0;
			g_string_append_printf(s,
				"  %s: capacity %sbit/s%s%s%s; offered %" G_GUINT64_FORMAT
				" packets, peak %sbit/s; dropped %" G_GUINT64_FORMAT
				" (%.1f%%); on the link p50 %.0f ns, p99 %.0f ns; queue peak %" G_GUINT64_FORMAT
				"\n",
				l->name, l->bps > 0 ? si(l->bps, c1, sizeof(c1)) : "unlimited ",
				l->pps > 0 ? ", " : "", l->pps > 0 ? si(l->pps, c2, sizeof(c2)) : "",
				l->pps > 0 ? " packets/s" : "", l->offered,
				si(l->peak_bps, c3, sizeof(c3)), l->dropped, pct, l->p50_ns, l->p99_ns,
				l->queue_peak);
		}
	}
	if (ri->down) {
		for (guint i = 0; i < des->links->len; i++) {
			const struct replay_link *l =
				&g_array_index(des->links, struct replay_link, i);
			/* the paths a failover moves to: tunnels and Direct Connect ports */
			if (!l->offered || (l->obj->kind != MODEL_VPN && l->obj->kind != MODEL_DXCON))
				continue;
			char c1[32];
			double pct = 100.0 * (double)l->dropped / (double)l->offered;
			g_string_append_printf(s,
				"with %s down, %s would have carried %sbit/s at peak: %.0f%% dropped\n",
				ri->down, l->name, si(l->peak_bps, c1, sizeof(c1)), pct);
		}
	}
}

static void
progress(void *arg, unsigned loop, unsigned loops)
{
	(void)arg;
	fprintf(stderr, "\rawstrace replay: loop %u/%u", loop, loops);
	if (loop == loops)
		fputc('\n', stderr);
}

/* "topspeed" -> 0 (decided after the engine ran), "1x" -> 1, "2.5x" -> 2.5 */
static bool
parse_speed(const char *s, double *out)
{
	if (!s || !strcmp(s, "topspeed")) {
		*out = 0;
		return true;
	}
	char *end = NULL;
	double v = g_ascii_strtod(s, &end);
	if (end == s || (*end != 'x' && *end != 'X') || end[1] || !(v > 0) || v > 1e9)
		return false;
	*out = v;
	return true;
}

static int
replay_cmd_run(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("FILE - the capture through the forwarding engine, measured");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Reads and decodes FILE once, then drives every packet through the compiled\n"
		"forwarding engine (vantage, classification, LPM, NACLs, security groups with\n"
		"connection tracking, NAT, GENEVE/VPN encap and decap) --loops times after a\n"
		"warm-up pass, and reports the engine's packets/s, bits/s and per-packet latency;\n"
		"then one pass through the modeled network (link capacities from AWS's limits)\n"
		"at --speed: offered, delivered and dropped per hop, queueing, latency.");
	g_option_context_set_description(ctx,
		"Examples:\n"
		"  awstrace replay samples/captures/core.pcap\n"
		"  awstrace replay --loops 5 --json build/bench/replay.json capture.pcap\n"
		"  awstrace replay --speed 10x --down dxvif-ffabc123 capture.pcap\n"
		"  awstrace bench compare old.json new.json --max-regression 5%\n");
	if (!cmd_parse(ctx, "replay", &argc, &argv))
		return 2;
	if (argc != 2)
		return usage_error(argc < 2 ? "a capture FILE is needed" : "one capture FILE only");
	if (opt.loops < 0 || opt.loops > 1000000)
		return usage_error("--loops wants 1-1000000");
	if (opt.threads < 0 || opt.threads > 256)
		return usage_error("--threads wants 1-256 (0: one per core)");
	if (opt.queue < 0)
		return usage_error("--queue wants a positive number of packets");
	double speed;
	if (!parse_speed(opt.speed, &speed))
		return usage_error("--speed wants topspeed, 1x, 10x or another Nx");

	g_autofree char *dir = NULL;
	GError *err = NULL;
	struct model *m;
	m = cmd_topology_load(opt.topology, 0, &dir, &err);
	if (!m) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	int rc = 0;
	struct model_engine *e = NULL;
	struct replay *r = NULL;
	struct replay_batch *b = NULL;
	struct replay_result *res = NULL;
	struct replay_des_result *des = NULL;
	struct replay_vantage *tally = NULL;
	uint32_t *ids = NULL;
	const struct model_obj *vantage = NULL;
	/* --vantage is a component id or an awstrace.json Vantages name (replay/vantage.h) */
	tally = replay_vantage_new(m, opt.vantage, &err);
	if (!tally) {
		fprintf(stderr, "awstrace replay: %s\n", err->message);
		g_clear_error(&err);
		rc = 2;
		goto out;
	}
	e = model_engine_new(m, &err);
	if (!e) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_clear_error(&err);
		rc = 1;
		goto out;
	}
	const struct model_obj *down = NULL;
	int down_tunnel = -1;
	if (opt.down) {
		/* "vpn-…:N" is tunnel N of the connection */
		g_autofree char *id = g_strdup(opt.down);
		char *colon = strchr(id, ':');
		long tunnel = -1;
		if (colon) {
			char *end;
			*colon = 0;
			tunnel = strtol(colon + 1, &end, 10);
			if (*end || tunnel < 1 || tunnel > 64) {
				rc = usage_error("--down vpn-…:N wants a tunnel number from 1");
				goto out;
			}
		}
		down = model_find_id(m, id);
		if (!down) {
			fprintf(stderr, "awstrace replay: --down %s: no such component in %s\n",
				opt.down, dir);
			rc = 2;
			goto out;
		}
		if (!model_engine_set_down(e, down, (int)tunnel, true)) {
			if (colon && down->kind == MODEL_VPN)
				fprintf(stderr, "awstrace replay: --down %s: %s has no tunnel %ld\n",
					opt.down, down->id, tunnel);
			else
				fprintf(stderr,
					"awstrace replay: --down %s: a %s cannot be taken down (VIFs, "
					"DX connections, VPN connections and their tunnels, NAT "
					"gateways and TGW attachments can)\n",
					opt.down, model_kind_name(down->kind));
			rc = 2;
			goto out;
		}
		down_tunnel = (int)tunnel;
	}
	b = replay_batch_read(argv[1], m, tally, &err);
	if (!b) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_clear_error(&err);
		rc = 1;
		goto out;
	}
	if (b->damaged) {
		fprintf(stderr, "awstrace: %s (replaying the %zu packets before it)\n", b->damage,
			b->n);
		rc = 1;
	}
	struct replay_vantage_result vres;
	memset(&vres, 0, sizeof(vres));
	if (!replay_vantage_decide(tally, &vres, &err)) {
		/* two components equally likely: the capture's vantage is unsaid, packets still
		 * enter where each one's own headers say */
		g_strlcpy(vres.how, err->message, sizeof(vres.how));
		g_clear_error(&err);
	}
	if (vres.forced)
		vantage = vres.obj;
	r = replay_new(e);
	if (down)
		replay_note_down(r, down, down_tunnel);
	struct replay_opts ro = {
		.loops = opt.loops > 0 ? (unsigned)opt.loops : 1,
		.threads = (unsigned)opt.threads,
		.vantage = vantage,
		.progress = isatty(2) ? progress : NULL,
	};
	res = replay_run(r, b, &ro);
	ids = g_new(uint32_t, b->n ? b->n : 1);
	replay_decide_all(r, b, vantage, ids);
	struct run_info ri = {
		.topology = dir,
		.down = opt.down,
		.vantage = opt.vantage,
		.vres = &vres,
	};
	replay_machine_get(&ri.mach);
	char stext[64];
	if (speed == 0) {
		/* topspeed: the capture offered at the rate the engine went, one loop's time */
		double loop_s = res->loops ? res->seconds / res->loops : 0;
		speed = loop_s > 0 && b->duration_ns ? ((double)b->duration_ns / 1e9) / loop_s : 1;
		ri.speed_text = "topspeed";
	} else {
		g_snprintf(stext, sizeof(stext), "%gx", speed);
		ri.speed_text = stext;
	}
	struct replay_des_opts dopts = { .speed = speed, .queue_pkts = (unsigned)opt.queue };
	des = replay_des_run(r, b, ids, &dopts);
	ri.speed = speed;
	if (opt.json) {
		g_autoptr(GString) js_out = g_string_new(NULL);
		write_json(js_out, b, res, des, &ri);
		if (!g_file_set_contents(opt.json, js_out->str, (gssize)js_out->len, &err)) {
			fprintf(stderr, "awstrace replay: %s\n", err->message);
			g_clear_error(&err);
			rc = 1;
		}
	}
	if (!opt.quiet) {
		g_autoptr(GString) txt = g_string_new(NULL);
		write_text(txt, b, res, des, &ri);
		fwrite(txt->str, 1, txt->len, stdout);
	}
out:
	g_free(ids);
	replay_des_result_free(des);
	replay_result_free(res);
	replay_free(r);
	replay_batch_free(b);
	replay_vantage_free(tally);
	model_engine_free(e);
	model_free(m);
	return rc;
}

int
cmd_replay(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	int rc = replay_cmd_run(argc, argv);
	g_strfreev(opt.topology);
	g_free(opt.speed);
	g_free(opt.down);
	g_free(opt.vantage);
	g_free(opt.json);
	return rc;
}
