/* cmd_bench.c - `awstrace bench compare OLD.json NEW.json [--max-regression 5%]`: two
 * `awstrace replay --json` results side by side (replay/compare.h).
 *
 * Exit 0 when no gated figure got worse by more than the threshold, 1 when one did (or a
 * file cannot be read), 2 on bad usage.
 */
#include "reports/cmd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "replay/compare.h"

static struct {
	gchar *max_regression;
} opt;

static const GOptionEntry entries[] = {
	{ "max-regression", 'm', 0, G_OPTION_ARG_STRING, &opt.max_regression,
		"How much worse a figure may get before the exit status is 1 (default 5%)", "P%" },
	G_OPTION_ENTRY_NULL
};

static int
usage_error(const char *msg)
{
	fprintf(stderr, "awstrace bench: %s\nTry \"awstrace bench --help\".\n", msg);
	return 2;
}

static void
value(GString *s, double v, const char *unit)
{
	if (!strcmp(unit, "ns"))
		g_string_append_printf(s, "%14.1f", v);
	else if (fabs(v) < 1e14)
		g_string_append_printf(s, "%14.0f", v);
	else
		g_string_append_printf(s, "%14.4g", v);
}

static int
bench_run(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("compare OLD.json NEW.json - fail on a performance regression");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"Reads two `awstrace replay --json` results and prints each engine figure side by\n"
		"side with its change. With several loops in a file (--loops N) a figure is the\n"
		"median of the loops, and the comparison says when their spread is larger than\n"
		"the change. Exit 1 when packets/s or bits/s fell, or latency p50/p90/p99/p99.9\n"
		"rose, by more than --max-regression; the latency maximum (one sample) and memory\n"
		"are shown but do not fail.");
	g_option_context_set_description(ctx,
		"Example:\n"
		"  awstrace bench compare build/bench/baseline.json build/bench/replay.json "
		"--max-regression 5%\n");
	if (!cmd_parse(ctx, "bench", &argc, &argv))
		return 2;
	if (argc < 2 || strcmp(argv[1], "compare") != 0)
		return usage_error("the subcommand is: compare OLD.json NEW.json");
	if (argc != 4)
		return usage_error("compare takes two files: OLD.json NEW.json");
	double thr = 0.05;
	if (opt.max_regression && !replay_parse_percent(opt.max_regression, &thr))
		return usage_error("--max-regression wants a percentage such as 5%");
	struct replay_compare c;
	GError *err = NULL;
	if (!replay_compare_files(argv[2], argv[3], thr, &c, &err)) {
		fprintf(stderr, "awstrace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	g_autoptr(GString) s = g_string_new(NULL);
	g_string_append_printf(s, "old: %s (git %s; %s)\nnew: %s (git %s; %s)\n", argv[2],
		c.old_rev ? c.old_rev : "?", c.old_machine ? c.old_machine : "machine ?", argv[3],
		c.new_rev ? c.new_rev : "?", c.new_machine ? c.new_machine : "machine ?");
	if (!c.same_machine)
		g_string_append(s, "note: the two results come from different machines\n");
	g_string_append_printf(s, "%-18s %14s %14s %9s  %s\n", "figure", "old", "new", "change",
		"verdict");
	for (size_t i = 0; i < c.n; i++) {
		const struct replay_figure *f = &c.f[i];
		g_string_append_printf(s, "%-18s ", f->name);
		if (!f->present) {
			g_string_append_printf(s, "%14s %14s %9s  not in both files\n", "-", "-", "-");
			continue;
		}
		value(s, f->old_v, f->unit);
		g_string_append_c(s, ' ');
		value(s, f->new_v, f->unit);
		if (isfinite(f->change))
			g_string_append_printf(s, " %+8.1f%%  ", f->change * 100);
		else
			g_string_append_printf(s, " %9s  ", "new");
		if (f->regressed)
			g_string_append_printf(s, "REGRESSION (%s by more than %.1f%%)",
				f->higher_better ? "fell" : "rose", c.threshold * 100);
		else if (!f->gated)
			g_string_append(s, "shown only");
		else
			g_string_append(s, "ok");
		if (f->old_runs > 1 || f->new_runs > 1)
			g_string_append_printf(s, "; medians of %u and %u loops", f->old_runs,
				f->new_runs);
		if (f->noisy)
			g_string_append_printf(s,
				"; spread %.1f%% / %.1f%% is larger than the change: may be noise",
				f->old_spread * 100, f->new_spread * 100);
		g_string_append_c(s, '\n');
	}
	g_string_append_printf(s, "%s (threshold %.1f%%)\n",
		c.regressed ? "regression" : "no regression", c.threshold * 100);
	fwrite(s->str, 1, s->len, stdout);
	int rc = c.regressed ? 1 : 0;
	replay_compare_clear(&c);
	return rc;
}

int
cmd_bench(int argc, char **argv)
{
	memset(&opt, 0, sizeof(opt));
	int rc = bench_run(argc, argv);
	g_free(opt.max_regression);
	return rc;
}
