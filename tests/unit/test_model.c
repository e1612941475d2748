/* test_model.c - the topology loader (model/load.c): the sample topology
 * samples/topologies/hybrid with its resolved references, and bad snapshots written to a
 * temporary directory (malformed JSON, wrong types, dangling references, missing files).
 * Run from the repository root (as `make unit` does).
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "model/model.h"

#define HYBRID "samples/topologies/hybrid"

struct fixture {
	struct model *m; /* the sample */
	char *tmp;       /* a scratch directory for bad snapshots */
};

static int
setup(void **state)
{
	struct fixture *f = g_new0(struct fixture, 1);
	GError *err = NULL;
	f->m = model_load(HYBRID, &err);
	if (!f->m) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
		g_free(f);
		return -1;
	}
	f->tmp = g_dir_make_tmp("test_model.XXXXXX", NULL);
	*state = f;
	return f->tmp ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	model_free(f->m);
	test_rm_tree(f->tmp);
	g_free(f->tmp);
	g_free(f);
	return 0;
}

static struct model_obj *
find(const struct model *m, enum model_kind k, const char *id)
{
	struct model_obj *o = model_find(m, k, id);
	assert_non_null(o);
	return o;
}

static void
test_sample_counts(void **state)
{
	const struct model *m = ((struct fixture *)*state)->m;
	static const unsigned want[MODEL_N_KINDS] = {
		[MODEL_VPC] = 4, [MODEL_SUBNET] = 14, [MODEL_RTB] = 12, [MODEL_NACL] = 5,
		[MODEL_SG] = 8, [MODEL_ENI] = 15, [MODEL_IGW] = 2, [MODEL_EIGW] = 1,
		[MODEL_NATGW] = 1, [MODEL_PCX] = 1, [MODEL_VPCE] = 2, [MODEL_PL] = 2,
		[MODEL_TGW] = 1, [MODEL_TGW_ATTACH] = 5, [MODEL_TGW_RTB] = 3, [MODEL_VPN] = 2,
		[MODEL_VGW] = 1, [MODEL_CGW] = 1, [MODEL_DXCON] = 1, [MODEL_DXVIF] = 1,
		[MODEL_DXGW] = 1, [MODEL_DXGW_ASSOC] = 1, [MODEL_LB] = 1, [MODEL_TG] = 1,
		[MODEL_ONPREM] = 2,
	};
	for (unsigned k = 0; k < MODEL_N_KINDS; k++)
		assert_int_equal(MODEL_COUNT(m, k), want[k]);
	/* the loader read the files under snap/ */
	assert_true(g_str_has_suffix(m->dir, "snap"));
}

static void
test_subnet_route_table_explicit_and_main(void **state)
{
	const struct model *m = ((struct fixture *)*state)->m;
	struct model_subnet *app = (void *)find(m, MODEL_SUBNET, "subnet-01a1b2c3d4e5f0101");
	struct model_subnet *gwlb = (void *)find(m, MODEL_SUBNET, "subnet-01a1b2c3d4e5f0104");
	assert_non_null(app->rtb);
	assert_string_equal(model_subnet_route_table(app)->o.id, "rtb-01a1b2c3d4e5f0002");
	assert_null(gwlb->rtb); /* no explicit association: the VPC's main table */
	assert_ptr_equal(model_subnet_route_table(gwlb), gwlb->vpc->main_rtb);
	assert_string_equal(gwlb->vpc->main_rtb->o.id, "rtb-01a1b2c3d4e5f0001");
	assert_true(gwlb->vpc->main_rtb->is_main);
	/* the DB subnet's own NACL, the others the default */
	struct model_subnet *db = (void *)find(m, MODEL_SUBNET, "subnet-02a1b2c3d4e5f0202");
	assert_string_equal(model_subnet_nacl(db)->o.id, "acl-02a1b2c3d4e5f0002");
	assert_true(model_subnet_nacl(app)->is_default);
	const struct model_nacl *n = db->nacl;
	assert_int_equal(n->ingress[0].number, 90);
	assert_false(n->ingress[0].allow);
	assert_int_equal(n->ingress[0].protocol, 6);
	assert_int_equal(n->ingress[0].port_from, 3306);
	assert_int_equal(n->ingress[n->n_ingress - 1].number, 32767);
}

static const struct model_route *
route_to(const struct model_rtb *r, const char *cidr)
{
	struct model_prefix p;
	assert_true(model_prefix_parse(cidr, &p));
	for (size_t i = 0; i < r->n_routes; i++)
		if (r->routes[i].dkind != MODEL_DEST_PREFIX_LIST &&
			!model_prefix_cmp(&r->routes[i].dst, &p))
			return &r->routes[i];
	fail_msg("no route to %s in %s", cidr, r->o.id);
	return NULL;
}

static void
test_routes_resolved(void **state)
{
	const struct model *m = ((struct fixture *)*state)->m;
	const struct model_rtb *shared = (void *)find(m, MODEL_RTB, "rtb-05a1b2c3d4e5f0001");
	const struct model_route *r = route_to(shared, "192.168.0.0/16");
	assert_int_equal(r->origin, MODEL_ORIGIN_VGW_PROPAGATION);
	assert_int_equal(r->tkind, MODEL_TGT_VGW);
	assert_ptr_equal(r->target, find(m, MODEL_VGW, "vgw-05a1b2c3d4e5f0001"));
	assert_int_equal(shared->propagating_vgws->len, 1);
	assert_int_equal(route_to(shared, "10.20.0.0/16")->tkind, MODEL_TGT_LOCAL);

	const struct model_rtb *app = (void *)find(m, MODEL_RTB, "rtb-01a1b2c3d4e5f0002");
	r = route_to(app, "192.168.0.0/16");
	assert_int_equal(r->tkind, MODEL_TGT_VPCE_GWLB);
	const struct model_vpce *e = (const void *)r->target;
	assert_int_equal(e->geneve_id, UINT64_C(0x0123456789abcdef0));
	assert_ptr_equal(model_find_vpce_by_geneve(m, UINT64_C(0x0123456789abcdef0)), e);
	assert_int_equal(route_to(app, "::/0")->tkind, MODEL_TGT_EIGW);
	/* a blackhole route keeps its vanished target's id, unresolved */
	r = route_to(app, "10.99.0.0/16");
	assert_int_equal(r->state, MODEL_STATE_BLACKHOLE);
	assert_null(r->target);
	assert_string_equal(r->target_id, "nat-01a1b2c3d4e5f0dead");
	/* the S3 gateway endpoint's prefix list */
	bool seen = false;
	for (size_t i = 0; i < app->n_routes; i++)
		if (app->routes[i].dkind == MODEL_DEST_PREFIX_LIST) {
			assert_string_equal(app->routes[i].dst_pl->o.id, "pl-63a5400a");
			assert_int_equal(app->routes[i].tkind, MODEL_TGT_VPCE_GATEWAY);
			const struct model_vpce *s3 = (const void *)app->routes[i].target;
			assert_ptr_equal(s3->pl, app->routes[i].dst_pl);
			assert_int_equal(s3->pl->cidrs->len, 3);
			seen = true;
		}
	assert_true(seen);
	/* the IGW's gateway route table steers to the GWLB endpoint */
	const struct model_igw *igw = (void *)find(m, MODEL_IGW, "igw-01a1b2c3d4e5f0001");
	assert_non_null(igw->edge_rtb);
	assert_int_equal(route_to(igw->edge_rtb, "10.1.2.0/24")->tkind, MODEL_TGT_VPCE_GWLB);
}

static void
test_tgw_tables(void **state)
{
	const struct model *m = ((struct fixture *)*state)->m;
	const struct model_tgw *tgw = (void *)find(m, MODEL_TGW, "tgw-0a1b2c3d4e5f60001");
	assert_true(tgw->vpn_ecmp);
	assert_int_equal(tgw->asn, 64512);
	const struct model_tgw_rtb *vpcs = (void *)find(m, MODEL_TGW_RTB, "tgw-rtb-0a1b2c3d4e5f60001");
	const struct model_tgw_rtb *onprem = (void *)find(m, MODEL_TGW_RTB, "tgw-rtb-0a1b2c3d4e5f60002");
	assert_ptr_equal(tgw->assoc_default_rtb, vpcs);
	assert_int_equal(vpcs->associations->len, 2);
	assert_int_equal(vpcs->propagations->len, 2);
	assert_int_equal(onprem->propagations->len, 2);
	const struct model_tgw_attach *v1 = (void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60001");
	const struct model_tgw_attach *vpn = (void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60101");
	const struct model_tgw_attach *dx = (void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60201");
	assert_ptr_equal(v1->assoc_rtb, vpcs);
	assert_ptr_equal(vpn->assoc_rtb, onprem);
	assert_int_equal(v1->propagates_to->len, 2);
	assert_true(g_ptr_array_find(onprem->propagations, v1, NULL));
	assert_false(g_ptr_array_find(vpcs->propagations, v1, NULL)); /* VPCs do not see each other */
	assert_int_equal(v1->res_type, MODEL_TGW_RES_VPC);
	assert_ptr_equal(v1->res, find(m, MODEL_VPC, "vpc-0a1b2c3d4e5f60001"));
	assert_int_equal(v1->subnets->len, 1);
	assert_int_equal(dx->res_type, MODEL_TGW_RES_DXGW);
	assert_ptr_equal(dx->res, find(m, MODEL_DXGW, "5f3b0a1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"));
	const struct model_vpn *vc = (void *)find(m, MODEL_VPN, "vpn-0a1b2c3d4e5f60001");
	assert_ptr_equal(vc->tgw_attach, vpn);
	assert_int_equal(vc->n_tunnels, 2);
	assert_false(vc->static_only);
	/* the blackhole and the two propagated 192.168.0.0/16 routes (DX and VPN) */
	unsigned blackholes = 0, onprem_routes = 0;
	for (size_t i = 0; i < vpcs->n_routes; i++) {
		const struct model_tgw_route *r = &vpcs->routes[i];
		blackholes += r->state == MODEL_STATE_BLACKHOLE;
		if (r->dst.af == MODEL_AF_INET && r->dst.len == 16 && r->dst.a.v4 == 0xc0a80000u) {
			onprem_routes++;
			assert_int_equal(r->type, MODEL_TGW_ROUTE_PROPAGATED);
			assert_int_equal(r->attachments->len, 1);
		}
	}
	assert_int_equal(blackholes, 1);
	assert_int_equal(onprem_routes, 2);
}

static void
test_lookups(void **state)
{
	const struct model *m = ((struct fixture *)*state)->m;
	struct model_addr a;
	assert_true(model_addr_parse("10.1.1.10", &a));
	const struct model_eni *e = model_find_eni_by_addr(m, NULL, &a);
	assert_non_null(e);
	assert_string_equal(e->o.id, "eni-01a1b2c3d4e5f0101");
	assert_string_equal(e->sgs->len ? ((struct model_obj *)e->sgs->pdata[0])->id : "", "sg-01a1b2c3d4e5f0001");
	static const uint8_t mac[6] = { 0x0a, 0x3f, 0x11, 0x22, 0x33, 0x01 };
	assert_ptr_equal(model_find_eni_by_mac(m, mac), e);
	assert_string_equal(model_vpc_of_addr(m, &a)->o.id, "vpc-0a1b2c3d4e5f60001");
	assert_string_equal(model_find_subnet_by_addr(m, NULL, &a)->o.id, "subnet-01a1b2c3d4e5f0101");
	assert_true(model_addr_parse("2600:1f18:4a3:7f02::20", &a));
	assert_string_equal(model_find_eni_by_addr(m, NULL, &a)->o.id, "eni-02a1b2c3d4e5f0201");
	assert_true(model_addr_parse("10.2.1.20", &a));
	assert_string_equal(model_find_eni_by_addr(m, NULL, &a)->o.id, "eni-02a1b2c3d4e5f0201");
	assert_true(model_addr_parse("198.51.100.7", &a));
	const struct model_eni_ip *ip;
	e = model_find_eni_by_public(m, &a, &ip);
	assert_non_null(e);
	assert_int_equal(e->owner->kind, MODEL_NATGW);
	assert_int_equal(ip->priv.a.v4, 0x0a0a0132u); /* 10.10.1.50 */
	assert_true(model_addr_parse("192.168.10.5", &a));
	assert_string_equal(model_find_onprem(m, &a)->o.id, "dc1");
	assert_null(model_vpc_of_addr(m, &a));
	struct model_addr r;
	assert_true(model_vpc_resolver((void *)find(m, MODEL_VPC, "vpc-0a1b2c3d4e5f60001"), &r));
	assert_int_equal(r.a.v4, 0x0a010002u); /* 10.1.0.2 */
	const struct model_dxvif *vif = (void *)find(m, MODEL_DXVIF, "dxvif-ffabc123");
	assert_int_equal(vif->vlan, 201);
	assert_int_equal(vif->type, MODEL_VIF_TRANSIT);
	assert_int_equal(vif->peers[0].amazon_addr.addr.a.v4, 0xa9fe6401u); /* 169.254.100.1 */
	assert_int_equal(vif->peers[0].customer_addr.len, 30);
	assert_int_equal(vif->con->bandwidth_mbps, 1000);
	const struct model_onprem *dc1 = (void *)find(m, MODEL_ONPREM, "dc1");
	assert_int_equal(dc1->n_adv, 3);
	assert_ptr_equal(dc1->adv[0].via, &vif->o);
	assert_int_equal(dc1->adv[1].as_path_len, 2);
	assert_int_equal(dc1->adv[2].as_path_len, 1); /* the default */
	/* the GWLB and its endpoint's ENI know their owners */
	assert_true(model_addr_parse("10.1.200.50", &a));
	assert_int_equal(model_find_eni_by_addr(m, NULL, &a)->owner->kind, MODEL_LB);
	assert_true(model_addr_parse("10.1.3.5", &a));
	assert_int_equal(model_find_eni_by_addr(m, NULL, &a)->owner->kind, MODEL_VPCE);
}

static void
test_prefix_helpers(void **state)
{
	(void)state;
	struct model_prefix p;
	char buf[MODEL_PREFIX_STRLEN];
	assert_true(model_prefix_parse("10.1.2.3/16", &p));
	assert_string_equal(model_prefix_format(&p, buf), "10.1.0.0/16");
	assert_true(model_prefix_parse("2600:1f18:4a3:6eff::1/56", &p));
	assert_string_equal(model_prefix_format(&p, buf), "2600:1f18:4a3:6e00::/56");
	assert_true(model_prefix_parse("0.0.0.0/0", &p));
	assert_int_equal(p.len, 0);
	assert_false(model_prefix_parse("10.0.0.0/33", &p));
	assert_false(model_prefix_parse("10.0.0.0", &p));
	assert_false(model_prefix_parse("10.0.0.0/", &p));
	assert_false(model_prefix_parse("::/129", &p));
	assert_false(model_prefix_parse("/8", &p));
	struct model_addr a;
	assert_true(model_addr_parse("10.255.0.1", &a));
	assert_true(model_prefix_parse("10.0.0.0/8", &p));
	assert_true(model_prefix_contains(&p, &a));
	assert_true(model_prefix_parse("10.0.0.0/9", &p));
	assert_false(model_prefix_contains(&p, &a));
}

/* ---- bad snapshots ------------------------------------------------------------------ */

static void
put(const char *dir, const char *name, const char *text)
{
	char *p = g_build_filename(dir, name, NULL);
	char *d = g_path_get_dirname(p);
	g_mkdir_with_parents(d, 0755);
	assert_true(g_file_set_contents(p, text, -1, NULL));
	g_free(d);
	g_free(p);
}

/* A fresh scratch snapshot directory named sub under the fixture's tmp. */
static char *
scratch(void **state, const char *sub)
{
	struct fixture *f = *state;
	char *d = g_build_filename(f->tmp, sub, NULL);
	g_mkdir_with_parents(d, 0755);
	return d;
}

/* Loads dir, which must fail with code; returns the message (g_free). */
static char *
load_fails(const char *dir, int code)
{
	GError *err = NULL;
	struct model *m = model_load(dir, &err);
	assert_null(m);
	assert_non_null(err);
	assert_true(err->domain == MODEL_ERROR);
	if (err->code != code)
		fail_msg("code %d, want %d: %s", err->code, code, err->message);
	char *msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

/* Loads dir, which must succeed with a warning at file (suffix) and path saying what. */
static void
assert_warns(const char *dir, const char *file, const char *path, const char *what)
{
	GError *err = NULL;
	struct model *m = model_load(dir, &err);
	if (!m)
		fail_msg("%s", err->message);
	bool found = false;
	for (guint i = 0; i < m->warnings->len && !found; i++) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, i);
		found = g_str_has_suffix(w->file, file) && !strcmp(w->path, path) && strstr(w->what, what);
	}
	if (!found) {
		for (guint i = 0; i < m->warnings->len; i++) {
			const struct model_warning *w = g_ptr_array_index(m->warnings, i);
			fprintf(stderr, "warning: %s: %s: %s\n", w->file, w->path, w->what);
		}
		model_free(m);
		fail_msg("no warning %s: %s: %s", file, path, what);
	}
	model_free(m);
}

static const char vpcs[] = "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}";

static void
test_missing_files_mean_none(void **state)
{
	char *d = scratch(state, "empty");
	GError *err = NULL;
	/* issue 11: a directory without any snapshot file is an error, not "ok, 0 of each" */
	char *msg = load_fails(d, MODEL_ERROR_EMPTY);
	assert_non_null(strstr(msg, "no snapshot files"));
	g_free(msg);
	struct model *m;
	/* one file alone, directly in DIR; unknown fields ignored */
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"NewField\":{\"x\":[1]}}],"
		"\"NextToken\":null}");
	m = model_load(d, &err);
	assert_non_null(m);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 1);
	assert_null(MODEL_GET(m, MODEL_VPC, struct model_vpc, 0)->main_rtb);
	/* what the files there describe, and what is not said at all */
	assert_true(m->described[MODEL_VPC]);
	assert_false(m->described[MODEL_NACL]);
	assert_false(m->described[MODEL_SUBNET]);
	assert_int_equal(m->dirs->len, 1);
	assert_int_equal(m->warnings->len, 0);
	model_free(m);
	g_free(d);
}

static void
test_malformed_json(void **state)
{
	char *d = scratch(state, "malformed");
	put(d, "describe-vpcs.json", "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\",,}\n]}");
	char *msg = load_fails(d, MODEL_ERROR_PARSE);
	assert_non_null(strstr(msg, "describe-vpcs.json"));
	assert_non_null(strstr(msg, "2:")); /* line 2 */
	g_free(msg);
	put(d, "describe-vpcs.json", "[1, 2]");
	msg = load_fails(d, MODEL_ERROR_TYPE);
	assert_non_null(strstr(msg, "describe-vpcs.json: $: expected an object"));
	g_free(msg);
	g_free(d);
}

static void
test_wrong_type(void **state)
{
	char *d = scratch(state, "wrongtype");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-subnets.json",
		"{\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.1.0/24\"},"
		"{\"SubnetId\":\"subnet-2\",\"VpcId\":\"vpc-1\",\"CidrBlock\":24}]}");
	char *msg = load_fails(d, MODEL_ERROR_TYPE);
	assert_non_null(strstr(msg, "describe-subnets.json: $.Subnets[1].CidrBlock: expected a string, got a number"));
	g_free(msg);
	put(d, "describe-subnets.json",
		"{\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.1.0/40\"}]}");
	msg = load_fails(d, MODEL_ERROR_VALUE);
	assert_non_null(strstr(msg, "$.Subnets[0].CidrBlock: not a CIDR: \"10.0.1.0/40\""));
	g_free(msg);
	put(d, "describe-subnets.json", "{\"Subnets\":{}}");
	msg = load_fails(d, MODEL_ERROR_TYPE);
	assert_non_null(strstr(msg, "$.Subnets: expected an array, got an object"));
	g_free(msg);
	g_free(d);
}

static void
test_dangling_references(void **state)
{
	char *d = scratch(state, "dangling/snap");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-subnets.json",
		"{\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-nope\",\"CidrBlock\":\"10.0.1.0/24\"}]}");
	char *parent = g_path_get_dirname(d); /* DIR/snap/ is found from DIR */
	char *msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "describe-subnets.json: $.Subnets[0].VpcId: unknown VPC vpc-nope"));
	g_free(msg);
	put(d, "describe-subnets.json",
		"{\"Subnets\":[{\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.1.0/24\"}]}");
	put(d, "describe-route-tables.json",
		"{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\","
		"\"Associations\":[{\"Main\":true,\"RouteTableId\":\"rtb-1\"}],"
		"\"Routes\":[{\"DestinationCidrBlock\":\"10.0.0.0/16\",\"GatewayId\":\"local\"},"
		"{\"DestinationCidrBlock\":\"0.0.0.0/0\",\"TransitGatewayId\":\"tgw-404\","
		"\"Origin\":\"CreateRoute\",\"State\":\"active\"}]}]}");
	/* issue 11: a TGW the snapshot does not hold (another account's, shared by RAM) is a
	 * warning and a stub whose `missing` says what is lacking, not a load error */
	assert_warns(parent, "describe-route-tables.json", "$.RouteTables[0].Routes[1].TransitGatewayId",
		"transit gateway tgw-404 is not in the snapshot");
	{
		struct model *m4 = model_load(parent, NULL);
		struct model_tgw *t = (struct model_tgw *)find(m4, MODEL_TGW, "tgw-404");
		assert_true(t->o.stub);
		assert_non_null(strstr(t->o.missing, "route tables are unknown"));
		assert_int_equal(m4->objs[MODEL_TGW]->len, 1);
		/* --strict: the warning is the error */
		const char *one[] = { parent };
		GError *e = NULL;
		assert_null(model_load_dirs(one, 1, MODEL_LOAD_STRICT, &e));
		assert_int_equal(e->code, MODEL_ERROR_WARNING);
		assert_non_null(strstr(e->message, "tgw-404 is not in the snapshot"));
		g_error_free(e);
		model_free(m4);
	}
	/* an association to an unknown subnet */
	put(d, "describe-route-tables.json",
		"{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\","
		"\"Associations\":[{\"Main\":true},{\"Main\":false,\"SubnetId\":\"subnet-9\"}],"
		"\"Routes\":[]}]}");
	msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "$.RouteTables[0].Associations[1].SubnetId: unknown subnet subnet-9"));
	g_free(msg);
	/* the right id of the wrong kind */
	put(d, "describe-route-tables.json",
		"{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\","
		"\"Associations\":[{\"Main\":true}],"
		"\"Routes\":[{\"DestinationCidrBlock\":\"0.0.0.0/0\",\"NatGatewayId\":\"subnet-1\"}]}]}");
	msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "NatGatewayId: subnet-1 is a subnet, not a NAT gateway"));
	g_free(msg);
	/* a TGW route table's route to an attachment nobody describes */
	put(d, "describe-route-tables.json",
		"{\"RouteTables\":[{\"RouteTableId\":\"rtb-1\",\"VpcId\":\"vpc-1\","
		"\"Associations\":[{\"Main\":true}],\"Routes\":[]}]}");
	put(d, "describe-transit-gateways.json", "{\"TransitGateways\":[{\"TransitGatewayId\":\"tgw-1\"}]}");
	put(d, "describe-transit-gateway-route-tables.json",
		"{\"TransitGatewayRouteTables\":[{\"TransitGatewayRouteTableId\":\"tgw-rtb-1\","
		"\"TransitGatewayId\":\"tgw-1\"}]}");
	put(d, "search-transit-gateway-routes/tgw-rtb-1.json",
		"{\"Routes\":[{\"DestinationCidrBlock\":\"10.9.0.0/16\",\"Type\":\"static\",\"State\":\"active\","
		"\"TransitGatewayAttachments\":[{\"TransitGatewayAttachmentId\":\"tgw-attach-x\"}]}]}");
	assert_warns(parent, "search-transit-gateway-routes/tgw-rtb-1.json",
		"$.Routes[0].TransitGatewayAttachments[0].TransitGatewayAttachmentId",
		"transit gateway attachment tgw-attach-x (in a route of tgw-rtb-1) is not in the snapshot");
	/* with the route gone, the snapshot loads */
	put(d, "search-transit-gateway-routes/tgw-rtb-1.json", "{\"Routes\":[]}");
	GError *err = NULL;
	struct model *m = model_load(parent, &err);
	assert_non_null(m);
	assert_int_equal(MODEL_COUNT(m, MODEL_TGW_RTB), 1);
	model_free(m);
	/* a per-table file for a table the snapshot does not list: stale, not silently unused */
	put(d, "search-transit-gateway-routes/tgw-rtb-0nothere.json", "{\"Routes\":[]}");
	msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "search-transit-gateway-routes/tgw-rtb-0nothere.json: $: "
				    "tgw-rtb-0nothere is not in describe-transit-gateway-route-tables.json"));
	g_free(msg);
	char *stale = g_build_filename(d, "search-transit-gateway-routes", "tgw-rtb-0nothere.json", NULL);
	g_unlink(stale);
	g_free(stale);
	/* two virtual interfaces with one VLAN on one connection */
	put(d, "describe-connections.json",
		"{\"connections\":[{\"connectionId\":\"dxcon-1\",\"vlan\":0}]}");
	put(d, "describe-virtual-interfaces.json",
		"{\"virtualInterfaces\":["
		"{\"virtualInterfaceId\":\"dxvif-1\",\"connectionId\":\"dxcon-1\","
		"\"virtualInterfaceType\":\"private\",\"vlan\":201,\"bgpPeers\":[]},"
		"{\"virtualInterfaceId\":\"dxvif-2\",\"connectionId\":\"dxcon-1\","
		"\"virtualInterfaceType\":\"transit\",\"vlan\":201,\"bgpPeers\":[]}]}");
	msg = load_fails(parent, MODEL_ERROR_VALUE);
	assert_non_null(strstr(msg, "describe-virtual-interfaces.json: $.virtualInterfaces[1].vlan: "
				    "VLAN 201 on dxcon-1 is already dxvif-1's"));
	g_free(msg);
	put(d, "describe-virtual-interfaces.json",
		"{\"virtualInterfaces\":["
		"{\"virtualInterfaceId\":\"dxvif-1\",\"connectionId\":\"dxcon-1\","
		"\"virtualInterfaceType\":\"private\",\"vlan\":201,\"bgpPeers\":[]},"
		"{\"virtualInterfaceId\":\"dxvif-2\",\"connectionId\":\"dxcon-1\","
		"\"virtualInterfaceType\":\"transit\",\"vlan\":202,\"bgpPeers\":[]}]}");
	m = model_load(parent, &err);
	if (!m)
		fail_msg("%s", err->message);
	assert_int_equal(MODEL_COUNT(m, MODEL_DXVIF), 2);
	model_free(m);
	g_free(parent);
	g_free(d);
}

static void
test_duplicate_id(void **state)
{
	char *d = scratch(state, "dup");
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"},"
		"{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.1.0.0/16\"}]}");
	char *msg = load_fails(d, MODEL_ERROR_VALUE);
	assert_non_null(strstr(msg, "$.Vpcs[1].VpcId: duplicate id vpc-1"));
	g_free(msg);
	g_free(d);
}

/* Several snapshot directories, one model (issue 11): given one by one, or as one
 * directory holding a sub-directory per account (and Region). */
static void
test_load_dirs_and_subdirs(void **state)
{
	char *a = scratch(state, "multi/acct-a");
	char *b = scratch(state, "multi/acct-b/us-east-1");
	put(a, "describe-vpcs.json", vpcs);
	put(b, "describe-vpcs.json", "{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/16\"}]}");
	const char *const two[] = { a, b };
	GError *err = NULL;
	struct model *m = model_load_dirs(two, 2, 0, &err);
	if (!m)
		fail_msg("%s", err->message);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 2);
	assert_int_equal(m->dirs->len, 2);
	assert_string_equal(MODEL_GET(m, MODEL_VPC, struct model_vpc, 1)->o.id, "vpc-2");
	model_free(m);
	char *parent = g_path_get_dirname(a);
	m = model_load(parent, &err);
	if (!m)
		fail_msg("%s", err->message);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 2);
	assert_int_equal(m->dirs->len, 2);
	assert_non_null(strstr(g_ptr_array_index(m->dirs, 1), "acct-b/us-east-1"));
	model_free(m);
	g_free(parent);
	g_free(a);
	g_free(b);
}

/* Pages as a --no-paginate loop appends them: several JSON documents in one file, all read;
 * an element of page 2 is named by its page (AWS CLI User Guide, "Using the AWS CLI
 * pagination options"). */
static void
test_pages_in_one_file(void **state)
{
	char *d = scratch(state, "pages");
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}],\"NextToken\":\"t1\"}\n"
		"{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/16\"}]}\n");
	GError *err = NULL;
	struct model *m = model_load(d, &err);
	if (!m)
		fail_msg("%s", err->message);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 2);
	model_free(m);
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}\n"
		"{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/99\"}]}\n");
	char *msg = load_fails(d, MODEL_ERROR_VALUE);
	assert_non_null(strstr(msg, "describe-vpcs.json (page 2): $.Vpcs[0].CidrBlock: not a CIDR"));
	g_free(msg);
	/* a malformed second page: the line is the file's */
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}]}\n"
		"{\"Vpcs\":[\n{\"VpcId\":,}]}\n");
	msg = load_fails(d, MODEL_ERROR_PARSE);
	assert_non_null(strstr(msg, "describe-vpcs.json: malformed JSON at 3:"));
	g_free(msg);
	g_free(d);
}

/* Issue 17 item 2: nesting is bounded before json-glib's recursive parser sees it; brackets
 * inside strings (escaped quotes included) do not count. */
static void
test_deep_json_refused(void **state)
{
	char *d = scratch(state, "deep");
	GString *j = g_string_new("{\"Vpcs\": ");
	for (int i = 0; i < 100000; i++)
		g_string_append_c(j, '[');
	for (int i = 0; i < 100000; i++)
		g_string_append_c(j, ']');
	g_string_append(j, "}");
	put(d, "describe-vpcs.json", j->str);
	g_string_free(j, TRUE);
	char *msg = load_fails(d, MODEL_ERROR_PARSE);
	assert_non_null(strstr(msg, "describe-vpcs.json: JSON nested deeper than 64 levels at 1:"));
	g_free(msg);
	/* the bound itself: the root object and 63 arrays are 64 levels (parsed, then refused
	 * for the type), one more is too deep */
	for (int extra = 0; extra < 2; extra++) {
		GString *b = g_string_new("{\"Vpcs\": ");
		for (int i = 0; i < MODEL_JSON_MAX_DEPTH - 1 + extra; i++)
			g_string_append_c(b, '[');
		for (int i = 0; i < MODEL_JSON_MAX_DEPTH - 1 + extra; i++)
			g_string_append_c(b, ']');
		g_string_append(b, "}");
		put(d, "describe-vpcs.json", b->str);
		g_string_free(b, TRUE);
		msg = load_fails(d, extra ? MODEL_ERROR_PARSE : MODEL_ERROR_TYPE);
		g_free(msg);
	}
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\","
		"\"Tags\":[{\"Key\":\"x\",\"Value\":\"[[[[{{{{\\\"]]]]\"}]}]}");
	GError *err = NULL;
	struct model *m = model_load(d, &err);
	if (!m)
		fail_msg("%s", err->message);
	model_free(m);
	g_free(d);
}

#define MULTI "tests/fixtures/multi-account"

/* Returns the warning whose file ends in file and whose path is path, or NULL. */
static const struct model_warning *
warning_at(const struct model *m, const char *file, const char *path)
{
	for (guint i = 0; i < m->warnings->len; i++) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, i);
		if (g_str_has_suffix(w->file, file) && !strcmp(w->path, path))
			return w;
	}
	return NULL;
}

static struct model *
load_ok(const char *const *dirs, size_t n)
{
	GError *err = NULL;
	struct model *m = model_load_dirs(dirs, n, 0, &err);
	if (!m)
		fail_msg("%s", err->message);
	return m;
}

/* The hub, two spokes and the partner as four directories: one model, every reference
 * resolved across accounts, nothing missing and nothing to warn about. The spokes see the
 * hub's TGW (shared by RAM: Transit Gateways guide, "Sharing a transit gateway") and
 * their own attachment; the hosted VIF (Direct Connect User Guide, "Hosted virtual
 * interfaces") rides the partner's connection. */
static void
assert_multi_account(const struct model *m)
{
	assert_int_equal(m->warnings->len, 0);
	assert_int_equal(m->snapshots->len, 4);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 3);
	assert_int_equal(MODEL_COUNT(m, MODEL_TGW), 1);
	assert_int_equal(MODEL_COUNT(m, MODEL_TGW_ATTACH), 4);
	for (unsigned k = 0; k < MODEL_N_KINDS; k++)
		for (guint i = 0; i < MODEL_COUNT(m, k); i++) {
			const struct model_obj *o = g_ptr_array_index(m->objs[k], i);
			if (o->stub || o->missing)
				fail_msg("%s is a stub or missing: %s", o->id, o->missing);
		}
	struct model_tgw *t = (struct model_tgw *)find(m, MODEL_TGW, "tgw-0a1b2c3d4e5f60001");
	assert_string_equal(t->owner_id, "111111111111");
	assert_int_equal(t->rtbs->len, 1);
	struct model_tgw_attach *a =
		(struct model_tgw_attach *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f6000b");
	assert_non_null(a->assoc_rtb);
	assert_ptr_equal(a->res, find(m, MODEL_VPC, "vpc-0bbb00000000000b1"));
	assert_int_equal(a->subnets->len, 1);
	struct model_dxvif *v = (struct model_dxvif *)find(m, MODEL_DXVIF, "dxvif-fghosted1");
	assert_ptr_equal(v->con, find(m, MODEL_DXCON, "dxcon-fgpartner1"));
	/* the partner's view lacks the DX gateway; the hub's completes it (merge by union) */
	assert_non_null(v->dxgw);
	assert_true(v->bgp_known);
	assert_true(v->peers[0].status_known);
	bool hub = false;
	for (guint i = 0; i < m->snapshots->len; i++) {
		const struct model_snapshot *sn = g_ptr_array_index(m->snapshots, i);
		assert_non_null(sn->account);
		assert_string_equal(sn->region, "us-east-1");
		hub |= !strcmp(sn->account, "111111111111") && g_str_has_suffix(sn->dir, "/hub");
	}
	assert_true(hub);
	/* each object knows the snapshot (account) that described it, and what that one held */
	const struct model_vpc *va = (struct model_vpc *)find(m, MODEL_VPC, "vpc-0bbb00000000000b1");
	assert_non_null(va->o.snapshot);
	assert_string_equal(va->o.snapshot->account, "222222222222");
	assert_true(va->o.snapshot->described[MODEL_NACL]);
	assert_false(va->o.snapshot->described[MODEL_DXCON]);
	assert_string_equal(((struct model_obj *)find(m, MODEL_DXCON, "dxcon-fgpartner1"))->snapshot->account,
		"444444444444");
	assert_true(m->described[MODEL_DXCON]);
	assert_null(((struct model_obj *)find(m, MODEL_ONPREM, "dc1"))->snapshot);
}

static void
test_multi_account_as_dirs(void **state)
{
	(void)state;
	const char *const four[] = { MULTI "/spoke-a", MULTI "/hub", MULTI "/partner", MULTI "/spoke-b" };
	struct model *m = load_ok(four, 4);
	assert_multi_account(m);
	model_free(m);
}

static void
test_multi_account_as_subdirs(void **state)
{
	(void)state;
	const char *const one[] = { MULTI };
	struct model *m = load_ok(one, 1);
	assert_multi_account(m);
	/* sub-directories in name order, whatever readdir says */
	assert_true(g_str_has_suffix(g_ptr_array_index(m->dirs, 0), "/hub"));
	assert_true(g_str_has_suffix(g_ptr_array_index(m->dirs, 3), "/spoke-b"));
	model_free(m);
}

/* A spoke alone sees the shared TGW but none of its route tables: the TGW and the spoke's
 * attachment say so (the engine answers `unknown`: Reachability Analyzer
 * TGW_RTB_ROUTES_ARE_UNKNOWN), and check warns naming the file and the path. */
static void
test_spoke_sees_shared_tgw_without_tables(void **state)
{
	(void)state;
	const char *const one[] = { MULTI "/spoke-a" };
	struct model *m = load_ok(one, 1);
	struct model_tgw *t = (struct model_tgw *)find(m, MODEL_TGW, "tgw-0a1b2c3d4e5f60001");
	assert_false(t->o.stub);
	assert_non_null(t->o.missing);
	assert_string_equal(t->o.missing,
		"route tables of tgw-0a1b2c3d4e5f60001 (owner 111111111111) are not in the snapshot");
	assert_null(t->assoc_default_rtb);
	struct model_tgw_attach *a =
		(struct model_tgw_attach *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f6000b");
	assert_null(a->assoc_rtb);
	assert_non_null(a->o.missing);
	assert_non_null(strstr(a->o.missing, "tgw-rtb-0a1b2c3d4e5f60001"));
	assert_non_null(warning_at(m, "spoke-a/describe-transit-gateway-attachments.json",
		"$.TransitGatewayAttachments[0].Association.TransitGatewayRouteTableId"));
	assert_non_null(warning_at(m, "spoke-a/describe-transit-gateways.json",
		"$.TransitGateways[?(@.TransitGatewayId=='tgw-0a1b2c3d4e5f60001')]"));
	/* the same TGW with this account's own route tables file and owner: a fact, no warning */
	assert_true(m->described[MODEL_TGW_RTB]);
	model_free(m);
}

/* The hub alone: the attachments of the spokes' VPCs (the TGW owner sees them all) lead to
 * VPCs it cannot describe, and its hosted VIF's connection is the partner's. */
static void
test_hub_alone_stubs(void **state)
{
	(void)state;
	const char *const one[] = { MULTI "/hub" };
	struct model *m = load_ok(one, 1);
	assert_int_equal(m->warnings->len, 3);
	struct model_vpc *v = (struct model_vpc *)find(m, MODEL_VPC, "vpc-0ccc00000000000c1");
	assert_true(v->o.stub);
	assert_non_null(strstr(v->o.missing, "(account 333333333333) is not in the snapshot"));
	assert_int_equal(v->cidr4->len, 0);
	assert_int_equal(v->subnets->len, 0);
	struct model_tgw_attach *a =
		(struct model_tgw_attach *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f6000c");
	assert_ptr_equal(a->res, &v->o);
	assert_int_equal(a->subnets->len, 0); /* spoke-b's subnets are in spoke-b's snapshot */
	struct model_dxvif *vif = (struct model_dxvif *)find(m, MODEL_DXVIF, "dxvif-fghosted1");
	assert_non_null(vif->con);
	assert_true(vif->con->o.stub);
	assert_int_equal(vif->con->vlan, -1);
	const struct model_warning *w = warning_at(m, "hub/describe-virtual-interfaces.json",
		"$.virtualInterfaces[0].connectionId");
	assert_non_null(w);
	assert_string_equal(w->what, "Direct Connect connection dxcon-fgpartner1 is not in the snapshot "
				     "(a hosted virtual interface's connection is the partner's)");
	/* --strict: the same snapshot is refused, naming the first warning */
	GError *err = NULL;
	assert_null(model_load_dirs(one, 1, MODEL_LOAD_STRICT, &err));
	assert_int_equal(err->code, MODEL_ERROR_WARNING);
	assert_non_null(strstr(err->message, "dxcon-fgpartner1 is not in the snapshot"));
	assert_non_null(strstr(err->message, "warning 1 of 3"));
	g_error_free(err);
	model_free(m);
}

/* Direct Connect User Guide, "Transit gateway associations": a DX gateway is global and
 * associates with TGWs of other Regions; the one not in this snapshot is a stub naming
 * its Region and account. */
static void
test_dxgw_association_other_region(void **state)
{
	char *d = scratch(state, "dxgw-region");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-direct-connect-gateways.json",
		"{\"directConnectGateways\":[{\"directConnectGatewayId\":\"dxgw-1\",\"amazonSideAsn\":64600}]}");
	put(d, "describe-direct-connect-gateway-associations.json",
		"{\"directConnectGatewayAssociations\":[{\"directConnectGatewayId\":\"dxgw-1\","
		"\"associationId\":\"a-1\",\"associatedGateway\":{\"id\":\"tgw-west\",\"type\":"
		"\"transitGateway\",\"ownerAccount\":\"111122223333\",\"region\":\"us-west-2\"},"
		"\"allowedPrefixesToDirectConnectGateway\":[{\"cidr\":\"10.8.0.0/16\"}]}]}");
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	struct model_tgw *t = (struct model_tgw *)find(m, MODEL_TGW, "tgw-west");
	assert_true(t->o.stub);
	assert_string_equal(t->o.missing, "transit gateway tgw-west in us-west-2 (account 111122223333) "
					  "is not in the snapshot: its route tables are unknown");
	struct model_dxgw_assoc *a = MODEL_GET(m, MODEL_DXGW_ASSOC, struct model_dxgw_assoc, 0);
	assert_ptr_equal(a->gateway, &t->o);
	assert_non_null(warning_at(m, "describe-direct-connect-gateway-associations.json",
		"$.directConnectGatewayAssociations[0].associatedGateway.id"));
	model_free(m);
	g_free(d);
}

/* EC2 API Reference, GetManagedPrefixListEntries: describe-managed-prefix-lists shows no
 * entries, so without the entries file a list's CIDRs are unknown (missing, a warning);
 * an entries file with none is a fact. A prefix list nobody describes is a stub. */
static void
test_prefix_list_without_entries(void **state)
{
	char *d = scratch(state, "pl");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-managed-prefix-lists.json",
		"{\"PrefixLists\":[{\"PrefixListId\":\"pl-1\",\"PrefixListName\":\"corp\"},"
		"{\"PrefixListId\":\"pl-2\",\"PrefixListName\":\"empty\"}]}");
	put(d, "get-managed-prefix-list-entries/pl-2.json", "{\"Entries\":[]}");
	put(d, "describe-security-groups.json",
		"{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"VpcId\":\"vpc-1\",\"IpPermissions\":[{"
		"\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,\"PrefixListIds\":[{\"PrefixListId\":"
		"\"pl-9\"}]}]}]}");
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	struct model_pl *p1 = (struct model_pl *)find(m, MODEL_PL, "pl-1");
	struct model_pl *p2 = (struct model_pl *)find(m, MODEL_PL, "pl-2");
	struct model_pl *p9 = (struct model_pl *)find(m, MODEL_PL, "pl-9");
	assert_non_null(p1->o.missing);
	assert_false(p1->o.stub);
	assert_null(p2->o.missing);
	assert_true(p9->o.stub);
	assert_non_null(warning_at(m, "describe-managed-prefix-lists.json",
		"$.PrefixLists[?(@.PrefixListId=='pl-1')]"));
	assert_non_null(warning_at(m, "describe-security-groups.json",
		"$.SecurityGroups[0].IpPermissions[0].PrefixListIds[0].PrefixListId"));
	assert_int_equal(m->warnings->len, 2);
	model_free(m);
	g_free(d);
}

/* AWS CLI User Guide, "Pagination": a NextToken on the last page read means pages were
 * not fetched (a warning); on a page followed by the next one it is what the loop used.
 * SearchTransitGatewayRoutes' AdditionalRoutesAvailable on any page cuts the table. */
static void
test_next_token_and_cut_routes(void **state)
{
	char *d = scratch(state, "token");
	put(d, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\"}],\"NextToken\":\"p2\"}\n"
		"{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/16\"}],\"NextToken\":\"p3\"}\n");
	put(d, "describe-transit-gateways.json",
		"{\"TransitGateways\":[{\"TransitGatewayId\":\"tgw-1\"}]}");
	put(d, "describe-transit-gateway-route-tables.json",
		"{\"TransitGatewayRouteTables\":[{\"TransitGatewayRouteTableId\":\"tgw-rtb-1\","
		"\"TransitGatewayId\":\"tgw-1\"}]}");
	put(d, "search-transit-gateway-routes/tgw-rtb-1.json",
		"{\"Routes\":[],\"AdditionalRoutesAvailable\":false}\n"
		"{\"Routes\":[],\"AdditionalRoutesAvailable\":true}\n");
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 2);
	const struct model_warning *w = warning_at(m, "describe-vpcs.json (page 2)", "$.NextToken");
	assert_non_null(w);
	assert_non_null(strstr(w->what, "not fetched"));
	assert_null(warning_at(m, "describe-vpcs.json (page 1)", "$.NextToken"));
	assert_true(MODEL_GET(m, MODEL_TGW_RTB, struct model_tgw_rtb, 0)->routes_truncated);
	assert_non_null(warning_at(m, "search-transit-gateway-routes/tgw-rtb-1.json (page 2)",
		"$.AdditionalRoutesAvailable"));
	model_free(m);
	g_free(d);
}

/* The same object in two snapshots: views that agree merge (tags are per account and never
 * disagree; members only one view has are kept); views that disagree are one warning
 * naming both files, and the first view is used. A per-table file in two snapshots that
 * differs is a warning too. */
static void
test_duplicates_merge_or_warn(void **state)
{
	char *a = scratch(state, "dup2/a");
	char *b = scratch(state, "dup2/b");
	put(a, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"Tags\":[{\"Key\":\"Name\","
		"\"Value\":\"a-view\"}]}]}");
	put(b, "describe-vpcs.json",
		"{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"OwnerId\":\"111\","
		"\"Tags\":[{\"Key\":\"Name\",\"Value\":\"b-view\"}]}]}");
	const char *const two[] = { a, b };
	struct model *m = load_ok(two, 2);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 1);
	assert_int_equal(m->warnings->len, 0);
	struct model_vpc *v = MODEL_GET(m, MODEL_VPC, struct model_vpc, 0);
	assert_string_equal(v->owner_id, "111"); /* from b's view */
	assert_string_equal(v->o.name, "a-view"); /* the first view's tags */
	model_free(m);
	put(b, "describe-vpcs.json", "{\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.9.0.0/16\"}]}");
	m = load_ok(two, 2);
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 1);
	assert_int_equal(m->warnings->len, 1);
	const struct model_warning *w = warning_at(m, "b/describe-vpcs.json", "$.Vpcs[0].CidrBlock");
	assert_non_null(w);
	assert_non_null(strstr(w->what, "vpc-1 is described differently in "));
	assert_non_null(strstr(w->what, "a/describe-vpcs.json (CidrBlock differs)"));
	char buf[MODEL_PREFIX_STRLEN];
	assert_string_equal(model_prefix_format(&g_array_index(MODEL_GET(m, MODEL_VPC, struct model_vpc,
								       0)->cidr4, struct model_prefix, 0), buf),
		"10.0.0.0/16");
	model_free(m);
	/* one id twice in one snapshot stays an error */
	put(b, "describe-vpcs.json", "{\"Vpcs\":[{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/16\"},"
				     "{\"VpcId\":\"vpc-2\",\"CidrBlock\":\"10.2.0.0/16\"}]}");
	GError *err = NULL;
	assert_null(model_load_dirs(two, 2, 0, &err));
	assert_non_null(strstr(err->message, "b/describe-vpcs.json: $.Vpcs[1].VpcId: duplicate id vpc-2"));
	g_error_free(err);
	/* a route search of one table in both, different */
	put(b, "describe-vpcs.json", vpcs);
	put(a, "describe-transit-gateways.json", "{\"TransitGateways\":[{\"TransitGatewayId\":\"tgw-1\"}]}");
	put(a, "describe-transit-gateway-route-tables.json",
		"{\"TransitGatewayRouteTables\":[{\"TransitGatewayRouteTableId\":\"tgw-rtb-1\","
		"\"TransitGatewayId\":\"tgw-1\"}]}");
	put(a, "search-transit-gateway-routes/tgw-rtb-1.json", "{\"Routes\":[]}");
	put(b, "search-transit-gateway-routes/tgw-rtb-1.json",
		"{\"Routes\":[{\"DestinationCidrBlock\":\"10.9.0.0/16\",\"Type\":\"static\",\"State\":"
		"\"blackhole\"}]}");
	m = load_ok(two, 2);
	assert_int_equal(MODEL_GET(m, MODEL_TGW_RTB, struct model_tgw_rtb, 0)->n_routes, 0);
	w = warning_at(m, "b/search-transit-gateway-routes/tgw-rtb-1.json", "$.Routes");
	assert_non_null(w);
	assert_non_null(strstr(w->what, "a/search-transit-gateway-routes/tgw-rtb-1.json: that one is used"));
	model_free(m);
	g_free(a);
	g_free(b);
}

/* Issue 17 item 8: what `topology check` used to call ok. Amazon VPC User Guide, "Subnet
 * CIDR blocks" (inside the VPC's); EC2 API Reference, IpPermission and PortRange (0-65535,
 * From <= To); "IP addressing" (one private address, one interface). */
static void
test_check_subnet_ports_duplicate_ip(void **state)
{
	(void)state;
	const char *const one[] = { "tests/fixtures/topo-warnings" };
	struct model *m = load_ok(one, 1);
	const struct model_warning *w =
		warning_at(m, "topo-warnings/describe-subnets.json", "$.Subnets[1].CidrBlock");
	assert_non_null(w);
	assert_string_equal(w->what, "10.99.2.0/24 is outside the CIDR blocks of vpc-0eee0000000000e01");
	w = warning_at(m, "describe-security-groups.json", "$.SecurityGroups[0].IpPermissions[0].FromPort");
	assert_non_null(w);
	assert_string_equal(w->what, "FromPort 70000 to ToPort -5 is not a port range within 0-65535");
	w = warning_at(m, "describe-network-acls.json", "$.NetworkAcls[0].Entries[0].PortRange.From");
	assert_non_null(w);
	w = warning_at(m, "describe-network-interfaces.json", "$.NetworkInterfaces[1].PrivateIpAddresses");
	assert_non_null(w);
	assert_string_equal(w->what, "10.50.1.10 is also the private address of eni-0eee0000000000e01 "
				     "(vpc-0eee0000000000e01)");
	/* pages: vpc-2 came from page 2 of describe-vpcs.json */
	assert_int_equal(MODEL_COUNT(m, MODEL_VPC), 2);
	/* a VIF without bgpStatus: not known, and said */
	struct model_dxvif *v = (struct model_dxvif *)find(m, MODEL_DXVIF, "dxvif-fgwarn001");
	assert_false(v->bgp_known);
	assert_false(v->peers[0].status_known);
	assert_non_null(warning_at(m, "describe-virtual-interfaces.json", "$.virtualInterfaces[0].bgpPeers"));
	/* an ENI's group of another account: a stub with no rules */
	struct model_sg *g = (struct model_sg *)find(m, MODEL_SG, "sg-0ddd0000000000d02");
	assert_true(g->o.stub);
	assert_int_equal(g->n_ingress + g->n_egress, 0);
	assert_int_equal(m->warnings->len, 14);
	model_free(m);
}

/* described[]: which files were there (the engine says "not evaluated" for the others),
 * and account.json's account and Region. */
static void
test_described_and_account(void **state)
{
	char *d = scratch(state, "described");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-network-acls.json", "{\"NetworkAcls\":[]}");
	put(d, "account.json", "{\"UserId\":\"AIDA\",\"Account\":\"123456789012\",\"Arn\":\"arn:aws:iam::"
			       "123456789012:user/x\",\"Region\":\"eu-west-1\"}");
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	assert_true(m->described[MODEL_NACL]);
	assert_false(m->described[MODEL_SG]);
	assert_false(m->described[MODEL_RTB]);
	const struct model_snapshot *sn = g_ptr_array_index(m->snapshots, 0);
	assert_string_equal(sn->account, "123456789012");
	assert_string_equal(sn->region, "eu-west-1");
	model_free(m);
	/* a snapshot without any VPC is unusable */
	char *e = scratch(state, "novpc");
	put(e, "describe-connections.json", "{\"connections\":[]}");
	char *msg = load_fails(e, MODEL_ERROR_EMPTY);
	assert_non_null(strstr(msg, "no VPC in the snapshot"));
	g_free(msg);
	g_free(e);
	g_free(d);
}

/* One account in two Regions (tests/fixtures/multi-region): the DX gateway is global, so
 * both snapshots describe it and both associations, which merge; each Region's snapshot
 * describes its own TGW. The TGW peering attachment is one id seen from both TGWs
 * (Transit Gateways guide, "Transit gateway peering attachments"): two sides, each with its
 * TGW and association, linked, and each TGW's routes name its own side. Alone, the east
 * snapshot sees the west TGW only through the association (DX User Guide, "Transit
 * gateway associations"). */
static void
test_multi_region_peering_and_dxgw(void **state)
{
	(void)state;
	const char *const one[] = { "tests/fixtures/multi-region" };
	struct model *m = load_ok(one, 1);
	assert_int_equal(m->warnings->len, 0);
	assert_int_equal(MODEL_COUNT(m, MODEL_TGW), 2);
	assert_int_equal(MODEL_COUNT(m, MODEL_DXGW), 1);
	assert_int_equal(MODEL_COUNT(m, MODEL_DXGW_ASSOC), 2);
	assert_int_equal(MODEL_COUNT(m, MODEL_TGW_ATTACH), 6);
	struct model_tgw *east = (struct model_tgw *)find(m, MODEL_TGW, "tgw-0e0000000000000e1");
	struct model_tgw *west = (struct model_tgw *)find(m, MODEL_TGW, "tgw-0f0000000000000f1");
	struct model_tgw_attach *pe = model_tgw_attachment_for(east, "tgw-0f0000000000000f1");
	struct model_tgw_attach *pw = model_tgw_attachment_for(west, "tgw-0e0000000000000e1");
	assert_non_null(pe);
	assert_non_null(pw);
	assert_ptr_not_equal(pe, pw);
	assert_string_equal(pe->o.id, pw->o.id);
	assert_ptr_equal(pe->peer_side, pw);
	assert_ptr_equal(pw->peer_side, pe);
	assert_ptr_equal(pe->tgw, east);
	assert_ptr_equal(pw->tgw, west);
	assert_ptr_equal(pe->res, &west->o);
	assert_ptr_equal(pw->assoc_rtb, g_ptr_array_index(west->rtbs, 0));
	/* west's static route to 10.10.0.0/16 uses west's side */
	const struct model_tgw_rtb *wr = g_ptr_array_index(west->rtbs, 0);
	bool seen = false;
	for (size_t i = 0; i < wr->n_routes; i++)
		for (guint j = 0; j < wr->routes[i].attachments->len; j++) {
			const struct model_tgw_attach *a = g_ptr_array_index(wr->routes[i].attachments, j);
			assert_ptr_equal(a->tgw, west);
			seen |= a == pw;
		}
	assert_true(seen);
	struct model_dxgw *g = MODEL_GET(m, MODEL_DXGW, struct model_dxgw, 0);
	assert_int_equal(g->assocs->len, 2);
	for (guint i = 0; i < g->assocs->len; i++)
		assert_false(((struct model_dxgw_assoc *)g_ptr_array_index(g->assocs, i))->gateway->stub);
	model_free(m);
	const char *const east_only[] = { "tests/fixtures/multi-region/us-east-1" };
	m = load_ok(east_only, 1);
	west = (struct model_tgw *)find(m, MODEL_TGW, "tgw-0f0000000000000f1");
	assert_true(west->o.stub);
	assert_non_null(strstr(west->o.missing, "in us-west-2 (account 111111111111)"));
	pe = model_tgw_attachment_for((struct model_tgw *)find(m, MODEL_TGW, "tgw-0e0000000000000e1"),
		"tgw-0f0000000000000f1");
	assert_ptr_equal(pe->res, &west->o);
	assert_null(pe->peer_side);
	assert_int_equal(m->warnings->len, 1);
	model_free(m);
}

/* Elastic Load Balancing API Reference, DescribeTargetHealth: the appliances behind a GWLB
 * target group and their health, from describe-target-health/NAME.ID.json (the ARN's
 * targetgroup/NAME/ID); without the file, health is not known. */
static void
test_gwlb_target_health(void **state)
{
	char *d = scratch(state, "health");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-target-groups.json",
		"{\"TargetGroups\":[{\"TargetGroupArn\":\"arn:aws:elasticloadbalancing:us-east-1:111:"
		"targetgroup/fw/0123abcd\",\"TargetGroupName\":\"fw\",\"Protocol\":\"GENEVE\",\"Port\":6081},"
		"{\"TargetGroupArn\":\"arn:aws:elasticloadbalancing:us-east-1:111:targetgroup/other/99\","
		"\"Protocol\":\"GENEVE\",\"Port\":6081}]}");
	put(d, "describe-target-health/fw.0123abcd.json",
		"{\"TargetHealthDescriptions\":[{\"Target\":{\"Id\":\"10.0.3.10\",\"Port\":6081,"
		"\"AvailabilityZone\":\"us-east-1a\"},\"HealthCheckPort\":\"80\",\"TargetHealth\":{"
		"\"State\":\"healthy\"}},{\"Target\":{\"Id\":\"10.0.4.10\",\"Port\":6081},\"TargetHealth\":"
		"{\"State\":\"unhealthy\",\"Reason\":\"Target.FailedHealthChecks\"}}]}");
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	struct model_tg *fw = MODEL_GET(m, MODEL_TG, struct model_tg, 0);
	struct model_tg *other = MODEL_GET(m, MODEL_TG, struct model_tg, 1);
	assert_true(fw->health_known);
	assert_int_equal(fw->n_targets, 2);
	assert_string_equal(fw->targets[0].id, "10.0.3.10");
	assert_string_equal(fw->targets[0].az, "us-east-1a");
	assert_int_equal(fw->targets[0].port, 6081);
	assert_true(fw->targets[0].healthy);
	assert_false(fw->targets[1].healthy);
	assert_string_equal(fw->targets[1].state, "unhealthy");
	assert_false(other->health_known);
	assert_int_equal(other->n_targets, 0);
	model_free(m);
	g_free(d);
}

/* describe-transit-gateway-connect-peers.json: each peer on its Connect attachment, with
 * its GRE and inside addresses; the lookups replay/ uses to place GRE and BGP. */
static void
test_connect_peers_on_their_attachment(void **state)
{
	(void)state;
	const char *const peers[] = { "tests/fixtures/analyze-connect-peers" };
	struct model *m = load_ok(peers, 1);
	assert_int_equal(m->warnings->len, 0);
	const struct model_tgw *g = MODEL_GET(m, MODEL_TGW, struct model_tgw, 0);
	assert_true(g->connect_peers_described);
	assert_int_equal(model_tgw_connect_count(g), 2);
	const struct model_tgw_attach *a1 =
		(void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60301");
	const struct model_tgw_attach *a2 =
		(void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60302");
	assert_int_equal(a1->connect_peers->len, 1);
	assert_int_equal(a2->connect_peers->len, 1);
	const struct model_tgw_connect_peer *p = g_ptr_array_index(a2->connect_peers, 0);
	assert_string_equal(p->id, "tgw-connect-peer-0a1b2c3d4e5f60302");
	assert_string_equal(p->name, "sdwan-b-gre");
	assert_string_equal(p->state, "available");
	assert_ptr_equal(p->attach, a2);
	char t[MODEL_PREFIX_STRLEN];
	assert_string_equal(model_addr_format(&p->tgw_addr, t), "10.99.0.1");
	assert_string_equal(model_addr_format(&p->peer_addr, t), "10.3.1.10");
	assert_int_equal(p->inside->len, 1);
	assert_string_equal(
		model_prefix_format(&g_array_index(p->inside, struct model_prefix, 0), t),
		"169.254.6.0/29");
	assert_int_equal(p->n_bgp, 2);
	assert_int_equal(p->peer_asn, 65010);
	assert_int_equal(p->bgp[1].tgw_asn, 64512);
	assert_string_equal(model_addr_format(&p->bgp[1].tgw_addr, t), "169.254.6.3");
	assert_string_equal(p->bgp[1].status, "up");
	/* GRE in either direction; inside addresses by /29 or BGP pair */
	struct model_addr x, y;
	assert_true(model_addr_parse("10.3.1.10", &x));
	assert_true(model_addr_parse("10.99.0.1", &y));
	assert_ptr_equal(model_find_connect_peer_by_gre(m, &x, &y), p);
	assert_ptr_equal(model_find_connect_peer_by_gre(m, &y, &x), p);
	assert_true(model_addr_parse("10.3.2.10", &x));
	assert_ptr_equal(model_find_connect_peer_by_gre(m, &x, &y), NULL);
	assert_true(model_addr_parse("169.254.7.1", &x));
	assert_true(model_addr_parse("169.254.7.3", &y));
	assert_ptr_equal(model_find_connect_peer_by_inside(m, g, &x, &y),
		g_ptr_array_index(a1->connect_peers, 0));
	assert_true(model_addr_parse("169.254.6.1", &y));
	assert_null(model_find_connect_peer_by_inside(m, NULL, &x, &y));
	model_free(m);
	/* the same TGW without the file: peers unknown, not "none" */
	const char *const two[] = { "tests/fixtures/analyze-connect-two" };
	m = load_ok(two, 1);
	g = MODEL_GET(m, MODEL_TGW, struct model_tgw, 0);
	assert_false(g->connect_peers_described);
	a1 = (void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-0a1b2c3d4e5f60301");
	assert_null(a1->connect_peers);
	model_free(m);
}

/* A peer of an attachment the snapshot lacks is a warning at its JSON path; one naming a
 * VPC attachment, or with a bad inside CIDR, fails the load naming the path; a deleted
 * peer is kept but carries no GRE. */
static void
test_connect_peers_bad_references(void **state)
{
	char *d = scratch(state, "connect");
	put(d, "describe-vpcs.json", vpcs);
	put(d, "describe-transit-gateways.json",
		"{\"TransitGateways\":[{\"TransitGatewayId\":\"tgw-1\",\"Options\":{"
		"\"TransitGatewayCidrBlocks\":[\"10.99.0.0/24\"]}}]}");
	put(d, "describe-transit-gateway-attachments.json",
		"{\"TransitGatewayAttachments\":["
		"{\"TransitGatewayAttachmentId\":\"tgw-attach-v\",\"TransitGatewayId\":\"tgw-1\","
		"\"ResourceType\":\"vpc\",\"ResourceId\":\"vpc-1\",\"State\":\"available\"},"
		"{\"TransitGatewayAttachmentId\":\"tgw-attach-c\",\"TransitGatewayId\":\"tgw-1\","
		"\"ResourceType\":\"connect\",\"ResourceId\":\"tgw-attach-v\",\"State\":"
		"\"available\"}]}");
	const char peer_fmt[] =
		"{\"TransitGatewayConnectPeers\":[{\"TransitGatewayAttachmentId\":\"%s\","
		"\"TransitGatewayConnectPeerId\":\"tgw-connect-peer-1\",\"State\":\"%s\","
		"\"ConnectPeerConfiguration\":{\"TransitGatewayAddress\":\"10.99.0.1\","
		"\"PeerAddress\":\"10.0.1.10\",\"InsideCidrBlocks\":[\"%s\"],"
		"\"Protocol\":\"gre\"}}]}";
	char *text = g_strdup_printf(peer_fmt, "tgw-attach-gone", "available", "169.254.6.0/29");
	put(d, "describe-transit-gateway-connect-peers.json", text);
	g_free(text);
	assert_warns(d, "describe-transit-gateway-connect-peers.json",
		"$.TransitGatewayConnectPeers[0].TransitGatewayAttachmentId",
		"Connect attachment tgw-attach-gone is not in the snapshot");
	text = g_strdup_printf(peer_fmt, "tgw-attach-v", "available", "169.254.6.0/29");
	put(d, "describe-transit-gateway-connect-peers.json", text);
	g_free(text);
	char *msg = load_fails(d, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "$.TransitGatewayConnectPeers[0].TransitGatewayAttachmentId"));
	assert_non_null(strstr(msg, "not a Connect attachment"));
	g_free(msg);
	text = g_strdup_printf(peer_fmt, "tgw-attach-c", "available", "169.254.6.0/33");
	put(d, "describe-transit-gateway-connect-peers.json", text);
	g_free(text);
	msg = load_fails(d, MODEL_ERROR_VALUE);
	assert_non_null(strstr(msg,
		"$.TransitGatewayConnectPeers[0].ConnectPeerConfiguration.InsideCidrBlocks[0]"));
	g_free(msg);
	text = g_strdup_printf(peer_fmt, "tgw-attach-c", "deleted", "169.254.6.0/29");
	put(d, "describe-transit-gateway-connect-peers.json", text);
	g_free(text);
	const char *const one[] = { d };
	struct model *m = load_ok(one, 1);
	const struct model_tgw_attach *c = (void *)find(m, MODEL_TGW_ATTACH, "tgw-attach-c");
	assert_int_equal(c->connect_peers->len, 1);
	struct model_addr x, y;
	assert_true(model_addr_parse("10.99.0.1", &x));
	assert_true(model_addr_parse("10.0.1.10", &y));
	assert_null(model_find_connect_peer_by_gre(m, &x, &y));
	model_free(m);
	g_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_counts),
		cmocka_unit_test(test_subnet_route_table_explicit_and_main),
		cmocka_unit_test(test_routes_resolved),
		cmocka_unit_test(test_tgw_tables),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_prefix_helpers),
		cmocka_unit_test(test_missing_files_mean_none),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_dangling_references),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_load_dirs_and_subdirs),
		cmocka_unit_test(test_pages_in_one_file),
		cmocka_unit_test(test_deep_json_refused),
		cmocka_unit_test(test_multi_account_as_dirs),
		cmocka_unit_test(test_multi_account_as_subdirs),
		cmocka_unit_test(test_spoke_sees_shared_tgw_without_tables),
		cmocka_unit_test(test_hub_alone_stubs),
		cmocka_unit_test(test_dxgw_association_other_region),
		cmocka_unit_test(test_prefix_list_without_entries),
		cmocka_unit_test(test_next_token_and_cut_routes),
		cmocka_unit_test(test_duplicates_merge_or_warn),
		cmocka_unit_test(test_check_subnet_ports_duplicate_ip),
		cmocka_unit_test(test_described_and_account),
		cmocka_unit_test(test_multi_region_peering_and_dxgw),
		cmocka_unit_test(test_gwlb_target_health),
		cmocka_unit_test(test_connect_peers_on_their_attachment),
		cmocka_unit_test(test_connect_peers_bad_references),
	};
	return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
