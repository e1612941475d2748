/* forward.h - the forwarding engine: the topology (model.h, the truth) compiled into lookup
 * structures, and model_forward(), which walks one packet from its source to its delivery
 * or drop (or to where the snapshot stops knowing: verdict unknown) and explains every hop
 * (DESIGN.md "The forwarding model", "awstrace explain").
 *
 * Design note:
 *  - model_engine_new() compiles, per VPC route table, per TGW route table and per VGW, one
 *    LPM per family (model/lpm.h). A leaf holds the index of a *prefix entry*; the entry
 *    names the winning route (an index into the table's candidate array, which points back
 *    at the truth: struct model_route / struct model_tgw_route) and carries the explanation
 *    of why it won, built at compile time: every route that matches an address matched by a
 *    prefix P covers P, so the set of losers depends on P alone.
 *  - model_forward() allocates nothing: the path is a fixed array of hops and the why-strings
 *    are copied into the path's own buffer. The walk is capped (MODEL_PATH_MAX_HOPS) and
 *    remembers the route tables it has visited: a loop ends in `ttl_exceeded`.
 *  - Updates (a route propagated or withdrawn by BGP, seen in a capture) touch one prefix of
 *    one table: its LPM leaf and the explanations of the prefixes it covers; each table
 *    carries a version stamp. Updates must not run concurrently with model_forward().
 *  - The engine keeps pointers into the model: free the engine before the model.
 *  - The code follows AWS's components, each file citing the AWS document it follows:
 *    fib.c compiles the tables, walk.c holds the entry points and model_forward(), and
 *    vpc.c, tgw.c, dx.c, vpn.c (with the VGW), gwlb.c and nat.c (with the internet
 *    gateways) hold each component's rules; walk.h is their private header.
 */
#ifndef AWSTRACE_MODEL_FORWARD_H
#define AWSTRACE_MODEL_FORWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "model/model.h"

/* ---- the Transit Gateway origin order (model/route_order.c, a data table) ------------ */

enum model_tgw_origin {
	MODEL_TGW_O_STATIC,
	MODEL_TGW_O_PREFIX_LIST,
	MODEL_TGW_O_VPC,
	MODEL_TGW_O_DXGW,
	MODEL_TGW_O_CONNECT,
	MODEL_TGW_O_VPN_OVER_DX,
	MODEL_TGW_O_VPN,
	MODEL_TGW_O_PEERING,
	MODEL_TGW_O_N
};

/* Rank of an origin in the documented order: 0 wins over 1 and so on. */
unsigned model_tgw_origin_rank(enum model_tgw_origin o);
/* "static", "propagated from a Direct Connect gateway", … */
const char *model_tgw_origin_name(enum model_tgw_origin o);
/* The document the order comes from, with its version, for explanations. */
extern const char model_tgw_order_source[];

/* ---- packets and paths ------------------------------------------------------------- */

#define MODEL_PKT_REPLY 0x1u /* the packet answers a flow the other way that was allowed */

struct model_packet {
	struct model_addr src;
	struct model_addr dst;
	uint8_t proto;         /* IANA protocol number: 6 tcp, 17 udp, 1 icmp, 58 icmpv6 */
	uint16_t sport, dport; /* tcp / udp */
	uint8_t icmp_type, icmp_code;
	const struct model_obj *from; /* entry point (igw, eigw, vpn, dx-vif, dx-gateway,
					 tgw-attachment, eni) or NULL: found from src */
	uint32_t flags;               /* MODEL_PKT_* */
};

enum model_verdict {
	MODEL_VERDICT_DELIVERED,
	MODEL_VERDICT_DROPPED,
	MODEL_VERDICT_UNKNOWN, /* the path depends on what the snapshot cannot see, or leaves
				  the model: unknown_at names the component, reason says which */
};

enum model_reason {
	MODEL_R_NONE,
	MODEL_R_NO_ROUTE,
	MODEL_R_BLACKHOLE,
	MODEL_R_NACL_DENY,
	MODEL_R_SG_DENY,
	MODEL_R_PEERING_EDGE_TO_EDGE,
	MODEL_R_PEERING_NOT_TRANSITIVE,
	MODEL_R_NAT_UNSOLICITED,
	MODEL_R_EIGW_UNSOLICITED,
	MODEL_R_NO_PUBLIC_IP,
	MODEL_R_TTL_EXCEEDED,
	MODEL_R_UNKNOWN_SOURCE,
	MODEL_R_RESERVED_ADDRESS,        /* first four or last address of a subnet */
	MODEL_R_NO_DESTINATION,          /* inside a VPC, but no interface holds the address */
	MODEL_R_TUNNEL_DOWN,             /* every tunnel of the VPN connection is down */
	MODEL_R_SOURCE_DEST_CHECK,       /* forwarded to an ENI that checks source/destination */
	MODEL_R_ENDPOINT_NOT_TRANSITIVE, /* gateway endpoint used from outside its VPC */
	MODEL_R_NOT_IN_SNAPSHOT,         /* unknown: what decides is not in the snapshot */
	MODEL_R_NOT_MODELLED,            /* unknown: the path leaves what awstrace models */
	MODEL_R_UNAVAILABLE,             /* a component not in a usable state (failed NAT gateway,
					    attachment pendingAcceptance, BGP down, explain --down) */
	MODEL_R_PRIVATE_ADDRESS,         /* RFC 1918 address at an internet gateway */
	MODEL_R_SOURCE_NOT_IN_VPC,       /* a VGW carries out only its VPC's own addresses */
	MODEL_R_UNSUPPORTED_PROTOCOL,    /* gateway endpoint: TCP and ICMP echo only */
	MODEL_R_N
};
/* "no_route", "nacl_deny", … (the JSON `reason` codes, stable). */
const char *model_reason_name(enum model_reason r);

enum model_action {
	MODEL_ACT_FORWARD,
	MODEL_ACT_DROP,
	MODEL_ACT_NAT,
	MODEL_ACT_ENCAP,
	MODEL_ACT_DECAP,
	MODEL_ACT_EGRESS,  /* leaves an ENI (its security groups' egress rules) */
	MODEL_ACT_INGRESS, /* enters an ENI (its security groups' ingress rules) */
	MODEL_ACT_DELIVER, /* reaches a destination outside the model (internet, on-premises…) */
};
/* "forward", "drop", "nat", "encap", "decap", "egress", "ingress", "deliver". */
const char *model_action_name(enum model_action a);

#define MODEL_PATH_MAX_HOPS  48
#define MODEL_PATH_WHY_BYTES 6144

struct model_hop {
	const char *id;   /* AWS id, or a pseudo id ("internet", "route53-resolver") */
	const char *kind; /* "eni", "route-table", "network-acl", "tgw-route-table", … */
	uint8_t action;   /* enum model_action */
	uint16_t why_off; /* NUL-terminated string at path->why + why_off */
	uint16_t why_len;
	/* what decided the hop, structured beside the prose for explain --json (issue 16);
	 * pointers into the model or the engine, NULL when the hop has none */
	const struct model_prefix *route_prefix; /* route-table hops: the route that won */
	const char *route_target;                /* its target id ("local", igw-..., tgw-attach-...) */
	const char *route_origin;                /* CreateRouteTable, CreateRoute, propagated... */
	const struct model_nacl_entry *rule;     /* network-acl hops: the rule that matched */
	bool rule_default;                       /* ... or the implicit `*` rule that denied */
	bool rule_egress;                        /* the outbound rules */
};

struct model_path {
	uint8_t verdict;        /* enum model_verdict */
	uint8_t reason;         /* enum model_reason (MODEL_R_NONE when delivered) */
	bool why_truncated;     /* the why buffer ran out: later strings are cut */
	const char *end_id;     /* delivered_to, dropped_at, or unknown_at: a component id (or a
				   pseudo id, "internet"), never an address; NULL for a drop before
				   any component (why_no_hop) */
	const char *unknown_at; /* verdict unknown: the component past which nothing is known */
	const char *missing;    /* verdict unknown: what the snapshot lacks (or "not modelled
				   past here"); owned by the model or static */
	const char *warning;    /* or NULL: a lookup fell in a table whose route list is cut
				   (AdditionalRoutesAvailable); owned by the model or static */
	unsigned n_hops;
	struct model_addr src, dst; /* the packet as it arrived (after NAT) */
	struct model_hop hops[MODEL_PATH_MAX_HOPS];
	size_t why_used;
	char why[MODEL_PATH_WHY_BYTES];
	/* a drop before any component (unknown_source: nothing holds the source and no --from
	 * names an entry; end_id and every hop id are component ids, so end_id is NULL and
	 * there is no hop): why, static. NULL otherwise. */
	const char *why_no_hop;
};

static inline const char *
model_hop_why(const struct model_path *p, unsigned i)
{
	return p->why + p->hops[i].why_off;
}

/* ---- the engine -------------------------------------------------------------------- */

struct model_engine;

/* Compiles m. @return a new engine (model_engine_free()), or NULL with *error set when a
 * table cannot be built (more routes than an LPM holds). m must outlive the engine. */
G_GNUC_WARN_UNUSED_RESULT
struct model_engine *model_engine_new(const struct model *m, GError **error);
void model_engine_free(struct model_engine *e);
const struct model *model_engine_model(const struct model_engine *e);

/* Walks pkt through the topology into *out (overwritten whole). Allocates nothing.
 * @return true when the packet was delivered, false when dropped or unknown (out says
 * where and why: verdict, reason, and for unknown unknown_at and missing).
 * src and dst must be of one family. */
bool model_forward(
	const struct model_engine *e, const struct model_packet *pkt, struct model_path *out);

/* model_path without the why-strings: what replay needs per packet. */
struct model_fast_hop {
	const char *id;
	const char *kind;
	uint8_t action; /* enum model_action */
};

struct model_fast_path {
	uint8_t verdict;        /* enum model_verdict */
	uint8_t reason;         /* enum model_reason */
	const char *end_id;     /* delivered_to, dropped_at, or unknown_at */
	const char *unknown_at; /* verdict unknown: as model_path's */
	const char *missing;
	unsigned n_hops;
	struct model_addr src, dst; /* the packet as it arrived (after NAT) */
	struct model_fast_hop hops[MODEL_PATH_MAX_HOPS];
};

/* The same walk as model_forward() (one code path, a quiet flag) without building any
 * why-string: verdict, reason, end id and the hops' ids, kinds and actions equal
 * model_forward()'s for every packet. Allocates nothing. @return as model_forward(). */
bool model_forward_fast(
	const struct model_engine *e, const struct model_packet *pkt, struct model_fast_path *out);

/* ---- updates, one prefix at a time (time-aware analysis) ---------------------------- */

/* Adds (or replaces) a propagated route for dst in table, which is a VPC route table
 * (target: the VGW that propagates it) or a TGW route table (target: the attachment it
 * propagates from). as_path_len and med rank BGP routes of one origin. Recomputes only
 * that prefix's leaf and the explanations of the prefixes it covers, and bumps the
 * table's version. @return false (nothing changed) when table or target is of the wrong
 * kind or the LPM cannot hold the route. */
bool model_rtb_route_add(struct model_engine *e, const struct model_obj *table,
	const struct model_prefix *dst, const struct model_obj *target, uint32_t as_path_len,
	uint32_t med);
/* Withdraws the propagated route for dst from target in table (static routes stay).
 * @return false when no such route was held. */
bool model_rtb_route_withdraw(struct model_engine *e, const struct model_obj *table,
	const struct model_prefix *dst, const struct model_obj *target);
/* The table's version: 0 after compile, +1 per successful add or withdraw. */
uint64_t model_rtb_version(const struct model_engine *e, const struct model_obj *table);

/* ---- what-if (explain --down; analyze drives the same from BGP) -------------------- */

/* Marks component down (or up again): a VIF, a DX connection (all its VIFs), a VPN
 * connection (tunnel -1 or 0: the whole connection; 1, 2…: that tunnel), a NAT gateway or
 * a TGW attachment. What it propagated by BGP is withdrawn (VGW tables, TGW propagated
 * routes, VPC routes propagated from a VGW that no longer holds the prefix) and the walk
 * does not forward through it, so paths follow AWS's preference to what remains. Static
 * routes stay (AWS keeps them; the walk then drops at the unusable component). Recompiles
 * the affected table entries; not concurrently with model_forward(). @return false when
 * the component is of another kind or the tunnel does not exist. */
bool model_engine_set_down(
	struct model_engine *e, const struct model_obj *component, int tunnel, bool down);

/* ---- rendering (model/explain.c) ---------------------------------------------------- */

/* The path as text, one hop a line then "delivered to X" or "dropped at X (reason)";
 * or as DESIGN.md's JSON object (one line, with a newline). Appends to s. */
void model_path_text(const struct model_path *p, GString *s);
void model_path_json(const struct model_path *p, GString *s);

#endif /* AWSTRACE_MODEL_FORWARD_H */
