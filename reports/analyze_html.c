/* analyze_html.c - `awstrace analyze --html` (issue 15): the analysis (replay/analyze.h) as
 * one self-contained page: the summary sentences of the text report, the capture, the
 * topology with the traffic's paths, charts on one time axis (throughput per link, events
 * and anomalies as marks), the DNS latency histogram, the top flows, and sortable tables.
 * It renders what the analysis holds and computes nothing of its own: sums and orders for
 * display only. Every string from the capture or the snapshot goes through html_esc().
 */
#include "reports/analyze_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/dnssec.h"
#include "reports/html.h"

#define NS          1000000000LL
#define FLOWS_ROWS  100 /* rows of the flows table; the rest counted */
#define EVENTS_ROWS 300
#define TOP_FLOWS   10
/* the time charts' geometry: one x axis for all of them */
#define CW 960
#define ML 110
#define MR 16
#define PW (CW - ML - MR)

static const char *const palette[] = { "#1f5fbf", "#d9730d", "#2e8540", "#8e44ad", "#b3261e",
	"#00838f", "#6d4c41", "#c2185b" };

/* ---- the shared time axis ------------------------------------------------------------- */

struct axis {
	int64_t t0, t1;
};

static struct axis
axis_of(const struct analysis *r)
{
	struct axis a = { r->tp_start, r->last };
	int64_t nb = r->tp_width ? (r->last - r->tp_start) / r->tp_width + 1 : 1;
	if (nb > AN_TP_BUCKETS)
		nb = AN_TP_BUCKETS;
	if (r->links->len)
		a.t1 = r->tp_start + nb * r->tp_width;
	if (a.t1 <= a.t0)
		a.t1 = a.t0 + NS / 1000;
	return a;
}

static double
ax_x(const struct axis *a, int64_t t)
{
	if (t < a->t0)
		t = a->t0;
	if (t > a->t1)
		t = a->t1;
	return ML + (double)(t - a->t0) / (double)(a->t1 - a->t0) * PW;
}

static void
ax_ticks(struct out *o, const struct analysis *r, const struct axis *a, double top, double bottom)
{
	for (int i = 0; i <= 6; i++) {
		int64_t t = a->t0 + (a->t1 - a->t0) * i / 6;
		double x = ax_x(a, t);
		char s[32];
		analyze_tod(r, t, s, sizeof(s));
		char *dot = strchr(s, '.');
		/* sub-second spans keep milliseconds; others whole seconds */
		if (dot)
			dot[a->t1 - a->t0 < 10 * NS ? 4 : 0] = '\0';
		out_printf(o,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6eb\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"ax\">%s</text>\n",
			x, top, x, bottom, x, bottom + 14,
			i == 6 ? "end"
			: i    ? "middle"
			       : "start",
			s);
	}
}

static const char *chart_style =
	"<style>.chart text{font-size:11px;fill:#1d2330}.chart text.ax{fill:#5b6475;font-size:10px}"
	".chart .lbl{font-size:10.5px}</style>\n";

static bool
is_turn(const char *kind)
{
	return !strcmp(kind, "bgp_session_down") || !strcmp(kind, "bgp_session_up") ||
	       !strcmp(kind, "route_failover") || !strcmp(kind, "route_restored") ||
	       !strcmp(kind, "route_change");
}

static void
chart_throughput(struct out *o, const struct analysis *r, const struct axis *a)
{
	const double top = 14, ph = 190;
	unsigned nb = (unsigned)((a->t1 - a->t0) / (r->tp_width ? r->tp_width : 1));
	if (nb > AN_TP_BUCKETS)
		nb = AN_TP_BUCKETS;
	if (!nb)
		nb = 1;
	double secs = (double)r->tp_width / 1e9, max = 0;
	for (guint i = 0; i < r->links->len; i++) {
		const struct an_link *l = g_ptr_array_index(r->links, i);
		for (unsigned b = 0; b < nb; b++)
			if ((double)l->buckets[b] * 8 / secs / 1e6 > max)
				max = (double)l->buckets[b] * 8 / secs / 1e6;
	}
	if (max <= 0)
		max = 1;
	/* kbit/s below one Mbit/s, so the axis does not read 0.00224 */
	bool kilo = max < 1;
	double unit = kilo ? 1e-3 : 1;
	double legend_h = 16.0 * ((r->links->len + 1) / 2);
	double h = top + ph + 22 + legend_h;
	out_printf(o,
		"<svg id=\"chart-throughput\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\" "
		"aria-label=\"throughput per link\">\n%s",
		CW, h, CW, h, chart_style);
	ax_ticks(o, r, a, top, top + ph);
	for (int i = 0; i <= 4; i++) {
		double y = top + ph - ph * i / 4;
		out_printf(o,
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"ax\">%.3g %s</text>"
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eef0f3\"/>\n",
			ML - 6, y + 3, max * i / 4 / unit, kilo ? "kbit/s" : "Mbit/s", ML, y,
			CW - MR, y);
	}
	/* the moments the routes turned, across the chart */
	for (guint i = 0; i < r->events->len; i++) {
		const struct an_event *e = &g_array_index(r->events, struct an_event, i);
		if (!is_turn(e->kind))
			continue;
		double x = ax_x(a, e->ts);
		out_printf(o,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\" "
			"stroke-dasharray=\"3 3\"><title>",
			x, top, x, top + ph);
		html_esc(o, e->kind);
		out_str(o, ": ");
		html_esc(o, e->detail);
		out_str(o, "</title></line>\n");
	}
	for (guint i = 0; i < r->links->len; i++) {
		const struct an_link *l = g_ptr_array_index(r->links, i);
		const char *col = palette[i % G_N_ELEMENTS(palette)];
		out_printf(o,
			"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"",
			col);
		for (unsigned b = 0; b < nb; b++) {
			double v = (double)l->buckets[b] * 8 / secs / 1e6;
			double y = top + ph - v / max * ph;
			out_printf(o, "%.1f,%.1f %.1f,%.1f ",
				ax_x(a, a->t0 + (int64_t)b * r->tp_width), y,
				ax_x(a, a->t0 + (int64_t)(b + 1) * r->tp_width), y);
		}
		out_str(o, "\"><title>");
		html_esc(o, l->component);
		if (l->tunnel)
			out_printf(o, " tunnel %d", l->tunnel);
		out_str(o, "</title></polyline>\n");
		double lx = ML + (i % 2) * 420, ly = top + ph + 34 + 16.0 * (i / 2);
		char b[16];
		out_human_bytes(b, sizeof(b), l->bytes);
		out_printf(o,
			"<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"4\" fill=\"%s\"/>"
			"<text class=\"lbl\" x=\"%.0f\" y=\"%.0f\">",
			lx, ly - 6, col, lx + 18, ly);
		html_esc(o, l->component);
		if (l->tunnel)
			out_printf(o, " t%d", l->tunnel);
		out_printf(o, " (");
		html_esc(o, l->kind);
		out_printf(o, ", %s)</text>\n", b);
	}
	if (!r->links->len)
		out_printf(o,
			"<text x=\"%d\" y=\"%.0f\">no packet was seen on a VIF, VPN tunnel or "
			"appliance of the topology</text>\n",
			ML + 10, top + ph / 2);
	out_str(o, "</svg>\n");
}

static const char *
sev_color(const struct an_event *e, bool anomaly)
{
	if (!anomaly)
		return "#1f5fbf";
	switch (e->severity) {
	case AN_SEV_HIGH:
		return "#b3261e";
	case AN_SEV_MEDIUM:
		return "#d9730d";
	case AN_SEV_LOW:
		return "#7a8494";
	default:
		return "#aab1bd";
	}
}

static void
chart_events(struct out *o, const struct analysis *r, const struct axis *a)
{
	const double top = 8, row = 26;
	/* rows: events; then anomalies by severity */
	double h = top + row * 4 + 24;
	out_printf(o,
		"<svg id=\"chart-events\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\" "
		"aria-label=\"events on the time axis\">\n%s",
		CW, h, CW, h, chart_style);
	ax_ticks(o, r, a, top, top + row * 4);
	static const char *const rows[4] = { "events", "high", "medium", "low" };
	for (int i = 0; i < 4; i++)
		out_printf(o,
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d5d9e0\"/>\n",
			ML - 6, top + row * i + row / 2 + 4, rows[i], ML, top + row * i + row / 2,
			CW - MR, top + row * i + row / 2);
	/* one mark per SLOT_PX pixels and row (the first event there, with how many more):
	 * a capture with thousands of events stays a small page */
	enum { SLOT_PX = 3, SLOTS = PW / SLOT_PX + 1 };
	for (int rw = 0; rw < 4; rw++) {
		int an = rw > 0;
		GArray *arr = an ? r->anomalies : r->events;
		guint first[SLOTS];
		unsigned cnt[SLOTS];
		memset(cnt, 0, sizeof(cnt));
		for (guint i = 0; i < arr->len; i++) {
			const struct an_event *e = &g_array_index(arr, struct an_event, i);
			int er = !an                            ? 0
				 : e->severity == AN_SEV_HIGH   ? 1
				 : e->severity == AN_SEV_MEDIUM ? 2
				 : e->severity == AN_SEV_LOW    ? 3
								: -1;
			if (er != rw)
				continue;
			int slot = (int)((ax_x(a, e->ts) - ML) / SLOT_PX);
			if (slot < 0)
				slot = 0;
			if (slot >= SLOTS)
				slot = SLOTS - 1;
			if (!cnt[slot]++)
				first[slot] = i;
		}
		for (int sl = 0; sl < SLOTS; sl++) {
			if (!cnt[sl])
				continue;
			guint i = first[sl];
			const struct an_event *e = &g_array_index(arr, struct an_event, i);
			double x = ax_x(a, e->ts), y = top + row * rw + row / 2;
			char t[32];
			analyze_tod(r, e->ts, t, sizeof(t));
			out_printf(o,
				"<a href=\"#%s-%u\"><path d=\"M%.1f %.1fl6 -8h-12z\" fill=\"%s\" "
				"stroke=\"#fff\" stroke-width=\".5\" transform=\"translate(0 "
				"4)\"><title>%s ",
				an ? "an" : "ev", i, x, y, sev_color(e, an), t);
			html_esc(o, e->kind);
			if (e->component) {
				out_str(o, " ");
				html_esc(o, e->component);
			}
			out_str(o, ": ");
			html_esc(o, e->detail);
			if (cnt[sl] > 1)
				out_printf(o, " (and %u more here)", cnt[sl] - 1);
			out_str(o, "</title></path></a>\n");
		}
	}
	out_str(o, "</svg>\n");
}

static void
chart_dns(struct out *o, const struct analysis *r)
{
	const double top = 14, ph = 140, bw = 60;
	uint64_t max = 1;
	for (int i = 0; i < AN_DNS_HIST; i++)
		if (r->dns.lat_hist[i] > max)
			max = r->dns.lat_hist[i];
	double w = ML + AN_DNS_HIST * (bw + 8) + MR, h = top + ph + 40;
	out_printf(o,
		"<svg id=\"chart-dns\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		"aria-label=\"DNS latency histogram\">\n%s",
		w, h, w, h, chart_style);
	out_printf(o,
		"<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\" class=\"ax\">%" G_GUINT64_FORMAT
		" answers</text><text x=\"%d\" y=\"%.0f\" text-anchor=\"end\" "
		"class=\"ax\">0</text>\n",
		ML - 6, top + 4, max, ML - 6, top + ph);
	for (int i = 0; i < AN_DNS_HIST; i++) {
		double x = ML + i * (bw + 8), bh = (double)r->dns.lat_hist[i] / (double)max * ph;
		char lbl[24];
		if (i < AN_DNS_HIST - 1)
			snprintf(lbl, sizeof(lbl), "\xe2\x89\xa4 %g ms", an_dns_hist_bounds[i]);
		else
			snprintf(lbl, sizeof(lbl), "> %g ms", an_dns_hist_bounds[AN_DNS_HIST - 2]);
		out_printf(o,
			"<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
			"fill=\"#1f5fbf\">"
			"<title>%s: %" G_GUINT64_FORMAT
			"</title></rect><text x=\"%.0f\" y=\"%.0f\" "
			"text-anchor=\"middle\" class=\"ax\">%s</text><text x=\"%.0f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%" G_GUINT64_FORMAT "</text>\n",
			x, top + ph - bh, bw, bh, lbl, r->dns.lat_hist[i], x + bw / 2,
			top + ph + 14, lbl, x + bw / 2, top + ph - bh - 3, r->dns.lat_hist[i]);
	}
	out_printf(o, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#8a93a3\"/>\n",
		ML, top + ph, w - MR, top + ph);
	out_str(o, "</svg>\n");
}

static int
flow_bytes_desc(gconstpointer x, gconstpointer y)
{
	const struct an_flow *a = *(const struct an_flow *const *)x;
	const struct an_flow *b = *(const struct an_flow *const *)y;
	uint64_t p = a->bytes[0] + a->bytes[1], q = b->bytes[0] + b->bytes[1];
	if (p != q)
		return p > q ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void
chart_top_flows(struct out *o, const struct analysis *r)
{
	GPtrArray *v = g_ptr_array_new();
	for (guint i = 0; i < r->flows->len; i++)
		g_ptr_array_add(v, g_ptr_array_index(r->flows, i));
	g_ptr_array_sort(v, flow_bytes_desc);
	guint n = v->len < TOP_FLOWS ? v->len : TOP_FLOWS;
	const double row = 22, lw = 380, bwmax = CW - lw - 120;
	double h = 10 + row * (n ? n : 1) + 8;
	out_printf(o,
		"<svg id=\"chart-flows\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\" "
		"aria-label=\"top flows by bytes\">\n%s",
		CW, h, CW, h, chart_style);
	uint64_t max = 1;
	if (n) {
		const struct an_flow *f = g_ptr_array_index(v, 0);
		max = f->bytes[0] + f->bytes[1] ? f->bytes[0] + f->bytes[1] : 1;
	}
	for (guint i = 0; i < n; i++) {
		const struct an_flow *f = g_ptr_array_index(v, i);
		uint64_t b = f->bytes[0] + f->bytes[1];
		double y = 10 + row * i;
		char hb[16];
		out_human_bytes(hb, sizeof(hb), b);
		double w0 = (double)f->bytes[0] / (double)max * bwmax;
		double w1 = (double)f->bytes[1] / (double)max * bwmax;
		out_printf(o, "<text class=\"lbl\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">",
			lw - 6, y + 12);
		char *k = g_utf8_validate(f->key, -1, NULL) && g_utf8_strlen(f->key, -1) > 58
				  ? g_utf8_substring(f->key, 0, 57)
				  : g_strdup(f->key);
		html_esc(o, k);
		g_free(k);
		out_printf(o,
			"</text><a href=\"#flow-%" G_GUINT64_FORMAT
			"\"><rect x=\"%.0f\" y=\"%.0f\" "
			"width=\"%.1f\" height=\"14\" fill=\"#1f5fbf\"><title>first sender: "
			"%" G_GUINT64_FORMAT " bytes</title></rect><rect x=\"%.1f\" y=\"%.0f\" "
					     "width=\"%.1f\" height=\"14\" "
			"fill=\"#8fb0e3\"><title>replies: %" G_GUINT64_FORMAT
			" bytes</title></rect></a>"
			"<text x=\"%.1f\" y=\"%.0f\">%s</text>\n",
			f->id, lw, y + 2, w0, f->bytes[0], lw + w0, y + 2, w1, f->bytes[1],
			lw + w0 + w1 + 6, y + 13, hb);
	}
	if (!n)
		out_str(o, "<text x=\"10\" y=\"22\">no flow</text>\n");
	out_str(o, "</svg>\n");
	g_ptr_array_free(v, TRUE);
}

/* ---- tables ----------------------------------------------------------------------------- */

static void
frames_cell(struct out *o, const struct an_event *e)
{
	for (unsigned i = 0; i < e->nframes; i++)
		out_printf(o, "%s%" G_GUINT64_FORMAT, i ? ", " : "", e->frames[i]);
}

static void
table_anomalies(struct out *o, const struct analysis *r)
{
	out_printf(o, "<h2 id=\"anomalies\">Anomalies (%u)</h2>\n", r->anomalies->len);
	if (!r->anomalies->len) {
		out_str(o, "<p>None: the capture agrees with the model.</p>\n");
		return;
	}
	out_str(o, "<table class=\"sortable\" id=\"t-anomalies\"><thead><tr><th>severity</th>"
		   "<th>time</th><th>kind</th><th>component</th><th>what</th><th>frames</th></tr>"
		   "</thead><tbody>\n");
	/* by severity, then by time (the analysis keeps them by time) */
	for (int sev = AN_SEV_HIGH; sev >= AN_SEV_INFO; sev--)
		for (guint i = 0; i < r->anomalies->len; i++) {
			const struct an_event *e = &g_array_index(r->anomalies, struct an_event, i);
			if ((int)e->severity != sev)
				continue;
			char t[32];
			analyze_tod(r, e->ts, t, sizeof(t));
			const char *sn = an_severity_name(e->severity);
			out_printf(o,
				"<tr id=\"an-%u\"><td class=\"sev-%s\" data-v=\"%d\">%s</td>"
				"<td class=\"mono\">%s</td><td>",
				i, sn, sev, sn, t);
			html_esc(o, e->kind);
			out_str(o, "</td><td class=\"mono\">");
			html_esc(o, e->component);
			out_str(o, "</td><td>");
			html_esc(o, e->detail);
			out_str(o, "</td><td class=\"mono\">");
			frames_cell(o, e);
			out_str(o, "</td></tr>\n");
		}
	out_str(o, "</tbody></table>\n");
}

static void
table_events(struct out *o, const struct analysis *r)
{
	out_printf(o, "<h2 id=\"events\">Events (%u)</h2>\n", r->events->len);
	if (!r->events->len) {
		out_str(o, "<p>None.</p>\n");
		return;
	}
	out_str(o, "<table class=\"sortable\" id=\"t-events\"><thead><tr><th>time</th><th>kind</th>"
		   "<th>component</th><th>what</th><th>frames</th></tr></thead><tbody>\n");
	guint n = r->events->len < EVENTS_ROWS ? r->events->len : EVENTS_ROWS;
	for (guint i = 0; i < n; i++) {
		const struct an_event *e = &g_array_index(r->events, struct an_event, i);
		char t[32];
		analyze_tod(r, e->ts, t, sizeof(t));
		out_printf(o, "<tr id=\"ev-%u\"><td class=\"mono\">%s</td><td>", i, t);
		html_esc(o, e->kind);
		out_str(o, "</td><td class=\"mono\">");
		html_esc(o, e->component);
		out_str(o, "</td><td>");
		html_esc(o, e->detail);
		out_str(o, "</td><td class=\"mono\">");
		frames_cell(o, e);
		out_str(o, "</td></tr>\n");
	}
	out_str(o, "</tbody></table>\n");
	if (r->events->len > n)
		out_printf(o,
			"<p class=\"more\">%u more events not shown (--json lists them all).</p>\n",
			r->events->len - n);
}

static void
path_cell(struct out *o, const struct analysis *r, const struct an_path *p)
{
	char t[32], b[16];
	analyze_tod(r, p->from, t, sizeof(t));
	out_human_bytes(b, sizeof(b), p->bytes);
	out_printf(o, "<div><span class=\"mono\">%s</span> %s <b>%s</b>", t,
		p->reply ? "reply" : "forward", an_verdict_name(p->verdict));
	if (p->verdict != MODEL_VERDICT_DELIVERED) {
		out_str(o, " (");
		html_esc(o, model_reason_name(p->reason));
		/* dropped_at null (unknown_source, no component holds the source) */
		out_str(o, p->end_id ? " at " : " before any component");
		if (p->end_id)
			html_esc(o, p->end_id);
		out_str(o, ")");
	}
	if (p->exit_id && p->exit_tunnel) {
		out_str(o, ", leaves by ");
		html_esc(o, p->exit_id);
		out_printf(o, " tunnel %d", p->exit_tunnel);
	}
	out_printf(o, "; %" G_GUINT64_FORMAT " packets, %s on it</div>\n<ol class=\"hops\">",
		p->pkts, b);
	for (guint h = 0; h < p->hops->len; h++) {
		out_str(o, "<li><code>");
		html_esc(o, g_ptr_array_index(p->hops, h));
		out_str(o, "</code>");
		const char *why =
			p->hop_why && h < p->hop_why->len ? g_ptr_array_index(p->hop_why, h) : NULL;
		if (why && *why) {
			out_str(o, " \xe2\x80\x94 ");
			html_esc(o, why);
		}
		out_str(o, "</li>");
	}
	out_str(o, "</ol>\n");
}

static void
table_flows(struct out *o, const struct analysis *r)
{
	out_printf(
		o, "<h2 id=\"flows\">Flows (%" G_GUINT64_FORMAT " in all)</h2>\n", r->flows_total);
	out_str(o,
		"<p class=\"sub\">Each direction's path through the model, hop by hop with the "
		"rule "
		"that decided it (as <code>awstrace explain</code> prints it); a new path whenever "
		"BGP in the capture moved a route. Changed paths, drops and evidence first.</p>\n");
	out_str(o, "<table class=\"sortable\" id=\"t-flows\"><thead><tr><th>first</th><th>flow</th>"
		   "<th>packets</th><th>bytes</th><th>seen "
		   "on</th><th>paths</th></tr></thead><tbody>\n");
	unsigned shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < r->flows->len && shown < FLOWS_ROWS; i++) {
			const struct an_flow *f = g_ptr_array_index(r->flows, i);
			if ((pass == 0) != f->interesting)
				continue;
			shown++;
			char t[32], b[16];
			analyze_tod(r, f->first, t, sizeof(t));
			uint64_t by = f->bytes[0] + f->bytes[1];
			out_human_bytes(b, sizeof(b), by);
			out_printf(o,
				"<tr id=\"flow-%" G_GUINT64_FORMAT "\"><td class=\"mono\">%s</td>"
				"<td class=\"mono\">",
				f->id, t);
			html_esc(o, f->key);
			if (f->control)
				out_str(o, "<br><i>BGP session (control, not walked)</i>");
			if (f->unmodeled) {
				out_str(o, "<br><i>unmodeled: ");
				html_esc(o, f->why_unmodeled);
				out_str(o, "</i>");
			}
			out_printf(o,
				"</td><td class=\"n\" data-v=\"%" G_GUINT64_FORMAT
				"\">%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT
				"</td><td class=\"n\" data-v=\"%" G_GUINT64_FORMAT "\">%s</td>"
				"<td class=\"mono\">",
				f->pkts[0] + f->pkts[1], f->pkts[0], f->pkts[1], by, b);
			html_esc(o, f->entry);
			if (f->carrier) {
				out_str(o, "<br>");
				html_esc(o, f->carrier);
			}
			out_str(o, "</td><td>");
			for (guint k = 0; k < f->paths->len; k++)
				path_cell(o, r, g_ptr_array_index(f->paths, k));
			out_str(o, "</td></tr>\n");
		}
	out_str(o, "</tbody></table>\n");
	uint64_t more = (uint64_t)(r->flows->len - shown) + r->flows_not_kept;
	if (more)
		out_printf(o,
			"<p class=\"more\">%" G_GUINT64_FORMAT " more flows not shown (the smaller "
			"ones; --keep-flows and --json list more).</p>\n",
			more);
}

static void
table_bgp(struct out *o, const struct analysis *r)
{
	if (!r->bgp->len)
		return;
	out_printf(o, "<h2 id=\"bgp\">BGP sessions (%u)</h2>\n", r->bgp->len);
	out_str(o,
		"<table class=\"sortable\" id=\"t-bgp\"><thead><tr><th>component</th><th>peers</th>"
		"<th>hold (s)</th><th>updates</th><th>advertised</th><th>withdrawn</th>"
		"<th>keepalives</th><th>notifications</th><th>downs</th><th>at the end</th>"
		"</tr></thead><tbody>\n");
	for (guint i = 0; i < r->bgp->len; i++) {
		const struct an_bgp_session *s = g_ptr_array_index(r->bgp, i);
		out_str(o, "<tr><td class=\"mono\">");
		html_esc(o, s->component ? s->component : "(unplaced)");
		if (s->tunnel)
			out_printf(o, " tunnel %d", s->tunnel);
		out_str(o, "</td><td class=\"mono\">");
		html_esc(o, s->peers);
		out_printf(o,
			"</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td>"
			"<td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td>"
			"<td class=\"n\">%u</td><td>%s</td></tr>\n",
			s->hold, s->updates, s->advertised, s->withdrawn, s->keepalives,
			s->notifications, s->downs,
			s->up_at_end         ? "up"
			: s->ups || s->downs ? "down"
					     : "never established");
	}
	out_str(o, "</tbody></table>\n");
}

static void
table_ipsec(struct out *o, const struct analysis *r)
{
	if (!r->ipsec->len)
		return;
	out_printf(o, "<h2 id=\"ipsec\">IPsec SAs (%u)</h2>\n", r->ipsec->len);
	out_str(o,
		"<table class=\"sortable\" id=\"t-ipsec\"><thead><tr><th>component</th><th>SPI</th>"
		"<th>peers</th><th>first</th><th>last</th><th>packets</th><th>bytes</th>"
		"<th>peak pkt/s</th><th>peak Mbit/s</th><th>gaps</th><th>lost</th><th>replayed</th>"
		"</tr></thead><tbody>\n");
	for (guint i = 0; i < r->ipsec->len; i++) {
		const struct an_ipsec_sa *s = g_ptr_array_index(r->ipsec, i);
		char t0[32], t1[32], b[16];
		analyze_tod(r, s->first, t0, sizeof(t0));
		analyze_tod(r, s->last, t1, sizeof(t1));
		out_human_bytes(b, sizeof(b), s->bytes);
		out_str(o, "<tr><td class=\"mono\">");
		html_esc(o, s->component ? s->component : "(no VPN of the topology)");
		if (s->tunnel)
			out_printf(o, " tunnel %d", s->tunnel);
		out_printf(o, "</td><td class=\"mono\">0x%08x</td><td class=\"mono\">", s->spi);
		html_esc(o, s->peers);
		out_printf(o,
			"</td><td class=\"mono\">%s</td><td class=\"mono\">%s</td>"
			"<td class=\"n\">%" G_GUINT64_FORMAT
			"</td><td class=\"n\" data-v=\"%" G_GUINT64_FORMAT
			"\">%s</td><td class=\"n\">%" G_GUINT64_FORMAT
			"</td><td class=\"n\">%.2f</td>"
			"<td class=\"n\">%" G_GUINT64_FORMAT
			"</td><td class=\"n\">%" G_GUINT64_FORMAT "</td>"
			"<td class=\"n\">%" G_GUINT64_FORMAT "</td></tr>\n",
			t0, t1, s->packets, s->bytes, b, s->peak_pps, s->peak_mbps, s->gaps,
			s->lost, s->replays);
	}
	out_str(o, "</tbody></table>\n");
}

static void
table_dns(struct out *o, const struct analysis *r)
{
	if (!r->dns.queries)
		return;
	out_printf(o,
		"<table class=\"sortable\" id=\"t-dns\"><thead><tr><th>server</th><th>what</th>"
		"<th>queries</th><th>answered</th><th>unanswered</th></tr></thead><tbody>\n");
	for (guint i = 0; i < r->dns.servers->len; i++) {
		const struct an_dns_server *s = g_ptr_array_index(r->dns.servers, i);
		out_str(o, "<tr><td class=\"mono\">");
		html_esc(o, s->addr);
		out_str(o, "</td><td>");
		html_esc(o, s->what);
		out_printf(o,
			"</td><td class=\"n\">%" G_GUINT64_FORMAT
			"</td><td class=\"n\">%" G_GUINT64_FORMAT
			"</td><td class=\"n\">%" G_GUINT64_FORMAT "</td></tr>\n",
			s->queries, s->answered, s->unanswered);
	}
	out_str(o, "</tbody></table>\n");
}

void
analyze_html(const struct analysis *r, const struct model *m, struct out *o)
{
	GString *files = g_string_new(NULL);
	for (guint i = 0; i < r->files->len; i++)
		g_string_append_printf(
			files, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(r->files, i));
	char *title = g_strdup_printf("awstrace analyze: %s", files->str);
	html_page_begin(o, title);
	out_str(o, "<h1>Incident report</h1>\n<div class=\"sub mono\">");
	html_esc(o, files->str);
	out_str(o, "</div>\n<nav><a href=\"#summary\">Summary</a><a href=\"#topology\">Topology</a>"
		   "<a href=\"#timeline\">Timeline</a><a href=\"#dns\">DNS</a><a href=\"#top\">Top "
		   "flows</a>"
		   "<a href=\"#anomalies\">Anomalies</a><a href=\"#events\">Events</a>"
		   "<a href=\"#flows\">Flows</a><a href=\"#bgp\">BGP</a><a "
		   "href=\"#ipsec\">IPsec</a></nav>\n");

	out_str(o, "<h2 id=\"summary\">What happened</h2>\n<ul class=\"summary\">\n");
	GPtrArray *sum = g_ptr_array_new_with_free_func(g_free);
	analyze_summary(r, sum);
	for (guint i = 0; i < sum->len; i++) {
		out_str(o, "<li>");
		html_esc(o, g_ptr_array_index(sum, i));
		out_str(o, "</li>\n");
	}
	g_ptr_array_free(sum, TRUE);
	out_str(o, "</ul>\n");

	char t0[48], t1[48], b[16];
	out_str(o, "<dl class=\"cap\">\n<dt>files</dt><dd class=\"mono\">");
	html_esc(o, files->str);
	out_str(o, "</dd>\n");
	if (r->packets) {
		analyze_time(r, r->first, t0, sizeof(t0));
		analyze_time(r, r->last, t1, sizeof(t1));
		out_human_bytes(b, sizeof(b), r->bytes);
		out_printf(o,
			"<dt>span</dt><dd>%s to %s (%.3f "
			"s)</dd>\n<dt>packets</dt><dd>%" G_GUINT64_FORMAT " (%s)</dd>\n",
			t0, t1, (double)(r->last - r->first) / 1e9, r->packets, b);
	}
	out_str(o, "<dt>vantage</dt><dd>");
	if (r->vantage_error) {
		html_esc(o, r->vantage_error_text);
	} else if (r->vantage.obj) {
		out_str(o, "<code>");
		html_esc(o, r->vantage.obj->id);
		out_str(o, "</code>");
		if (r->vantage.declared) {
			out_str(o, " (");
			html_esc(o, r->vantage.declared);
			out_str(o, ")");
		}
		out_str(o, " \xe2\x80\x94 ");
		html_esc(o, r->vantage.how);
	} else {
		html_esc(o, r->vantage.how);
	}
	out_str(o, "</dd>\n<dt>seen</dt><dd>");
	for (guint i = 0; i < r->seen->len; i++) {
		out_str(o, i ? "<br>" : "");
		html_esc(o, g_ptr_array_index(r->seen, i));
	}
	out_str(o, "</dd>\n<dt>topology</dt><dd>");
	html_esc(o, r->topology);
	out_printf(o,
		" (its routes are the state at the capture's start; BGP in the capture moves "
		"them from then on: %" G_GUINT64_FORMAT " route changes, %" G_GUINT64_FORMAT
		" model walks)</dd>\n</dl>\n",
		r->model_changes, r->walks);
	g_string_free(files, TRUE);

	out_str(o,
		"<h2 id=\"topology\">Topology and the paths that carried traffic</h2>\n<figure>\n");
	html_topology_svg(o, m, r);
	out_str(o, "<figcaption>Columns: on-premises, links (DX VIFs, VPN tunnels), gateways, the "
		   "transit gateway with its route tables, VPCs, subnets, appliances. Edge width: "
		   "bytes "
		   "of the kept flows' paths over it. Hover an edge or a box for its "
		   "ids.</figcaption>\n"
		   "</figure>\n");

	struct axis ax = axis_of(r);
	out_str(o, "<h2 id=\"timeline\">Timeline</h2>\n<figure>\n");
	chart_throughput(o, r, &ax);
	out_printf(o,
		"<figcaption>Throughput per link (bit/s in buckets of %.3g s); dashed red lines: "
		"BGP sessions going down or up and routes moving.</figcaption>\n",
		(double)r->tp_width / 1e9);
	chart_events(o, r, &ax);
	out_str(o, "<figcaption>Events and anomalies on the same time axis (hover for what, click "
		   "for the row).</figcaption>\n</figure>\n");

	out_str(o, "<h2 id=\"dns\">DNS</h2>\n");
	if (r->dns.queries) {
		out_printf(o,
			"<p>%" G_GUINT64_FORMAT " queries, %" G_GUINT64_FORMAT
			" answered, %" G_GUINT64_FORMAT
			" unanswered; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max "
			"%.2f ms.</p>\n<figure>\n",
			r->dns.queries, r->dns.answered, r->dns.unanswered, r->dns.p50_ms,
			r->dns.p90_ms, r->dns.p99_ms, r->dns.max_ms);
		chart_dns(o, r);
		out_str(o, "<figcaption>DNS answers by latency.</figcaption>\n</figure>\n");
		if (r->dns.dnssec_ran)
			out_printf(o,
				"<p>DNSSEC verdicts: %" G_GUINT64_FORMAT " secure, %" G_GUINT64_FORMAT
				" insecure, %" G_GUINT64_FORMAT " bogus, %" G_GUINT64_FORMAT
				" indeterminate.</p>\n",
				r->dns.dnssec[DEC_DNSSEC_SECURE], r->dns.dnssec[DEC_DNSSEC_INSECURE],
				r->dns.dnssec[DEC_DNSSEC_BOGUS], r->dns.dnssec[DEC_DNSSEC_INDETERMINATE]);
		table_dns(o, r);
	} else {
		out_str(o, "<p>No DNS in the capture.</p>\n");
	}

	out_str(o, "<h2 id=\"top\">Top flows by bytes</h2>\n<figure>\n");
	chart_top_flows(o, r);
	out_str(o, "<figcaption>Dark: the first sender's bytes; light: the replies.</figcaption>\n"
		   "</figure>\n");

	table_anomalies(o, r);
	table_events(o, r);
	table_flows(o, r);
	table_bgp(o, r);
	table_ipsec(o, r);
	html_page_end(o);
	g_free(title);
}
