/* load_awstrace.c - awstrace.json: what the AWS APIs cannot describe (DESIGN.md
 * "Topology"): on-premises networks and where they are advertised, link capacities and
 * latencies, named vantage points.
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

/* awstrace.json: what the AWS APIs cannot describe (DESIGN.md); one per snapshot
 * directory that has it. */
static bool
load_awstrace_root(struct ld *ld, JsonObject *root)
{
	JsonObject *onprem;
	JsonArray *nets = NULL, *links, *vantages;
	if (!ld_obj(ld, root, "OnPremises", &onprem))
		return false;
	if (onprem) {
		size_t mk = ld_push_key(ld, "OnPremises");
		if (!ld_arr(ld, onprem, "Networks", &nets))
			return false;
		ld_pop(ld, mk);
	}
	for (guint i = 0; i < ld_alen(nets); i++) {
		g_string_printf(ld->path, "$.OnPremises.Networks[%u]", i);
		JsonObject *o;
		const char *cidr, *nname;
		if (!ld_elem_obj(ld, nets, i, &o) || !ld_str(ld, o, "Cidr", true, &cidr) ||
			!ld_str(ld, o, "Name", false, &nname))
			return false;
		JsonObject *idobj = json_object_new();
		json_object_set_string_member(idobj, "Id", nname ? nname : cidr);
		struct model_onprem *n = ld_obj_new(ld, MODEL_ONPREM, sizeof(*n), idobj, "Id");
		json_object_unref(idobj);
		if (!n || !ld_prefix(ld, o, "Cidr", true, &n->cidr))
			return false;
		n->o.name = g_strdup(nname);
		JsonArray *a;
		if (!ld_arr(ld, o, "AdvertisedVia", &a))
			return false;
		n->adv = g_new0(struct model_adv, ld_alen(a) + 1);
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "AdvertisedVia", j);
			JsonObject *e;
			const char *id;
			gint64 len;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_str(ld, e, "Id", true, &id) ||
				!ld_int(ld, e, "AsPathLength", 1, &len))
				return false;
			struct model_obj *via = g_hash_table_lookup(ld->m->by_id, id);
			if (!via || (via->kind != MODEL_DXVIF && via->kind != MODEL_VPN))
				return ld_fail(ld, MODEL_ERROR_REFERENCE, "Id",
					"%s is not a known virtual interface or VPN connection", id);
			if (len < 0 || len > 255)
				return ld_fail(ld, MODEL_ERROR_VALUE, "AsPathLength", "out of range: %" G_GINT64_FORMAT, len);
			struct model_adv *ad = &n->adv[n->n_adv++];
			ad->id = g_strdup(id);
			ad->via = via;
			ad->as_path_len = (uint32_t)len;
			ld_pop(ld, mk);
		}
	}
	/* Links and Vantages at the top (DESIGN.md); also accepted under OnPremises */
	JsonObject *holders[] = { root, onprem };
	const char *hpath[] = { "$", "$.OnPremises" };
	for (unsigned h = 0; h < 2; h++) {
		if (!holders[h])
			continue;
		g_string_assign(ld->path, hpath[h]);
		if (!ld_arr(ld, holders[h], "Links", &links) || !ld_arr(ld, holders[h], "Vantages", &vantages))
			return false;
		if (ld_alen(links)) {
			ld->m->links = g_renew(struct model_link, ld->m->links, ld->m->n_links + ld_alen(links));
		}
		for (guint i = 0; i < ld_alen(links); i++) {
			size_t mk = ld_push_idx(ld, "Links", i);
			JsonObject *e;
			const char *id;
			struct model_link *l = &ld->m->links[ld->m->n_links];
			memset(l, 0, sizeof(*l));
			if (!ld_elem_obj(ld, links, i, &e) || !ld_str(ld, e, "Id", true, &id) ||
				!ld_double(ld, e, "CapacityMbps", &l->capacity_mbps) ||
				!ld_double(ld, e, "LatencyMs", &l->latency_ms))
				return false;
			l->obj = g_hash_table_lookup(ld->m->by_id, id);
			if (!l->obj)
				return ld_fail(ld, MODEL_ERROR_REFERENCE, "Id", "unknown link %s", id);
			l->id = g_strdup(id);
			ld->m->n_links++;
			ld_pop(ld, mk);
		}
		if (ld_alen(vantages))
			ld->m->vantages = g_renew(struct model_vantage, ld->m->vantages,
				ld->m->n_vantages + ld_alen(vantages));
		for (guint i = 0; i < ld_alen(vantages); i++) {
			size_t mk = ld_push_idx(ld, "Vantages", i);
			JsonObject *e;
			const char *vname, *where;
			if (!ld_elem_obj(ld, vantages, i, &e) || !ld_str(ld, e, "Name", true, &vname) ||
				!ld_str(ld, e, "Where", true, &where))
				return false;
			struct model_obj *w = g_hash_table_lookup(ld->m->by_id, where);
			if (!w)
				return ld_fail(ld, MODEL_ERROR_REFERENCE, "Where", "unknown %s", where);
			struct model_vantage *v = &ld->m->vantages[ld->m->n_vantages++];
			v->name = g_strdup(vname);
			v->where_id = g_strdup(where);
			v->where = w;
			ld_pop(ld, mk);
		}
	}
	return true;
}

bool
ld_load_awstrace(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "awstrace.json", NULL, &s))
		return false;
	ld->snapshot = NULL; /* on-premises networks are no account's */
	for (guint r = 0; r < s.roots->len; r++) {
		ld->file = g_ptr_array_index(s.root_files, r);
		g_string_assign(ld->path, "$");
		if (!load_awstrace_root(ld, g_ptr_array_index(s.roots, r)))
			return false;
	}
	return true;
}
