/* test_html.c - the HTML pieces of issue 15 (reports/html.c, reports/html_topo.c): the
 * escaper, and the topology drawing of the bundled sample (every drawable object a box
 * inside the picture, the snapshot's edges drawn, names from the snapshot escaped).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/html.h"

/* what fn wrote through an out, as a string (owned) */
static char *
capture(void (*fn)(struct out *, void *), void *arg)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	struct out *o = out_new(fileno(f));
	fn(o, arg);
	assert_true(out_free(o));
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	rewind(f);
	char *s = g_malloc((size_t)len + 1);
	assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = '\0';
	fclose(f);
	return s;
}

static void
esc_fn(struct out *o, void *arg)
{
	html_esc(o, arg);
}

static void
test_escape_every_special(void **state)
{
	(void)state;
	char *s = capture(esc_fn, "a<script>alert('x')</script>&\"b\" caf\xc3\xa9 <img onerror=y>");
	assert_string_equal(s, "a&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;b&quot; "
			       "caf\xc3\xa9 &lt;img onerror=y&gt;");
	g_free(s);
	s = capture(esc_fn, NULL);
	assert_string_equal(s, "");
	g_free(s);
	s = capture(esc_fn, "plain");
	assert_string_equal(s, "plain");
	g_free(s);
}

static void
topo_fn(struct out *o, void *arg)
{
	html_topology_svg(o, arg, NULL);
}

static unsigned
count(const char *hay, const char *needle)
{
	unsigned n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
test_topology_draws_every_object_inside(void **state)
{
	(void)state;
	GError *err = NULL;
	struct model *m = model_load("samples/topologies/hybrid", &err);
	assert_non_null(m);
	char *s = capture(topo_fn, m);
	assert_non_null(strstr(s, "<svg id=\"topology\""));
	/* boxes: on-premises networks, VIFs, 2 tunnels per VPN, VPNs, DX gateways, VGWs, TGWs
	 * and their route tables, VPCs, subnets, GWLB endpoints, gateway load balancers */
	unsigned want = MODEL_COUNT(m, MODEL_ONPREM) + MODEL_COUNT(m, MODEL_DXVIF) +
			MODEL_COUNT(m, MODEL_DXGW) + MODEL_COUNT(m, MODEL_VGW) +
			MODEL_COUNT(m, MODEL_TGW) + MODEL_COUNT(m, MODEL_TGW_RTB) +
			MODEL_COUNT(m, MODEL_VPC) + MODEL_COUNT(m, MODEL_SUBNET);
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPN); i++)
		want += 1 + (unsigned)MODEL_GET(m, MODEL_VPN, struct model_vpn, i)->n_tunnels;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_VPCE); i++)
		want += MODEL_GET(m, MODEL_VPCE, struct model_vpce, i)->type == MODEL_VPCE_GWLB;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_LB); i++)
		want += !g_strcmp0(MODEL_GET(m, MODEL_LB, struct model_lb, i)->type, "gateway");
	assert_int_equal(count(s, "<g class=\"n "), want);
	assert_true(count(s, "<path class=\"st\"") >= MODEL_COUNT(m, MODEL_SUBNET));
	assert_int_equal(count(s, "class=\"cur\" stroke-width"), 0); /* no traffic without r */
	/* every box inside the viewBox */
	double vw = 0, vh = 0;
	assert_int_equal(sscanf(strstr(s, "viewBox=\"") + 9, "0 0 %lf %lf", &vw, &vh), 2);
	for (const char *p = strstr(s, "<rect x=\""); p; p = strstr(p + 1, "<rect x=\"")) {
		double x, y, w, h;
		if (sscanf(p, "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\"", &x, &y, &w,
			    &h) != 4)
			continue;
		assert_true(x >= 0 && y >= 0 && x + w <= vw && y + h <= vh);
	}
	g_free(s);
	/* a name from the snapshot is text */
	struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, 0);
	g_free(v->o.name);
	v->o.name = g_strdup("<script>x</script>");
	s = capture(topo_fn, m);
	assert_null(strstr(s, "<script>"));
	assert_non_null(strstr(s, "&lt;script&gt;x"));
	g_free(s);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_every_special),
		cmocka_unit_test(test_topology_draws_every_object_inside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
