/* load_vpn.c - AWS Site-to-Site VPN from an AWS-CLI snapshot: virtual private gateways,
 * customer gateways and VPN connections (tunnels, telemetry, static routes).
 *
 * Follows the Amazon EC2 API Reference (DescribeVpnGateways, DescribeCustomerGateways,
 * DescribeVpnConnections: VpnConnection, TunnelOption, VgwTelemetry, VpnStaticRoute) and the
 * AWS Site-to-Site VPN User Guide.
 */
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

bool
ld_load_vgws(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-vpn-gateways.json", "VpnGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_vgw *g;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(g = ld_obj_new(ld, MODEL_VGW, sizeof(*g), o, "VpnGatewayId")) ||
			!ld_asn(ld, o, "AmazonSideAsn", &g->asn) || !ld_strdup(ld, o, "State", &g->state))
			return false;
		g->vpcs = g_ptr_array_new();
		JsonArray *a;
		if (!ld_arr(ld, o, "VpcAttachments", &a))
			return false;
		for (guint j = 0; j < ld_alen(a); j++) {
			size_t mk = ld_push_idx(ld, "VpcAttachments", j);
			JsonObject *e;
			const char *state;
			struct model_vpc *v;
			if (!ld_elem_obj(ld, a, j, &e) || !ld_str(ld, e, "State", false, &state) ||
				!ld_ref(ld, e, "VpcId", MODEL_VPC, true, (void **)&v))
				return false;
			ld_pop(ld, mk);
			if (state && strcmp(state, "attached"))
				continue;
			g_ptr_array_add(g->vpcs, v);
			v->vgw = g;
		}
	}
	return true;
}

bool
ld_load_cgws(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-customer-gateways.json", "CustomerGateways", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o;
		struct model_cgw *g;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(g = ld_obj_new(ld, MODEL_CGW, sizeof(*g), o, "CustomerGatewayId")) ||
			!ld_asn(ld, o, "BgpAsn", &g->asn) || !ld_addr(ld, o, "IpAddress", false, &g->ip) ||
			!ld_strdup(ld, o, "State", &g->state))
			return false;
	}
	return true;
}

bool
ld_load_vpns(struct ld *ld)
{
	struct src s;
	if (!ld_src_open(ld, "describe-vpn-connections.json", "VpnConnections", &s))
		return false;
	for (guint i = 0; i < ld_src_len(&s); i++) {
		JsonObject *o, *op;
		struct model_vpn *v;
		if (!ld_src_elem(ld, &s, i, &o) ||
			!(v = ld_obj_new(ld, MODEL_VPN, sizeof(*v), o, "VpnConnectionId")) ||
			!ld_strdup(ld, o, "State", &v->state) ||
			!ld_ref(ld, o, "CustomerGatewayId", MODEL_CGW, true, (void **)&v->cgw) ||
			!ld_ref(ld, o, "VpnGatewayId", MODEL_VGW, false, (void **)&v->vgw) ||
			!ld_ref(ld, o, "TransitGatewayId", MODEL_TGW, false, (void **)&v->tgw) ||
			!ld_obj(ld, o, "Options", &op))
			return false;
		if (!v->vgw == !v->tgw)
			return ld_fail(ld, MODEL_ERROR_VALUE, "VpnGatewayId",
				"needs exactly one of VpnGatewayId and TransitGatewayId");
		JsonArray *topts = NULL, *tele, *routes;
		if (op) {
			size_t mk = ld_push_key(ld, "Options");
			const char *transport;
			if (!ld_bool(ld, op, "StaticRoutesOnly", false, &v->static_only) ||
				!ld_str(ld, op, "TransportTransitGatewayAttachmentId", false, &transport) ||
				!ld_arr(ld, op, "TunnelOptions", &topts))
				return false;
			v->over_dx = transport != NULL;
			ld_pop(ld, mk);
		}
		if (!ld_arr(ld, o, "VgwTelemetry", &tele) || !ld_arr(ld, o, "Routes", &routes))
			return false;
		v->tunnels = g_new0(struct model_vpn_tunnel, ld_alen(topts) + ld_alen(tele) + 1);
		for (guint j = 0; j < ld_alen(topts); j++) {
			size_t mk = ld_push_idx(ld, "Options.TunnelOptions", j);
			JsonObject *e;
			struct model_vpn_tunnel *t = &v->tunnels[v->n_tunnels];
			if (!ld_elem_obj(ld, topts, j, &e) ||
				!ld_addr(ld, e, "OutsideIpAddress", false, &t->outside_ip) ||
				!ld_prefix(ld, e, "TunnelInsideCidr", false, &t->inside_cidr))
				return false;
			if (t->outside_ip.af)
				v->n_tunnels++;
			ld_pop(ld, mk);
		}
		for (guint j = 0; j < ld_alen(tele); j++) {
			size_t mk = ld_push_idx(ld, "VgwTelemetry", j);
			JsonObject *e;
			struct model_addr ip;
			const char *status;
			gint64 accepted;
			if (!ld_elem_obj(ld, tele, j, &e) || !ld_addr(ld, e, "OutsideIpAddress", true, &ip) ||
				!ld_str(ld, e, "Status", false, &status) ||
				!ld_int(ld, e, "AcceptedRouteCount", 0, &accepted))
				return false;
			struct model_vpn_tunnel *t = NULL;
			for (size_t k = 0; k < v->n_tunnels && !t; k++)
				if (!memcmp(&v->tunnels[k].outside_ip, &ip, sizeof(ip)))
					t = &v->tunnels[k];
			if (!t) {
				t = &v->tunnels[v->n_tunnels++];
				t->outside_ip = ip;
			}
			t->up = status && !strcmp(status, "UP");
			t->accepted_routes = accepted > 0 ? (uint32_t)accepted : 0;
			ld_pop(ld, mk);
		}
		v->routes = g_new0(struct model_vpn_route, ld_alen(routes) + 1);
		for (guint j = 0; j < ld_alen(routes); j++) {
			size_t mk = ld_push_idx(ld, "Routes", j);
			JsonObject *e;
			struct model_vpn_route *r = &v->routes[v->n_routes++];
			const char *src, *state;
			if (!ld_elem_obj(ld, routes, j, &e) ||
				!ld_prefix(ld, e, "DestinationCidrBlock", true, &r->dst) ||
				!ld_str(ld, e, "Source", false, &src) || !ld_str(ld, e, "State", false, &state))
				return false;
			r->is_static = !src || !g_ascii_strcasecmp(src, "static");
			r->available = !state || !strcmp(state, "available");
			ld_pop(ld, mk);
		}
	}
	return true;
}
