/* des.h - the modeled network under the replayed traffic: a discrete-event simulation in
 * capture time (DESIGN.md "Replay", point 2).
 *
 * Design note:
 *  - Each modeled link is a FIFO queue with one server: a packet of B bytes takes
 *    max(8B / bits-per-second, 1 / packets-per-second) to send (either limit may be absent),
 *    waits behind the packets before it, and is dropped (reason `capacity`) when
 *    `queue_pkts` packets are already waiting. Its one-way latency on the link is its wait,
 *    its sending time and the link's propagation latency.
 *  - Links and their defaults, from AWS's documented limits (each cited where it is set in
 *    des.c): a Site-to-Site VPN tunnel per direction, a Direct Connect connection's port
 *    per direction (describe-connections bandwidth), a NAT gateway, a TGW attachment per
 *    direction. awstrace.json `Links` overrides capacity and latency by component id.
 *  - Packets enter at their capture time divided by the speed factor (1 = the capture's
 *    own pacing, 10 = ten times faster) and follow their decision's hops; hops without a
 *    link take no time. Events run in time order from one heap; arrivals at a link are
 *    therefore in time order, which the FIFO needs.
 *  - Per hop: offered, delivered, dropped by reason (no route, ACL, SG, capacity, other),
 *    the one-way latency from entry to leaving the hop (p50/p99 from a log histogram with
 *    1% buckets), the queue peak of its link. Per link: the offered load's peak over
 *    `window_ns` windows.
 */
#ifndef AWSTRACE_REPLAY_DES_H
#define AWSTRACE_REPLAY_DES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "replay/replay.h"

enum replay_drop {
	REPLAY_DROP_NO_ROUTE, /* no_route, blackhole, no_destination, tunnel_down, peering… */
	REPLAY_DROP_ACL,      /* nacl_deny */
	REPLAY_DROP_SG,       /* sg_deny */
	REPLAY_DROP_CAPACITY, /* a link's queue was full */
	REPLAY_DROP_OTHER,    /* every other reason the engine gives */
	REPLAY_DROP_N
};
const char *replay_drop_name(enum replay_drop d); /* "no_route", "acl", "sg", "capacity", "other" */
enum replay_drop replay_drop_of(enum model_reason r);

/* One queue (exposed for the unit test of the queueing itself). */
struct replay_queue {
	double bps, pps;      /* capacity; 0 = no limit of that kind */
	double latency_ns;    /* propagation */
	unsigned limit;       /* packets that may wait (besides the one being sent) */
	double busy_until;    /* ns */
	double *ring;         /* departure times of the packets in the system, oldest first */
	unsigned head, count; /* ring of limit + 1 */
	uint64_t peak;        /* most packets in the system at once */
};
void replay_queue_init(struct replay_queue *q, double bps, double pps, double latency_ns,
	unsigned limit);
void replay_queue_clear(struct replay_queue *q);
/* Offers a packet of bytes at time t (ns, never before the previous offer). @return false
 * when it is dropped (queue full), else true with *out_ns its time on the link (wait +
 * sending + propagation). */
bool replay_queue_offer(struct replay_queue *q, double t, uint32_t bytes, double *out_ns);

struct replay_hist {
	uint64_t n;
	double max;
	uint32_t *b; /* REPLAY_HIST_BUCKETS */
};
#define REPLAY_HIST_BUCKETS 3200
void replay_hist_add(struct replay_hist *h, double v);
/* The smallest bucket value with at least q of the samples at or below it (1% bounds). */
double replay_hist_quantile(const struct replay_hist *h, double q);

struct replay_link {
	char *name;           /* "tunnel 1 of vpn-…", "port of dxcon-…", … */
	uint32_t comp;        /* component (replay_comps()) */
	const struct model_obj *obj; /* the object whose capacity it is */
	uint8_t tunnel;       /* VPN tunnel number, 0 otherwise */
	uint8_t dir;          /* 0 toward AWS / into the component, 1 out; 2 both (NAT) */
	double bps, pps, latency_ns;
	const char *source;   /* where the figures come from (a URL, or "awstrace.json Links") */
	/* results */
	uint64_t offered, offered_bytes, delivered, delivered_bytes, dropped;
	uint64_t queue_peak;
	double peak_bps, peak_pps; /* offered, busiest window */
	double p50_ns, p99_ns, max_ns; /* time on the link */
	struct replay_queue q;
	struct replay_hist hist;
	uint64_t win, win_bytes, win_pkts;
};

struct replay_des_hop {
	uint32_t comp;
	uint64_t offered, offered_bytes, delivered, delivered_bytes;
	uint64_t dropped[REPLAY_DROP_N];
	double p50_ns, p99_ns; /* one-way latency from entry to leaving this hop */
	uint64_t queue_peak;   /* of the links at this hop (0 without one) */
	struct replay_hist hist;
};

struct replay_des_opts {
	double speed;        /* capture time is divided by this; 1 = as captured */
	unsigned queue_pkts; /* 0 = REPLAY_DES_QUEUE */
	double window_ns;    /* 0 = 100 ms */
};
#define REPLAY_DES_QUEUE 1024

struct replay_des_result {
	double speed;
	unsigned queue_pkts;
	double window_ns;
	GArray *links;          /* struct replay_link, in first-use order */
	GArray *hops;           /* struct replay_des_hop, by component index */
	uint64_t packets, delivered, unmodeled;
	uint64_t unknown;       /* verdict unknown: past what the snapshot shows */
	uint64_t dropped[REPLAY_DROP_N];
	double p50_ns, p99_ns;  /* one-way latency of delivered packets */
};

/* Runs the simulation over batch b whose packets have decisions ids[] (from
 * replay_decide_all() on r). @return the result (replay_des_result_free()). */
struct replay_des_result *replay_des_run(const struct replay *r, const struct replay_batch *b,
	const uint32_t *ids, const struct replay_des_opts *o);
void replay_des_result_free(struct replay_des_result *res);

#endif /* AWSTRACE_REPLAY_DES_H */
