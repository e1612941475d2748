/* compare.c - two replay results compared figure by figure (compare.h). */
#include "replay/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "replay/replay.h"

struct figdef {
	const char *name, *unit;
	const char *member; /* in engine (dotted for latency) */
	bool higher_better, gated;
};

/* The latency maximum is one sample: shown, never gated. Memory is shown too. */
static const struct figdef figs[] = {
	{ "pps", "packets/s", "pps", true, true },
	{ "bps", "bits/s", "bps", true, true },
	{ "latency_ns.p50", "ns", "latency_ns.p50", false, true },
	{ "latency_ns.p90", "ns", "latency_ns.p90", false, true },
	{ "latency_ns.p99", "ns", "latency_ns.p99", false, true },
	{ "latency_ns.p999", "ns", "latency_ns.p999", false, true },
	{ "latency_ns.max", "ns", "latency_ns.max", false, false },
	{ "peak_rss_bytes", "bytes", "peak_rss_bytes", false, false },
};
G_STATIC_ASSERT(G_N_ELEMENTS(figs) <= REPLAY_COMPARE_MAX);

/* The number at dotted path in obj, or NAN. */
static double
num_at(JsonObject *obj, const char *path)
{
	gchar **parts = g_strsplit(path, ".", 0);
	double v = NAN;
	JsonObject *o = obj;
	for (guint i = 0; parts[i]; i++) {
		if (!o || !json_object_has_member(o, parts[i]))
			break;
		JsonNode *n = json_object_get_member(o, parts[i]);
		if (!parts[i + 1]) {
			if (JSON_NODE_HOLDS_VALUE(n)) {
				GType t = json_node_get_value_type(n);
				if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64)
					v = json_node_get_double(n);
			}
			break;
		}
		o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
	}
	g_strfreev(parts);
	return v;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct side {
	JsonParser *p;
	JsonObject *root, *engine;
	JsonArray *runs;
};

static bool
side_load(const char *path, struct side *s, GError **error)
{
	memset(s, 0, sizeof(*s));
	s->p = json_parser_new();
	GError *err = NULL;
	if (!json_parser_load_from_file(s->p, path, &err)) {
		g_set_error(error, REPLAY_ERROR, REPLAY_ERROR_CAPTURE, "%s: %s", path, err->message);
		g_error_free(err);
		return false;
	}
	JsonNode *root = json_parser_get_root(s->p);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, REPLAY_ERROR, REPLAY_ERROR_CAPTURE, "%s: $: not a JSON object",
			path);
		return false;
	}
	s->root = json_node_get_object(root);
	JsonNode *en = json_object_get_member(s->root, "engine");
	if (!en || !JSON_NODE_HOLDS_OBJECT(en)) {
		g_set_error(error, REPLAY_ERROR, REPLAY_ERROR_CAPTURE,
			"%s: $.engine: missing (not an awstrace replay --json result?)", path);
		return false;
	}
	s->engine = json_node_get_object(en);
	if (isnan(num_at(s->engine, "pps"))) {
		g_set_error(error, REPLAY_ERROR, REPLAY_ERROR_CAPTURE,
			"%s: $.engine.pps: missing or not a number", path);
		return false;
	}
	JsonNode *rn = json_object_get_member(s->engine, "runs");
	if (rn && JSON_NODE_HOLDS_ARRAY(rn))
		s->runs = json_node_get_array(rn);
	return true;
}

/* The figure's median over the runs (with at least two), else the overall value. */
static double
side_value(const struct side *s, const char *member, unsigned *nruns, double *spread)
{
	*spread = 0;
	*nruns = 1;
	guint n = s->runs ? json_array_get_length(s->runs) : 0;
	if (n >= 2) {
		double *v = g_new(double, n);
		guint k = 0;
		for (guint i = 0; i < n; i++) {
			JsonNode *rn = json_array_get_element(s->runs, i);
			if (!JSON_NODE_HOLDS_OBJECT(rn))
				continue;
			double x = num_at(json_node_get_object(rn), member);
			if (!isnan(x))
				v[k++] = x;
		}
		if (k >= 2) {
			qsort(v, k, sizeof(*v), dcmp);
			double med = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
			*spread = med != 0 ? (v[k - 1] - v[0]) / fabs(med) : 0;
			*nruns = k;
			g_free(v);
			return med;
		}
		g_free(v);
	}
	return num_at(s->engine, member);
}

static char *
str_at(JsonObject *o, const char *m)
{
	if (!o || !json_object_has_member(o, m))
		return NULL;
	JsonNode *n = json_object_get_member(o, m);
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return NULL;
	return g_strdup(json_node_get_string(n));
}

static char *
machine_of(JsonObject *root)
{
	JsonNode *n = json_object_get_member(root, "machine");
	if (!n || !JSON_NODE_HOLDS_OBJECT(n))
		return NULL;
	JsonObject *m = json_node_get_object(n);
	g_autofree char *cpu = str_at(m, "cpu");
	double cores = num_at(m, "cores");
	return g_strdup_printf("%s, %.0f cores", cpu ? cpu : "?", isnan(cores) ? 0 : cores);
}

bool
replay_compare_files(const char *old_path, const char *new_path, double threshold,
	struct replay_compare *out, GError **error)
{
	memset(out, 0, sizeof(*out));
	out->threshold = threshold;
	struct side a = { 0 }, b = { 0 };
	bool ok = side_load(old_path, &a, error) && side_load(new_path, &b, error);
	if (ok) {
		out->old_rev = str_at(a.root, "git");
		out->new_rev = str_at(b.root, "git");
		out->old_machine = machine_of(a.root);
		out->new_machine = machine_of(b.root);
		out->same_machine = out->old_machine && out->new_machine &&
			!strcmp(out->old_machine, out->new_machine);
		for (size_t i = 0; i < G_N_ELEMENTS(figs); i++) {
			struct replay_figure *f = &out->f[out->n++];
			f->name = figs[i].name;
			f->unit = figs[i].unit;
			f->higher_better = figs[i].higher_better;
			f->gated = figs[i].gated;
			f->old_v = side_value(&a, figs[i].member, &f->old_runs, &f->old_spread);
			f->new_v = side_value(&b, figs[i].member, &f->new_runs, &f->new_spread);
			f->present = !isnan(f->old_v) && !isnan(f->new_v);
			if (!f->present)
				continue;
			if (f->old_v != 0)
				f->change = (f->new_v - f->old_v) / fabs(f->old_v);
			else
				f->change = f->new_v == 0 ? 0 : INFINITY;
			double worse = f->higher_better ? -f->change : f->change;
			f->regressed = f->gated && worse > threshold;
			double spread = f->old_spread > f->new_spread ? f->old_spread : f->new_spread;
			f->noisy = spread > fabs(f->change);
			if (f->regressed)
				out->regressed = true;
		}
	}
	if (a.p)
		g_object_unref(a.p);
	if (b.p)
		g_object_unref(b.p);
	return ok;
}

void
replay_compare_clear(struct replay_compare *c)
{
	g_free(c->old_rev);
	g_free(c->new_rev);
	g_free(c->old_machine);
	g_free(c->new_machine);
	memset(c, 0, sizeof(*c));
}

bool
replay_parse_percent(const char *s, double *out)
{
	if (!s || !*s)
		return false;
	char *end = NULL;
	double v = g_ascii_strtod(s, &end);
	if (end == s)
		return false;
	if (*end == '%')
		end++;
	if (*end || isnan(v) || v < 0 || v > 1000)
		return false;
	*out = v / 100.0;
	return true;
}
