/* load_tgw.c - transit gateways from an AWS-CLI snapshot: the gateways, their attachments
 * (VPC attachment options, Connect peers), route tables, routes, associations and
 * propagations.
 *
 * Follows the Amazon EC2 API Reference (DescribeTransitGateways,
 * DescribeTransitGatewayAttachments, DescribeTransitGatewayVpcAttachments,
 * DescribeTransitGatewayRouteTables, SearchTransitGatewayRoutes,
 * GetTransitGatewayRouteTableAssociations, GetTransitGatewayRouteTablePropagations,
 * DescribeTransitGatewayConnectPeers) and the Amazon VPC Transit Gateways guide ("How
 * transit gateways work", "Transit gateway Connect attachments and Connect peers").
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

static bool
enable_flag(struct ld *ld, JsonObject *o, const char *key, bool *out)
{
	const char *v;
	if (!ld_str(ld, o, key, false, &v))
		return false;
	*out = v && !strcmp(v, "enable");
	return true;
}

/* An "enable"/"disable" option whose absence means dflt (AWS's default for it); any other
 * value is warned about at its JSON path and taken as dflt (warn and go on). */
static bool
enable_flag_default(struct ld *ld, JsonObject *o, const char *key, bool dflt, bool *out)
{
	const char *v;
	if (!ld_str(ld, o, key, false, &v))
		return false;
	if (!v)
		*out = dflt;
	else if (!strcmp(v, "enable"))
		*out = true;
	else if (!strcmp(v, "disable"))
		*out = false;
	else {
		ld_warn(ld, key, "\"%s\" is neither \"enable\" nor \"disable\": taken as "
				 "AWS's default (%s)",
			v, dflt ? "enable" : "disable");
		*out = dflt;
	}
	return true;
}

bool
ld_load_tgws(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-transit-gateways.json", "TransitGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw *t;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(t = ld_obj_new(ld, MODEL_TGW, sizeof(*t), o, "TransitGatewayId")) ||
			!ld_strdup(ld, o, "State", &t->state) ||
			!ld_strdup(ld, o, "OwnerId", &t->owner_id) ||
			!ld_obj(ld, o, "Options", &op))
			return false;
		t->cidr_blocks = ld_prefixes_new();
		t->attachments = g_ptr_array_new();
		t->rtbs = g_ptr_array_new();
		if (!op)
			continue;
		size_t mk = ld_push_key(ld, "Options");
		JsonArray *cb;
		if (!ld_asn(ld, op, "AmazonSideAsn", &t->asn) ||
			!enable_flag(ld, op, "VpnEcmpSupport", &t->vpn_ecmp) ||
			!enable_flag(ld, op, "DnsSupport", &t->dns_support) ||
			!enable_flag(ld, op, "DefaultRouteTableAssociation", &t->default_association) ||
			!enable_flag(ld, op, "DefaultRouteTablePropagation", &t->default_propagation) ||
			/* Transit Gateways guide, "Security group referencing"; EC2 API
			 * Reference, TransitGatewayOptions: disabled by default */
			!enable_flag_default(ld, op, "SecurityGroupReferencingSupport", false,
				&t->sg_referencing) ||
			!ld_arr(ld, op, "TransitGatewayCidrBlocks", &cb))
			return false;
		for (guint j = 0; j < ld_alen(cb); j++) {
			size_t mk2 = ld_push_idx(ld, "TransitGatewayCidrBlocks", j);
			const char *cs;
			struct model_prefix p;
			if (!ld_elem_str(ld, cb, j, &cs))
				return false;
			if (!model_prefix_parse(cs, &p))
				return ld_fail(ld, MODEL_ERROR_VALUE, NULL, "not a CIDR: \"%s\"", cs);
			g_array_append_val(t->cidr_blocks, p);
			ld_pop(ld, mk2);
		}
		ld_pop(ld, mk);
	}
	return true;
}

bool
ld_load_tgw_rtbs(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-transit-gateway-route-tables.json", "TransitGatewayRouteTables", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_tgw_rtb *r;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(r = ld_obj_new(ld, MODEL_TGW_RTB, sizeof(*r), o, "TransitGatewayRouteTableId")) ||
			!ld_ref(ld, o, "TransitGatewayId", MODEL_TGW, true, (void **)&r->tgw) ||
			!ld_bool(ld, o, "DefaultAssociationRouteTable", false, &r->default_association) ||
			!ld_bool(ld, o, "DefaultPropagationRouteTable", false, &r->default_propagation))
			return false;
		r->associations = g_ptr_array_new();
		r->propagations = g_ptr_array_new();
		g_ptr_array_add(r->tgw->rtbs, r);
	}
	/* the transit gateways' default tables, now that the tables exist */
	if (!ld_src_open(ld, "describe-transit-gateways.json", "TransitGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw *t = MODEL_GET(ld->m, MODEL_TGW, struct model_tgw, i);
		if (!ld_src_elem(ld, &s, i, &o) || !ld_obj(ld, o, "Options", &op))
			return false;
		if (!op)
			continue;
		/* a TGW shared by RAM names its owner's default tables, which this account cannot
		 * describe: those stay NULL (the TGW is marked missing once the tables are read) */
		const char *ad, *pd;
		if (!ld_str(ld, op, "AssociationDefaultRouteTableId", false, &ad) ||
			!ld_str(ld, op, "PropagationDefaultRouteTableId", false, &pd))
			return false;
		t->assoc_default_rtb = (struct model_tgw_rtb *)model_find(ld->m, MODEL_TGW_RTB, ad);
		t->prop_default_rtb = (struct model_tgw_rtb *)model_find(ld->m, MODEL_TGW_RTB, pd);
	}
	return true;
}

static bool
parse_res_type(const char *t, enum model_tgw_res *out)
{
	static const struct {
		const char *name;
		enum model_tgw_res r;
	} types[] = {
		{ "vpc", MODEL_TGW_RES_VPC },
		{ "vpn", MODEL_TGW_RES_VPN },
		{ "direct-connect-gateway", MODEL_TGW_RES_DXGW },
		{ "connect", MODEL_TGW_RES_CONNECT },
		{ "peering", MODEL_TGW_RES_PEERING },
		{ "tgw-peering", MODEL_TGW_RES_PEERING },
		{ "network-function", MODEL_TGW_RES_NETWORK_FUNCTION },
	};
	*out = MODEL_TGW_RES_OTHER;
	for (unsigned i = 0; i < G_N_ELEMENTS(types); i++)
		if (!strcmp(t, types[i].name)) {
			*out = types[i].r;
			return true;
		}
	return false;
}

static void
tgw_associate(struct model_tgw_attach *a, struct model_tgw_rtb *r)
{
	a->assoc_rtb = r;
	ld_add_unique(r->associations, a);
}

static void
tgw_propagate(struct model_tgw_attach *a, struct model_tgw_rtb *r)
{
	ld_add_unique(a->propagates_to, r);
	ld_add_unique(r->propagations, a);
}

bool
ld_load_tgw_attachments(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-transit-gateway-attachments.json", "TransitGatewayAttachments", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *as;
		struct model_tgw_attach *a;
		const char *type;
		const char *aid, *tid;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!ld_str(ld, o, "TransitGatewayAttachmentId", true, &aid) ||
			!ld_str(ld, o, "TransitGatewayId", true, &tid))
			return false;
		struct model_tgw_attach *first =
			(struct model_tgw_attach *)model_find(ld->m, MODEL_TGW_ATTACH, aid);
		bool side = first && first->tgw && strcmp(first->tgw->o.id, tid) != 0;
		a = side ? ld_obj_new_side(ld, MODEL_TGW_ATTACH, sizeof(*a), o,
				   "TransitGatewayAttachmentId")
			 : ld_obj_new(ld, MODEL_TGW_ATTACH, sizeof(*a), o,
				   "TransitGatewayAttachmentId");
		if (!a || !ld_ref(ld, o, "TransitGatewayId", MODEL_TGW, true, (void **)&a->tgw) ||
			!ld_str(ld, o, "ResourceType", true, &type) ||
			!ld_strdup(ld, o, "ResourceId", &a->res_id) ||
			!ld_strdup(ld, o, "State", &a->state) || !ld_obj(ld, o, "Association", &as))
			return false;
		a->propagates_to = g_ptr_array_new();
		a->subnets = g_ptr_array_new();
		/* AWS's default for a VPC attachment until its Options say otherwise */
		a->sg_referencing = true;
		g_ptr_array_add(a->tgw->attachments, a);
		parse_res_type(type, &a->res_type);
		static const enum model_kind res_kinds[] = {
			[MODEL_TGW_RES_VPC] = MODEL_VPC,
			[MODEL_TGW_RES_VPN] = MODEL_VPN,
			[MODEL_TGW_RES_DXGW] = MODEL_DXGW,
		};
		if (a->res_type <= MODEL_TGW_RES_DXGW) {
			if (!a->res_id)
				return ld_fail(ld, MODEL_ERROR_TYPE, "ResourceId", "missing");
			const char *owner;
			if (!ld_str(ld, o, "ResourceOwnerId", false, &owner))
				return false;
			struct model_obj *known = g_hash_table_lookup(ld->m->by_id, a->res_id);
			if (!known && a->res_type == MODEL_TGW_RES_VPC) {
				/* the TGW owner sees the attachments of every account's VPC; the
				 * VPC itself is in that account's snapshot */
				a->res = ld_stub(ld, MODEL_VPC, a->res_id, "ResourceId",
					"VPC %s (account %s) is not in the snapshot: its subnets "
					"and route tables are unknown",
					a->res_id, owner ? owner : "unknown");
			} else if (!known && a->res_type == MODEL_TGW_RES_VPN) {
				a->o.missing = g_strdup_printf(
					"VPN connection %s of %s is not in the snapshot", a->res_id,
					a->o.id);
				ld_warn(ld, "ResourceId", "%s", a->o.missing);
			} else if (!ld_ref_id(ld, "ResourceId", res_kinds[a->res_type], a->res_id,
					   (void **)&a->res)) {
				return false;
			}
			if (a->res_type == MODEL_TGW_RES_VPN && a->res) {
				struct model_vpn *vpn = (struct model_vpn *)a->res;
				if (vpn->tgw != a->tgw)
					return ld_fail(ld, MODEL_ERROR_REFERENCE, "ResourceId",
						"%s is not on %s", vpn->o.id, a->tgw->o.id);
				vpn->tgw_attach = a;
			}
		} else if (a->res_type == MODEL_TGW_RES_PEERING && a->res_id) {
			/* the peer TGW (ResourceId), of another Region or account: its own
			 * snapshot describes it and its side of the attachment */
			const char *owner;
			if (!ld_str(ld, o, "ResourceOwnerId", false, &owner))
				return false;
			a->res = g_hash_table_lookup(ld->m->by_id, a->res_id);
			if (!a->res)
				a->res = ld_stub(ld, MODEL_TGW, a->res_id, "ResourceId",
					"transit gateway %s (account %s), the peer of %s, is not "
					"in the snapshot: its route tables are unknown",
					a->res_id, owner ? owner : "unknown", a->o.id);
		} else if (a->res_id) {
			a->res = g_hash_table_lookup(ld->m->by_id, a->res_id);
		}
		if (side && a->res_type != MODEL_TGW_RES_PEERING)
			return ld_fail(ld, MODEL_ERROR_VALUE, "TransitGatewayId",
				"%s is already on %s and is not a peering attachment", a->o.id,
				first->tgw->o.id);
		if (as) {
			size_t mk = ld_push_key(ld, "Association");
			struct model_tgw_rtb *r = NULL;
			const char *state, *rid;
			if (!ld_str(ld, as, "TransitGatewayRouteTableId", false, &rid) ||
				!ld_str(ld, as, "State", false, &state))
				return false;
			bool on = !state || !strcmp(state, "associated") ||
				  !strcmp(state, "associating");
			if (rid && !g_hash_table_lookup(ld->m->by_id, rid)) {
				/* a spoke's view of a shared TGW: the table is the owner's */
				if (on && !a->o.missing) {
					a->o.missing = g_strdup_printf(
						"%s is associated with %s, which is not in "
						"the snapshot (the TGW owner's)",
						a->o.id, rid);
					ld_warn(ld, "TransitGatewayRouteTableId", "%s",
						a->o.missing);
				}
			} else if (!ld_ref(ld, as, "TransitGatewayRouteTableId", MODEL_TGW_RTB,
					   false, (void **)&r)) {
				return false;
			}
			if (r && on)
				tgw_associate(a, r);
			ld_pop(ld, mk);
		}
	}
	/* the two sides of each peering: a on TGW A toward B, b on B toward A (same id, or
	 * the accepter's own: TransitGatewayPeeringAttachment.AccepterTransitGatewayAttachmentId)
	 */
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_TGW_ATTACH); i++) {
		struct model_tgw_attach *a =
			MODEL_GET(ld->m, MODEL_TGW_ATTACH, struct model_tgw_attach, i);
		if (a->res_type != MODEL_TGW_RES_PEERING || !a->res || a->res->kind != MODEL_TGW ||
			a->peer_side)
			continue;
		const struct model_tgw *b_tgw = (const struct model_tgw *)a->res;
		for (guint j = 0; j < b_tgw->attachments->len && !a->peer_side; j++) {
			struct model_tgw_attach *b = g_ptr_array_index(b_tgw->attachments, j);
			if (b != a && b->res_type == MODEL_TGW_RES_PEERING && !b->peer_side &&
				b->res == &a->tgw->o) {
				a->peer_side = b;
				b->peer_side = a;
			}
		}
	}
	if (!ld_src_open(ld, "describe-transit-gateway-vpc-attachments.json",
		    "TransitGatewayVpcAttachments", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_tgw_attach *a;
		const char *aid;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!ld_str(ld, o, "TransitGatewayAttachmentId", true, &aid))
			return false;
		if (!g_hash_table_lookup(ld->m->by_id, aid)) {
			ld_warn(ld, "TransitGatewayAttachmentId",
				"%s is not in describe-transit-gateway-attachments.json: its "
				"options are unused",
				aid);
			continue;
		}
		if (!ld_ref(ld, o, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH, true,
			    (void **)&a) ||
			!ld_obj(ld, o, "Options", &op))
			return false;
		/* the subnets of another account's VPC are in that account's snapshot */
		if ((!a->res || !a->res->stub) &&
			!ld_ref_strings(ld, o, "SubnetIds", MODEL_SUBNET, a->subnets))
			return false;
		if (op) {
			size_t mk = ld_push_key(ld, "Options");
			if (!enable_flag(ld, op, "ApplianceModeSupport", &a->appliance_mode) ||
				!enable_flag(ld, op, "Ipv6Support", &a->ipv6_support) ||
				/* EC2 API Reference, TransitGatewayVpcAttachmentOptions /
				 * CreateTransitGatewayVpcAttachmentRequestOptions: enable by
				 * default on the attachment */
				!enable_flag_default(ld, op, "SecurityGroupReferencingSupport",
					true, &a->sg_referencing))
				return false;
			ld_pop(ld, mk);
		}
	}
	return true;
}

static void
connect_peer_free(gpointer p)
{
	struct model_tgw_connect_peer *c = p;
	for (size_t i = 0; i < c->n_bgp; i++)
		g_free(c->bgp[i].status);
	g_free(c->bgp);
	if (c->inside)
		g_array_free(c->inside, TRUE);
	g_free(c->id);
	g_free(c->name);
	g_free(c->state);
	g_free(c);
}

/* ConnectPeerConfiguration of one Connect peer (EC2 API Reference,
 * TransitGatewayConnectPeerConfiguration, TransitGatewayAttachmentBgpConfiguration). */
static bool
connect_peer_config(struct ld *ld, JsonObject *cf, struct model_tgw_connect_peer *c)
{
	const char *proto;
	JsonArray *in, *bgp;
	if (!ld_addr(ld, cf, "TransitGatewayAddress", false, &c->tgw_addr) ||
		!ld_addr(ld, cf, "PeerAddress", true, &c->peer_addr) ||
		!ld_str(ld, cf, "Protocol", false, &proto) ||
		!ld_arr(ld, cf, "InsideCidrBlocks", &in) ||
		!ld_arr(ld, cf, "BgpConfigurations", &bgp))
		return false;
	/* Transit Gateways guide, "Connect peers": GRE is the only tunnel protocol */
	if (proto && strcmp(proto, "gre"))
		ld_warn(ld, "Protocol", "\"%s\" is not \"gre\": the tunnel is taken as GRE", proto);
	for (guint j = 0; j < ld_alen(in); j++) {
		size_t mk = ld_push_idx(ld, "InsideCidrBlocks", j);
		const char *cs;
		struct model_prefix p;
		if (!ld_elem_str(ld, in, j, &cs))
			return false;
		if (!model_prefix_parse(cs, &p))
			return ld_fail(ld, MODEL_ERROR_VALUE, NULL, "not a CIDR: \"%s\"", cs);
		g_array_append_val(c->inside, p);
		ld_pop(ld, mk);
	}
	c->bgp = g_new0(struct model_tgw_connect_bgp, ld_alen(bgp) + 1);
	for (guint j = 0; j < ld_alen(bgp); j++) {
		size_t mk = ld_push_idx(ld, "BgpConfigurations", j);
		JsonObject *b;
		struct model_tgw_connect_bgp *cb = &c->bgp[c->n_bgp++];
		if (!ld_elem_obj(ld, bgp, j, &b) ||
			!ld_asn(ld, b, "TransitGatewayAsn", &cb->tgw_asn) ||
			!ld_asn(ld, b, "PeerAsn", &cb->peer_asn) ||
			!ld_addr(ld, b, "TransitGatewayAddress", false, &cb->tgw_addr) ||
			!ld_addr(ld, b, "PeerAddress", false, &cb->peer_addr) ||
			!ld_strdup(ld, b, "BgpStatus", &cb->status))
			return false;
		if (!c->peer_asn)
			c->peer_asn = cb->peer_asn;
		ld_pop(ld, mk);
	}
	return true;
}

/* describe-transit-gateway-connect-peers (optional): each Connect peer on its Connect
 * attachment. A TGW identifies the GRE packets of a Connect peer by its two outer
 * addresses and takes every other packet as the transport attachment's (Transit Gateways
 * guide, "Transit gateway Connect attachments and Connect peers"), so these addresses are
 * what places a GRE tunnel and the BGP inside it on one Connect attachment. */
bool
ld_load_tgw_connect_peers(struct ld *ld)
{
	static const char file[] = "describe-transit-gateway-connect-peers.json";
	/* which TGWs' snapshots held the file: their peers are all there are */
	for (guint d = 0; d < ld->dirs->len && d < ld->m->snapshots->len; d++) {
		char *path = g_build_filename(g_ptr_array_index(ld->dirs, d), file, NULL);
		bool there = g_file_test(path, G_FILE_TEST_EXISTS);
		g_free(path);
		const struct model_snapshot *sn = g_ptr_array_index(ld->m->snapshots, d);
		for (guint i = 0; there && i < MODEL_COUNT(ld->m, MODEL_TGW); i++) {
			struct model_tgw *t = MODEL_GET(ld->m, MODEL_TGW, struct model_tgw, i);
			if (t->o.snapshot == sn)
				t->connect_peers_described = true;
		}
	}
	struct src s;
	if (!ld_src_open(ld, file, "TransitGatewayConnectPeers", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *cf;
		const char *pid, *aid;
		struct model_tgw_attach *a;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!ld_str(ld, o, "TransitGatewayConnectPeerId", true, &pid) ||
			!ld_str(ld, o, "TransitGatewayAttachmentId", true, &aid))
			return false;
		if (!g_hash_table_lookup(ld->m->by_id, aid)) {
			ld_warn(ld, "TransitGatewayAttachmentId",
				"Connect attachment %s is not in the snapshot: its Connect peer %s "
				"is unused",
				aid, pid);
			continue;
		}
		if (!ld_ref(ld, o, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH, true,
			    (void **)&a))
			return false;
		if (a->res_type != MODEL_TGW_RES_CONNECT)
			return ld_fail(ld, MODEL_ERROR_REFERENCE, "TransitGatewayAttachmentId",
				"%s is a %s attachment, not a Connect attachment (Connect peer %s)",
				a->o.id, model_tgw_res_name(a->res_type), pid);
		if (!ld_obj(ld, o, "ConnectPeerConfiguration", &cf))
			return false;
		if (!cf)
			return ld_fail(ld, MODEL_ERROR_TYPE, "ConnectPeerConfiguration", "missing");
		struct model_tgw_connect_peer *c = g_new0(struct model_tgw_connect_peer, 1);
		c->id = g_strdup(pid);
		c->attach = a;
		c->inside = ld_prefixes_new();
		if (!a->connect_peers)
			a->connect_peers = g_ptr_array_new_with_free_func(connect_peer_free);
		g_ptr_array_add(a->connect_peers, c);
		if (!ld_strdup(ld, o, "State", &c->state) || !ld_name_tag(ld, o, &c->name))
			return false;
		size_t mk = ld_push_key(ld, "ConnectPeerConfiguration");
		if (!connect_peer_config(ld, cf, c))
			return false;
		ld_pop(ld, mk);
	}
	return true;
}

/* TRUE when account is one of the snapshots' own (account.json); with no account.json at
 * all nothing is known to be ours. */
static bool
own_account(const struct model *m, const char *account)
{
	for (guint i = 0; account && i < m->snapshots->len; i++) {
		const struct model_snapshot *sn = g_ptr_array_index(m->snapshots, i);
		if (sn->account && !strcmp(sn->account, account))
			return true;
	}
	return false;
}

/* A TGW with no route table in the snapshot, when it belongs to another account (shared by
 * RAM: the spoke sees the TGW, not its tables) or no describe-transit-gateway-route-tables
 * was taken, has routes nobody here knows (Reachability Analyzer:
 * TGW_RTB_ROUTES_ARE_UNKNOWN); so have its attachments' associations. */
static bool
ld_tgw_unknown_tables(struct ld *ld)
{
	struct model *m = ld->m;
	for (guint i = 0; i < MODEL_COUNT(m, MODEL_TGW); i++) {
		struct model_tgw *t = MODEL_GET(m, MODEL_TGW, struct model_tgw, i);
		if (t->rtbs->len || t->o.missing)
			continue;
		if (m->described[MODEL_TGW_RTB] && own_account(m, t->owner_id))
			continue;
		t->o.missing =
			g_strdup_printf("route tables of %s (owner %s) are not in the snapshot",
				t->o.id, t->owner_id ? t->owner_id : "unknown");
		ld->file = ld_file_of(ld, "describe-transit-gateways.json");
		g_string_printf(
			ld->path, "$.TransitGateways[?(@.TransitGatewayId=='%s')]", t->o.id);
		ld_warn(ld, NULL, "%s", t->o.missing);
		for (guint j = 0; j < t->attachments->len; j++) {
			struct model_tgw_attach *a = g_ptr_array_index(t->attachments, j);
			if (!a->assoc_rtb && !a->o.missing)
				a->o.missing = g_strdup_printf(
					"the route table %s is associated with is not "
					"in the snapshot (%s's are another account's)",
					a->o.id, t->o.id);
		}
	}
	return true;
}

/* search-transit-gateway-routes, get-transit-gateway-route-table-associations and
 * -propagations, one file per TGW route table. */
bool
ld_load_tgw_tables(struct ld *ld)
{
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_TGW_RTB); i++) {
		struct model_tgw_rtb *r = MODEL_GET(ld->m, MODEL_TGW_RTB, struct model_tgw_rtb, i);
		char *rel = g_strdup_printf("search-transit-gateway-routes/%s.json", r->o.id);
		struct src s;
		bool ok = ld_src_open(ld, rel, "Routes", &s);
		g_free(rel);
		if (!ok)
			return false;
		/* any page cut short cuts the table (search-transit-gateway-routes: at most
		 * 1,000 routes, AdditionalRoutesAvailable says there were more) */
		for (guint p = 0; p < s.roots->len; p++) {
			bool more;
			ld->file = g_ptr_array_index(s.root_files, p);
			g_string_assign(ld->path, "$");
			if (!ld_bool(ld, g_ptr_array_index(s.roots, p), "AdditionalRoutesAvailable", false,
				    &more))
				return false;
			r->routes_truncated |= more;
			/* EC2 API Reference, SearchTransitGatewayRoutes: at most MaxResults (1000)
			 * routes, and AdditionalRoutesAvailable says the list was cut */
			if (more)
				ld_warn(ld, "AdditionalRoutesAvailable",
					"the routes of %s are cut (more than the search returned): "
					"a lookup may miss the route that matches",
					r->o.id);
		}
		r->routes = g_new0(struct model_tgw_route, ld_src_len(&s) + 1);
		for (guint j = 0; j < ld_src_len(&s); j++) {
			JsonObject *o;
			struct model_tgw_route *rt = &r->routes[r->n_routes++];
			rt->attachments = g_ptr_array_new();
			const char *type, *state, *pl;
			struct model_prefix v6;
			if (!ld_src_elem(ld, &s, j, &o) ||
				!ld_prefix(ld, o, "DestinationCidrBlock", false, &rt->dst) ||
				!ld_prefix(ld, o, "DestinationIpv6CidrBlock", false, &v6) ||
				!ld_str(ld, o, "PrefixListId", false, &pl) ||
				!ld_str(ld, o, "Type", true, &type) || !ld_str(ld, o, "State", true, &state))
				return false;
			if (!rt->dst.af)
				rt->dst = v6;
			if (pl && !ld_ref_id(ld, "PrefixListId", MODEL_PL, pl, (void **)&rt->dst_pl))
				return false;
			if (rt->dst.af)
				rt->dkind = rt->dst.af == MODEL_AF_INET ? MODEL_DEST_CIDR4 : MODEL_DEST_CIDR6;
			else if (pl)
				rt->dkind = MODEL_DEST_PREFIX_LIST;
			else
				return ld_fail(ld, MODEL_ERROR_TYPE, "DestinationCidrBlock",
					"missing (and no PrefixListId)");
			if (!strcmp(type, "static"))
				rt->type = MODEL_TGW_ROUTE_STATIC;
			else if (!strcmp(type, "propagated"))
				rt->type = MODEL_TGW_ROUTE_PROPAGATED;
			else
				return ld_fail(ld, MODEL_ERROR_VALUE, "Type", "not static or propagated: \"%s\"", type);
			if (!strcmp(state, "active"))
				rt->state = MODEL_STATE_ACTIVE;
			else if (!strcmp(state, "blackhole"))
				rt->state = MODEL_STATE_BLACKHOLE;
			else
				return ld_fail(ld, MODEL_ERROR_VALUE, "State", "not active or blackhole: \"%s\"", state);
			JsonArray *a;
			if (!ld_arr(ld, o, "TransitGatewayAttachments", &a))
				return false;
			for (guint k = 0; k < ld_alen(a); k++) {
				size_t mk = ld_push_idx(ld, "TransitGatewayAttachments", k);
				JsonObject *e;
				const char *aid;
				struct model_tgw_attach *at;
				if (!ld_elem_obj(ld, a, k, &e) ||
					!ld_str(ld, e, "TransitGatewayAttachmentId", true, &aid))
					return false;
				struct model_obj *known = g_hash_table_lookup(ld->m->by_id, aid);
				if (!known && rt->state == MODEL_STATE_BLACKHOLE) {
					ld_pop(ld, mk);
					continue;
				}
				if (!known) {
					/* Transit Gateways guide, "Transit gateway attachments":
					 * the TGW owner sees every attachment, so this one is
					 * missing from the snapshot; the route still names where
					 * traffic goes */
					at = ld_stub(ld, MODEL_TGW_ATTACH, aid,
						"TransitGatewayAttachmentId",
						"transit gateway attachment %s (in a route of %s) "
						"is not in the snapshot: where it leads is unknown",
						aid, r->o.id);
					at->tgw = r->tgw;
					g_ptr_array_add(r->tgw->attachments, at);
					/* what the route itself says the attachment leads to */
					const char *rid, *rtype;
					if (!ld_str(ld, e, "ResourceId", false, &rid) ||
						!ld_str(ld, e, "ResourceType", false, &rtype))
						return false;
					at->res_id = g_strdup(rid);
					if (rtype)
						parse_res_type(rtype, &at->res_type);
				} else if (!ld_ref_id(ld, "TransitGatewayAttachmentId",
						   MODEL_TGW_ATTACH, aid, (void **)&at)) {
					return false;
				}
				if (at->tgw != r->tgw && at->peer_side &&
					at->peer_side->tgw == r->tgw)
					at = at->peer_side;
				if (at->tgw != r->tgw)
					return ld_fail(ld, MODEL_ERROR_REFERENCE, "TransitGatewayAttachmentId",
						"%s belongs to %s, not %s", aid, at->tgw->o.id, r->tgw->o.id);
				g_ptr_array_add(rt->attachments, at);
				ld_pop(ld, mk);
			}
		}
		static const char *const files[][2] = {
			{ "get-transit-gateway-route-table-associations", "Associations" },
			{ "get-transit-gateway-route-table-propagations", "TransitGatewayRouteTablePropagations" },
		};
		for (unsigned f = 0; f < 2; f++) {
			rel = g_strdup_printf("%s/%s.json", files[f][0], r->o.id);
			ok = ld_src_open(ld, rel, files[f][1], &s);
			g_free(rel);
			if (!ok)
				return false;
			for (guint j = 0; j < ld_src_len(&s); j++) {
				JsonObject *o;
				struct model_tgw_attach *at;
				const char *state, *aid;
				if (!ld_src_elem(ld, &s, j, &o) ||
					!ld_str(ld, o, "TransitGatewayAttachmentId", true, &aid))
					return false;
				if (!g_hash_table_lookup(ld->m->by_id, aid)) {
					ld_warn(ld, "TransitGatewayAttachmentId",
						"transit gateway attachment %s is not in the "
						"snapshot: its %s is unused",
						aid, f ? "propagation" : "association");
					continue;
				}
				if (!ld_ref(ld, o, "TransitGatewayAttachmentId", MODEL_TGW_ATTACH,
					    true, (void **)&at) ||
					!ld_str(ld, o, "State", false, &state))
					return false;
				if (at->tgw != r->tgw && at->peer_side &&
					at->peer_side->tgw == r->tgw)
					at = at->peer_side;
				if (at->tgw != r->tgw)
					return ld_fail(ld, MODEL_ERROR_REFERENCE, "TransitGatewayAttachmentId",
						"%s belongs to %s, not %s", at->o.id, at->tgw->o.id, r->tgw->o.id);
				if (state && strcmp(state, f ? "enabled" : "associated") &&
					strcmp(state, f ? "enabling" : "associating"))
					continue;
				if (f == 0) {
					if (at->assoc_rtb && at->assoc_rtb != r)
						return ld_fail(ld, MODEL_ERROR_VALUE, "TransitGatewayAttachmentId",
							"%s is already associated with %s", at->o.id,
							at->assoc_rtb->o.id);
					tgw_associate(at, r);
				} else {
					tgw_propagate(at, r);
				}
			}
		}
	}
	return ld_tgw_unknown_tables(ld);
}
