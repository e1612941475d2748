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
		[MODEL_SG] = 7, [MODEL_ENI] = 14, [MODEL_IGW] = 2, [MODEL_EIGW] = 1,
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
	msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "describe-route-tables.json: $.RouteTables[0].Routes[1].TransitGatewayId: "
				    "unknown transit gateway tgw-404"));
	g_free(msg);
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
	msg = load_fails(parent, MODEL_ERROR_REFERENCE);
	assert_non_null(strstr(msg, "search-transit-gateway-routes/tgw-rtb-1.json: "
				    "$.Routes[0].TransitGatewayAttachments[0].TransitGatewayAttachmentId: "
				    "unknown transit gateway attachment tgw-attach-x"));
	g_free(msg);
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
	};
	return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
