/* load_elb.c - Elastic Load Balancing (v2) from an AWS-CLI snapshot: load balancers
 * (application, network, gateway) and target groups, and the AWS-managed network
 * interfaces they own.
 *
 * Follows the Elastic Load Balancing API Reference, version 2015-12-01
 * (DescribeLoadBalancers, DescribeTargetGroups), and the User Guide for Gateway Load
 * Balancers.
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

/* describe-target-health for one target group (Elastic Load Balancing API Reference,
 * DescribeTargetHealth: TargetHealthDescriptions[].Target {Id, Port, AvailabilityZone} and
 * TargetHealth.State), in describe-target-health/NAME.ID.json after the ARN's
 * "targetgroup/NAME/ID". Absent: health not known. */
static bool
load_target_health(struct ld *ld, struct model_tg *t)
{
	const char *tail = strstr(t->o.id, ":targetgroup/");
	if (!tail)
		return true;
	char *base = g_strdup(tail + strlen(":targetgroup/"));
	g_strdelimit(base, "/", '.');
	char *rel = g_strdup_printf("describe-target-health/%s.json", base);
	g_free(base);
	struct src s;
	bool ok = ld_src_open(ld, rel, "TargetHealthDescriptions", &s);
	g_free(rel);
	if (!ok)
		return false;
	t->health_known = s.roots->len > 0;
	t->targets = g_new0(struct model_tg_target, ld_src_len(&s) + 1);
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *tg, *th;
		struct model_tg_target *x = &t->targets[t->n_targets++];
		x->port = -1;
		if (!ld_src_elem(ld, &s, i, &o) || !ld_obj(ld, o, "Target", &tg) ||
			!ld_obj(ld, o, "TargetHealth", &th))
			return false;
		if (!tg)
			return ld_fail(ld, MODEL_ERROR_TYPE, "Target", "missing");
		size_t mk = ld_push_key(ld, "Target");
		gint64 port;
		if (!ld_strdup(ld, tg, "Id", &x->id) || !ld_int(ld, tg, "Port", -1, &port) ||
			!ld_strdup(ld, tg, "AvailabilityZone", &x->az))
			return false;
		x->port = (int)port;
		ld_pop(ld, mk);
		if (th) {
			mk = ld_push_key(ld, "TargetHealth");
			if (!ld_strdup(ld, th, "State", &x->state))
				return false;
			ld_pop(ld, mk);
		}
		x->healthy = x->state && !strcmp(x->state, "healthy");
	}
	return true;
}

bool
ld_load_elbv2(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-load-balancers.json", "LoadBalancers", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *st;
		struct model_lb *l;
		const char *lname;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(l = ld_obj_new(ld, MODEL_LB, sizeof(*l), o, "LoadBalancerArn")) ||
			!ld_str(ld, o, "LoadBalancerName", false, &lname) ||
			!ld_strdup(ld, o, "Type", &l->type) || !ld_strdup(ld, o, "Scheme", &l->scheme) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&l->vpc) ||
			!ld_obj(ld, o, "State", &st) || (st && !ld_strdup(ld, st, "Code", &l->state)))
			return false;
		if (lname && !l->o.name)
			l->o.name = g_strdup(lname);
		l->subnets = g_ptr_array_new();
		l->tgs = g_ptr_array_new();
		if (!ld_ref_objects(ld, o, "AvailabilityZones", "SubnetId", MODEL_SUBNET, l->subnets))
			return false;
	}
	if (!ld_src_open(ld, "describe-target-groups.json", "TargetGroups", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_tg *t;
		const char *tname;
		gint64 port;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(t = ld_obj_new(ld, MODEL_TG, sizeof(*t), o, "TargetGroupArn")) ||
			!ld_str(ld, o, "TargetGroupName", false, &tname) ||
			!ld_strdup(ld, o, "Protocol", &t->protocol) || !ld_int(ld, o, "Port", 0, &port) ||
			!ld_strdup(ld, o, "TargetType", &t->target_type) ||
			!ld_ref(ld, o, "VpcId", MODEL_VPC, false, (void **)&t->vpc))
			return false;
		if (tname && !t->o.name)
			t->o.name = g_strdup(tname);
		t->port = (int)port;
		t->lbs = g_ptr_array_new();
		if (!ld_ref_strings(ld, o, "LoadBalancerArns", MODEL_LB, t->lbs))
			return false;
		for (guint j = 0; j < t->lbs->len; j++)
			ld_add_unique(((struct model_lb *)g_ptr_array_index(t->lbs, j))->tgs, t);
	}
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_TG); i++)
		if (!load_target_health(ld, MODEL_GET(ld->m, MODEL_TG, struct model_tg, i)))
			return false;
	/* AWS-managed ENIs name their owner in the description */
	for (guint i = 0; i < MODEL_COUNT(ld->m, MODEL_ENI); i++) {
		struct model_eni *e = MODEL_GET(ld->m, MODEL_ENI, struct model_eni, i);
		const char *d = e->description;
		if (e->owner || !d)
			continue;
		static const char tgw_pfx[] = "Network Interface for Transit Gateway Attachment ";
		if (g_str_has_prefix(d, tgw_pfx)) {
			struct model_obj *a = g_hash_table_lookup(ld->m->by_id, d + strlen(tgw_pfx));
			if (a && a->kind == MODEL_TGW_ATTACH)
				e->owner = a;
		} else if (g_str_has_prefix(d, "ELB ")) {
			/* "ELB gwy/name/hash" ↔ "arn:…:loadbalancer/gwy/name/hash" */
			for (guint j = 0; j < MODEL_COUNT(ld->m, MODEL_LB) && !e->owner; j++) {
				struct model_lb *l = MODEL_GET(ld->m, MODEL_LB, struct model_lb, j);
				const char *lb = strstr(l->o.id, ":loadbalancer/");
				if (lb && !strcmp(lb + strlen(":loadbalancer/"), d + 4))
					e->owner = &l->o;
			}
		}
	}
	return true;
}
