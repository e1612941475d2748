/* analyze_l2.c - what a Direct Connect link's own protocols tell analyze (issue 18): BFD
 * session state timelines (RFC 5880) and LAG members leaving the bundle (IEEE 802.1AX LACP).
 *
 * BFD: a session is the pair of addresses on a component (the VIF its 802.1Q tag or its
 * addresses name); each side's state is kept, and every change is a timeline entry. A Down
 * with diagnostic 1, "Control Detection Time Expired" (RFC 5880 §4.1, §6.8.4: no control
 * packet from the remote within the detection time), is the failure BFD exists to detect
 * fast; when the BGP session on the same component ends after it (Direct Connect user
 * guide, "Bidirectional Forwarding Detection": BFD brings the BGP session down), the two
 * are told as one anomaly with both delays, the one BFD took after the other side's last
 * packet and the one BGP took after BFD.
 *
 * LACP: a LAG member (an actor system and port) is in the bundle while its actor state has
 * Synchronization, Collecting and Distributing and neither Expired nor Defaulted (IEEE
 * 802.1AX-2014 §6.4.2.3: the state bits; Expired and Defaulted mean the partner's PDUs
 * stopped coming). A PDU that loses one of those or gains Expired/Defaulted is the member
 * leaving (or going further out), an anomaly with its port and time.
 */
#include "replay/analyze_int.h"

#include <stdio.h>
#include <string.h>

#include "decode/bfd.h"
#include "decode/lacp.h"

#define NS 1000000000LL
/* how long after a BFD Down a BGP session end is taken as its consequence: BGP reacts at
 * once to BFD (RFC 5882 §4.3), so seconds, well under the 90 s hold time */
#define BFD_BGP_WINDOW (10 * NS)

struct bfd_live {
	struct an_bfd_session *r;
	struct model_addr addr[2];    /* [0] the first sender */
	int64_t last[2];              /* last packet per side */
	int64_t down_ts;              /* a Down with diag 1 not yet matched to BGP, 0 none */
	int64_t down_last_other;      /* the other side's last packet before it */
	uint64_t down_frame;
	uint32_t down_detect_us;
	bool linked;
};

struct lacp_live {
	struct an_lacp_member *r;
	bool seen;
};

static void
tl_push(GArray *tl, int64_t ts, uint64_t frame, const char *kind, char *detail)
{
	struct an_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.ts = ts;
	ev.kind = kind;
	ev.detail = detail;
	if (frame)
		ev.frames[ev.nframes++] = frame;
	g_array_append_val(tl, ev);
}

static void
addr_str(const struct model_addr *x, char *buf)
{
	model_addr_format(x, buf);
}

static bool
addr_same(const struct model_addr *x, const struct model_addr *y)
{
	return x->af == y->af &&
	       (x->af == MODEL_AF_INET ? x->a.v4 == y->a.v4 : !memcmp(x->a.v6, y->a.v6, 16));
}

/* ---- BFD ---------------------------------------------------------------------------------- */

void
an_bfd_note(struct analyze *a, const struct dec_bfd_layer *b, const struct dec *d,
	const struct model_packet *pk)
{
	if (b->echo)
		return; /* echo packets loop back to their sender: no state (RFC 5880 §6.4) */
	struct replay_attr attr;
	replay_attribute(a->m, d, &attr);
	replay_vantage_note(a->vant, &attr);
	const struct model_obj *comp = attr.kind == REPLAY_V_DXVIF || attr.kind == REPLAY_V_VPN
					       ? attr.obj : NULL;
	char x[MODEL_PREFIX_STRLEN], y[MODEL_PREFIX_STRLEN];
	addr_str(&pk->src, x);
	addr_str(&pk->dst, y);
	bool swap = strcmp(x, y) > 0;
	char *key = g_strdup_printf("%s|%s|%s", comp ? comp->id : "", swap ? y : x, swap ? x : y);
	struct bfd_live *l = g_hash_table_lookup(a->bfds, key);
	if (!l) {
		l = g_new0(struct bfd_live, 1);
		l->r = g_new0(struct an_bfd_session, 1);
		l->r->component = g_strdup(comp ? comp->id : NULL);
		l->r->peers = g_strdup_printf("%s <-> %s", x, y);
		l->r->timeline = g_array_new(FALSE, TRUE, sizeof(struct an_event));
		l->r->state[0] = l->r->state[1] = 0xff;
		l->addr[0] = pk->src;
		l->addr[1] = pk->dst;
		g_ptr_array_add(a->r.bfd, l->r);
		g_hash_table_insert(a->bfds, key, l);
	} else {
		g_free(key);
	}
	int side = addr_same(&pk->src, &l->addr[0]) ? 0 : 1;
	struct an_bfd_session *r = l->r;
	r->packets++;
	uint8_t was = r->state[side];
	int64_t other_last = l->last[1 - side];
	l->last[side] = a->now;
	if (b->state == BFD_UP) {
		/* RFC 5880 §6.8.4: detection time = the remote's Detect Mult x the agreed
		 * interval (the larger of its Desired Min TX and our Required Min RX); this
		 * packet's own values stand for both sides, as AWS and routers use one setting */
		uint32_t iv = MAX(b->desired_min_tx_us, b->required_min_rx_us);
		r->detect_us = (uint32_t)b->detect_mult * iv;
	}
	if (was == b->state)
		return;
	r->state[side] = b->state;
	const char *sn = dec_bfd_state_name(b->state);
	const char *dn = dec_bfd_diag_name(b->diag);
	char *detail = g_strdup_printf("%s: %s%s%s", x, was == 0xff ? "" : dec_bfd_state_name(was),
		was == 0xff ? "" : " -> ", sn ? sn : "?");
	if (b->diag) {
		char *t = g_strdup_printf("%s (diagnostic %u, %s)", detail, b->diag, dn ? dn : "unassigned");
		g_free(detail);
		detail = t;
	}
	tl_push(r->timeline, a->now, a->frame, "bfd_state", detail);
	if (was == 0xff && b->state == BFD_UP)
		return; /* the first packet of a side: the state it was in, no event */
	if (was == BFD_UP && (b->state == BFD_DOWN || b->state == BFD_ADMIN_DOWN)) {
		r->downs++;
		char t0[48];
		if (b->diag == BFD_DIAG_DETECT_EXPIRED && other_last && !l->down_ts) {
			l->down_ts = a->now;
			l->down_last_other = other_last;
			l->down_frame = a->frame;
			l->down_detect_us = r->detect_us;
			l->linked = false;
			an_time_text(a, other_last, t0, sizeof(t0));
			an_record(a, false, a->now, "bfd_session_down", AN_SEV_INFO, r->component, 0,
				"BFD %s: %s declared the session Down (Control Detection Time Expired) "
				"%.1f s after the last packet from the other side (%s); detection time "
				"%.1f s", r->peers, x, (double)(a->now - other_last) / NS, t0,
				r->detect_us / 1e6);
		} else {
			an_record(a, false, a->now, "bfd_session_down", AN_SEV_INFO, r->component, 0,
				"BFD %s: %s went %s%s%s", r->peers, x, sn ? sn : "?",
				b->diag ? ": " : "", b->diag && dn ? dn : "");
		}
	} else if (b->state == BFD_UP) {
		an_record(a, false, a->now, "bfd_session_up", AN_SEV_INFO, r->component, 0,
			"BFD %s: %s is Up", r->peers, x);
	}
}

void
an_bfd_bgp_closed(struct analyze *a, const char *component, int64_t ts, const char *why)
{
	if (!component)
		return;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, a->bfds);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct bfd_live *l = v;
		if (!l->down_ts || l->linked || g_strcmp0(l->r->component, component) ||
			ts < l->down_ts || ts - l->down_ts > BFD_BGP_WINDOW)
			continue;
		l->linked = true;
		char t0[48], t1[48];
		an_time_text(a, l->down_ts, t0, sizeof(t0));
		an_time_text(a, ts, t1, sizeof(t1));
		char *d = g_strdup_printf("BFD detected the failure %.1f s after the last packet; BGP "
			"closed %.1f s later (BFD Down at %s, BGP session ended at %s: %s)",
			(double)(l->down_ts - l->down_last_other) / NS, (double)(ts - l->down_ts) / NS,
			t0, t1, why);
		uint64_t bgp_frame = a->frame;
		a->frame = l->down_frame; /* the BFD Down first, then the BGP end */
		an_record(a, true, l->down_ts, "bfd_bgp_failure", AN_SEV_HIGH, component, bgp_frame,
			"%s", d);
		a->frame = bgp_frame;
		tl_push(l->r->timeline, ts, a->frame, "bgp_closed_after_bfd", d);
	}
}

void
an_bfd_finish(struct analyze *a)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, a->bfds);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct bfd_live *l = v;
		if (!l->down_ts || l->linked)
			continue;
		char t0[48];
		an_time_text(a, l->down_last_other, t0, sizeof(t0));
		uint64_t keep = a->frame;
		a->frame = l->down_frame;
		an_record(a, true, l->down_ts, "bfd_session_down", AN_SEV_HIGH, l->r->component, 0,
			"BFD %s detected a failure %.1f s after the last packet (%s); no BGP session "
			"on %s ended after it in the capture", l->r->peers,
			(double)(l->down_ts - l->down_last_other) / NS, t0,
			l->r->component ? l->r->component : "this link");
		a->frame = keep;
	}
}

/* ---- LACP --------------------------------------------------------------------------------- */

#define IN_BUNDLE (LACP_ST_SYNC | LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING)
#define OUT_BITS (LACP_ST_EXPIRED | LACP_ST_DEFAULTED)

static bool
in_bundle(uint8_t st)
{
	return (st & IN_BUNDLE) == IN_BUNDLE && !(st & OUT_BITS);
}

/* "Synchronization, Collecting" of the bits in b */
static void
bits_text(GString *s, uint8_t b)
{
	bool first = true;
	for (unsigned i = 0; i < 8; i++) {
		if (!(b & (1u << i)))
			continue;
		g_string_append_printf(s, "%s%s", first ? "" : ", ",
			dec_lacp_state_name(1u << i));
		first = false;
	}
}

void
an_lacp_note(struct analyze *a, const struct dec_lacp_layer *p)
{
	if (p->subtype != 1 || !p->actor.present)
		return;
	const struct dec_lacp_port *ac = &p->actor;
	char *key = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x port %u key %u", ac->sys[0],
		ac->sys[1], ac->sys[2], ac->sys[3], ac->sys[4], ac->sys[5], ac->port, ac->key);
	struct lacp_live *l = g_hash_table_lookup(a->lacps, key);
	if (!l) {
		l = g_new0(struct lacp_live, 1);
		l->r = g_new0(struct an_lacp_member, 1);
		l->r->actor = g_strdup(key);
		l->r->timeline = g_array_new(FALSE, TRUE, sizeof(struct an_event));
		g_ptr_array_add(a->r.lacp, l->r);
		g_hash_table_insert(a->lacps, key, l);
	} else {
		g_free(key);
	}
	struct an_lacp_member *r = l->r;
	r->pdus++;
	uint8_t was = r->state, now = ac->state;
	if (l->seen && was == now)
		return;
	bool first = !l->seen;
	l->seen = true;
	r->state = now;
	bool was_in = first ? true : r->in_bundle;
	r->in_bundle = in_bundle(now);
	GString *s = g_string_new(NULL);
	if (first) {
		g_string_append(s, "state ");
		bits_text(s, now);
	} else {
		uint8_t lost = was & ~now, gained = now & ~was;
		if (lost) {
			g_string_append(s, "lost ");
			bits_text(s, lost);
		}
		if (gained) {
			g_string_append(s, lost ? "; gained " : "gained ");
			bits_text(s, gained);
		}
	}
	g_string_append(s, r->in_bundle ? " (in the bundle)" : " (out of the bundle)");
	tl_push(r->timeline, a->now, a->frame, "lacp_state", g_strdup(s->str));
	/* leaving: a member in the bundle drops out, or one already out loses more (its
	 * partner's information expires, then is defaulted) */
	uint8_t worse = first ? 0 : (uint8_t)((was & IN_BUNDLE & ~now) | (now & OUT_BITS & ~was));
	if (!r->in_bundle && (worse || (first && !was_in))) {
		if (was_in)
			r->leaves++;
		an_record(a, true, a->now, "lag_member_left", AN_SEV_MEDIUM, NULL, 0,
			"LAG member %s %s: %s", r->actor,
			was_in ? "left the bundle" : "is further out of the bundle", s->str);
	} else if (!first && r->in_bundle && !was_in) {
		an_record(a, false, a->now, "lag_member_joined", AN_SEV_INFO, NULL, 0,
			"LAG member %s is back in the bundle", r->actor);
	}
	g_string_free(s, TRUE);
}

/* ---- life cycle --------------------------------------------------------------------------- */

static void
timeline_free(GArray *tl)
{
	for (guint k = 0; k < tl->len; k++) {
		struct an_event *e = &g_array_index(tl, struct an_event, k);
		g_free(e->component);
		g_free(e->detail);
	}
	g_array_free(tl, TRUE);
}

void
an_l2_init(struct analyze *a)
{
	a->bfds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	a->lacps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	a->r.bfd = g_ptr_array_new();
	a->r.lacp = g_ptr_array_new();
}

void
an_l2_free(struct analyze *a)
{
	g_hash_table_destroy(a->bfds);
	g_hash_table_destroy(a->lacps);
	for (guint i = 0; i < a->r.bfd->len; i++) {
		struct an_bfd_session *s = g_ptr_array_index(a->r.bfd, i);
		g_free(s->component);
		g_free(s->peers);
		timeline_free(s->timeline);
		g_free(s);
	}
	g_ptr_array_free(a->r.bfd, TRUE);
	for (guint i = 0; i < a->r.lacp->len; i++) {
		struct an_lacp_member *m = g_ptr_array_index(a->r.lacp, i);
		g_free(m->actor);
		timeline_free(m->timeline);
		g_free(m);
	}
	g_ptr_array_free(a->r.lacp, TRUE);
}
