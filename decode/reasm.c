/* reasm.c - TCP stream reassembly (RFC 9293 §3.4, §3.10.7.4) for the framed protocols of
 * stream.h: per connection and direction, the byte stream in order, each message handed to
 * its decoder on the packet whose segment completes it.
 *
 * Design note.
 *
 * A connection is keyed by IP version, both addresses and ports, the tunnel depth of its
 * TCP header and the ids of up to four VLAN tags in front of its IP header (two VRFs on
 * different VLANs may reuse addresses). The key is canonical (lower endpoint first) so
 * both directions find one entry; dir 0 is the sender of a SYN without ACK, the receiver
 * of a SYN-ACK, else the sender of the first packet seen. The key is hashed once per
 * packet; entries live in a GHashTable and on an LRU list (least recently used first).
 *
 * Per direction ("half"): next_seq, the sequence number of the next byte expected; a
 * pending buffer buf[off..len) holding the bytes received in order but not yet framed (a
 * partial message: every byte before next_seq that is not in it was handed to a decoder
 * or skipped); a list of out-of-order segment copies, sorted and non-overlapping, each
 * starting after next_seq; a resync flag. Invariants, outside the functions that move
 * them: ooo == NULL or ooo->seq > next_seq (modulo 2^32); len - off never exceeds the
 * stream cap (frame() lengths above it are treated as garbage); bytes_buffered is the sum
 * of len - off and ooo_bytes over all halves.
 *
 * Sequence numbers compare modulo 2^32 (RFC 9293 §3.4): a is before b when the signed
 * 32-bit difference a - b is negative. Bytes before next_seq (retransmissions, the old
 * part of an overlap) are trimmed: the first copy of a byte wins. Bytes after next_seq
 * wait in the out-of-order list until the hole before them fills.
 *
 * A hole is declared lost (a gap: counted, a DEC_E_STREAM_GAP event on the packet that
 * decides it, the partial message dropped and the decoder resynchronised with
 * sp->resync()) when: the other direction acknowledges data beyond it (the receiver got
 * bytes the capture did not); HOLE_MAX_SEGS more segments arrived in that direction while
 * it stayed open; holding a segment after it would pass a cap; a FIN or RST arrives; a
 * segment was cut by the snaplen (its uncaptured tail is lost at once).
 *
 * Delivery: while the pending buffer is empty, messages are framed straight from the
 * packet (no copy; the cursor covers the exact frame bytes); only a partial message's
 * bytes are copied. A message that began in an earlier segment gets the frame offset of
 * the current payload as its cursor base, one that began in this segment the offset of
 * its first byte. A message's bytes stay valid until the next call into the reassembler
 * (the next packet): a buffer a message of this packet points into is "pinned" and is not
 * moved or freed; when it must grow, a new one is allocated and the old one waits on the
 * graveyard list; closed connections wait on the dead list. Both are emptied at the start
 * of the next call and by dec_reasm_free(). This relies on one reassembler call per
 * packet, which holds as TCP's payload is the last thing a packet dispatches.
 *
 * Limits (dec_reasm_new(NULL); a zero field in given limits also takes the default):
 * 1 MiB per direction (partial message plus out-of-order bytes), 64 MiB in all, 65536
 * connections, 300 s of capture time without a packet. Over the connection cap the least
 * recently used connection is evicted; over a byte cap a hole is declared lost first,
 * bytes that still do not fit are dropped and counted (bytes_dropped), as are the bytes
 * skipped after a message length above the per-direction cap. Idle connections are
 * freed from the LRU head at every call (capture time is the newest timestamp seen), so
 * a long capture holds only live connections.
 *
 * Complexity: a lookup is one hash of a 52-byte key; an in-order segment costs its
 * framing plus a copy of at most one partial message; an out-of-order segment costs a
 * walk of the out-of-order list (at most HOLE_MAX_SEGS plus the segments one cap holds).
 * Memory: bounded by the caps plus one conn struct per connection (about 250 bytes) plus
 * the protocol's conn_size.
 */
#include "decode/stream.h"

#include <inttypes.h>

#include <glib.h>

#define REASM_STREAM_BYTES (1u << 20)
#define REASM_TOTAL_BYTES  (64u << 20)
#define REASM_MAX_STREAMS  65536u
#define REASM_IDLE_TIMEOUT 300u
/* segments arriving in one direction while a hole stays open before it is declared lost */
#define HOLE_MAX_SEGS 32
/* after a failed resync the last bytes are kept: a boundary there may need more bytes to
 * be recognised (a BGP marker split across two segments) */
#define RESYNC_TAIL 32
/* pending buffers: smallest allocation, and above what size an empty one is freed */
#define BUF_MIN        4096
#define BUF_KEEP       (64 * 1024)
#define CONN_MAX_VLANS 4

#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)

struct conn_key {
	uint32_t hash; /* of the fields below */
	uint8_t ipver;
	uint8_t tunnel;
	uint8_t nvlan;
	uint8_t pad;
	uint16_t vid[CONN_MAX_VLANS];
	uint16_t port[2];
	uint8_t addr[2][16];
};

/* An out-of-order segment's bytes (a copy: the packet goes away). */
struct seg {
	struct seg *next;
	uint32_t seq;
	uint32_t len;
	uint8_t data[];
};

struct half {
	uint32_t next_seq; /* next byte expected, once seq_known */
	uint32_t isn;      /* when syn_seen */
	bool seq_known;
	bool syn_seen;
	bool done;         /* FIN processed: nothing more is delivered */
	bool resync;       /* looking for a message boundary */
	bool resync_drops; /* what resync skips was over a cap: count it as dropped */
	bool pinned;       /* a message of the current packet points into buf */
	uint32_t hole_age;
	bool lost_known;   /* lost_lo..lost_hi is the last hole declared lost */
	uint32_t lost_lo, lost_hi;
	uint8_t *buf; /* pending bytes are buf[off..len) */
	size_t off, len, cap;
	struct seg *ooo;
	size_t ooo_bytes;
};

struct conn {
	struct conn_key key;
	struct conn *prev, *next; /* LRU list, or the dead list (next only) */
	const struct dec_stream_proto *sp;
	void *state;
	int64_t last_sec;
	uint8_t dir0_side; /* key endpoint (0 or 1) that is dir 0 */
	struct half h[2];
};

struct dec_reasm {
	struct dec_reasm_limits lim;
	GHashTable *table; /* struct conn_key * -> struct conn * (the key is inside) */
	struct conn *lru_head, *lru_tail;
	struct conn *dead;    /* closed, freed at the next call */
	GPtrArray *graveyard; /* replaced buffers, freed at the next call */
	int64_t now;          /* newest capture time seen */
	struct dec_reasm_stats st;
};

/* What one call needs about the segment it runs for. */
struct seg_ctx {
	struct dec_reasm *r;
	struct dec *d;
	struct conn *c;
	struct half *h;     /* the segment's direction */
	uint32_t seq;       /* sequence number of its first payload byte */
	size_t clen;        /* payload bytes captured */
	size_t payload_off; /* frame offset of the payload */
};

struct pkt_info {
	struct conn_key key;
	int side; /* key endpoint of the sender */
	uint16_t flags;
	uint32_t seq, ack;
	uint16_t sport, dport;
	const uint8_t *payload;
	size_t clen;   /* captured payload bytes */
	uint32_t plen; /* payload bytes the headers announce */
	size_t off;
};

static guint
key_hash(gconstpointer k)
{
	return ((const struct conn_key *)k)->hash;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct conn_key)) == 0;
}

static uint32_t
key_compute_hash(const struct conn_key *k)
{
	const uint8_t *p = (const uint8_t *)k + sizeof(k->hash);
	size_t n = sizeof(*k) - sizeof(k->hash);
	uint64_t h = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i + 4 <= n; i += 4) {
		uint32_t w;
		memcpy(&w, p + i, 4);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	return (uint32_t)(h ^ h >> 32);
}

_Static_assert(sizeof(struct conn_key) % 4 == 0, "the key hashes in 4-byte words");

/* Fills pi from the view: the TCP layer is the last one, the IP layer the last before it.
 * False when there is none (a TCP decoder called from somewhere unexpected). */
static bool
pkt_info_get(const struct dec *d, const struct cur *c, struct pkt_info *pi)
{
	int t = (int)d->nlayers - 1;
	while (t >= 0 && d->layers[t].proto != DEC_P_TCP)
		t--;
	if (t < 0)
		return false;
	int ip = t - 1;
	while (ip >= 0 && d->layers[ip].proto != DEC_P_IPV4 && d->layers[ip].proto != DEC_P_IPV6)
		ip--;
	if (ip < 0)
		return false;
	memset(pi, 0, sizeof(*pi));
	struct conn_key *k = &pi->key;
	for (int i = 0; i < ip && k->nvlan < CONN_MAX_VLANS; i++)
		if (d->layers[i].proto == DEC_P_VLAN)
			k->vid[k->nvlan++] = d->layers[i].u.vlan.vid;
	const struct dec_tcp_layer *tcp = &d->layers[t].u.tcp;
	const struct dec_layer *l = &d->layers[ip];
	const uint8_t *src, *dst;
	size_t alen;
	if (l->proto == DEC_P_IPV4) {
		k->ipver = 4;
		src = l->u.ipv4.src;
		dst = l->u.ipv4.dst;
		alen = 4;
	} else {
		k->ipver = 6;
		src = l->u.ipv6.src;
		dst = l->u.ipv6.dst;
		alen = 16;
	}
	k->tunnel = d->layers[t].tunnel;
	int cmp = memcmp(src, dst, alen);
	pi->side = cmp > 0 || (cmp == 0 && tcp->sport > tcp->dport);
	memcpy(k->addr[pi->side], src, alen);
	memcpy(k->addr[!pi->side], dst, alen);
	k->port[pi->side] = tcp->sport;
	k->port[!pi->side] = tcp->dport;
	k->hash = key_compute_hash(k);

	pi->flags = tcp->flags;
	pi->seq = tcp->seq;
	pi->ack = tcp->ack;
	pi->sport = tcp->sport;
	pi->dport = tcp->dport;
	pi->plen = tcp->plen;
	pi->payload = cur_here(c);
	pi->clen = cur_left(c) < tcp->plen ? cur_left(c) : tcp->plen;
	pi->off = cur_off(c);
	return true;
}

static size_t
half_buffered(const struct half *h)
{
	return h->len - h->off + h->ooo_bytes;
}

static void
lru_unlink(struct dec_reasm *r, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		r->lru_head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		r->lru_tail = c->prev;
	c->prev = c->next = NULL;
}

static void
lru_append(struct dec_reasm *r, struct conn *c)
{
	c->prev = r->lru_tail;
	c->next = NULL;
	if (r->lru_tail)
		r->lru_tail->next = c;
	else
		r->lru_head = c;
	r->lru_tail = c;
}

/* Frees what a connection holds; only for one no message of the current packet uses. */
static void
conn_destroy(struct conn *c)
{
	for (int i = 0; i < 2; i++) {
		struct seg *s = c->h[i].ooo;
		while (s) {
			struct seg *n = s->next;
			g_free(s);
			s = n;
		}
		g_free(c->h[i].buf);
	}
	if (c->state && c->sp->conn_free)
		c->sp->conn_free(c->state);
	g_free(c->state);
	g_free(c);
}

/* Stops following c: out of the table and the LRU list now, freed at the next call (a
 * message of this packet may point into its buffers or state). */
static void
conn_kill(struct dec_reasm *r, struct conn *c)
{
	g_hash_table_remove(r->table, &c->key);
	lru_unlink(r, c);
	r->st.bytes_buffered -= half_buffered(&c->h[0]) + half_buffered(&c->h[1]);
	r->st.conns_open--;
	c->next = r->dead;
	r->dead = c;
}

/* Work deferred from the previous packet, and the idle sweep. O(1) when there is none. */
static void
housekeeping(struct dec_reasm *r, const struct dec *d)
{
	if (r->graveyard->len)
		g_ptr_array_set_size(r->graveyard, 0);
	while (r->dead) {
		struct conn *c = r->dead;
		r->dead = c->next;
		conn_destroy(c);
	}
	/* clamped (capture/captime.h): now - last_sec cannot overflow, whatever a caller set */
	int64_t sec = cap_time_make(d->ts_sec, d->ts_nsec).sec;
	if (sec > r->now)
		r->now = sec;
	while (r->lru_head && r->now - r->lru_head->last_sec > (int64_t)r->lim.idle_timeout) {
		r->st.conns_idle++;
		conn_kill(r, r->lru_head);
	}
}

static struct conn *
conn_new(struct dec_reasm *r, const struct pkt_info *pi, const struct dec_stream_proto *sp)
{
	if (r->st.conns_open >= r->lim.max_streams && r->lru_head) {
		struct conn *old = r->lru_head;
		r->st.conns_evicted++;
		r->st.bytes_dropped += half_buffered(&old->h[0]) + half_buffered(&old->h[1]);
		conn_kill(r, old);
	}
	struct conn *c = g_new0(struct conn, 1);
	c->key = pi->key;
	c->sp = sp;
	c->state = sp->conn_size ? g_malloc0(sp->conn_size) : NULL;
	c->last_sec = r->now;
	bool syn = pi->flags & DEC_TCP_SYN, ack = pi->flags & DEC_TCP_ACK;
	/* the SYN's sender opened the connection; a SYN-ACK's sender answered it */
	c->dir0_side = (uint8_t)(syn && ack ? !pi->side : pi->side);
	g_hash_table_insert(r->table, &c->key, c);
	lru_append(r, c);
	r->st.conns++;
	r->st.conns_open++;
	return c;
}

static size_t
buf_grow_size(size_t need, size_t cap)
{
	size_t n = cap ? cap : BUF_MIN;
	while (n < need)
		n *= 2;
	return n;
}

/* Appends n bytes to h's pending buffer. A pinned buffer is never moved: a new one takes
 * its place and the old one waits on the graveyard until the next call. */
static void
buf_append(struct dec_reasm *r, struct half *h, const uint8_t *p, size_t n)
{
	if (h->cap - h->len < n) {
		size_t live = h->len - h->off;
		if (!h->pinned) {
			if (h->off) {
				memmove(h->buf, h->buf + h->off, live);
				h->off = 0;
				h->len = live;
			}
			if (h->cap - h->len < n) {
				h->cap = buf_grow_size(live + n, h->cap);
				h->buf = g_realloc(h->buf, h->cap);
			}
		} else {
			size_t ncap = buf_grow_size(live + n, h->cap);
			uint8_t *nb = g_malloc(ncap);
			memcpy(nb, h->buf + h->off, live);
			g_ptr_array_add(r->graveyard, h->buf);
			h->buf = nb;
			h->cap = ncap;
			h->off = 0;
			h->len = live;
			h->pinned = false;
		}
	}
	memcpy(h->buf + h->len, p, n);
	h->len += n;
	r->st.bytes_buffered += n;
}

/* At the start of a call (nothing points into the buffer any more): moves the pending
 * bytes to the front, frees or shrinks a buffer much larger than what it holds. */
static void
buf_compact(struct half *h)
{
	h->pinned = false;
	size_t live = h->len - h->off;
	if (live == 0) {
		h->off = h->len = 0;
		if (h->cap > BUF_KEEP) {
			g_free(h->buf);
			h->buf = NULL;
			h->cap = 0;
		}
		return;
	}
	if (h->off) {
		memmove(h->buf, h->buf + h->off, live);
		h->off = 0;
		h->len = live;
	}
	if (h->cap > BUF_KEEP && live < h->cap / 4) {
		h->cap = buf_grow_size(live, BUF_MIN);
		h->buf = g_realloc(h->buf, h->cap);
	}
}

/* Hands one whole message to the decoder. */
static void
message_deliver(
	struct seg_ctx *x, struct half *h, const uint8_t *p, size_t n, uint32_t seq, bool pending)
{
	size_t base = x->payload_off;
	if (h == x->h && (uint32_t)(seq - x->seq) < x->clen)
		base += (uint32_t)(seq - x->seq);
	struct cur mc = cur_make(p, n, base);
	if (pending)
		h->pinned = true;
	uint16_t saved = x->d->cur_proto;
	x->d->cur_proto = x->c->sp->proto;
	x->c->sp->message(x->d, &mc, x->c->state, (int)(h - x->c->h));
	x->d->cur_proto = saved;
}

/* The framing loop over p[0..n), whose first byte has sequence number seq. Returns the
 * bytes consumed: decoded as messages or skipped while looking for a boundary; the rest
 * (a partial message, or a short tail a boundary may start in) is for the caller to keep. */
static size_t
frame_loop(
	struct seg_ctx *x, struct half *h, const uint8_t *p, size_t n, uint32_t seq, bool pending)
{
	const struct dec_stream_proto *sp = x->c->sp;
	size_t cap = x->r->lim.stream_bytes;
	size_t at = 0;
	while (at < n) {
		size_t left = n - at;
		if (h->resync) {
			long o = sp->resync ? sp->resync(p + at, left) : -1;
			if (o < 0 || (size_t)o >= left) {
				size_t keep = sp->resync && left > RESYNC_TAIL ? RESYNC_TAIL
					      : sp->resync                     ? left
									       : 0;
				if (h->resync_drops)
					x->r->st.bytes_dropped += left - keep;
				return n - keep;
			}
			if (h->resync_drops)
				x->r->st.bytes_dropped += (size_t)o;
			at += (size_t)o;
			h->resync = false;
			h->resync_drops = false;
			continue;
		}
		long fl = sp->frame(p + at, left, x->c->state);
		if (fl < 0 || (fl > 0 && (unsigned long)fl > cap) || (fl == 0 && left > cap)) {
			/* not a boundary, or a message no buffer here may hold: what follows up to
			 * the next boundary is skipped (and counted as dropped in the second case)
			 */
			x->r->st.resyncs++;
			h->resync = true;
			h->resync_drops = fl > 0;
			if (h->resync_drops)
				x->r->st.bytes_dropped++;
			at++;
			continue;
		}
		if (fl == 0 || (size_t)fl > left)
			break;
		message_deliver(x, h, p + at, (size_t)fl, seq + (uint32_t)at, pending);
		at += (size_t)fl;
	}
	return at;
}

static void
pending_parse(struct seg_ctx *x, struct half *h)
{
	size_t live = h->len - h->off;
	if (!live)
		return;
	size_t used = frame_loop(x, h, h->buf + h->off, live, h->next_seq - (uint32_t)live, true);
	h->off += used;
	x->r->st.bytes_buffered -= used;
	if (h->off == h->len && !h->pinned)
		h->off = h->len = 0;
}

/* Moves the out-of-order segments that are now contiguous into the pending buffer. */
static void
ooo_pull(struct seg_ctx *x, struct half *h)
{
	struct seg *s;
	while ((s = h->ooo) && !SEQ_GT(s->seq, h->next_seq)) {
		h->ooo = s->next;
		h->ooo_bytes -= s->len;
		x->r->st.bytes_buffered -= s->len;
		uint32_t skip = h->next_seq - s->seq;
		if (skip < s->len) {
			buf_append(x->r, h, s->data + skip, s->len - skip);
			h->next_seq += s->len - skip;
		}
		g_free(s);
	}
	if (!h->ooo)
		h->hole_age = 0;
}

/* Declares the bytes from next_seq up to upto lost: counts them, records the event on the
 * current packet, drops the partial message, resynchronises and delivers what follows. */
static void
gap_declare(struct seg_ctx *x, struct half *h, uint32_t upto)
{
	struct dec_reasm *r = x->r;
	uint32_t lost = upto - h->next_seq;
	r->st.gaps++;
	r->st.bytes_lost += lost;
	h->lost_known = true;
	h->lost_lo = h->next_seq;
	h->lost_hi = upto;
	uint16_t saved = x->d->cur_proto;
	x->d->cur_proto = DEC_P_TCP;
	dec_err(x->d, x->payload_off, DEC_E_STREAM_GAP,
		"stream gap: %" PRIu32 " bytes missing before seq %" PRIu32, lost, upto);
	x->d->cur_proto = saved;
	if (x->c->sp->partial && h->len > h->off && !h->resync) {
		/* the partial message before the hole: its whole header fields can be shown */
		struct cur mc = cur_make(h->buf + h->off, h->len - h->off, x->payload_off);
		uint16_t p = x->d->cur_proto;
		x->d->cur_proto = x->c->sp->proto;
		h->pinned = true;
		x->c->sp->partial(x->d, &mc, x->c->state, (int)(h - x->c->h));
		x->d->cur_proto = p;
	}
	if (x->c->sp->gap)
		x->c->sp->gap(x->d, x->c->state, (int)(h - x->c->h));
	r->st.bytes_buffered -= h->len - h->off;
	h->off = h->len;
	if (!h->pinned)
		h->off = h->len = 0;
	h->next_seq = upto;
	h->resync = true;
	h->resync_drops = false;
	r->st.resyncs++;
	ooo_pull(x, h);
	pending_parse(x, h);
}

/* Every hole of h declared lost: a FIN or RST says no retransmission is coming. */
static void
half_flush(struct seg_ctx *x, struct half *h)
{
	while (h->ooo)
		gap_declare(x, h, h->ooo->seq);
}

/* n bytes starting at next_seq. Framed straight from the packet while nothing is pending;
 * a partial message is copied. */
static void
inorder_deliver(struct seg_ctx *x, struct half *h, const uint8_t *p, size_t n)
{
	struct dec_reasm *r = x->r;
	if (h->len == h->off) {
		size_t used = frame_loop(x, h, p, n, h->next_seq, false);
		p += used;
		n -= used;
		h->next_seq += (uint32_t)used;
	}
	if (n) {
		if (r->st.bytes_buffered + n > r->lim.total_bytes) {
			/* the partial message cannot complete: drop it with these bytes */
			r->st.bytes_dropped += n + (h->len - h->off);
			r->st.bytes_buffered -= h->len - h->off;
			h->off = h->len;
			if (!h->pinned)
				h->off = h->len = 0;
			h->resync = true;
			h->resync_drops = false;
			r->st.resyncs++;
		} else {
			buf_append(r, h, p, n);
		}
		h->next_seq += (uint32_t)n;
	}
	ooo_pull(x, h);
	pending_parse(x, h);
}

/* Holds a copy of the bytes of [seq, seq + n) no held segment covers (seq > next_seq). */
static void
ooo_insert(struct dec_reasm *r, struct half *h, uint32_t seq, const uint8_t *p, size_t n)
{
	struct seg **pp = &h->ooo;
	uint32_t end = seq + (uint32_t)n;
	while (SEQ_LT(seq, end)) {
		struct seg *s = *pp;
		if (s && !SEQ_GT(s->seq + s->len, seq)) {
			pp = &s->next;
			continue;
		}
		if (s && !SEQ_GT(s->seq, seq)) {
			/* s holds seq already: the first copy wins */
			uint32_t cover = s->seq + s->len - seq;
			uint32_t left = end - seq;
			uint32_t skip = cover < left ? cover : left;
			seq += skip;
			p += skip;
			pp = &s->next;
			continue;
		}
		uint32_t stop = s && SEQ_LT(s->seq, end) ? s->seq : end;
		uint32_t len = stop - seq;
		struct seg *ns = g_malloc(sizeof(*ns) + len);
		ns->seq = seq;
		ns->len = len;
		memcpy(ns->data, p, len);
		ns->next = s;
		*pp = ns;
		pp = &ns->next;
		h->ooo_bytes += len;
		r->st.bytes_buffered += len;
		seq += len;
		p += len;
	}
}

/* Counts the bytes of [seq, seq + n) inside the last hole declared lost: a late
 * retransmission of it, which the trimming below never decodes. */
static void
late_count(struct dec_reasm *r, const struct half *h, uint32_t seq, size_t n)
{
	if (!h->lost_known || !SEQ_LT(seq, h->lost_hi))
		return;
	uint32_t lo = SEQ_LT(seq, h->lost_lo) ? h->lost_lo : seq;
	uint32_t end = seq + (uint32_t)n;
	uint32_t hi = SEQ_LT(end, h->lost_hi) ? end : h->lost_hi;
	if (SEQ_LT(lo, hi))
		r->st.bytes_late += hi - lo;
}

/* The captured payload of a segment: bytes [seq, seq + n). */
static void
half_data(struct seg_ctx *x, struct half *h, uint32_t seq, const uint8_t *p, size_t n)
{
	struct dec_reasm *r = x->r;
	late_count(r, h, seq, n);
	/* A segment after a hole that begins at a boundary the protocol is certain of: the
	 * hole is lost (or the bytes in it belong to messages this one does not need), so
	 * it is declared now and the message is decoded on its own packet. Holes before
	 * held segments go first, so what they hold is delivered in order. */
	if (SEQ_GT(seq, h->next_seq) && x->c->sp->certain && x->c->sp->certain(p, n)) {
		while (h->ooo && SEQ_LT(h->ooo->seq, seq) && SEQ_GT(seq, h->next_seq))
			gap_declare(x, h, h->ooo->seq);
		if (SEQ_GT(seq, h->next_seq))
			gap_declare(x, h, seq);
	}
	for (;;) {
		if (!SEQ_GT(seq, h->next_seq)) {
			uint32_t old = h->next_seq - seq;
			if (old >= n)
				return; /* a retransmission */
			inorder_deliver(x, h, p + old, n - old);
			return;
		}
		if (half_buffered(h) + n <= r->lim.stream_bytes &&
			r->st.bytes_buffered + n <= r->lim.total_bytes) {
			ooo_insert(r, h, seq, p, n);
			return;
		}
		/* Holding it passes a cap: the oldest hole is lost. Each round frees held
		 * bytes or makes the segment in order, so the loop ends. */
		uint32_t upto = h->ooo && SEQ_LT(h->ooo->seq, seq) ? h->ooo->seq : seq;
		gap_declare(x, h, upto);
	}
}

/* The segment in pi for connection c (found or just created). */
static void
conn_segment(struct seg_ctx *x, const struct pkt_info *pi)
{
	struct dec_reasm *r = x->r;
	struct conn *c = x->c;
	c->last_sec = r->now;
	lru_unlink(r, c);
	lru_append(r, c);
	int dir = pi->side == c->dir0_side ? 0 : 1;
	struct half *h = &c->h[dir], *o = &c->h[!dir];
	x->h = h;
	buf_compact(h);
	o->pinned = false;

	bool syn = pi->flags & DEC_TCP_SYN;
	uint32_t seq = pi->seq + (syn ? 1 : 0); /* a SYN occupies one sequence number */
	if (syn && !h->syn_seen) {
		h->syn_seen = true;
		h->isn = pi->seq;
		if (!h->seq_known) {
			h->seq_known = true;
			h->next_seq = seq;
		}
	}
	x->seq = seq;
	x->clen = pi->clen;
	if (!h->seq_known && (pi->clen || (pi->flags & DEC_TCP_FIN))) {
		/* capture started mid-stream: the first byte seen may be inside a message */
		h->seq_known = true;
		h->next_seq = seq;
		h->resync = true;
	}
	if (h->seq_known && !h->done && pi->clen) {
		if (h->ooo && ++h->hole_age > HOLE_MAX_SEGS)
			gap_declare(x, h, h->ooo->seq);
		half_data(x, h, seq, pi->payload, pi->clen);
		/* the snaplen cut the segment: its tail is lost for good */
		if (pi->clen < pi->plen && h->next_seq == seq + (uint32_t)pi->clen) {
			uint32_t upto = seq + pi->plen;
			if (h->ooo && SEQ_LT(h->ooo->seq, upto))
				upto = h->ooo->seq;
			gap_declare(x, h, upto);
		}
	} else if (h->seq_known && !h->done && pi->plen && h->next_seq == seq) {
		/* the snaplen left none of its payload (caplen ends at the TCP header): the
		 * same loss, all of it, declared on this packet rather than on whichever
		 * later one finds the hole */
		uint32_t upto = seq + pi->plen;
		if (h->ooo && SEQ_LT(h->ooo->seq, upto))
			upto = h->ooo->seq;
		gap_declare(x, h, upto);
	}
	/* The other side acknowledges bytes this capture never showed (RFC 9293 §3.4: an
	 * ACK covers every byte before it): they were sent, and are lost to us. */
	if ((pi->flags & DEC_TCP_ACK) && o->seq_known && !o->done) {
		while (o->ooo && !SEQ_GT(o->ooo->seq, pi->ack))
			gap_declare(x, o, o->ooo->seq);
		if (SEQ_GT(pi->ack, o->next_seq))
			gap_declare(x, o, pi->ack);
	}
	if ((pi->flags & DEC_TCP_FIN) && h->seq_known && !h->done) {
		uint32_t fin = seq + pi->plen;
		half_flush(x, h);
		if (SEQ_LT(h->next_seq, fin))
			gap_declare(x, h, fin);
		h->done = true;
		h->next_seq = fin + 1;
	}
	if (pi->flags & DEC_TCP_RST) {
		half_flush(x, h);
		half_flush(x, o);
		r->st.conns_closed++;
		conn_kill(r, c);
	} else if (h->done && o->done) {
		r->st.conns_closed++;
		conn_kill(r, c);
	}
}

/* Without a reassembler: the whole messages from the segment's first byte. A client
 * tends to use the higher port: that side is dir 0 unless the SYN flags say otherwise. */
static void
stateless(struct dec *d, struct cur *c, const struct dec_stream_proto *sp)
{
	const uint8_t *p = cur_here(c);
	size_t n = cur_left(c), base = cur_off(c), at = 0;
	int dir = 0;
	if (d->nlayers && d->layers[d->nlayers - 1].proto == DEC_P_TCP) {
		const struct dec_tcp_layer *t = &d->layers[d->nlayers - 1].u.tcp;
		if ((t->flags & (DEC_TCP_SYN | DEC_TCP_ACK)) == DEC_TCP_SYN)
			dir = 0;
		else if (t->flags & DEC_TCP_SYN)
			dir = 1;
		else
			dir = t->sport >= t->dport ? 0 : 1;
		if (t->plen < n)
			n = t->plen;
	}
	uint16_t saved = d->cur_proto;
	d->cur_proto = sp->proto;
	while (at < n) {
		long fl = sp->frame(p + at, n - at, NULL);
		if (fl <= 0 || (size_t)fl > n - at)
			break;
		struct cur mc = cur_make(p + at, (size_t)fl, base + at);
		sp->message(d, &mc, NULL, dir);
		at += (size_t)fl;
	}
	d->cur_proto = saved;
	cur_skip(c, cur_left(c));
}

/* One call for one segment: sp names the protocol for a new connection, NULL continues
 * only a known one. */
static enum dec_rc
stream_run(struct dec *d, struct cur *c, const struct dec_stream_proto *sp)
{
	struct dec_reasm *r = d->reasm;
	unsigned nerr = d->nerrors + d->errors_lost;
	housekeeping(r, d);
	if (!sp && r->st.conns_open == 0)
		return DEC_DONE;
	struct pkt_info pi;
	if (!pkt_info_get(d, c, &pi)) {
		if (sp)
			stateless(d, c, sp);
		return d->nerrors + d->errors_lost > nerr ? DEC_STOP : DEC_DONE;
	}
	struct conn *cn = g_hash_table_lookup(r->table, &pi.key);
	if (cn && (pi.flags & (DEC_TCP_SYN | DEC_TCP_ACK)) == DEC_TCP_SYN) {
		struct half *h = &cn->h[pi.side == cn->dir0_side ? 0 : 1];
		if (h->seq_known && !(h->syn_seen && h->isn == pi.seq) &&
			h->next_seq != pi.seq + 1) {
			/* a new connection on the same addresses and ports (RFC 9293 §3.4.1):
			 * the old one ended unseen */
			r->st.conns_closed++;
			conn_kill(r, cn);
			cn = NULL;
		}
	}
	if (!cn) {
		/* nothing to follow in a bare ACK, FIN or RST, and following it would bring
		 * back a connection just closed */
		if (!sp || (pi.flags & DEC_TCP_RST) || (!pi.clen && !(pi.flags & DEC_TCP_SYN)))
			return DEC_DONE;
		cn = conn_new(r, &pi, sp);
	}
	struct seg_ctx x = {
		.r = r,
		.d = d,
		.c = cn,
		.payload_off = pi.off,
	};
	conn_segment(&x, &pi);
	cur_skip(c, cur_left(c));
	return d->nerrors + d->errors_lost > nerr ? DEC_STOP : DEC_DONE;
}

struct dec_reasm *
dec_reasm_new(const struct dec_reasm_limits *lim)
{
	struct dec_reasm *r = g_new0(struct dec_reasm, 1);
	if (lim)
		r->lim = *lim;
	if (!r->lim.stream_bytes)
		r->lim.stream_bytes = REASM_STREAM_BYTES;
	if (!r->lim.total_bytes)
		r->lim.total_bytes = REASM_TOTAL_BYTES;
	if (!r->lim.max_streams)
		r->lim.max_streams = REASM_MAX_STREAMS;
	if (!r->lim.idle_timeout)
		r->lim.idle_timeout = REASM_IDLE_TIMEOUT;
	r->table = g_hash_table_new(key_hash, key_equal);
	r->graveyard = g_ptr_array_new_with_free_func(g_free);
	return r;
}

void
dec_reasm_free(struct dec_reasm *r)
{
	if (!r)
		return;
	while (r->lru_head) {
		struct conn *c = r->lru_head;
		lru_unlink(r, c);
		conn_destroy(c);
	}
	while (r->dead) {
		struct conn *c = r->dead;
		r->dead = c->next;
		conn_destroy(c);
	}
	g_ptr_array_free(r->graveyard, TRUE);
	g_hash_table_destroy(r->table);
	g_free(r);
}

void
dec_reasm_finish(struct dec_reasm *r)
{
	if (!r)
		return;
	for (struct conn *c = r->lru_head; c; c = c->next) {
		for (int i = 0; i < 2; i++) {
			struct half *h = &c->h[i];
			size_t held = half_buffered(h);
			if (!held)
				continue;
			/* each hole before a held segment, then the partial message: with no
			 * later packet, no byte of them can complete a message any more */
			uint32_t at = h->next_seq;
			for (struct seg *s = h->ooo; s; s = s->next) {
				if (SEQ_GT(s->seq, at)) {
					r->st.gaps++;
					r->st.bytes_lost += s->seq - at;
					r->st.eof_holes++;
				}
				at = s->seq + s->len;
			}
			r->st.eof_bytes += held;
		}
	}
}

void
dec_reasm_get_stats(const struct dec_reasm *r, struct dec_reasm_stats *s)
{
	*s = r->st;
}

enum dec_rc
dec_stream_segment(struct dec *d, struct cur *c, const struct dec_stream_proto *sp)
{
	if (!d->reasm) {
		unsigned nerr = d->nerrors + d->errors_lost;
		stateless(d, c, sp);
		return d->nerrors + d->errors_lost > nerr ? DEC_STOP : DEC_DONE;
	}
	return stream_run(d, c, sp);
}

enum dec_rc
dec_stream_known(struct dec *d, struct cur *c)
{
	if (!d->reasm)
		return DEC_DONE;
	return stream_run(d, c, NULL);
}
