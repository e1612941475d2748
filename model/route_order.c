/* route_order.c - the order in which a Transit Gateway prefers routes of one prefix by their
 * origin, kept as data (DESIGN.md: AWS has changed it before; name it in each explanation).
 *
 * Source: AWS Transit Gateway Guide, "How transit gateways work", section "Route evaluation
 * order" (docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html), as published
 * in 2024: the most specific route first; for the same destination, static routes
 * (including Site-to-Site VPN static routes), then prefix-list-referenced routes, then
 * routes propagated from a VPC, from a Direct Connect gateway, from Transit Gateway
 * Connect, from a Site-to-Site VPN over Direct Connect (private IP VPN), from a Site-to-Site
 * VPN, and last from transit gateway peering. Among BGP routes of one origin the shorter
 * AS_PATH wins, then the lower MED (same page; the Cloud WAN guide's "Route evaluation"
 * states the AS_PATH-then-MED rule the same way).
 *
 * To follow a new version of the page, reorder `order` and change the version string: the
 * engine reads nothing else.
 */
#include "model/forward.h"

const char model_tgw_order_source[] = "TGW guide \"Route evaluation order\", 2024 edition";

/* The documented order, best first. */
static const enum model_tgw_origin order[MODEL_TGW_O_N] = {
	MODEL_TGW_O_STATIC,
	MODEL_TGW_O_PREFIX_LIST,
	MODEL_TGW_O_VPC,
	MODEL_TGW_O_DXGW,
	MODEL_TGW_O_CONNECT,
	MODEL_TGW_O_VPN_OVER_DX,
	MODEL_TGW_O_VPN,
	MODEL_TGW_O_PEERING,
};

static const char *const names[MODEL_TGW_O_N] = {
	[MODEL_TGW_O_STATIC] = "static",
	[MODEL_TGW_O_PREFIX_LIST] = "prefix-list-referenced",
	[MODEL_TGW_O_VPC] = "propagated from VPC",
	[MODEL_TGW_O_DXGW] = "propagated from Direct Connect",
	[MODEL_TGW_O_CONNECT] = "propagated from TGW Connect",
	[MODEL_TGW_O_VPN_OVER_DX] = "propagated from VPN over Direct Connect",
	[MODEL_TGW_O_VPN] = "propagated from VPN",
	[MODEL_TGW_O_PEERING] = "propagated from peering",
};

unsigned
model_tgw_origin_rank(enum model_tgw_origin o)
{
	for (unsigned i = 0; i < MODEL_TGW_O_N; i++)
		if (order[i] == o)
			return i;
	return MODEL_TGW_O_N;
}

const char *
model_tgw_origin_name(enum model_tgw_origin o)
{
	return (unsigned)o < MODEL_TGW_O_N ? names[o] : "unknown origin";
}
