/* analyze_int.h - what analyze.c and bgp_time.c share inside replay/ (not a public face). */
#ifndef AWSTRACE_REPLAY_ANALYZE_INT_H
#define AWSTRACE_REPLAY_ANALYZE_INT_H

#include "replay/analyze.h"

#include "decode/flow.h"

struct bgp_clock;

struct analyze {
	const struct model *m;
	struct model_engine *e;
	struct model_path *path; /* the one walk buffer (model_forward fills it whole) */
	struct analyze_opts o;
	struct analysis r;
	struct replay_vantage *vant;
	struct flow_table *ft;
	GHashTable *live;       /* struct akey * -> struct fstate * (owned) */
	uint64_t next_flow_id;
	uint64_t version;       /* bumps with every route change BGP makes */
	uint64_t seq;           /* events recorded */
	int64_t now;            /* time of the packet being handled (ns) */
	uint64_t frame;         /* its frame number */
	struct bgp_clock *bgp;
	/* timelines' live state */
	GHashTable *dnsq;       /* struct dns_qkey -> struct dns_q (owned) */
	GArray *dns_lat;        /* double ms, every matched response (capped) */
	GHashTable *dns_servers; /* addr text -> struct an_dns_server * (in r.dns.servers) */
	GHashTable *dns_outside; /* "client>server" already reported */
	GHashTable *dnssec_bogus; /* "name/type/denial" already reported */
	GHashTable *sas;        /* spi/src/dst -> struct sa_live * (owned; record in r.ipsec) */
	GHashTable *tunnels_seen; /* "vpn-…#n" -> first frame */
	GHashTable *gwlbs;      /* "vpce>appliance" -> struct an_gwlb * */
	GHashTable *ikes;       /* ispi -> struct an_ike * */
	GHashTable *macsecs;    /* sci -> struct macsec_live * */
	GArray *h2_lat;         /* double ms */
	GHashTable *anom_count; /* kind -> count, to cap each kind */
	GHashTable *links;      /* "component#tunnel" -> struct an_link * (in r.links) */
	GHashTable *bfds;       /* "component|a|b" -> struct bfd_live * (analyze_l2.c) */
	GHashTable *lacps;      /* actor "sys port key" -> struct lacp_live * */
	GPtrArray *ordinary;    /* finished flows kept by size (struct an_flow *) */
	bool finished;
};

/* Records an event (anomalies == false) or an anomaly at ts with the current frame (and
 * frame2 when non-zero). component may be NULL. */
void an_record(struct analyze *a, bool anomaly, int64_t ts, const char *kind,
	enum an_severity sev, const char *component, uint64_t frame2, const char *fmt, ...)
	G_GNUC_PRINTF(8, 9);

/* The model changed at ts (routes added or withdrawn): live flows are walked again. */
void an_model_changed(struct analyze *a, int64_t ts);

/* Where traffic from each VPC (from its first interface) to address dst leaves AWS now:
 * appends to out, per VPC with an interface whose path leaves over DX or VPN or is dropped,
 * two strings: the VPC id, then "dxvif-…", "vpn-… tunnel 1" or "dropped at X (reason)". */
void an_probe_exits(struct analyze *a, const struct model_addr *dst, GPtrArray *out);

/* Text of a time for details ("12:00:45.123456Z" as decode prints times, date included). */
void an_time_text(const struct analyze *a, int64_t ts, char *buf, size_t n);

/* ---- BFD and LACP (analyze_l2.c, issue 18) --------------------------------------------- */

struct dec_bfd_layer;
struct dec_lacp_layer;
void an_l2_init(struct analyze *a);
void an_l2_free(struct analyze *a);
/* A BFD control packet (pk its addresses): the session's state timeline. */
void an_bfd_note(struct analyze *a, const struct dec_bfd_layer *b, const struct dec *d,
	const struct model_packet *pk);
/* The BGP session on component ended at ts (why: how): told with a BFD Down that came
 * just before it on the same component as one anomaly. */
void an_bfd_bgp_closed(struct analyze *a, const char *component, int64_t ts, const char *why);
/* The end of the capture: a BFD failure no BGP end followed is an anomaly of its own. */
void an_bfd_finish(struct analyze *a);
/* An LACP PDU: the actor port's state; leaving the bundle is an anomaly. */
void an_lacp_note(struct analyze *a, const struct dec_lacp_layer *p);

/* ---- the BGP clock (bgp_time.c) ------------------------------------------------------- */

struct bgp_clock *bgp_clock_new(struct analyze *a);
void bgp_clock_free(struct bgp_clock *c);
/* Fires every hold timer that expires at or before now, at its own time. */
void bgp_clock_advance(struct bgp_clock *c, int64_t now);
/* The BGP layers of one packet (its TCP flags too: FIN/RST end a session), attributed to
 * attr's component. @return true when the packet belongs to a BGP session (a control flow). */
bool bgp_clock_packet(struct bgp_clock *c, const struct dec *d, const struct replay_attr *attr,
	const struct model_packet *pkt);
/* The end of the capture: timelines closed (sessions still up are said so). */
void bgp_clock_finish(struct bgp_clock *c, int64_t last);

#endif /* AWSTRACE_REPLAY_ANALYZE_INT_H */
