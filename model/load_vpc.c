/* load_vpc.c - the VPC's own objects from an AWS-CLI snapshot: VPCs, subnets, internet and
 * egress-only gateways, security groups, network ACLs, peering connections, network
 * interfaces, NAT gateways, route tables, VPC endpoints and prefix lists.
 *
 * Follows the Amazon EC2 API Reference for each call's output (DescribeVpcs,
 * DescribeSubnets, DescribeInternetGateways, DescribeEgressOnlyInternetGateways,
 * DescribeSecurityGroups, DescribeNetworkAcls, DescribeVpcPeeringConnections,
 * DescribeNetworkInterfaces, DescribeNatGateways, DescribeRouteTables,
 * DescribeVpcEndpoints, DescribePrefixLists, DescribeManagedPrefixLists,
 * GetManagedPrefixListEntries) as the AWS CLI prints it (`aws ec2 describe-vpcs` …, AWS CLI
 * Command Reference), and the Amazon VPC User Guide for what the fields mean.
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

/* describe-prefix-lists (AWS-managed, with Cidrs), describe-managed-prefix-lists and
 * get-managed-prefix-list-entries/<pl>.json. The same list may appear in both. */
bool
ld_load_prefix_lists(struct ld *ld)
{
	static const char *const files[] = { "describe-prefix-lists.json",
		"describe-managed-prefix-lists.json" };
	for (unsigned f = 0; f < G_N_ELEMENTS(files); f++) {
		struct src s;
		if (!ld_src_open(ld, files[f], "PrefixLists", &s))
			return false;
		for (guint i = 0; i < ld_src_len(&s); i++) {
			JsonObject *o;
			const char *id, *name;
			if (!ld_src_elem(ld, &s, i, &o) || !ld_str(ld, o, "PrefixListId", true, &id) ||
				!ld_str(ld, o, "PrefixListName", false, &name))
				return false;
			struct model_obj *ob = g_hash_table_lookup(ld->m->by_id, id);
			struct model_pl *pl = (struct model_pl *)ob;
			if (!ob) {
				pl = ld_obj_new(ld, MODEL_PL, sizeof(*pl), o, "PrefixListId");
				if (!pl)
					return false;
				pl->cidrs = ld_prefixes_new();
			} else if (ob->kind != MODEL_PL) {
				return ld_fail(ld, MODEL_ERROR_VALUE, "PrefixListId", "duplicate id %s", id);
			}
			if (name && !pl->o.name)
				pl->o.name = g_strdup(name);
			if (f == 0)
				pl->aws_managed = true;
			JsonArray *c;
			if (!ld_arr(ld, o, "Cidrs", &c))
				return false;
			for (guint j = 0; j < ld_alen(c); j++) {
				size_t mk = ld_push_idx(ld, "Cidrs", j);
				const char *cs;
				struct model_prefix p;
				if (!ld_elem_str(ld, c, j, &cs))
					return false;
				if (!model_prefix_parse(cs, &p))
					return ld_fail(ld, MODEL_ERROR_VALUE, NULL, "not a CIDR: \"%s\"", cs);
				g_array_append_val(pl->cidrs, p);
				ld_pop(ld, mk);
			}
		}
	}
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_PL); i++) {
		struct model_pl *pl = MODEL_GET(ld->m, MODEL_PL, struct model_pl, i);
		char *rel = g_strdup_printf("get-managed-prefix-list-entries/%s.json", pl->o.id);
		struct src s;
		bool ok = ld_src_open(ld, rel, "Entries", &s);
		g_free(rel);
		if (!ok)
			return false;
		for (guint j = 0; j < ld_src_len(&s); j++) {
			JsonObject *o;
			struct model_prefix p;
			if (!ld_src_elem(ld, &s, j, &o) || !ld_prefix(ld, o, "Cidr", true, &p))
				return false;
			bool dup = false;
			for (guint k = 0; k < pl->cidrs->len; k++)
				dup |= !model_prefix_cmp(&g_array_index(pl->cidrs, struct model_prefix, k), &p);
			if (!dup)
				g_array_append_val(pl->cidrs, p);
		}
		/* describe-managed-prefix-lists shows no entries: without the list's
		 * get-managed-prefix-list-entries file its CIDRs are unknown, not none */
		if (!s.roots->len && !pl->cidrs->len && !pl->o.missing) {
			pl->o.missing = g_strdup_printf(
				"entries of prefix list %s%s%s%s are not in the "
				"snapshot (get-managed-prefix-list-entries/%s.json)",
				pl->o.id, pl->o.name ? " (" : "", pl->o.name ? pl->o.name : "",
				pl->o.name ? ")" : "", pl->o.id);
			ld->file = ld_file_of(ld, "describe-managed-prefix-lists.json");
			g_string_printf(
				ld->path, "$.PrefixLists[?(@.PrefixListId=='%s')]", pl->o.id);
			ld_warn(ld, NULL, "%s", pl->o.missing);
		}
	}
	return true;
}

bool
ld_load_vpcs(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-vpcs.json", "Vpcs", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_vpc *v;
		if (!ld_src_elem(ld, &s, i, &o) || !(v = ld_obj_new(ld, MODEL_VPC, sizeof(*v), o, "VpcId")))
			return false;
		v->cidr4 = ld_prefixes_new();
		v->cidr6 = ld_prefixes_new();
		v->subnets = g_ptr_array_new();
		struct model_prefix primary;
		if (!ld_prefix(ld, o, "CidrBlock", false, &primary) ||
			!ld_bool(ld, o, "IsDefault", false, &v->is_default) ||
			!ld_strdup(ld, o, "OwnerId", &v->owner_id))
			return false;
		if (primary.af)
			g_array_append_val(v->cidr4, primary);
		/* the association sets, skipping the primary again and disassociated blocks */
		static const char *const sets[][3] = {
			{ "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState" },
			{ "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState" },
		};
		for (unsigned k = 0; k < 2; k++) {
			JsonArray *a;
			if (!ld_arr(ld, o, sets[k][0], &a))
				return false;
			for (guint j = 0; j < ld_alen(a); j++) {
				size_t mk = ld_push_idx(ld, sets[k][0], j);
				JsonObject *e, *st;
				struct model_prefix p;
				const char *state = NULL;
				if (!ld_elem_obj(ld, a, j, &e) || !ld_prefix(ld, e, sets[k][1], false, &p) ||
					!ld_obj(ld, e, sets[k][2], &st) ||
					(st && !ld_str(ld, st, "State", false, &state)))
					return false;
				ld_pop(ld, mk);
				if (!p.af || (state && strcmp(state, "associated") != 0))
					continue;
				GArray *to = p.af == MODEL_AF_INET ? v->cidr4 : v->cidr6;
				bool dup = false;
				for (guint n = 0; n < to->len; n++)
					dup |= !model_prefix_cmp(&g_array_index(to, struct model_prefix, n), &p);
				if (!dup)
					g_array_append_val(to, p);
			}
		}
	}
	return true;
}

bool
ld_load_subnets(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-subnets.json", "Subnets", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_subnet *sn;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(sn = ld_obj_new(ld, MODEL_SUBNET, sizeof(*sn), o, "SubnetId")) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&sn->vpc) ||
			!ld_prefix(ld, o, "CidrBlock", false, &sn->cidr4) ||
			!ld_strdup(ld, o, "AvailabilityZone", &sn->az) ||
			!ld_strdup(ld, o, "AvailabilityZoneId", &sn->az_id) ||
			!ld_bool(ld, o, "MapPublicIpOnLaunch", false, &sn->map_public_ip))
			return false;
		GArray *v6 = ld_prefixes_new();
		bool ok = ld_prefix_list(ld, o, "Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", v6, v6);
		if (ok && v6->len)
			sn->cidr6 = g_array_index(v6, struct model_prefix, 0);
		g_array_free(v6, TRUE);
		if (!ok)
			return false;
		g_ptr_array_add(sn->vpc->subnets, sn);
		/* Amazon VPC User Guide, "Subnet CIDR blocks": a subnet's block is a subset of
		 * one of its VPC's (issue 17 item 8) */
		const struct model_prefix *own[] = { &sn->cidr4, &sn->cidr6 };
		const char *keys[] = { "CidrBlock", "Ipv6CidrBlockAssociationSet" };
		for (unsigned f = 0; f < 2; f++) {
			GArray *vc = f ? sn->vpc->cidr6 : sn->vpc->cidr4;
			bool inside = !own[f]->af || sn->vpc->o.stub;
			for (guint k = 0; !inside && k < vc->len; k++)
				inside = model_prefix_covers(
					&g_array_index(vc, struct model_prefix, k), own[f]);
			if (!inside) {
				char b[MODEL_PREFIX_STRLEN];
				ld_warn(ld, keys[f], "%s is outside the CIDR blocks of %s",
					model_prefix_format(own[f], b), sn->vpc->o.id);
			}
		}
	}
	return true;
}

/* describe-internet-gateways / describe-egress-only-internet-gateways */
bool
ld_load_igws(struct ld *ld, bool eigw)
{
	struct src s;
	if (!ld_src_open(ld,
		    eigw ? "describe-egress-only-internet-gateways.json" :
			   "describe-internet-gateways.json",
		    eigw ? "EgressOnlyInternetGateways" : "InternetGateways", &s))
		return false;
	const char *idkey = eigw ? "EgressOnlyInternetGatewayId" : "InternetGatewayId";
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_obj *g;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(g = ld_obj_new(ld, eigw ? MODEL_EIGW : MODEL_IGW,
				  eigw ? sizeof(struct model_eigw) : sizeof(struct model_igw), o, idkey)))
			return false;
		JsonArray *a;
		if (!ld_arr(ld, o, "Attachments", &a))
			return false;
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "Attachments", j);
			JsonObject *e;
			const char *state;
			struct model_vpc *v;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_str(ld, e, "State", false, &state) ||
				!ld_ref(ld, e, "VpcId", MODEL_VPC, true, (void **)&v))
				return false;
			ld_pop(ld, mk);
			/* IGWs say "available" when attached, EIGWs "attached" */
			if (state && strcmp(state, "available") && strcmp(state, "attached"))
				continue;
			if (eigw) {
				((struct model_eigw *)g)->vpc = v;
				v->eigw = (struct model_eigw *)g;
			} else {
				((struct model_igw *)g)->vpc = v;
				v->igw = (struct model_igw *)g;
			}
		}
	}
	return true;
}

/* IpProtocol: "tcp", "udp", "icmp", "icmpv6", "-1" or an IANA number as a string. */
static bool
parse_proto(struct ld *ld, JsonObject *o, const char *key, int *out)
{
	*out = -1;
	JsonNode *n = ld_member(o, key);
	if (!n)
		return true;
	if (ld_is_value(n, G_TYPE_INT64)) {
		*out = (int)json_node_get_int(n);
	} else if (ld_is_value(n, G_TYPE_STRING)) {
		const char *s = json_node_get_string(n);
		static const struct {
			const char *name;
			int num;
		} names[] = { { "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "icmpv6", 58 }, { "all", -1 } };
		for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
			if (!g_ascii_strcasecmp(s, names[i].name)) {
				*out = names[i].num;
				return true;
			}
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (errno || end == s || *end || v < -1 || v > 255)
			return ld_fail(ld, MODEL_ERROR_VALUE, key, "not a protocol: \"%s\"", s);
		*out = (int)v;
	} else {
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "expected a string, got %s", ld_node_type(n));
	}
	if (*out < -1 || *out > 255)
		return ld_fail(ld, MODEL_ERROR_VALUE, key, "not a protocol: %d", *out);
	return true;
}

static bool
load_sg_rules(struct ld *ld, JsonObject *o, const char *key, bool egress,
	struct model_sg_rule **out, size_t *n_out)
{
	JsonArray *a;
	if (!ld_arr(ld, o, key, &a))
		return false;
	*n_out = ld_alen(a);
	*out = g_new0(struct model_sg_rule, *n_out + 1);
	for (guint i = 0; i < ld_alen(a); i++) {
		size_t mk = ld_push_idx(ld, key, i);
		struct model_sg_rule *r = &(*out)[i];
		r->egress = egress;
		r->cidrs = ld_prefixes_new();
		r->groups = g_ptr_array_new();
		r->group_ids = g_ptr_array_new_with_free_func(g_free);
		r->pls = g_ptr_array_new();
		JsonObject *e;
		gint64 from, to;
		if (!ld_elem_obj(ld, a, i, &e) || !parse_proto(ld, e, "IpProtocol", &r->protocol) ||
			!ld_int(ld, e, "FromPort", -1, &from) || !ld_int(ld, e, "ToPort", -1, &to) ||
			!ld_prefix_list(ld, e, "IpRanges", "CidrIp", r->cidrs, NULL) ||
			!ld_prefix_list(ld, e, "Ipv6Ranges", "CidrIpv6", r->cidrs, NULL) ||
			!ld_ref_objects(ld, e, "PrefixListIds", "PrefixListId", MODEL_PL, r->pls))
			return false;
		r->from_port = (int)from;
		r->to_port = (int)to;
		/* EC2 API Reference, IpPermission: for TCP and UDP FromPort..ToPort is a port range
		 * 0-65535 (issue 17 item 8: 70000/-5 was taken silently) */
		if ((r->protocol == 6 || r->protocol == 17) &&
			(from < 0 || to > 65535 || from > to))
			ld_warn(ld, "FromPort",
				"FromPort %" G_GINT64_FORMAT " to ToPort %" G_GINT64_FORMAT
				" is not a port range within 0-65535",
				from, to);
		JsonArray *pairs;
		if (!ld_arr(ld, e, "UserIdGroupPairs", &pairs))
			return false;
		for (guint j = 0; j < ld_alen(pairs); j++) {
			size_t mk2 = ld_push_idx(ld, "UserIdGroupPairs", j);
			JsonObject *p;
			const char *gid, *pcx;
			if (!ld_elem_obj(ld, pairs, j, &p) || !ld_str(ld, p, "GroupId", true, &gid) ||
				!ld_str(ld, p, "VpcPeeringConnectionId", false, &pcx))
				return false;
			g_ptr_array_add(r->group_ids, g_strdup(gid));
			struct model_obj *g = g_hash_table_lookup(ld->m->by_id, gid);
			if (g && g->kind == MODEL_SG)
				g_ptr_array_add(r->groups, g);
			else if (!pcx && !json_object_has_member(p, "UserId"))
				return ld_fail(ld, MODEL_ERROR_REFERENCE, "GroupId", "unknown %s %s",
					ld_kind_words[MODEL_SG], gid);
			else {
				/* EC2 API Reference, UserIdGroupPair: a group of another account or
				 * of a peered VPC; its members are in that snapshot, none known
				 * here */
				const char *uid;
				if (!ld_str(ld, p, "UserId", false, &uid))
					return false;
				ld_warn(ld, "GroupId",
					"security group %s (account %s%s%s) is not in the "
					"snapshot: no source known here matches this rule",
					gid, uid ? uid : "unknown", pcx ? ", across " : "",
					pcx ? pcx : "");
			}
			ld_pop(ld, mk2);
		}
		ld_pop(ld, mk);
	}
	return true;
}

bool
ld_load_sgs(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-security-groups.json", "SecurityGroups", &s))
		return false;
	/* first pass: the groups, so rules may reference any of them */
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_sg *g;
		const char *gname;
		if (!ld_src_elem(ld, &s, i, &o) || !(g = ld_obj_new(ld, MODEL_SG, sizeof(*g), o, "GroupId")) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&g->vpc) ||
			!ld_strdup(ld, o, "Description", &g->description) ||
			!ld_str(ld, o, "GroupName", false, &gname))
			return false;
		if (gname) {
			g_free(g->o.name);
			g->o.name = g_strdup(gname);
		}
	}
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_sg *g = MODEL_GET(ld->m, MODEL_SG, struct model_sg, i);
		if (!ld_src_elem(ld, &s, i, &o) ||
			!load_sg_rules(ld, o, "IpPermissions", false, &g->ingress, &g->n_ingress) ||
			!load_sg_rules(ld, o, "IpPermissionsEgress", true, &g->egress, &g->n_egress))
			return false;
	}
	return true;
}

static int
nacl_entry_cmp(const void *a, const void *b)
{
	const struct model_nacl_entry *x = a, *y = b;
	return x->number < y->number ? -1 : x->number > y->number;
}

bool
ld_load_nacls(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-network-acls.json", "NetworkAcls", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_nacl *n;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(n = ld_obj_new(ld, MODEL_NACL, sizeof(*n), o, "NetworkAclId")) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&n->vpc) ||
			!ld_bool(ld, o, "IsDefault", false, &n->is_default))
			return false;
		n->subnets = g_ptr_array_new();
		if (n->is_default && !n->vpc->default_nacl)
			n->vpc->default_nacl = n;
		JsonArray *a;
		if (!ld_arr(ld, o, "Entries", &a))
			return false;
		n->ingress = g_new0(struct model_nacl_entry, ld_alen(a) + 1);
		n->egress = g_new0(struct model_nacl_entry, ld_alen(a) + 1);
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "Entries", j);
			JsonObject *e, *pr, *icmp;
			struct model_nacl_entry en = { 0 };
			gint64 num;
			const char *action;
			struct model_prefix v6;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_int(ld, e, "RuleNumber", -1, &num) ||
				!ld_bool(ld, e, "Egress", false, &en.egress) ||
				!parse_proto(ld, e, "Protocol", &en.protocol) ||
				!ld_str(ld, e, "RuleAction", true, &action) ||
				!ld_prefix(ld, e, "CidrBlock", false, &en.cidr) ||
				!ld_prefix(ld, e, "Ipv6CidrBlock", false, &v6) ||
				!ld_obj(ld, e, "PortRange", &pr) || !ld_obj(ld, e, "IcmpTypeCode", &icmp))
				return false;
			if (num < 1 || num > 32768)
				return ld_fail(ld, MODEL_ERROR_VALUE, "RuleNumber", "not a rule number: %" G_GINT64_FORMAT, num);
			en.number = (uint32_t)num;
			if (!strcmp(action, "allow"))
				en.allow = true;
			else if (strcmp(action, "deny"))
				return ld_fail(ld, MODEL_ERROR_VALUE, "RuleAction", "not allow or deny: \"%s\"", action);
			if (!en.cidr.af)
				en.cidr = v6;
			if (!en.cidr.af)
				return ld_fail(ld, MODEL_ERROR_TYPE, "CidrBlock", "missing (and no Ipv6CidrBlock)");
			en.port_from = en.port_to = -1;
			en.icmp_type = en.icmp_code = -1;
			gint64 v1, v2;
			if (pr) {
				size_t mk2 = ld_push_key(ld, "PortRange");
				if (!ld_int(ld, pr, "From", -1, &v1) || !ld_int(ld, pr, "To", -1, &v2))
					return false;
				en.port_from = (int)v1;
				en.port_to = (int)v2;
				if ((en.protocol == 6 || en.protocol == 17) &&
					(v1 < 0 || v2 > 65535 || v1 > v2))
					ld_warn(ld, "From",
						"From %" G_GINT64_FORMAT " to To %" G_GINT64_FORMAT
						" is not a port range within 0-65535",
						v1, v2);
				ld_pop(ld, mk2);
			}
			if (icmp) {
				size_t mk2 = ld_push_key(ld, "IcmpTypeCode");
				if (!ld_int(ld, icmp, "Type", -1, &v1) || !ld_int(ld, icmp, "Code", -1, &v2))
					return false;
				en.icmp_type = (int)v1;
				en.icmp_code = (int)v2;
				ld_pop(ld, mk2);
			}
			if (en.egress)
				n->egress[n->n_egress++] = en;
			else
				n->ingress[n->n_ingress++] = en;
			ld_pop(ld, mk);
		}
		qsort(n->ingress, n->n_ingress, sizeof(*n->ingress), nacl_entry_cmp);
		qsort(n->egress, n->n_egress, sizeof(*n->egress), nacl_entry_cmp);
		if (!ld_arr(ld, o, "Associations", &a))
			return false;
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "Associations", j);
			JsonObject *e;
			struct model_subnet *sn;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_ref(ld, e, "SubnetId", MODEL_SUBNET, true, (void **)&sn))
				return false;
			if (sn->nacl && sn->nacl != n)
				return ld_fail(ld, MODEL_ERROR_VALUE, "SubnetId",
					"subnet %s is already associated with %s", sn->o.id, sn->nacl->o.id);
			sn->nacl = n;
			ld_add_unique(n->subnets, sn);
			ld_pop(ld, mk);
		}
	}
	return true;
}

static bool
load_pcx_side(struct ld *ld, JsonObject *o, const char *key, struct model_pcx_side *side)
{
	JsonObject *e;
	if (!ld_obj(ld, o, key, &e))
		return false;
	side->cidr4 = ld_prefixes_new();
	side->cidr6 = ld_prefixes_new();
	if (!e)
		return ld_fail(ld, MODEL_ERROR_TYPE, key, "missing");
	size_t mk = ld_push_key(ld, key);
	struct model_prefix p;
	if (!ld_strdup(ld, e, "VpcId", &side->vpc_id) || !ld_strdup(ld, e, "OwnerId", &side->owner_id) ||
		!ld_strdup(ld, e, "Region", &side->region) ||
		!ld_prefix(ld, e, "CidrBlock", false, &p))
		return false;
	if (p.af)
		g_array_append_val(side->cidr4, p);
	GArray *more = ld_prefixes_new();
	bool ok = ld_prefix_list(ld, e, "CidrBlockSet", "CidrBlock", more, NULL) &&
		ld_prefix_list(ld, e, "Ipv6CidrBlockSet", "Ipv6CidrBlock", side->cidr6, NULL);
	for (guint i = 0; ok && i < more->len; i++) {
		struct model_prefix *q = &g_array_index(more, struct model_prefix, i);
		if (!p.af || model_prefix_cmp(q, &p))
			g_array_append_val(side->cidr4, *q);
	}
	g_array_free(more, TRUE);
	if (!ok)
		return false;
	/* the far side may be another account's or region's VPC (documented exception) */
	struct model_obj *v = side->vpc_id ? g_hash_table_lookup(ld->m->by_id, side->vpc_id) : NULL;
	if (v && v->kind == MODEL_VPC)
		side->vpc = (struct model_vpc *)v;
	ld_pop(ld, mk);
	return true;
}

bool
ld_load_pcxs(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-vpc-peering-connections.json", "VpcPeeringConnections", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *st;
		struct model_pcx *x;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(x = ld_obj_new(ld, MODEL_PCX, sizeof(*x), o, "VpcPeeringConnectionId")) ||
			!load_pcx_side(ld, o, "RequesterVpcInfo", &x->requester) ||
			!load_pcx_side(ld, o, "AccepterVpcInfo", &x->accepter) ||
			!ld_obj(ld, o, "Status", &st) || (st && !ld_strdup(ld, st, "Code", &x->status)))
			return false;
		x->active = x->status && !strcmp(x->status, "active");
		if (!x->requester.vpc && !x->accepter.vpc)
			return ld_fail(ld, MODEL_ERROR_REFERENCE, "RequesterVpcInfo.VpcId",
				"neither %s nor %s is a known VPC", x->requester.vpc_id ? x->requester.vpc_id : "-",
				x->accepter.vpc_id ? x->accepter.vpc_id : "-");
	}
	return true;
}

/* "aa:bb:cc:dd:ee:ff" */
static bool
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return false;
	for (unsigned i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return true;
}

bool
ld_load_enis(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-network-interfaces.json", "NetworkInterfaces", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *att, *assoc;
		struct model_eni *e;
		const char *mac;
		struct model_addr primary;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(e = ld_obj_new(ld, MODEL_ENI, sizeof(*e), o, "NetworkInterfaceId")) ||
			!ld_ref(ld, o, "SubnetId", MODEL_SUBNET, true, (void **)&e->subnet) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&e->vpc) ||
			!ld_strdup(ld, o, "InterfaceType", &e->interface_type) ||
			!ld_strdup(ld, o, "Description", &e->description) ||
			!ld_str(ld, o, "MacAddress", false, &mac) ||
			!ld_addr(ld, o, "PrivateIpAddress", false, &primary) ||
			!ld_bool(ld, o, "SourceDestCheck", true, &e->source_dest_check) ||
			!ld_bool(ld, o, "RequesterManaged", false, &e->requester_managed) ||
			!ld_obj(ld, o, "Attachment", &att) || !ld_obj(ld, o, "Association", &assoc))
			return false;
		if (e->subnet->vpc != e->vpc)
			return ld_fail(ld, MODEL_ERROR_REFERENCE, "SubnetId", "%s is not in %s",
				e->subnet->o.id, e->vpc->o.id);
		if (mac) {
			if (!parse_mac(mac, e->mac))
				return ld_fail(ld, MODEL_ERROR_VALUE, "MacAddress", "not a MAC address: \"%s\"", mac);
			e->has_mac = true;
		}
		e->sgs = g_ptr_array_new();
		if (!ld_ref_objects(ld, o, "Groups", "GroupId", MODEL_SG, e->sgs))
			return false;
		e->device_index = -1;
		if (att) {
			size_t mk = ld_push_key(ld, "Attachment");
			gint64 di;
			if (!ld_strdup(ld, att, "InstanceId", &e->instance_id) ||
				!ld_int(ld, att, "DeviceIndex", -1, &di))
				return false;
			e->device_index = (int)di;
			ld_pop(ld, mk);
		}
		struct model_addr top_pub = { 0 };
		if (assoc) {
			size_t mk = ld_push_key(ld, "Association");
			if (!ld_addr(ld, assoc, "PublicIp", false, &top_pub))
				return false;
			ld_pop(ld, mk);
		}
		JsonArray *ips, *v6;
		if (!ld_arr(ld, o, "PrivateIpAddresses", &ips) || !ld_arr(ld, o, "Ipv6Addresses", &v6))
			return false;
		e->ips = g_new0(struct model_eni_ip, ld_alen(ips) + ld_alen(v6) + 2);
		for (guint j = 0; j < ld_alen(ips); j++) {
			size_t mk = ld_push_idx(ld, "PrivateIpAddresses", j);
			JsonObject *p, *pa;
			struct model_eni_ip ip = { 0 };
			if (!ld_elem_obj(ld, ips, j, &p) ||
				!ld_addr(ld, p, "PrivateIpAddress", true, &ip.priv) ||
				!ld_bool(ld, p, "Primary", false, &ip.primary) || !ld_obj(ld, p, "Association", &pa))
				return false;
			if (pa) {
				size_t mk2 = ld_push_key(ld, "Association");
				if (!ld_addr(ld, pa, "PublicIp", false, &ip.pub))
					return false;
				ld_pop(ld, mk2);
			}
			if (ip.primary && !ip.pub.af)
				ip.pub = top_pub;
			/* the primary first */
			if (ip.primary && e->n_ips) {
				memmove(&e->ips[1], &e->ips[0], e->n_ips * sizeof(*e->ips));
				e->ips[0] = ip;
			} else {
				e->ips[e->n_ips] = ip;
			}
			e->n_ips++;
			ld_pop(ld, mk);
		}
		if (!e->n_ips && primary.af) {
			e->ips[0].priv = primary;
			e->ips[0].pub = top_pub;
			e->ips[0].primary = true;
			e->n_ips = 1;
		}
		for (guint j = 0; j < ld_alen(v6); j++) {
			size_t mk = ld_push_idx(ld, "Ipv6Addresses", j);
			JsonObject *p;
			struct model_eni_ip ip = { 0 };
			if (!ld_elem_obj(ld, v6, j, &p) || !ld_addr(ld, p, "Ipv6Address", true, &ip.priv))
				return false;
			e->ips[e->n_ips++] = ip;
			ld_pop(ld, mk);
		}
	}
	/* one private address names one interface in a VPC (Amazon VPC User Guide, "IP
	 * addressing"); two ENIs with one address is a broken snapshot (issue 17 item 8) */
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < ld_src_len(&s); i++) {
		struct model_eni *e = MODEL_GET(ld->m, MODEL_ENI, struct model_eni, i);
		const struct origin *og = &g_array_index(s.origins, struct origin, i);
		for (size_t j = 0; j < e->n_ips; j++) {
			char b[MODEL_PREFIX_STRLEN];
			char *k = g_strdup_printf(
				"%s/%s", e->vpc->o.id, model_addr_format(&e->ips[j].priv, b));
			struct model_eni *other = g_hash_table_lookup(seen, k);
			if (other && other != e) {
				ld->file = og->file;
				g_string_printf(ld->path, "$.NetworkInterfaces[%u]", og->idx);
				ld_warn(ld, "PrivateIpAddresses",
					"%s is also the private address of %s (%s)", b, other->o.id,
					e->vpc->o.id);
				g_free(k);
			} else {
				g_hash_table_insert(seen, k, e);
			}
		}
	}
	g_hash_table_destroy(seen);
	return true;
}

static void
eni_owner(struct model_eni *e, struct model_obj *owner)
{
	if (e && !e->owner)
		e->owner = owner;
}

bool
ld_load_natgws(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-nat-gateways.json", "NatGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_natgw *n;
		const char *ct;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(n = ld_obj_new(ld, MODEL_NATGW, sizeof(*n), o, "NatGatewayId")) ||
			!ld_ref(ld, o, "SubnetId", MODEL_SUBNET, true, (void **)&n->subnet) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&n->vpc) ||
			!ld_strdup(ld, o, "State", &n->state) ||
			!ld_str(ld, o, "ConnectivityType", false, &ct))
			return false;
		n->is_public = !ct || !strcmp(ct, "public");
		JsonArray *a;
		if (!ld_arr(ld, o, "NatGatewayAddresses", &a))
			return false;
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "NatGatewayAddresses", j);
			JsonObject *e;
			struct model_addr priv, pub;
			struct model_eni *eni;
			bool primary;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_addr(ld, e, "PrivateIp", false, &priv) ||
				!ld_addr(ld, e, "PublicIp", false, &pub) ||
				!ld_bool(ld, e, "IsPrimary", j == 0, &primary) ||
				!ld_ref(ld, e, "NetworkInterfaceId", MODEL_ENI, false, (void **)&eni))
				return false;
			eni_owner(eni, &n->o);
			if (primary || !n->private_ip.af) {
				n->private_ip = priv;
				n->public_ip = pub;
				n->eni = eni;
			}
			ld_pop(ld, mk);
		}
	}
	return true;
}

/* Route tables in two passes: shells (ids, VPC) before endpoints, which name them, and
 * routes and associations after everything a route may target. */
bool
ld_load_rtb_shells(struct ld *ld, struct src *s)
{
	if (!ld_src_open(ld, "describe-route-tables.json", "RouteTables", s))
		return false;
	for (guint i = 0; i < ld_src_len(s); i++) {
		JsonObject *o;
		struct model_rtb *r;
		if (!ld_src_elem(ld, s, i, &o) ||
			!(r = ld_obj_new(ld, MODEL_RTB, sizeof(*r), o, "RouteTableId")) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&r->vpc))
			return false;
		r->subnets = g_ptr_array_new();
		r->edge_gateways = g_ptr_array_new();
		r->propagating_vgws = g_ptr_array_new();
	}
	return true;
}

bool
ld_load_vpces(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-vpc-endpoints.json", "VpcEndpoints", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_vpce *e;
		const char *type;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(e = ld_obj_new(ld, MODEL_VPCE, sizeof(*e), o, "VpcEndpointId")) ||
			!ld_str(ld, o, "VpcEndpointType", false, &type) ||
			!ld_strdup(ld, o, "ServiceName", &e->service_name) ||
			!ld_strdup(ld, o, "State", &e->state) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, true, (void **)&e->vpc))
			return false;
		e->rtbs = g_ptr_array_new();
		e->subnets = g_ptr_array_new();
		e->enis = g_ptr_array_new();
		e->sgs = g_ptr_array_new();
		if (!type || !strcmp(type, "Gateway"))
			e->type = MODEL_VPCE_GATEWAY;
		else if (!strcmp(type, "Interface"))
			e->type = MODEL_VPCE_INTERFACE;
		else if (!strcmp(type, "GatewayLoadBalancer"))
			e->type = MODEL_VPCE_GWLB;
		else
			e->type = MODEL_VPCE_OTHER;
		if (!ld_ref_strings(ld, o, "RouteTableIds", MODEL_RTB, e->rtbs) ||
			!ld_ref_strings(ld, o, "SubnetIds", MODEL_SUBNET, e->subnets) ||
			!ld_ref_strings(ld, o, "NetworkInterfaceIds", MODEL_ENI, e->enis) ||
			!ld_ref_objects(ld, o, "Groups", "GroupId", MODEL_SG, e->sgs))
			return false;
		for (guint j = 0; j < e->enis->len; j++)
			eni_owner(g_ptr_array_index(e->enis, j), &e->o);
		const char *hex = e->o.id + (g_str_has_prefix(e->o.id, "vpce-") ? 5 : 0);
		char *end;
		errno = 0;
		guint64 gid = g_ascii_strtoull(hex, &end, 16);
		e->geneve_id = errno || *end ? 0 : gid;
		if (e->type == MODEL_VPCE_GATEWAY && e->service_name) {
			for (guint j = 0; j < MODEL_COUNT(ld->m, MODEL_PL) && !e->pl; j++) {
				struct model_pl *pl = MODEL_GET(ld->m, MODEL_PL, struct model_pl, j);
				if (pl->o.name && !strcmp(pl->o.name, e->service_name))
					e->pl = pl;
			}
		}
	}
	return true;
}

/* The target of a VPC route (describe-route-tables Routes[]). */
static bool
route_target(struct ld *ld, JsonObject *o, struct model_rtb *rtb, struct model_route *r)
{
	static const struct {
		const char *key;
		enum model_target_kind tk;
		enum model_kind kind;
	} keys[] = {
		{ "NatGatewayId", MODEL_TGT_NAT, MODEL_NATGW },
		{ "TransitGatewayId", MODEL_TGT_TGW, MODEL_TGW },
		{ "VpcPeeringConnectionId", MODEL_TGT_PCX, MODEL_PCX },
		{ "EgressOnlyInternetGatewayId", MODEL_TGT_EIGW, MODEL_EIGW },
		{ "VpcEndpointId", MODEL_TGT_VPCE_GATEWAY, MODEL_VPCE },
		{ "NetworkInterfaceId", MODEL_TGT_ENI, MODEL_ENI },
		{ "InstanceId", MODEL_TGT_INSTANCE, MODEL_N_KINDS },
		{ "GatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "LocalGatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "CarrierGatewayId", MODEL_TGT_OTHER, MODEL_N_KINDS },
		{ "CoreNetworkArn", MODEL_TGT_OTHER, MODEL_N_KINDS },
	};
	const char *inst;
	if (!ld_str(ld, o, "InstanceId", false, &inst))
		return false;
	r->instance_id = g_strdup(inst);
	r->tkind = MODEL_TGT_BLACKHOLE;
	bool tolerant = r->state == MODEL_STATE_BLACKHOLE;
	for (unsigned k = 0; k < G_N_ELEMENTS(keys); k++) {
		const char *id;
		if (!ld_str(ld, o, keys[k].key, false, &id))
			return false;
		if (!id)
			continue;
		const char *key = keys[k].key;
		r->target_id = g_strdup(id);
		r->tkind = keys[k].tk;
		enum model_kind kind = keys[k].kind;
		if (!strcmp(key, "GatewayId")) {
			if (!strcmp(id, "local")) {
				r->tkind = MODEL_TGT_LOCAL;
				r->target = &rtb->vpc->o;
				return true;
			}
			if (g_str_has_prefix(id, "igw-"))
				r->tkind = MODEL_TGT_IGW, kind = MODEL_IGW;
			else if (g_str_has_prefix(id, "vgw-"))
				r->tkind = MODEL_TGT_VGW, kind = MODEL_VGW;
			else if (g_str_has_prefix(id, "vpce-"))
				kind = MODEL_VPCE;
		}
		if (!strcmp(key, "InstanceId")) {
			/* no describe-instances: the instance's device-0 ENI stands for it */
			for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_ENI) && !r->target; i++) {
				struct model_eni *e = MODEL_GET(ld->m, MODEL_ENI, struct model_eni, i);
				if (e->instance_id && !strcmp(e->instance_id, id) && e->device_index <= 0)
					r->target = &e->o;
			}
			return true;
		}
		if (kind == MODEL_N_KINDS)
			return true;
		struct model_obj *t = g_hash_table_lookup(ld->m->by_id, id);
		if (!t && tolerant)
			return true;
		if (!ld_ref_id(ld, key, kind, id, (void **)&r->target))
			return false;
		if (kind == MODEL_VPCE) {
			static const enum model_target_kind by_type[] = {
				[MODEL_VPCE_GATEWAY] = MODEL_TGT_VPCE_GATEWAY,
				[MODEL_VPCE_INTERFACE] = MODEL_TGT_VPCE_INTERFACE,
				[MODEL_VPCE_GWLB] = MODEL_TGT_VPCE_GWLB,
				[MODEL_VPCE_OTHER] = MODEL_TGT_OTHER,
			};
			r->tkind = by_type[((struct model_vpce *)r->target)->type];
		}
		return true;
	}
	return true;
}

bool
ld_load_rtb_routes(struct ld *ld, const struct src *s)
{
	for (guint i = 0; i < ld_src_len(s); i++) {
		JsonObject *o;
		struct model_rtb *r = MODEL_GET(ld->m, MODEL_RTB, struct model_rtb, i);
		JsonArray *routes, *assocs;
		if (!ld_src_elem(ld, s, i, &o) || !ld_arr(ld, o, "Routes", &routes) ||
			!ld_arr(ld, o, "Associations", &assocs) ||
			!ld_ref_objects(ld, o, "PropagatingVgws", "GatewayId", MODEL_VGW, r->propagating_vgws))
			return false;
		r->routes = g_new0(struct model_route, ld_alen(routes) + 1);
		for (guint j = 0; j < ld_alen(routes); j++) {
			size_t mk = ld_push_idx(ld, "Routes", j);
			JsonObject *e;
			struct model_route *rt = &r->routes[r->n_routes++];
			struct model_prefix v6;
			const char *pl, *origin, *state;
			if (!ld_elem_obj(ld, routes, j, &e) ||
				!ld_prefix(ld, e, "DestinationCidrBlock", false, &rt->dst) ||
				!ld_prefix(ld, e, "DestinationIpv6CidrBlock", false, &v6) ||
				!ld_str(ld, e, "DestinationPrefixListId", false, &pl) ||
				!ld_str(ld, e, "Origin", false, &origin) || !ld_str(ld, e, "State", false, &state))
				return false;
			if (rt->dst.af == MODEL_AF_INET) {
				rt->dkind = MODEL_DEST_CIDR4;
			} else if (v6.af == MODEL_AF_INET6) {
				rt->dst = v6;
				rt->dkind = MODEL_DEST_CIDR6;
			} else if (pl) {
				rt->dkind = MODEL_DEST_PREFIX_LIST;
				if (!ld_ref_id(ld, "DestinationPrefixListId", MODEL_PL, pl, (void **)&rt->dst_pl))
					return false;
			} else {
				return ld_fail(ld, MODEL_ERROR_TYPE, "DestinationCidrBlock",
					"missing (and no DestinationIpv6CidrBlock or DestinationPrefixListId)");
			}
			if (!origin || !strcmp(origin, "CreateRoute"))
				rt->origin = MODEL_ORIGIN_CREATE_ROUTE;
			else if (!strcmp(origin, "CreateRouteTable"))
				rt->origin = MODEL_ORIGIN_CREATE_ROUTE_TABLE;
			else if (!strcmp(origin, "EnableVgwRoutePropagation"))
				rt->origin = MODEL_ORIGIN_VGW_PROPAGATION;
			else
				rt->origin = MODEL_ORIGIN_OTHER;
			if (!state || !strcmp(state, "active"))
				rt->state = MODEL_STATE_ACTIVE;
			else if (!strcmp(state, "blackhole"))
				rt->state = MODEL_STATE_BLACKHOLE;
			else
				return ld_fail(ld, MODEL_ERROR_VALUE, "State", "not active or blackhole: \"%s\"", state);
			if (!route_target(ld, e, r, rt))
				return false;
			ld_pop(ld, mk);
		}
		for (guint j = 0; j < ld_alen(assocs); j++) {
			size_t mk = ld_push_idx(ld, "Associations", j);
			JsonObject *e, *st;
			bool is_main;
			const char *gw, *state = NULL;
			struct model_subnet *sn;
			if (!ld_elem_obj(ld, assocs, j, &e) || !ld_bool(ld, e, "Main", false, &is_main) ||
				!ld_ref(ld, e, "SubnetId", MODEL_SUBNET, false, (void **)&sn) ||
				!ld_str(ld, e, "GatewayId", false, &gw) ||
				!ld_obj(ld, e, "AssociationState", &st) ||
				(st && !ld_str(ld, st, "State", false, &state)))
				return false;
			if (state && strcmp(state, "associated") && strcmp(state, "associating")) {
				ld_pop(ld, mk);
				continue;
			}
			if (is_main) {
				if (r->vpc->main_rtb && r->vpc->main_rtb != r)
					return ld_fail(ld, MODEL_ERROR_VALUE, "Main", "%s already has main route table %s",
						r->vpc->o.id, r->vpc->main_rtb->o.id);
				r->is_main = true;
				r->vpc->main_rtb = r;
			}
			if (sn) {
				if (sn->vpc != r->vpc)
					return ld_fail(ld, MODEL_ERROR_REFERENCE, "SubnetId", "%s is not in %s",
						sn->o.id, r->vpc->o.id);
				if (sn->rtb && sn->rtb != r)
					return ld_fail(ld, MODEL_ERROR_VALUE, "SubnetId",
						"subnet %s is already associated with %s", sn->o.id, sn->rtb->o.id);
				sn->rtb = r;
				ld_add_unique(r->subnets, sn);
			}
			if (gw) {
				enum model_kind gk = g_str_has_prefix(gw, "vgw-") ? MODEL_VGW : MODEL_IGW;
				struct model_obj *g;
				if (!ld_ref_id(ld, "GatewayId", gk, gw, (void **)&g))
					return false;
				ld_add_unique(r->edge_gateways, g);
				if (gk == MODEL_IGW)
					((struct model_igw *)g)->edge_rtb = r;
				else
					((struct model_vgw *)g)->edge_rtb = r;
			}
			ld_pop(ld, mk);
		}
	}
	/* AWS gives every VPC a main route table */
	ld->file = s->file;
	for (guint i = 0; i < ld_src_len(s); i++) {
		struct model_rtb *r = MODEL_GET(ld->m, MODEL_RTB, struct model_rtb, i);
		if (!r->vpc->main_rtb) {
			g_string_printf(ld->path, "$.RouteTables[%u]", i);
			return ld_fail(ld, MODEL_ERROR_VALUE, "VpcId", "%s has no main route table", r->vpc->o.id);
		}
	}
	return true;
}
