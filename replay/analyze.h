/* analyze.h - the post-incident analysis behind `awstrace analyze` (DESIGN.md "awstrace
 * analyze", issue 12): every flow of a capture walked through the model from where the
 * capture saw it, re-walked whenever BGP seen in the capture changes a route table, with
 * per-protocol timelines and anomalies.
 *
 * Design note:
 *  - replay/ computes and never prints. The result (struct analysis) is plain data that
 *    renderers (reports/analyze_*.c: text, JSON, later HTML) walk without recomputing:
 *    arrays sorted as they are to be shown, every string owned by the analysis.
 *  - Per packet: the decoder's view goes to the flow table (decode/flow.h, for TCP state
 *    and the flows' end), to the BGP clock (replay/bgp_time.c), which may change the model
 *    before the packet is walked, and to the flow's own state here. A flow is walked with
 *    model_forward() at its first packet in each direction and again when the model's
 *    version has moved (a BGP change): walks are cached per flow and model version, never
 *    redone per packet.
 *  - Memory follows live flows and sessions: a finished flow keeps its record only if it
 *    is among the `keep_flows` largest or carries evidence (a path change, a drop, an
 *    anomaly); the others are counted.
 *  - The model's routes at the start are the snapshot's: BGP seen in the capture moves them
 *    from then on (the snapshot is taken as the state at the capture's first packet).
 */
#ifndef AWSTRACE_REPLAY_ANALYZE_H
#define AWSTRACE_REPLAY_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "decode/decode.h"
#include "model/forward.h"
#include "model/model.h"
#include "replay/vantage.h"

#define AN_MAX_FRAMES 4

enum an_severity { AN_SEV_INFO, AN_SEV_LOW, AN_SEV_MEDIUM, AN_SEV_HIGH };
const char *an_severity_name(enum an_severity s); /* "info", "low", "medium", "high" */
/* "delivered", "dropped", or "unknown" for any other verdict (the engine's
 * MODEL_VERDICT_UNKNOWN once it exists) */
const char *an_verdict_name(uint8_t verdict);

/* An event (something that happened) or an anomaly (something wrong): the same shape. */
struct an_event {
	int64_t ts;              /* ns since 1970, capture time */
	const char *kind;        /* static: "bgp_session_down", "route_failover", … */
	enum an_severity severity; /* anomalies only; events AN_SEV_INFO */
	char *component;         /* AWS id (owned) or NULL */
	char *detail;            /* owned */
	uint64_t frames[AN_MAX_FRAMES];
	unsigned nframes;
	uint64_t seq;            /* order of recording, for a stable sort */
};

/* One walk of one direction of a flow, valid from `from` until the next one. */
struct an_path {
	int64_t from;
	uint8_t verdict;         /* enum model_verdict */
	uint8_t reason;          /* enum model_reason */
	bool reply;
	char *end_id;            /* delivered_to / dropped_at */
	GPtrArray *hops;         /* char * ids (owned) */
	char *exit_id;           /* the VIF or VPN connection the path leaves AWS by, or NULL */
	int exit_tunnel;         /* VPN tunnel number (1, 2) or 0 */
	char *why;               /* the deciding hop's explanation (drop), or NULL */
	/* issue 15 (the HTML report): each hop's rule as explain prints it (char *, owned,
	 * parallel to hops) and what the flow carried while this path was the current one */
	GPtrArray *hop_why;
	uint64_t pkts, bytes;
};

struct an_flow {
	char *key;               /* "tcp 192.168.1.5:50122 > 10.1.1.10:443" (first sender first) */
	char community_id[32];   /* "" when none applies */
	char *carrier;           /* "vlan 201", "geneve vni 0 …", or NULL */
	char *entry;             /* component its first packet was seen on (attribution) */
	uint64_t id;             /* order of first packet, from 1 */
	int64_t first, last;
	uint64_t pkts[2], bytes[2]; /* [0] first sender -> other */
	GPtrArray *paths;        /* struct an_path *, both directions, by time */
	bool unmodeled;          /* the topology does not know its addresses */
	bool control;            /* a BGP session or tunnel control traffic: not walked */
	char *why_unmodeled;
	/* from the flow table (decode/flow.h) when it finished the flow */
	bool tcp, handshake, syn_seen;
	uint32_t retrans, zero_win;
	bool interesting;        /* a path change, a drop or an anomaly */
};

/* ---- timelines ------------------------------------------------------------------------ */

/* Throughput of one link a packet was attributed to (a VIF, a VPN tunnel, a GWLB endpoint,
 * a mirror session, a TGW Connect peer), in AN_TP_BUCKETS buckets of analysis.tp_width ns
 * from analysis.tp_start. The width starts at AN_TP_WIDTH0 and doubles (buckets merged in
 * pairs) whenever the capture outgrows the buckets, so memory is fixed per link. */
#define AN_TP_BUCKETS 120
#define AN_TP_WIDTH0 100000000LL /* 100 ms */
struct an_link {
	char *component;         /* dxvif-…, vpn-…, vpce-… (owned) */
	int tunnel;              /* VPN tunnel number or 0 */
	const char *kind;        /* replay_vkind_name() */
	uint64_t packets, bytes;
	uint64_t buckets[AN_TP_BUCKETS]; /* bytes */
};

/* DNS latency histogram bucket upper bounds in ms (the last bucket is everything above) */
#define AN_DNS_HIST 10
extern const double an_dns_hist_bounds[AN_DNS_HIST - 1];

struct an_bgp_session {
	char *component;         /* dxvif-… / vpn-… / tgw-… */
	char *peers;             /* "169.254.100.2 <-> 169.254.100.1" */
	int tunnel;
	uint32_t hold;           /* negotiated (RFC 4271 §4.2: the smaller of the two) or 0 */
	bool up_at_end;
	unsigned ups, downs, updates, keepalives, notifications;
	unsigned advertised, withdrawn;
	GArray *timeline;        /* struct an_event (owned strings) */
	/* issue 18: TCP signatures on the session's segments (RFC 2385 MD5, RFC 5925 AO) and,
	 * with --tcp-md5-key, what verification found */
	bool md5, ao;
	uint64_t md5_ok, md5_mismatch, md5_missing;
};

/* A BFD session (RFC 5880) seen on a component: its state timeline (issue 18). */
struct an_bfd_session {
	char *component;         /* dxvif-… or NULL */
	char *peers;             /* "169.254.100.2 <-> 169.254.100.1" */
	uint64_t packets;
	uint8_t state[2];        /* last state per side (BFD_STATE_), [0] the first sender */
	unsigned downs;          /* Up -> Down/AdminDown transitions */
	uint32_t detect_us;      /* detection time of the last Up packets (mult x interval) */
	GArray *timeline;        /* struct an_event (owned strings) */
};

/* A LAG member (IEEE 802.1AX LACP actor port) and its state bits over time (issue 18). */
struct an_lacp_member {
	char *actor;             /* "00:1c:73:5e:10:01 port 2 key 7" */
	uint64_t pdus;
	uint8_t state;           /* last actor state (LACP_ST_ bits) */
	bool in_bundle;          /* sync + collecting + distributing, not expired/defaulted */
	unsigned leaves;
	GArray *timeline;        /* struct an_event (owned strings) */
};

struct an_ipsec_sa {
	char *component;         /* vpn-… or NULL (ESP the topology does not know) */
	int tunnel;
	uint32_t spi;
	char *peers;             /* "203.0.113.10 -> 52.95.100.10" */
	int64_t first, last;
	uint64_t packets, bytes;
	uint64_t seq_first, seq_last, gaps, lost, replays;
	uint64_t peak_pps;       /* packets in the busiest second */
	double peak_mbps;        /* megabits in the busiest second */
};

struct an_dns_stats {
	uint64_t queries, answered, unanswered, truncated;
	uint64_t rcodes[24];     /* by rcode (0..23) */
	uint64_t do_bit, ad_bit, rrsig;
	uint64_t to_vpc_resolver_from_outside; /* queries to a VPC's .2 from outside the VPC */
	bool dnssec_ran;         /* --dnssec / --trust-anchor: the verdicts below count */
	uint64_t dnssec[5];      /* verdicts by enum dec_dnssec_status (1..4) */
	double p50_ms, p90_ms, p99_ms, max_ms;
	GPtrArray *servers;      /* struct an_dns_server * */
	uint64_t lat_hist[AN_DNS_HIST]; /* answers by latency: [i] <= an_dns_hist_bounds[i] */
};

struct an_dns_server {
	char *addr;
	char *what;              /* "Route 53 Resolver (.2) of vpc-…", "eni-… (dns-1)", … */
	uint64_t queries, answered, unanswered;
	int64_t first_unanswered;        /* time of the first query never answered, 0 none */
	uint64_t first_unanswered_frame;
};

struct an_gwlb {
	char *endpoint;          /* vpce-… */
	char *appliance;         /* the appliance address GENEVE goes to */
	uint64_t packets, bytes, flows;
	uint64_t one_way_flows;  /* inner flows seen in one direction only */
};

struct an_http2 {
	uint64_t requests, responses;
	uint64_t status[6];      /* [1]..[5] = 1xx..5xx, [0] other */
	double p50_ms, p99_ms;
};

struct an_tcp {
	uint64_t flows, handshakes, incomplete, retrans, zero_win, bursts;
};

struct an_macsec {
	char *sci;               /* 16 hex digits */
	uint64_t packets, pn_gaps, an_changes;
	uint8_t an;
};

struct an_ike {
	char *peers;
	char *component;
	uint64_t messages, exchanges_ike_sa_init, exchanges_auth, informational, failures;
	uint64_t dpd;            /* INFORMATIONAL small enough to be empty: liveness checks */
	char *last_error;        /* NOTIFY error type name, or NULL */
};

struct analysis {
	/* the capture */
	GPtrArray *files;        /* char * */
	int64_t first, last;
	uint8_t prec;            /* 6 or 9 */
	uint64_t packets, bytes;
	uint64_t not_matching;   /* packets a display filter (-Y) left out (analyze_skip()) */
	/* the topology */
	char *topology;
	GPtrArray *topology_dirs; /* char *: every snapshot directory loaded (NULL: bundled) */
	uint64_t topology_warnings; /* the loader's warnings (struct model's warnings) */
	/* the vantage */
	struct replay_vantage_result vantage;
	bool vantage_error;
	char *vantage_error_text;
	GPtrArray *seen;         /* char * "vpn-… (vpn-tunnel): 340 packets" */
	/* what happened */
	GArray *events;          /* struct an_event, by time */
	GArray *anomalies;       /* struct an_event, by time */
	GPtrArray *flows;        /* struct an_flow *, kept ones, by first packet */
	uint64_t flows_total, flows_walked, flows_unmodeled, flows_control, flows_dropped;
	uint64_t flows_not_kept;
	GPtrArray *unmodeled;    /* char * keys of unmodeled flows (capped) */
	uint64_t model_changes;  /* route adds/withdrawals applied */
	uint64_t walks;          /* model_forward() calls */
	/* timelines */
	GPtrArray *bgp;          /* struct an_bgp_session * */
	GPtrArray *ipsec;        /* struct an_ipsec_sa * */
	GPtrArray *ike;          /* struct an_ike * */
	struct an_dns_stats dns;
	GPtrArray *gwlb;         /* struct an_gwlb * */
	struct an_http2 http2;
	struct an_tcp tcp;
	GPtrArray *macsec;       /* struct an_macsec * */
	/* throughput per link over time (issue 15), by first packet */
	GPtrArray *links;        /* struct an_link * */
	int64_t tp_start;        /* time of bucket 0: the first packet's */
	int64_t tp_width;        /* ns per bucket */
	GPtrArray *bfd;          /* struct an_bfd_session * */
	GPtrArray *lacp;         /* struct an_lacp_member * */
};

struct analyze_opts {
	const char *vantage;     /* --vantage: a component id or awstrace.json Vantage name */
	uint32_t idle_timeout;   /* flow table (0: its default) */
	size_t max_flows;
	size_t keep_flows;       /* flow records kept in full (0: 200) */
	const char *topology_name; /* how the report names the topology (NULL: its directory) */
	bool topology_bundled;   /* the built-in sample: the report lists no directories */
	bool dnssec;             /* the decoder validates DNSSEC (d->dnssec is filled) */
};

struct analyze;

/* An analysis of packets against e (compiled from m; both must outlive it; the engine's
 * route tables are changed by the BGP the capture holds). @return NULL with *error set
 * when opts->vantage names nothing in m. */
struct analyze *analyze_new(const struct model *m, struct model_engine *e,
	const struct analyze_opts *opts, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void analyze_free(struct analyze *a);

/* Names a capture file (for the report). */
void analyze_add_file(struct analyze *a, const char *name);

/* One decoded packet (d's view, d->ts_sec/ts_nsec set) of len bytes on the wire, frame
 * number n of the merged capture. Packets must come in time order. */
void analyze_packet(struct analyze *a, const struct dec *d, uint8_t prec, uint32_t len,
	uint64_t n);

/* A packet a display filter left out: not analyzed, but its time still runs the clocks
 * (a BGP hold timer expires at its time even when only BGP is kept), once a packet was
 * analyzed. */
void analyze_skip(struct analyze *a, const struct dec *d);

/* Ends the capture: fires hold timers that expire up to the last packet, finishes every
 * flow, decides the vantage and sorts what is shown. @return the analysis, owned by a. */
const struct analysis *analyze_finish(struct analyze *a);

#endif /* AWSTRACE_REPLAY_ANALYZE_H */
