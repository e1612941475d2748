/* load_dx.c - AWS Direct Connect from an AWS-CLI snapshot: connections, virtual interfaces
 * (with their BGP peers), Direct Connect gateways and their associations.
 *
 * Follows the AWS Direct Connect API Reference (DescribeConnections,
 * DescribeVirtualInterfaces, DescribeDirectConnectGateways,
 * DescribeDirectConnectGatewayAssociations) as `aws directconnect` prints it (camelCase
 * keys), and the AWS Direct Connect User Guide ("Virtual interfaces", "Direct Connect
 * gateways").
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

/* "10Gbps", "500Mbps" → Mbit/s; 0 when not understood. */
static uint32_t
bandwidth_mbps(const char *s)
{
	if (!s)
		return 0;
	char *end;
	double v = g_ascii_strtod(s, &end);
	if (end == s)
		return 0;
	if (!g_ascii_strcasecmp(end, "Gbps"))
		return (uint32_t)(v * 1000);
	if (!g_ascii_strcasecmp(end, "Mbps"))
		return (uint32_t)v;
	return 0;
}

bool
ld_load_dx(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-connections.json", "connections", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_dxcon *c;
		const char *cname;
		gint64 vlan;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(c = ld_obj_new(ld, MODEL_DXCON, sizeof(*c), o, "connectionId")) ||
			!ld_str(ld, o, "connectionName", false, &cname) ||
			!ld_strdup(ld, o, "bandwidth", &c->bandwidth) || !ld_int(ld, o, "vlan", -1, &vlan) ||
			!ld_strdup(ld, o, "location", &c->location) ||
			!ld_strdup(ld, o, "connectionState", &c->state) ||
			!ld_bool(ld, o, "macSecCapable", false, &c->macsec_capable) ||
			!ld_strdup(ld, o, "encryptionMode", &c->encryption_mode))
			return false;
		c->vlan = (int)vlan;
		c->bandwidth_mbps = bandwidth_mbps(c->bandwidth);
		if (cname && !c->o.name)
			c->o.name = g_strdup(cname);
	}
	if (!ld_src_open(ld, "describe-direct-connect-gateways.json", "directConnectGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_dxgw *g;
		const char *gname;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(g = ld_obj_new(ld, MODEL_DXGW, sizeof(*g), o, "directConnectGatewayId")) ||
			!ld_str(ld, o, "directConnectGatewayName", false, &gname) ||
			!ld_asn(ld, o, "amazonSideAsn", &g->asn) ||
			!ld_strdup(ld, o, "directConnectGatewayState", &g->state))
			return false;
		g->vifs = g_ptr_array_new();
		g->assocs = g_ptr_array_new();
		if (gname && !g->o.name)
			g->o.name = g_strdup(gname);
	}
	if (!ld_src_open(ld, "describe-virtual-interfaces.json", "virtualInterfaces", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_dxvif *v;
		const char *type, *vname;
		gint64 vlan, mtu;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(v = ld_obj_new(ld, MODEL_DXVIF, sizeof(*v), o, "virtualInterfaceId")) ||
			!ld_str(ld, o, "virtualInterfaceType", true, &type) ||
			!ld_str(ld, o, "virtualInterfaceName", false, &vname) ||
			!ld_int(ld, o, "vlan", -1, &vlan) || !ld_int(ld, o, "mtu", 1500, &mtu) ||
			!ld_ref(ld, o, "connectionId", MODEL_DXCON, false, (void **)&v->con) ||
			!ld_asn(ld, o, "asn", &v->asn) || !ld_asn(ld, o, "amazonSideAsn", &v->amazon_asn) ||
			!ld_ifaddr(ld, o, "amazonAddress", &v->amazon_addr) ||
			!ld_ifaddr(ld, o, "customerAddress", &v->customer_addr) ||
			!ld_ref(ld, o, "virtualGatewayId", MODEL_VGW, false, (void **)&v->vgw) ||
			!ld_ref(ld, o, "directConnectGatewayId", MODEL_DXGW, false, (void **)&v->dxgw) ||
			!ld_strdup(ld, o, "virtualInterfaceState", &v->state))
			return false;
		if (!strcmp(type, "private"))
			v->type = MODEL_VIF_PRIVATE;
		else if (!strcmp(type, "transit"))
			v->type = MODEL_VIF_TRANSIT;
		else if (!strcmp(type, "public"))
			v->type = MODEL_VIF_PUBLIC;
		else
			return ld_fail(ld, MODEL_ERROR_VALUE, "virtualInterfaceType",
				"not private, transit or public: \"%s\"", type);
		if (vname && !v->o.name)
			v->o.name = g_strdup(vname);
		v->vlan = (int)vlan;
		v->mtu = (int)mtu;
		/* Direct Connect user guide, "Virtual interfaces": a VLAN tag names one virtual
		 * interface on its connection; a second one with the same tag cannot exist */
		for (guint j = 0; v->con && vlan >= 0 && j + 1 < MODEL_COUNT(ld->m, MODEL_DXVIF); j++) {
			const struct model_dxvif *w =
				MODEL_GET(ld->m, MODEL_DXVIF, struct model_dxvif, j);
			if (w != v && w->con == v->con && w->vlan == v->vlan)
				return ld_fail(ld, MODEL_ERROR_VALUE, "vlan", "VLAN %d on %s is already %s's",
					v->vlan, v->con->o.id, w->o.id);
		}
		if (v->dxgw)
			g_ptr_array_add(v->dxgw->vifs, v);
		v->route_filter = ld_prefixes_new();
		if (!ld_prefix_list(ld, o, "routeFilterPrefixes", "cidr", v->route_filter, NULL))
			return false;
		JsonArray *a;
		if (!ld_arr(ld, o, "bgpPeers", &a))
			return false;
		v->peers = g_new0(struct model_bgp_peer, ld_alen(a) + 1);
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "bgpPeers", j);
			JsonObject *e;
			struct model_bgp_peer *p = &v->peers[v->n_peers++];
			const char *status;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_strdup(ld, e, "bgpPeerId", &p->id) ||
				!ld_asn(ld, e, "asn", &p->asn) ||
				!ld_ifaddr(ld, e, "amazonAddress", &p->amazon_addr) ||
				!ld_ifaddr(ld, e, "customerAddress", &p->customer_addr) ||
				!ld_strdup(ld, e, "bgpPeerState", &p->state) ||
				!ld_str(ld, e, "bgpStatus", false, &status))
				return false;
			p->up = status && !strcmp(status, "up");
			p->status_known = status && strcmp(status, "unknown") != 0;
			v->bgp_known |= p->status_known;
			ld_pop(ld, mk);
		}
		/* Direct Connect API Reference, BGPPeer: bgpStatus (up, down, unknown) is the
		 * session's state; without it whether routes are exchanged is not known */
		if (v->n_peers && !v->bgp_known)
			ld_warn(ld, "bgpPeers",
				"no bgpStatus on %s's BGP peers: whether BGP is up is unknown",
				v->o.id);
	}
	return true;
}

bool
ld_load_dxgw_assocs(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-direct-connect-gateway-associations.json",
		    "directConnectGatewayAssociations", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *gw;
		struct model_dxgw *dxgw;
		const char *aid;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!ld_ref(ld, o, "directConnectGatewayId", MODEL_DXGW, true, (void **)&dxgw) ||
			!ld_str(ld, o, "associationId", false, &aid) ||
			!ld_obj(ld, o, "associatedGateway", &gw))
			return false;
		if (!gw)
			return ld_fail(ld, MODEL_ERROR_TYPE, "associatedGateway", "missing");
		size_t mk = ld_push_key(ld, "associatedGateway");
		const char *gid, *gtype;
		if (!ld_str(ld, gw, "id", true, &gid) || !ld_str(ld, gw, "type", false, &gtype))
			return false;
		enum model_kind gk = g_str_has_prefix(gid, "tgw-") ? MODEL_TGW : MODEL_VGW;
		void *target;
		const char *region, *owner;
		if (!ld_str(ld, gw, "region", false, &region) ||
			!ld_str(ld, gw, "ownerAccount", false, &owner))
			return false;
		if (!g_hash_table_lookup(ld->m->by_id, gid)) {
			/* Direct Connect User Guide, "Transit gateway associations": a DX gateway
			 * is global and may be associated with gateways in other Regions and
			 * accounts; that Region's snapshot describes them */
			target = ld_stub(ld, gk, gid, "id",
				"%s %s in %s (account %s) is not in the snapshot: %s",
				ld_kind_words[gk], gid, region ? region : "another Region",
				owner ? owner : "unknown",
				gk == MODEL_TGW ? "its route tables are unknown"
						: "its VPC is unknown");
		} else if (!ld_ref_id(ld, "id", gk, gid, &target)) {
			return false;
		}
		ld_pop(ld, mk);
		/* registered under associationId, or "<dxgw>/<gateway>" when the CLI omits it */
		char *synth = aid ? NULL : g_strdup_printf("%s/%s", dxgw->o.id, gid);
		JsonObject *idobj = json_object_new();
		json_object_set_string_member(idobj, "Id", aid ? aid : synth);
		struct model_dxgw_assoc *a = ld_obj_new(ld, MODEL_DXGW_ASSOC, sizeof(*a), idobj, "Id");
		json_object_unref(idobj);
		g_free(synth);
		if (!a)
			return false;
		a->dxgw = dxgw;
		a->gateway_id = g_strdup(gid);
		a->gateway_type = g_strdup(gtype);
		a->gateway = target;
		a->allowed = ld_prefixes_new();
		g_ptr_array_add(dxgw->assocs, a);
		if (!ld_prefix_list(ld, o, "allowedPrefixesToDirectConnectGateway", "cidr", a->allowed,
			    NULL) ||
			!ld_strdup(ld, o, "associationState", &a->state))
			return false;
	}
	return true;
}
