/* test_replay_compare.c - replay/compare.c on hand-made replay results: a 10% throughput
 * drop and a 10% latency rise are regressions at 5%, a 1% change is not; with several
 * loops the medians are compared and a spread larger than the change is said.
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "replay/compare.h"
#include "tests/unit/testlib.h"

struct fx {
	char *dir;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->dir = g_dir_make_tmp("compare.XXXXXX", NULL);
	assert_non_null(f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	test_rm_tree(f->dir);
	g_free(f->dir);
	free(f);
	return 0;
}

/* A result file with one overall figure set (no runs). */
static char *
result(struct fx *f, const char *name, double pps, double p50, double p99)
{
	char *path = g_build_filename(f->dir, name, NULL);
	char *json = g_strdup_printf(
		"{\"schema\":1,\"awstrace\":\"0.1.0\",\"git\":\"abc1234\","
		"\"machine\":{\"cpu\":\"Test CPU\",\"cores\":2,\"kernel\":\"Linux 6\"},"
		"\"engine\":{\"pps\":%.1f,\"bps\":%.1f,\"packets\":1000000,\"seconds\":0.1,"
		"\"latency_ns\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"p999\":%.2f,\"max\":900},"
		"\"peak_rss_bytes\":1000000,\"runs\":[]}}",
		pps, pps * 4000, p50, p50 * 2, p99, p99 * 2);
	assert_true(g_file_set_contents(path, json, -1, NULL));
	g_free(json);
	return path;
}

static const struct replay_figure *
fig(const struct replay_compare *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->f[i].name, name))
			return &c->f[i];
	fail_msg("no figure %s", name);
	return NULL;
}

static void
test_compare_throughput_drop_of_10_percent(void **state)
{
	struct fx *f = *state;
	g_autofree char *a = result(f, "a.json", 10e6, 40, 100);
	g_autofree char *b = result(f, "b.json", 9e6, 40, 100);
	struct replay_compare c;
	GError *err = NULL;
	assert_true(replay_compare_files(a, b, 0.05, &c, &err));
	assert_true(c.regressed);
	assert_true(fig(&c, "pps")->regressed);
	assert_true(fabs(fig(&c, "pps")->change + 0.10) < 1e-9);
	assert_true(fig(&c, "bps")->regressed);
	assert_false(fig(&c, "latency_ns.p99")->regressed);
	assert_string_equal(c.old_rev, "abc1234");
	assert_true(c.same_machine);
	replay_compare_clear(&c);
	/* the other way round it is an improvement */
	assert_true(replay_compare_files(b, a, 0.05, &c, &err));
	assert_false(c.regressed);
	replay_compare_clear(&c);
}

static void
test_compare_latency_rise_of_10_percent(void **state)
{
	struct fx *f = *state;
	g_autofree char *a = result(f, "a.json", 10e6, 40, 100);
	g_autofree char *b = result(f, "b.json", 10e6, 40, 110);
	struct replay_compare c;
	GError *err = NULL;
	assert_true(replay_compare_files(a, b, 0.05, &c, &err));
	assert_true(c.regressed);
	assert_true(fig(&c, "latency_ns.p99")->regressed);
	assert_true(fig(&c, "latency_ns.p999")->regressed);
	assert_false(fig(&c, "latency_ns.p50")->regressed);
	assert_false(fig(&c, "pps")->regressed);
	replay_compare_clear(&c);
	/* at a 15% threshold it passes */
	assert_true(replay_compare_files(a, b, 0.15, &c, &err));
	assert_false(c.regressed);
	replay_compare_clear(&c);
}

static void
test_compare_one_percent_passes(void **state)
{
	struct fx *f = *state;
	g_autofree char *a = result(f, "a.json", 10e6, 40, 100);
	g_autofree char *b = result(f, "b.json", 9.9e6, 40.4, 101);
	struct replay_compare c;
	GError *err = NULL;
	assert_true(replay_compare_files(a, b, 0.05, &c, &err));
	assert_false(c.regressed);
	for (size_t i = 0; i < c.n; i++)
		assert_false(c.f[i].regressed);
	assert_true(fabs(fig(&c, "pps")->change + 0.01) < 1e-9);
	replay_compare_clear(&c);
}

/* Three loops a file: medians compared (10.0 M vs 9.8 M: -2%), the spread (22% and more)
 * is larger than the change, and that is said; the one slow loop does not fail it. */
static void
test_compare_medians_and_spread(void **state)
{
	struct fx *f = *state;
	char *a = g_build_filename(f->dir, "ra.json", NULL);
	char *b = g_build_filename(f->dir, "rb.json", NULL);
	const char *ja = "{\"engine\":{\"pps\":9.9e6,\"latency_ns\":{\"p99\":100},\"runs\":["
			 "{\"pps\":10.5e6,\"latency_ns\":{\"p99\":100}},"
			 "{\"pps\":10.0e6,\"latency_ns\":{\"p99\":100}},"
			 "{\"pps\":8.3e6,\"latency_ns\":{\"p99\":100}}]}}";
	const char *jb = "{\"engine\":{\"pps\":8.0e6,\"latency_ns\":{\"p99\":100},\"runs\":["
			 "{\"pps\":9.8e6,\"latency_ns\":{\"p99\":100}},"
			 "{\"pps\":4.0e6,\"latency_ns\":{\"p99\":100}},"
			 "{\"pps\":10.2e6,\"latency_ns\":{\"p99\":101}}]}}";
	assert_true(g_file_set_contents(a, ja, -1, NULL));
	assert_true(g_file_set_contents(b, jb, -1, NULL));
	struct replay_compare c;
	GError *err = NULL;
	assert_true(replay_compare_files(a, b, 0.05, &c, &err));
	const struct replay_figure *p = fig(&c, "pps");
	assert_int_equal(p->old_runs, 3);
	assert_int_equal(p->new_runs, 3);
	assert_true(p->old_v == 10.0e6);
	assert_true(p->new_v == 9.8e6);
	assert_false(p->regressed);
	assert_true(p->noisy);
	assert_false(c.regressed);
	/* bps is in neither file: shown as absent, never a regression */
	assert_false(fig(&c, "bps")->present);
	replay_compare_clear(&c);
	g_free(a);
	g_free(b);
}

static void
test_compare_bad_files(void **state)
{
	struct fx *f = *state;
	g_autofree char *a = result(f, "a.json", 10e6, 40, 100);
	char *bad = g_build_filename(f->dir, "bad.json", NULL);
	assert_true(g_file_set_contents(bad, "{\"schema\":1}", -1, NULL));
	struct replay_compare c;
	GError *err = NULL;
	assert_false(replay_compare_files(a, bad, 0.05, &c, &err));
	assert_non_null(strstr(err->message, "$.engine"));
	g_clear_error(&err);
	assert_false(replay_compare_files("no/such.json", a, 0.05, &c, &err));
	assert_non_null(strstr(err->message, "no/such.json"));
	g_clear_error(&err);
	g_free(bad);
}

static void
test_parse_percent(void **state)
{
	(void)state;
	double v;
	assert_true(replay_parse_percent("5%", &v));
	assert_true(fabs(v - 0.05) < 1e-12);
	assert_true(replay_parse_percent("12.5", &v));
	assert_true(fabs(v - 0.125) < 1e-12);
	assert_false(replay_parse_percent("five", &v));
	assert_false(replay_parse_percent("-3%", &v));
	assert_false(replay_parse_percent("5%%", &v));
	assert_false(replay_parse_percent("", &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compare_throughput_drop_of_10_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_latency_rise_of_10_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_one_percent_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_medians_and_spread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_bad_files, setup, teardown),
		cmocka_unit_test(test_parse_percent),
	};
	return cmocka_run_group_tests_name("replay_compare", tests, NULL, NULL);
}
