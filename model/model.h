/* model.h - the AWS topology as AWS describes it: the "truth" loaded from AWS-CLI JSON
 * snapshots (DESIGN.md "Topology"), kept apart from the compiled forwarding tables
 * (STYLE.md §8). Nothing here decides a route; the engine compiles from these objects.
 *
 * Design note and invariants:
 *  - One `struct model` owns every object. Each object is allocated once and never moves,
 *    so cross references are plain pointers (resolved at load time) and stay valid until
 *    model_free(). Every object starts with `struct model_obj` (its kind, AWS id and index
 *    in its kind's array), so a `struct model_obj *` may be cast to the struct its kind
 *    names, and back.
 *  - m->objs[kind] (GPtrArray, owning) holds the objects of one kind in file order;
 *    o->idx is the object's index there. m->by_id maps every id (vpc-…, tgw-rtb-…, DX
 *    gateway UUIDs, load balancer ARNs…) to its object; ids are unique across kinds, but
 *    for the second side of a TGW peering attachment (model_tgw_attach.peer_side), which
 *    is in objs[] and not in by_id.
 *  - Several snapshot directories (accounts, Regions) load into one model; the same object
 *    described by several merges into one.
 *  - Every reference loaded from a snapshot resolves to an object of the right kind, or
 *    to a stub (o->stub, o->missing: what another account or Region holds, with a warning
 *    in m->warnings), or the load failed, with these documented exceptions where AWS
 *    itself shows ids of things not in the account's snapshot (pointer NULL, id kept):
 *      · a route whose State is "blackhole" (its target was deleted);
 *      · the far side of a cross-account or cross-region VPC peering;
 *      · a security-group reference carrying a UserId of another account or a pcx-;
 *      · a TGW attachment's resource for peering / connect / network-function types;
 *      · a route's InstanceId with no NetworkInterfaceId (no describe-instances).
 *  - Prefixes are masked (host bits zero); IPv4 in host byte order.
 *  - Arrays of references (GPtrArray without a free function) do not own their elements.
 *  - All strings are owned by their object (g_free at model_free()).
 *  - Lookups below are linear scans for the CLI, explain and tests; they allocate nothing.
 *    The engine's fast paths build their own LPM tables from this truth.
 */
#ifndef AWSTRACE_MODEL_MODEL_H
#define AWSTRACE_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* ---- addresses and prefixes ------------------------------------------------------- */

enum model_af {
	MODEL_AF_NONE = 0, /* absent (e.g. a subnet without IPv6) */
	MODEL_AF_INET = 4,
	MODEL_AF_INET6 = 6,
};

struct model_addr {
	uint8_t af; /* enum model_af */
	union {
		uint32_t v4;    /* host byte order */
		uint8_t v6[16]; /* network byte order */
	} a;
};

struct model_prefix {
	uint8_t af;  /* enum model_af; MODEL_AF_NONE = no prefix */
	uint8_t len; /* 0..32 or 0..128 */
	union {
		uint32_t v4;    /* host byte order, masked */
		uint8_t v6[16]; /* masked */
	} a;
};

/* Parses "10.0.0.0/16", "2600:1f18::/56" (masks host bits) into *p. FALSE on bad input. */
gboolean model_prefix_parse(const char *s, struct model_prefix *p);
/* Parses "10.1.1.10" or "2600:1f18::1". FALSE on bad input. */
gboolean model_addr_parse(const char *s, struct model_addr *a);
/* Writes p as "a.b.c.d/n" or "x::/n" into buf (at least MODEL_PREFIX_STRLEN bytes); returns buf. */
#define MODEL_PREFIX_STRLEN 48
char *model_prefix_format(const struct model_prefix *p, char *buf);
/* Writes a into buf (at least MODEL_PREFIX_STRLEN bytes); returns buf. */
char *model_addr_format(const struct model_addr *a, char *buf);
/* TRUE when a lies inside p (same family). */
bool model_prefix_contains(const struct model_prefix *p, const struct model_addr *a);
/* TRUE when inner is equal to or more specific than outer and inside it. */
bool model_prefix_covers(const struct model_prefix *outer, const struct model_prefix *inner);
/* Orders prefixes: family, then address, then length. For sorting. */
int model_prefix_cmp(const struct model_prefix *a, const struct model_prefix *b);

/* ---- objects ----------------------------------------------------------------------- */

enum model_kind {
	MODEL_VPC,
	MODEL_SUBNET,
	MODEL_RTB,
	MODEL_NACL,
	MODEL_SG,
	MODEL_ENI,
	MODEL_IGW,
	MODEL_EIGW,
	MODEL_NATGW,
	MODEL_PCX,
	MODEL_VPCE,
	MODEL_PL,
	MODEL_TGW,
	MODEL_TGW_ATTACH,
	MODEL_TGW_RTB,
	MODEL_VPN,
	MODEL_VGW,
	MODEL_CGW,
	MODEL_DXCON,
	MODEL_DXVIF,
	MODEL_DXGW,
	MODEL_DXGW_ASSOC,
	MODEL_LB,
	MODEL_TG,
	MODEL_ONPREM, /* awstrace.json OnPremises.Networks[] (id = Name, or the Cidr) */
	MODEL_N_KINDS
};

/* Stable short names: "vpc", "subnet", "route-table", "network-acl", "security-group",
 * "eni", "igw", "eigw", "nat-gateway", "vpc-peering", "vpc-endpoint", "prefix-list",
 * "transit-gateway", "tgw-attachment", "tgw-route-table", "vpn-connection", "vgw",
 * "customer-gateway", "dx-connection", "dx-vif", "dx-gateway", "dx-gateway-association",
 * "load-balancer", "target-group", "on-premises". */
const char *model_kind_name(enum model_kind k);

struct model_snapshot;

struct model_obj {
	enum model_kind kind;
	unsigned idx; /* index in m->objs[kind] */
	char *id;     /* AWS id; never NULL */
	char *name;   /* Tags "Name" (or the object's own name field), or NULL */
	/* NULL when the snapshot describes the object well enough to forward through it;
	 * otherwise a short sentence of what the snapshot lacks ("route tables of tgw-0abc
	 * (owner 111122223333) are not in the snapshot"), owned. The engine answers `unknown`
	 * where a path depends on it (issue 11). */
	char *missing;
	/* A stub: created by the loader only because something referenced it (a TGW or an
	 * attachment or SG of another account, a hosted VIF's DX connection, a TGW in another
	 * Region behind a DX gateway association); `missing` says what is lacking. Its
	 * fields are zero / empty except the ones the reference itself told. */
	bool stub;
	/* The snapshot directory that described it (the first, when several did), so its
	 * account and which files it held are known; NULL for a stub. */
	const struct model_snapshot *snapshot;
};

struct model_vpc {
	struct model_obj o;
	GArray *cidr4;             /* struct model_prefix, primary first (associated only) */
	GArray *cidr6;             /* struct model_prefix */
	struct model_rtb *main_rtb; /* never NULL after a successful load if the VPC has rtbs */
	struct model_nacl *default_nacl; /* IsDefault NACL, or NULL */
	struct model_igw *igw;     /* attached IGW or NULL */
	struct model_eigw *eigw;   /* attached egress-only IGW or NULL */
	struct model_vgw *vgw;     /* attached VGW or NULL */
	GPtrArray *subnets;        /* struct model_subnet *, file order */
	bool is_default;
	char *owner_id;            /* OwnerId (the account), or NULL */
};

struct model_subnet {
	struct model_obj o;
	struct model_vpc *vpc;
	struct model_prefix cidr4; /* af NONE for IPv6-only subnets */
	struct model_prefix cidr6; /* af NONE without IPv6 */
	char *az;
	char *az_id;
	struct model_rtb *rtb;   /* explicit association, or NULL: use vpc->main_rtb */
	struct model_nacl *nacl; /* associated NACL (AWS always has one), or NULL if unknown */
	bool map_public_ip;
};

enum model_dest_kind {
	MODEL_DEST_CIDR4,
	MODEL_DEST_CIDR6,
	MODEL_DEST_PREFIX_LIST,
};

enum model_target_kind {
	MODEL_TGT_LOCAL,          /* target = the VPC */
	MODEL_TGT_IGW,
	MODEL_TGT_EIGW,
	MODEL_TGT_NAT,
	MODEL_TGT_TGW,
	MODEL_TGT_VGW,
	MODEL_TGT_PCX,
	MODEL_TGT_VPCE_GATEWAY,   /* S3 / DynamoDB gateway endpoint */
	MODEL_TGT_VPCE_GWLB,      /* Gateway Load Balancer endpoint */
	MODEL_TGT_VPCE_INTERFACE,
	MODEL_TGT_ENI,            /* NetworkInterfaceId (instance_id kept when the CLI shows one) */
	MODEL_TGT_INSTANCE,       /* InstanceId alone; target = its device-0 ENI if known */
	MODEL_TGT_BLACKHOLE,      /* no target key at all */
	MODEL_TGT_OTHER,          /* local/carrier gateway, core network, … (not modelled) */
};
const char *model_target_kind_name(enum model_target_kind k);

enum model_route_origin {
	MODEL_ORIGIN_CREATE_ROUTE_TABLE, /* the local route(s) */
	MODEL_ORIGIN_CREATE_ROUTE,       /* static */
	MODEL_ORIGIN_VGW_PROPAGATION,    /* EnableVgwRoutePropagation */
	MODEL_ORIGIN_OTHER,
};

enum model_route_state {
	MODEL_STATE_ACTIVE,
	MODEL_STATE_BLACKHOLE,
};

/* A VPC route as describe-route-tables shows it. */
struct model_route {
	enum model_dest_kind dkind;
	struct model_prefix dst;      /* CIDR4 / CIDR6 */
	struct model_pl *dst_pl;      /* PREFIX_LIST: resolved list */
	enum model_target_kind tkind;
	char *target_id;              /* "local", igw-…, nat-…, … (NULL for BLACKHOLE) */
	struct model_obj *target;     /* resolved; NULL only per the exceptions above */
	char *instance_id;            /* InstanceId when shown, else NULL */
	enum model_route_origin origin;
	enum model_route_state state;
};

struct model_rtb {
	struct model_obj o;
	struct model_vpc *vpc;
	bool is_main;
	struct model_route *routes; /* n_routes, file order */
	size_t n_routes;
	GPtrArray *subnets;          /* struct model_subnet * explicitly associated */
	GPtrArray *edge_gateways;    /* struct model_obj * (igw / vgw): gateway route table */
	GPtrArray *propagating_vgws; /* struct model_vgw * */
};

struct model_nacl_entry {
	uint32_t number;       /* RuleNumber; 32767 / 32768 are the `*` rules */
	bool egress;
	int protocol;          /* IANA number; -1 = all */
	bool allow;
	struct model_prefix cidr; /* v4 or v6 */
	int port_from, port_to;   /* -1/-1 when PortRange absent (all ports) */
	int icmp_type, icmp_code; /* -1 = all, or absent */
};

struct model_nacl {
	struct model_obj o;
	struct model_vpc *vpc;
	bool is_default;
	/* Sorted by number ascending (AWS evaluates lowest first); one array per direction. */
	struct model_nacl_entry *ingress;
	size_t n_ingress;
	struct model_nacl_entry *egress;
	size_t n_egress;
	GPtrArray *subnets; /* struct model_subnet * associated */
};

struct model_sg_rule {
	bool egress;
	int protocol;             /* IANA number ("tcp" → 6, "udp" → 17, "icmp" → 1,
	                             "icmpv6" → 58); -1 = all */
	int from_port, to_port;   /* -1 = all; for ICMP: type and code */
	GArray *cidrs;            /* struct model_prefix (IpRanges and Ipv6Ranges) */
	GPtrArray *groups;        /* struct model_sg * referenced (resolved ones only) */
	GPtrArray *group_ids;     /* char * every referenced group id (owned) */
	GPtrArray *pls;           /* struct model_pl * */
};

struct model_sg {
	struct model_obj o;       /* name = GroupName */
	struct model_vpc *vpc;
	char *description;
	struct model_sg_rule *ingress;
	size_t n_ingress;
	struct model_sg_rule *egress;
	size_t n_egress;
};

struct model_eni_ip {
	struct model_addr priv;
	struct model_addr pub; /* Association.PublicIp (public or Elastic IP); af NONE if none */
	bool primary;
};

struct model_eni {
	struct model_obj o;
	struct model_subnet *subnet;
	struct model_vpc *vpc;
	char *interface_type;     /* "interface", "nat_gateway", "gateway_load_balancer_endpoint"… */
	char *description;
	uint8_t mac[6];
	bool has_mac;
	struct model_eni_ip *ips; /* IPv4 (primary first) then IPv6 */
	size_t n_ips;
	GPtrArray *sgs;           /* struct model_sg * */
	bool source_dest_check;
	bool requester_managed;
	char *instance_id;        /* Attachment.InstanceId or NULL */
	int device_index;         /* Attachment.DeviceIndex or -1 */
	struct model_obj *owner;  /* the NAT gateway / endpoint / LB using it, or NULL */
};

struct model_igw {
	struct model_obj o;
	struct model_vpc *vpc;      /* attached VPC or NULL */
	struct model_rtb *edge_rtb; /* gateway route table associated with it, or NULL */
};

struct model_eigw {
	struct model_obj o;
	struct model_vpc *vpc;
};

struct model_natgw {
	struct model_obj o;
	struct model_subnet *subnet;
	struct model_vpc *vpc;
	bool is_public;             /* ConnectivityType public (default) vs private */
	char *state;
	struct model_addr private_ip; /* primary address */
	struct model_addr public_ip;  /* af NONE for private NAT */
	struct model_eni *eni;      /* primary address's ENI, or NULL if not described */
};

struct model_pcx_side {
	char *vpc_id;
	struct model_vpc *vpc;      /* NULL when in another account/region */
	char *owner_id;
	char *region;
	GArray *cidr4;              /* struct model_prefix */
	GArray *cidr6;
};

struct model_pcx {
	struct model_obj o;
	struct model_pcx_side requester;
	struct model_pcx_side accepter;
	char *status;               /* Status.Code */
	bool active;
};

enum model_vpce_type {
	MODEL_VPCE_GATEWAY,
	MODEL_VPCE_INTERFACE,
	MODEL_VPCE_GWLB,
	MODEL_VPCE_OTHER,
};

struct model_vpce {
	struct model_obj o;
	enum model_vpce_type type;
	char *service_name;
	char *state;
	struct model_vpc *vpc;
	GPtrArray *rtbs;            /* struct model_rtb * (gateway endpoints) */
	GPtrArray *subnets;         /* struct model_subnet * */
	GPtrArray *enis;            /* struct model_eni * */
	GPtrArray *sgs;             /* struct model_sg * */
	struct model_pl *pl;        /* gateway endpoint: the list named service_name, or NULL */
	uint64_t geneve_id;         /* the 17 hex digits as a number (GENEVE option type 1) */
};

struct model_pl {
	struct model_obj o;         /* name = PrefixListName */
	GArray *cidrs;              /* struct model_prefix */
	bool aws_managed;           /* from describe-prefix-lists */
};

struct model_tgw {
	struct model_obj o;
	uint32_t asn;
	char *state;
	bool vpn_ecmp;
	bool dns_support;
	bool default_association;   /* DefaultRouteTableAssociation enable */
	bool default_propagation;
	struct model_tgw_rtb *assoc_default_rtb; /* or NULL */
	struct model_tgw_rtb *prop_default_rtb;
	GArray *cidr_blocks;        /* struct model_prefix (TransitGatewayCidrBlocks) */
	GPtrArray *attachments;     /* struct model_tgw_attach * */
	GPtrArray *rtbs;            /* struct model_tgw_rtb * */
	/* the snapshot directory that described this TGW held
	 * describe-transit-gateway-connect-peers.json, so its Connect attachments' peers
	 * (model_tgw_attach.connect_peers) are all there are */
	bool connect_peers_described;
	char *owner_id;             /* OwnerId (the account that shares it by RAM), or NULL */
	/* Options.SecurityGroupReferencingSupport "enable"; absent: false, AWS's default at
	 * the TGW level (EC2 API Reference, TransitGatewayOptions: "This option is disabled
	 * by default.") */
	bool sg_referencing;
};

enum model_tgw_res {
	MODEL_TGW_RES_VPC,
	MODEL_TGW_RES_VPN,
	MODEL_TGW_RES_DXGW,         /* direct-connect-gateway */
	MODEL_TGW_RES_CONNECT,
	MODEL_TGW_RES_PEERING,      /* peering / tgw-peering */
	MODEL_TGW_RES_NETWORK_FUNCTION,
	MODEL_TGW_RES_OTHER,
};
const char *model_tgw_res_name(enum model_tgw_res r);

struct model_tgw_attach {
	struct model_obj o;
	struct model_tgw *tgw;
	enum model_tgw_res res_type;
	char *res_id;
	struct model_obj *res;      /* vpc / vpn / dxgw; NULL for peering/connect/nf */
	char *state;
	struct model_tgw_rtb *assoc_rtb; /* the one table it is associated with, or NULL */
	GPtrArray *propagates_to;   /* struct model_tgw_rtb * */
	/* VPC attachments (describe-transit-gateway-vpc-attachments) */
	GPtrArray *subnets;         /* struct model_subnet * */
	bool appliance_mode;
	bool ipv6_support;
	/* A TGW peering attachment loaded from both TGWs' snapshots is two objects, one per
	 * side (each with its tgw, association and propagations, res = the other TGW), linked
	 * here; one AWS id, so m->by_id finds the first side loaded. NULL otherwise. */
	struct model_tgw_attach *peer_side;
	/* VPC attachment Options.SecurityGroupReferencingSupport "enable"; absent: true, AWS's
	 * default for a VPC attachment (EC2 API Reference,
	 * CreateTransitGatewayVpcAttachmentRequestOptions: "This option is set to enable by
	 * default. However, at the transit gateway level the default is set to disable.") */
	bool sg_referencing;
	/* Connect attachments (ResourceType "connect"): their Connect peers from
	 * describe-transit-gateway-connect-peers, file order; NULL when none was described
	 * (owning: struct model_tgw_connect_peer *) */
	GPtrArray *connect_peers;
};

/* A Connect peer: one GRE tunnel of a Connect attachment and its BGP sessions (EC2 API
 * Reference, TransitGatewayConnectPeer / TransitGatewayConnectPeerConfiguration /
 * TransitGatewayAttachmentBgpConfiguration; Transit Gateways guide, "Transit gateway
 * Connect attachments and Connect peers"). Not a model object: it lives on its attachment
 * and is not in m->by_id. */
struct model_tgw_connect_bgp {
	struct model_addr tgw_addr;  /* TransitGatewayAddress (inside, 169.254.x.y) */
	struct model_addr peer_addr; /* PeerAddress (inside: the appliance's) */
	uint32_t tgw_asn, peer_asn;
	char *status; /* BgpStatus ("up", "down"), or NULL */
};

struct model_tgw_connect_peer {
	char *id;                          /* TransitGatewayConnectPeerId */
	char *name;                        /* Tags "Name", or NULL */
	char *state;                       /* State ("available", "deleted"…), or NULL */
	struct model_tgw_attach *attach;   /* its Connect attachment */
	struct model_addr tgw_addr;        /* GRE outer address on the TGW side */
	struct model_addr peer_addr;       /* GRE outer address on the appliance side */
	GArray *inside;                    /* struct model_prefix: InsideCidrBlocks (/29, /125) */
	struct model_tgw_connect_bgp *bgp; /* n_bgp BgpConfigurations */
	size_t n_bgp;
	uint32_t peer_asn; /* the first BgpConfiguration's PeerAsn, 0 when none */
};

enum model_tgw_route_type {
	MODEL_TGW_ROUTE_STATIC,
	MODEL_TGW_ROUTE_PROPAGATED,
};

struct model_tgw_route {
	enum model_dest_kind dkind;
	struct model_prefix dst;
	struct model_pl *dst_pl;    /* PrefixListId, or NULL */
	enum model_tgw_route_type type;
	enum model_route_state state;
	GPtrArray *attachments;     /* struct model_tgw_attach *; several = ECMP; empty for
	                               a blackhole */
};

struct model_tgw_rtb {
	struct model_obj o;
	struct model_tgw *tgw;
	bool default_association;
	bool default_propagation;
	struct model_tgw_route *routes; /* n_routes, file order */
	size_t n_routes;
	bool routes_truncated;      /* AdditionalRoutesAvailable */
	GPtrArray *associations;    /* struct model_tgw_attach * */
	GPtrArray *propagations;    /* struct model_tgw_attach * */
};

struct model_vpn_route {
	struct model_prefix dst;
	bool is_static;             /* Source "Static" */
	bool available;             /* State "available" */
};

struct model_vpn_tunnel {
	struct model_addr outside_ip; /* AWS end of the tunnel */
	struct model_prefix inside_cidr; /* af NONE if unknown */
	bool up;                    /* VgwTelemetry Status "UP" */
	uint32_t accepted_routes;
};

struct model_vpn {
	struct model_obj o;
	char *state;
	struct model_cgw *cgw;
	struct model_vgw *vgw;      /* exactly one of vgw / tgw */
	struct model_tgw *tgw;
	struct model_tgw_attach *tgw_attach; /* when on a TGW and described, else NULL */
	bool static_only;           /* Options.StaticRoutesOnly */
	bool over_dx;               /* Options.TransportTransitGatewayAttachmentId present */
	struct model_vpn_route *routes;
	size_t n_routes;
	struct model_vpn_tunnel *tunnels; /* usually 2, order of VgwTelemetry / TunnelOptions */
	size_t n_tunnels;
};

struct model_vgw {
	struct model_obj o;
	uint32_t asn;
	char *state;
	GPtrArray *vpcs;            /* struct model_vpc * with State "attached" */
	struct model_rtb *edge_rtb; /* gateway route table associated with it, or NULL */
};

struct model_cgw {
	struct model_obj o;
	uint32_t asn;
	struct model_addr ip;
	char *state;
};

struct model_dxcon {
	struct model_obj o;         /* name = connectionName */
	char *bandwidth;            /* "10Gbps", "500Mbps" */
	uint32_t bandwidth_mbps;    /* parsed; 0 if unknown */
	int vlan;                   /* -1 if absent */
	char *location;
	char *state;
	bool macsec_capable;
	char *encryption_mode;
};

enum model_vif_type {
	MODEL_VIF_PRIVATE,
	MODEL_VIF_TRANSIT,
	MODEL_VIF_PUBLIC,
};

/* An interface address with its prefix length ("169.254.100.1/30"): not masked. */
struct model_ifaddr {
	struct model_addr addr;
	uint8_t len;
};

struct model_bgp_peer {
	char *id;
	uint32_t asn;
	struct model_ifaddr amazon_addr;   /* "169.254.100.1/30" */
	struct model_ifaddr customer_addr;
	bool up;                           /* bgpStatus "up" */
	char *state;
	bool status_known;                 /* false when bgpStatus is absent or "unknown" */
};

struct model_dxvif {
	struct model_obj o;         /* name = virtualInterfaceName */
	enum model_vif_type type;
	int vlan;
	struct model_dxcon *con;
	uint32_t asn;               /* customer side */
	uint32_t amazon_asn;
	struct model_ifaddr amazon_addr;
	struct model_ifaddr customer_addr;
	struct model_vgw *vgw;      /* private VIF to a VGW, else NULL */
	struct model_dxgw *dxgw;    /* private/transit VIF to a DX gateway, else NULL */
	char *state;
	int mtu;
	struct model_bgp_peer *peers;
	size_t n_peers;
	GArray *route_filter;       /* struct model_prefix (public VIF) */
	bool bgp_known;             /* some peer's bgpStatus is known */
};

struct model_dxgw {
	struct model_obj o;         /* name = directConnectGatewayName */
	uint32_t asn;
	char *state;
	GPtrArray *vifs;            /* struct model_dxvif * */
	GPtrArray *assocs;          /* struct model_dxgw_assoc * */
};

struct model_dxgw_assoc {
	struct model_obj o;         /* id = associationId (or "<dxgw>/<gateway>" if absent) */
	struct model_dxgw *dxgw;
	char *gateway_id;           /* associatedGateway.id */
	char *gateway_type;         /* "transitGateway" | "virtualPrivateGateway" */
	struct model_obj *gateway;  /* tgw or vgw */
	GArray *allowed;            /* struct model_prefix */
	char *state;
};

struct model_lb {
	struct model_obj o;         /* id = LoadBalancerArn, name = LoadBalancerName */
	char *type;                 /* "application" | "network" | "gateway" */
	char *scheme;
	char *state;
	struct model_vpc *vpc;
	GPtrArray *subnets;         /* struct model_subnet * */
	GPtrArray *tgs;             /* struct model_tg * forwarding to it */
};

/* One target of a target group with its health (describe-target-health). */
struct model_tg_target {
	char *id;                   /* Target.Id: an instance id or an IP address */
	int port;                   /* Target.Port, or -1 */
	char *az;                   /* Target.AvailabilityZone, or NULL */
	char *state;                /* TargetHealth.State: healthy, unhealthy, draining… */
	bool healthy;               /* State "healthy" */
};

struct model_tg {
	struct model_obj o;         /* id = TargetGroupArn, name = TargetGroupName */
	char *protocol;             /* "GENEVE" for GWLB */
	int port;
	char *target_type;
	struct model_vpc *vpc;
	GPtrArray *lbs;             /* struct model_lb * */
	/* describe-target-health/<NAME>.<ID>.json (aws-snapshot.sh, GENEVE groups), so a
	 * GWLB's appliance is not guessed; health_known false without the file. */
	struct model_tg_target *targets;
	size_t n_targets;
	bool health_known;
};

struct model_adv {
	char *id;                   /* dxvif-… or vpn-… */
	struct model_obj *via;      /* the VIF or VPN connection */
	uint32_t as_path_len;       /* AsPathLength, default 1 */
};

struct model_onprem {
	struct model_obj o;         /* id = Name if given, else the Cidr */
	struct model_prefix cidr;
	struct model_adv *adv;
	size_t n_adv;
};

struct model_link {
	char *id;
	struct model_obj *obj;
	double capacity_mbps;       /* 0 = unspecified */
	double latency_ms;
};

struct model_vantage {
	char *name;
	char *where_id;
	struct model_obj *where;
};

/* Something the snapshot refers to but does not hold, or holds twice in disagreement: the
 * load went on (issue 11). All strings owned. */
struct model_warning {
	char *file;                 /* the file the reference is in */
	char *path;                 /* its JSON path ("$.virtualInterfaces[0].connectionId") */
	char *what;                 /* what is missing or disagrees */
};

/* One snapshot directory as loaded, with what its account.json says (aws-snapshot.sh
 * writes `aws sts get-caller-identity` and the Region there); NULL when not known. */
struct model_snapshot {
	char *dir;
	char *account;
	char *region;
	/* described[kind]: this directory held the file that describes that kind. A VPC of a
	 * snapshot without describe-network-acls.json has NACLs nobody knows, even when
	 * another snapshot's file makes m->described[MODEL_NACL] true. */
	bool described[MODEL_N_KINDS];
};

struct model {
	char *dir;                  /* the (first) directory the snapshot files were read from */
	GPtrArray *objs[MODEL_N_KINDS]; /* owning, file order */
	GHashTable *by_id;          /* char *id → struct model_obj * (not owning) */
	struct model_link *links;   /* awstrace.json Links */
	size_t n_links;
	struct model_vantage *vantages;
	size_t n_vantages;
	/* described[kind]: some snapshot directory held the file that describes that kind, so
	 * "none of those" (or none beyond those) is a fact; false when no directory had it,
	 * and the engine says so ("NACLs not in the snapshot: not evaluated"). */
	bool described[MODEL_N_KINDS];
	GPtrArray *warnings;        /* struct model_warning *, in load order (owning) */
	GPtrArray *dirs;            /* char *: every snapshot directory loaded (owning) */
	GPtrArray *snapshots;       /* struct model_snapshot *, one per entry of dirs (owning) */
};

/* Typed access to the arrays: MODEL_GET(m, MODEL_VPC, struct model_vpc, i). */
#define MODEL_COUNT(m, kind) ((m)->objs[(kind)]->len)
#define MODEL_GET(m, kind, type, i) ((type *)g_ptr_array_index((m)->objs[(kind)], (i)))

/* ---- loading ----------------------------------------------------------------------- */

#define MODEL_ERROR (model_error_quark())
GQuark model_error_quark(void);
enum model_error_code {
	MODEL_ERROR_IO,        /* unreadable file or directory */
	MODEL_ERROR_PARSE,     /* not JSON (message has line:column), or nested too deep */
	MODEL_ERROR_TYPE,      /* a field of the wrong type or a missing required field */
	MODEL_ERROR_VALUE,     /* a malformed CIDR/address, unknown enum value, duplicate id */
	MODEL_ERROR_REFERENCE, /* an id that no snapshot file describes */
	MODEL_ERROR_EMPTY,     /* a directory with no snapshot file; a model without a VPC */
	MODEL_ERROR_WARNING,   /* MODEL_LOAD_STRICT: the first warning */
};

/* Loads the snapshot in dir (the files directly in dir, or under dir/snap/). A missing
 * file leaves its kind not described (m->described[]). Returns a new model (free with model_free()), or NULL with
 * *error set: "FILE: $.Json.Path[3].Field: what (id)". Same as model_load_dirs(&dir, 1,
 * 0, error). */
G_GNUC_WARN_UNUSED_RESULT
struct model *model_load(const char *dir, GError **error);

/* JSON nested deeper than this is refused before parsing (json-glib's parser recurses, so
 * depth must be bounded first; AWS CLI output nests a dozen levels at most). */
#define MODEL_JSON_MAX_DEPTH 64

/* Warnings become the load's error (the first one, with how many there were). */
#define MODEL_LOAD_STRICT 0x1u

/* Loads several snapshot directories (one per account and Region, as aws-snapshot.sh
 * writes them) into one model. A directory that holds no snapshot file but has
 * sub-directories that do stands for those sub-directories. A reference to something
 * none of them holds is a warning in m->warnings (and a stub object where the engine
 * needs one), not an error, unless flags has MODEL_LOAD_STRICT. Returns the model, or
 * NULL with *error set when a file is unreadable, malformed or nested deeper than
 * MODEL_JSON_MAX_DEPTH, a directory holds no snapshot file at all, no VPC is described,
 * or (strict) a warning was raised. */
G_GNUC_WARN_UNUSED_RESULT
struct model *model_load_dirs(const char *const *dirs, size_t n, unsigned flags, GError **error);

void model_free(struct model *m);

/* ---- lookups (linear; allocate nothing) -------------------------------------------- */

/* The object with this id, or NULL. */
struct model_obj *model_find_id(const struct model *m, const char *id);
/* The object with this id if it is of this kind, else NULL. */
struct model_obj *model_find(const struct model *m, enum model_kind kind, const char *id);

/* The subnet's explicit route table, else its VPC's main table (NULL if neither). */
struct model_rtb *model_subnet_route_table(const struct model_subnet *s);
/* The subnet's NACL, else its VPC's default NACL. */
struct model_nacl *model_subnet_nacl(const struct model_subnet *s);

/* The first VPC (file order) with a CIDR containing a, or NULL. VPCs may overlap. */
struct model_vpc *model_vpc_of_addr(const struct model *m, const struct model_addr *a);
/* The subnet containing a within vpc (any VPC when vpc is NULL), or NULL. */
struct model_subnet *model_find_subnet_by_addr(const struct model *m, const struct model_vpc *vpc,
	const struct model_addr *a);
/* The ENI with a as a private address (within vpc, or any when NULL), or NULL. */
struct model_eni *model_find_eni_by_addr(const struct model *m, const struct model_vpc *vpc,
	const struct model_addr *a);
/* The ENI whose public/Elastic IP is a (the IGW's 1:1 NAT), or NULL; *ip gets the entry. */
struct model_eni *model_find_eni_by_public(const struct model *m, const struct model_addr *a,
	const struct model_eni_ip **ip);
/* The ENI with this MAC address, or NULL. */
struct model_eni *model_find_eni_by_mac(const struct model *m, const uint8_t mac[6]);
/* The GWLB endpoint whose id carries this GENEVE option-1 value, or NULL. */
struct model_vpce *model_find_vpce_by_geneve(const struct model *m, uint64_t id);
/* The attachment of tgw whose resource is res_id (vpc-…, vpn-…, DX gateway id), or NULL. */
struct model_tgw_attach *model_tgw_attachment_for(const struct model_tgw *tgw, const char *res_id);
/* The Connect peer (of any TGW) whose GRE outer addresses are a and b, in either order
 * (TransitGatewayAddress and PeerAddress; a peer whose State is "deleted" carries no
 * tunnel), or NULL. */
const struct model_tgw_connect_peer *model_find_connect_peer_by_gre(
	const struct model *m, const struct model_addr *a, const struct model_addr *b);
/* The Connect peer of tgw (NULL: any TGW) whose BGP inside addresses are x and y: both in
 * one of its InsideCidrBlocks, or one of its BgpConfigurations' address pairs; NULL when
 * none. */
const struct model_tgw_connect_peer *model_find_connect_peer_by_inside(const struct model *m,
	const struct model_tgw *tgw, const struct model_addr *x, const struct model_addr *y);
/* How many Connect attachments (ResourceType "connect") tgw has. */
unsigned model_tgw_connect_count(const struct model_tgw *tgw);
/* The on-premises network containing a (longest prefix), or NULL. */
struct model_onprem *model_find_onprem(const struct model *m, const struct model_addr *a);
/* The Route 53 Resolver address of vpc: base of its primary IPv4 CIDR + 2. */
bool model_vpc_resolver(const struct model_vpc *vpc, struct model_addr *out);

#endif /* AWSTRACE_MODEL_MODEL_H */
/* MODEL_H_READY */
