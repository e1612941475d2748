/* replay.h - `awstrace replay`: a capture driven through the compiled forwarding engine
 * (DESIGN.md "Replay"), measured, and the modeled network it crosses (replay/des.h).
 *
 * Design note:
 *  - replay_batch_read() reads and decodes the capture once into a compact batch: one
 *    64-byte struct replay_pkt per packet (the model's view of it: addresses, protocol,
 *    ports, VLAN, what carried it, wire length, capture time, and a symmetric flow hash as a
 *    NIC's RSS would deliver it). File reading and decoding are timed apart from the engine.
 *  - replay_run() drives the batch through the engine `loops` times after one warm-up pass
 *    (not counted), in `threads` threads; a packet goes to thread hash % threads, so both
 *    directions of a flow meet in one thread, in capture order, and its connection state
 *    stays right; with more than one thread each gets a copy of its shard to stream
 *    through (a ring per queue, as RSS gives). Per packet: the flow table (open addressing, per thread) gives the flow;
 *    connection tracking says whether the packet answers a flow the other way that was let
 *    through (security groups are stateful, VPC guide "Security group rules"); the flow's
 *    decision cache gives the walk's result when it was computed for this flow, direction,
 *    reply state and model generation, else the engine walks it (the miss path: entry point
 *    from the vantage, classification, LPM, NACLs, SGs, NAT, encap/decap) and the result is
 *    interned. Counters are kept per decision and expanded into per-hop counters at the
 *    end, so a packet costs one hash probe and two additions.
 *  - Connection state is reset at the start of every loop, so each loop replays the capture
 *    as if for the first time: counters of N loops are exactly N times those of one, and no
 *    counter depends on the thread count (tests/unit/test_replay.c checks both).
 *  - Latency: clock_gettime(CLOCK_MONOTONIC) around one packet in every
 *    REPLAY_LAT_STRIDE (by batch index, so the same packets whatever the thread count); the
 *    clock's own cost, measured at start (median of back-to-back reads), is subtracted.
 *  - replay/ computes and never prints; reports/cmd_replay.c renders.
 */
#ifndef AWSTRACE_REPLAY_REPLAY_H
#define AWSTRACE_REPLAY_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "model/forward.h"
#include "model/model.h"

#define REPLAY_ERROR (replay_error_quark())
GQuark replay_error_quark(void);
enum replay_error_code {
	REPLAY_ERROR_CAPTURE, /* the capture cannot be read (the message names file, frame) */
	REPLAY_ERROR_USAGE,   /* an option names nothing in the topology */
};

/* What carried the packet the model sees (the innermost IP header replay walks). */
enum replay_carrier {
	REPLAY_C_PLAIN,  /* IP in Ethernet/VLAN/raw */
	REPLAY_C_GENEVE, /* GWLB GENEVE: the inner packet is walked */
	REPLAY_C_VXLAN,  /* Traffic Mirroring VXLAN: the mirrored packet is walked */
	REPLAY_C_MACSEC, /* MACsec (Direct Connect) in clear */
};

/* Why a packet is counted but not walked through the model. */
enum replay_unmodeled {
	REPLAY_U_NONE,
	REPLAY_U_NOT_IP,        /* no IP header (ARP, LLC…) */
	REPLAY_U_DECODE_ERROR,  /* the headers replay needs are cut or malformed */
	REPLAY_U_ESP,           /* ESP of a VPN tunnel: the inner packet is encrypted */
	REPLAY_U_VPN_CONTROL,   /* IKE / NAT-T keepalive to a VPN tunnel endpoint */
	REPLAY_U_BGP_PEERING,   /* a DX VIF's BGP session with AWS's router */
	REPLAY_U_MACSEC_ENCRYPTED,
	REPLAY_U_OUTSIDE,       /* neither address is anything the topology holds */
	REPLAY_U_FRAGMENT,      /* a non-first fragment: no ports to walk it by */
	REPLAY_U_RESOLVER,      /* an answer of the Route 53 Resolver (VPC base + 2) */
	REPLAY_U_BFD,           /* a DX VIF's BFD session with AWS's router */
	REPLAY_U_NO_INTERFACE,  /* source inside a VPC's CIDR that no interface holds */
	REPLAY_U_GRE,           /* GRE of a TGW Connect (or another GRE tunnel) */
	REPLAY_U_N
};
/* "not_ip", "decode_error", "esp_encrypted", … (stable JSON names). */
const char *replay_unmodeled_name(enum replay_unmodeled u);
/* A sentence for the text report. */
const char *replay_unmodeled_text(enum replay_unmodeled u);

/* The packet as the model sees it: 48 bytes, compared whole. Unused bytes are zero. */
struct replay_key {
	uint8_t af;        /* 4, 6, or 0 (no IP) */
	uint8_t proto;     /* IANA protocol */
	uint8_t carrier;   /* enum replay_carrier */
	uint8_t icmp_type; /* echo request and reply both kept as the request's type */
	uint16_t sport, dport;
	uint16_t vlan;     /* innermost 802.1Q VLAN id of the outer frame (QinQ: the C-tag), 0 none */
	uint8_t unmodeled; /* enum replay_unmodeled found while decoding */
	uint8_t pad;
	uint32_t spi;      /* ESP SPI (which tunnel), else 0 */
	uint8_t src[16], dst[16]; /* IPv4 in the first 4 bytes, network order */
};

struct replay_pkt {
	struct replay_key k;
	uint64_t ts_ns;    /* capture time, ns since the first packet */
	uint32_t wire_len; /* bytes on the wire (the frame's original length) */
	uint32_t hash;     /* symmetric flow hash of k */
};

struct replay_batch {
	struct replay_pkt *pkts;
	size_t n;
	uint64_t bytes;         /* sum of wire_len */
	uint64_t duration_ns;   /* last ts - first ts */
	int64_t first_sec;      /* capture time of the first packet */
	uint32_t first_nsec;
	char *name;             /* the capture path */
	uint64_t file_size;     /* bytes of the file, 0 for stdin */
	double read_s;          /* reading the file (cap_next) */
	double decode_s;        /* decoding and filling the batch */
	bool damaged;           /* the capture ended in a damaged record */
	char *damage;           /* its message (the packets before it are in the batch) */
};

struct replay_vantage;

/* Reads and decodes path into a new batch. With a tally (may be NULL), each packet's
 * attribution to a component of m (replay/vantage.h) is noted in it, for the capture's
 * vantage. NULL with *error set when nothing can be read; a capture damaged after some
 * packets gives the batch with damaged/damage set. */
G_GNUC_WARN_UNUSED_RESULT
struct replay_batch *replay_batch_read(const char *path, const struct model *m,
	struct replay_vantage *tally, GError **error);
/* A batch of n packets the caller fills (tests): zeroed. */
struct replay_batch *replay_batch_new(size_t n);
/* Fills p->hash from p->k (after the caller set k). */
void replay_pkt_hash(struct replay_pkt *p);
void replay_batch_free(struct replay_batch *b);

/* ---- the engine run ---- */

#define REPLAY_LAT_STRIDE 1024
#define REPLAY_MAX_HOPS	  (2 * MODEL_PATH_MAX_HOPS)

enum { REPLAY_VERDICT_UNMODELED = 250 }; /* beside enum model_verdict */

struct replay_opts {
	unsigned loops;   /* measured passes; 0 = 1 */
	unsigned threads; /* 0 = one per core */
	bool no_warmup;   /* tests: skip the warm-up pass */
	/* entry point for packets whose source no interface of the topology holds (NULL:
	 * inferred: VLAN -> VIF, public -> IGW, on-premises -> the path AWS returns on) */
	const struct model_obj *vantage;
	/* called on the calling thread after each loop (progress), may be NULL */
	void (*progress)(void *arg, unsigned loop, unsigned loops);
	void *progress_arg;
};

struct replay_latency {
	uint64_t samples;
	double p50, p90, p99, p999, max; /* ns */
};

struct replay_loop {
	uint64_t packets, bytes;
	double seconds;
	double pps, bps;
	struct replay_latency lat;
};

/* A component a decision passes (interned by id). */
struct replay_comp {
	char *id;
	const char *kind;           /* static strings (the engine's kinds) */
	const struct model_obj *obj; /* in the model, or NULL (internet, addresses…) */
};

struct replay_hop {
	uint32_t comp;
	uint8_t action; /* enum model_action */
};

/* The walk's result for one flow direction: the same for every packet of it. */
struct replay_decision {
	uint8_t verdict;   /* enum model_verdict, or REPLAY_VERDICT_UNMODELED */
	uint8_t reason;    /* enum model_reason, or enum replay_unmodeled when unmodeled */
	uint8_t n_hops;
	uint8_t tunnel;    /* VPN tunnel number (1, 2) the packet uses, 0 none */
	uint8_t from_aws;  /* unmodeled control traffic sent by AWS's end (BGP on a VIF) */
	uint32_t end;      /* component index of delivered_to / dropped_at; UINT32_MAX none */
	uint32_t hops_off; /* into the run's hop array */
	uint64_t packets, bytes; /* counters of the last run, all loops (filled at the end) */
};

struct replay_hop_count {
	uint32_t comp;
	uint64_t packets, bytes;  /* passes through it (a hop twice in a path counts twice) */
	uint64_t dropped;         /* packets dropped there */
};

struct replay_result {
	unsigned loops, threads;
	uint64_t packets, bytes;  /* all measured loops */
	double seconds;           /* sum of the loops' wall time */
	double pps, bps;
	struct replay_latency lat; /* all samples of all loops */
	double clock_overhead_ns; /* subtracted from each sample */
	struct replay_loop *runs; /* loops of them */
	uint64_t peak_rss_bytes;
	uint64_t decisions_computed; /* engine walks (cache misses), warm-up included */
	double decide_s;             /* time spent in them */
	uint64_t by_verdict[3];      /* delivered, dropped, unknown (all loops) */
	uint64_t by_reason[MODEL_R_N + 8];
	uint64_t unmodeled[REPLAY_U_N];
	/* what the counters refer to */
	GPtrArray *comps;            /* struct replay_comp * */
	GArray *decisions;           /* struct replay_decision */
	GArray *hops;                /* struct replay_hop */
	GArray *hop_counts;          /* struct replay_hop_count, sorted by component index */
};

struct replay;

/* A replayer over engine e (and its model). */
struct replay *replay_new(const struct model_engine *e);
void replay_free(struct replay *r);

/* Runs the batch. @return the result (replay_result_free()); never NULL. */
struct replay_result *replay_run(struct replay *r, const struct replay_batch *b,
	const struct replay_opts *o);
void replay_result_free(struct replay_result *res);

/* One sequential pass without timing: the decision of every packet into ids[b->n]
 * (indexes into the replay's decisions, which replay_decisions() returns). */
void replay_decide_all(struct replay *r, const struct replay_batch *b,
	const struct model_obj *vantage, uint32_t *ids);
const GArray *replay_decisions(const struct replay *r);   /* struct replay_decision */
const GArray *replay_hops(const struct replay *r);        /* struct replay_hop */
const GPtrArray *replay_comps(const struct replay *r);    /* struct replay_comp * */
const struct model *replay_model(const struct replay *r);

/* The model packet(s) replay walks for one packet of the batch, as it would on the miss
 * path: n_legs (1 or 2: a reply through a NAT gateway is walked to the gateway, then from
 * it to the inner host) into legs[2]. reply says the packet answers an allowed flow;
 * init is the other direction's decision when reply (NAT reverse mapping), else NULL.
 * @return 0 when the packet is not walked (*why gets enum replay_unmodeled). For tests. */
unsigned replay_model_packets(struct replay *r, const struct replay_key *k,
	const struct model_obj *vantage, bool reply, const struct replay_decision *init,
	struct model_packet legs[2], uint8_t *why);

/* Bumps the model generation: every cached decision is recomputed on its next packet
 * (after the engine changed, e.g. a component taken down). */
void replay_model_changed(struct replay *r);

/* Tells r that o (tunnel -1: whole; else VPN tunnel number) was taken down in its engine
 * (model_engine_set_down(), --down): a packet seen on the VLAN of a VIF that is down (or on
 * a connection that is) no longer enters there but where AWS would route it now, and a
 * tunnel that is down carries nothing in the modeled network. Call before replay_run(). */
void replay_note_down(struct replay *r, const struct model_obj *o, int tunnel);

/* ---- the machine, for the JSON ---- */

struct replay_machine {
	char cpu[128];
	unsigned cores;
	char kernel[192];
};
void replay_machine_get(struct replay_machine *m);

/* Percentiles of n samples (sorted in place). */
void replay_latency_of(double *s, size_t n, struct replay_latency *out);

#endif /* AWSTRACE_REPLAY_REPLAY_H */
