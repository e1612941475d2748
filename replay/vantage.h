/* vantage.h - where a capture was taken, and which AWS component each outer packet belongs
 * to (DESIGN.md "awstrace analyze"; issue 12 "Vantage").
 *
 * A packet view (decode/decode.h) is matched against the topology (model/model.h) by what
 * only one place can show:
 *   - an 802.1Q tag at the outer level = the Direct Connect virtual interface with that VLAN
 *     (Direct Connect user guide, "Virtual interfaces": one VLAN per VIF on a connection);
 *   - ESP or IKE between a VPN connection's tunnel outside address and its customer
 *     gateway = that connection, tunnel 1 or 2 (Site-to-Site VPN guide, "Tunnel options");
 *   - GENEVE with AWS option type 1 = the GWLB endpoint of that id (GWLB guide, "GENEVE
 *     TLV");
 *   - VXLAN (UDP 4789) = a traffic-mirror session, delivered to the target's ENI (Traffic
 *     Mirroring guide, "Packet format");
 *   - GRE between a Connect peer's two outer addresses (describe-transit-gateway-connect-
 *     peers) = that peer's Connect attachment; else GRE to an address of a TGW's
 *     TransitGatewayCidrBlocks = the TGW (TGW guide, "Transit gateway Connect attachments
 *     and Connect peers");
 *   - otherwise plain addresses: the ENI holding one, or the subnet containing it.
 * Each packet gets a struct replay_attr (what it is and how we know); a struct
 * replay_vantage tallies the evidence over the capture and names the vantage at the end:
 * the component the most packets point at, --vantage (a component id or a Vantages name
 * of awstrace.json) when given, a declared Vantage when it breaks a tie; two components
 * equally likely is an error naming both.
 *
 * Nothing here allocates per packet; a vantage object holds one counter per component
 * seen. replay/ computes and never prints: "how" strings are for the caller to render.
 */
#ifndef AWSTRACE_REPLAY_VANTAGE_H
#define AWSTRACE_REPLAY_VANTAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "decode/decode.h"
#include "model/forward.h"
#include "model/model.h"

enum replay_vkind {
	REPLAY_V_NONE,    /* nothing in the packet names a component */
	REPLAY_V_DXVIF,   /* 802.1Q tag of a Direct Connect VIF */
	REPLAY_V_VPN,     /* ESP/IKE on a Site-to-Site VPN tunnel */
	REPLAY_V_GWLBE,   /* GENEVE from/to a Gateway Load Balancer, endpoint by option 1 */
	REPLAY_V_MIRROR,  /* VXLAN from a traffic-mirror session */
	REPLAY_V_CONNECT, /* GRE of a TGW Connect peer: obj its attachment, or the TGW */
	REPLAY_V_ENI,     /* an address an ENI holds */
	REPLAY_V_SUBNET,  /* an address inside a subnet no described ENI holds */
	REPLAY_V_ONPREM,  /* an address of an awstrace.json OnPremises network */
	REPLAY_V_COUNT
};

/* "dx-vif", "vpn-tunnel", "gwlb-endpoint", "traffic-mirror", "tgw-connect", "eni",
 * "subnet", "on-premises", "none". */
const char *replay_vkind_name(enum replay_vkind k);

#define REPLAY_HOW_BYTES 160

/* What one packet says about where it is. */
struct replay_attr {
	enum replay_vkind kind;
	const struct model_obj *obj;  /* the VIF, VPN connection, vpce, ENI, subnet, TGW...;
					 NULL with REPLAY_V_NONE */
	const struct model_obj *peer; /* VPN: the customer gateway; else NULL */
	int tunnel;                   /* VPN: 1 or 2; else 0 */
	int vlan;                     /* the outer 802.1Q VID seen, -1 none */
	uint32_t vni;                 /* GENEVE / VXLAN */
	bool ambiguous;               /* the evidence fits two components: obj is the first,
					 other the second */
	const struct model_obj *other;
	char how[REPLAY_HOW_BYTES];   /* "802.1Q 201 = dxvif-ffabc123 VLAN" */
};

/* Attributes one decoded packet d (its outer layers) to a component of m. Allocates
 * nothing. @return true when a component was found (*out filled); false with out->kind
 * REPLAY_V_NONE. */
bool replay_attribute(const struct model *m, const struct dec *d, struct replay_attr *out);

/* The innermost IP datagram of d as a model packet (addresses, protocol, ports or ICMP
 * type/code; from NULL, flags 0). Layers inside an ICMP error's quote are skipped.
 * @return false when d holds no IP layer. */
bool replay_packet_of(const struct dec *d, struct model_packet *pkt);

/* ---- the vantage of a whole capture -------------------------------------------------- */

struct replay_vantage;

/* A tally over m (which must outlive it). forced_id (may be NULL) is --vantage: a component
 * id or the Name of an awstrace.json Vantage. @return NULL with *error set when forced_id
 * names nothing in m. */
struct replay_vantage *replay_vantage_new(const struct model *m, const char *forced_id,
	GError **error) G_GNUC_WARN_UNUSED_RESULT;
void replay_vantage_free(struct replay_vantage *v);

/* Counts one packet's attribution as evidence. */
void replay_vantage_note(struct replay_vantage *v, const struct replay_attr *a);

struct replay_vantage_result {
	const struct model_obj *obj; /* NULL: no evidence at all (then how says so) */
	enum replay_vkind kind;
	const char *declared;        /* the awstrace.json Vantage name that matched, or NULL */
	bool forced;                 /* from --vantage */
	uint64_t packets;            /* packets that pointed at obj */
	char how[2 * REPLAY_HOW_BYTES]; /* "802.1Q 201 = dxvif-… VLAN (812 packets)" */
};

/* Decides the vantage from what was noted. @return false with *error set when two
 * components are equally likely (the message names both and says to use --vantage). */
bool replay_vantage_decide(const struct replay_vantage *v, struct replay_vantage_result *out,
	GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Every component noted, most packets first: up to n into objs/kinds/packets; @return
 * how many there were. For "also seen" lines. */
size_t replay_vantage_seen(const struct replay_vantage *v, const struct model_obj **objs,
	enum replay_vkind *kinds, uint64_t *packets, size_t n);

/* How the first packet that named obj did it ("802.1Q 201 = dxvif-… VLAN"), or NULL when
 * none did. Valid while v is. */
const char *replay_vantage_how(const struct replay_vantage *v, const struct model_obj *obj);

#define REPLAY_VANTAGE_ERROR (replay_vantage_error_quark())
GQuark replay_vantage_error_quark(void);
enum replay_vantage_error_code {
	REPLAY_VANTAGE_ERROR_AMBIGUOUS, /* two components equally likely */
	REPLAY_VANTAGE_ERROR_UNKNOWN,   /* --vantage names nothing in the topology */
};

#endif /* AWSTRACE_REPLAY_VANTAGE_H */
