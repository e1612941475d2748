/* ipfrag.c - IP fragment reassembly: IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5).
 *
 * Design note.
 *
 * A datagram is keyed as the RFCs say - IPv4: source, destination, protocol and
 * identification (RFC 791 §3.2); IPv6: source, destination and identification (RFC 8200
 * §4.5) - plus where the IP header sits: its tunnel depth and a hash of every layer in
 * front of it (VLAN ids, outer addresses and ports, GENEVE/VXLAN VNI, GRE key, MPLS
 * labels), so the same id in two tunnels or on two VLANs never mixes. Datagrams live in a
 * GHashTable and on a list in the order they started (capture time of their first
 * fragment), which is also the order they time out and are evicted in.
 *
 * A datagram holds its fragments' bytes as copies, in an array sorted by offset, never
 * overlapping: a fragment is inserted as the pieces of it that no held fragment covers
 * (the first copy of a byte wins, as in TCP reassembly). A fragment all of whose bytes are
 * held already and equal to a held fragment is an exact duplicate: dropped and counted,
 * no event (RFC 8200 §4.5 allows this for duplicates the network made). Any other overlap
 * is an event (DEC_E_FRAG_OVERLAP); for IPv6 the whole datagram is then discarded,
 * fragments still to come included (RFC 5722 §4), for IPv4 decoding goes on.
 *
 * The datagram is complete when its last fragment (More Fragments clear) has been seen
 * and the held pieces cover every byte before its end. Then the payload is copied into
 * one buffer, which stays valid until the next packet is decoded, the datagram is
 * forgotten and its upper layer is decoded on this packet (dec_ipfrag_add's caller goes
 * on over the buffer). The completing IP layer names the frames of every fragment
 * (struct dec_frag_done), so flows count them all in the datagram's flow.
 *
 * Limits (a zero field of dec_ipfrag_limits takes the default): 64 fragments per datagram
 * (an event and the datagram given up past it), payload end 65,535 (RFC 791 §3.1's total
 * length, RFC 8200 §4.5: "exceeds 65,535 octets" - an event), 4 MiB of fragment bytes in
 * all and 8192 datagrams at once (the oldest are evicted first, counted), and 60 s of
 * capture time from a datagram's first fragment (RFC 8200 §4.5's reassembly timeout;
 * RFC 791 suggests 15 s as a lower bound). A fragment whose length is not a multiple of 8
 * while more follow is an event and dropped (RFC 8200 §4.5; RFC 791 §3.2 counts offsets in
 * 8-byte units). What is still held at the end of the capture is counted, not lost
 * silently (dec_ipfrag_finish).
 *
 * Complexity: one hash of a 56-byte key per fragment; an insertion walks at most the
 * datagram's fragment array (64). Memory: bounded by the caps plus one array of
 * max_frags entries per open datagram.
 */
#include "decode/ipfrag.h"

#include <string.h>

#include <glib.h>

#define IPFRAG_MAX_FRAGS   64u
#define IPFRAG_TOTAL_BYTES (4u << 20)
#define IPFRAG_MAX_DGRAMS  8192u
#define IPFRAG_TIMEOUT     60u
#define IPFRAG_MAX_END     65535u

struct frag_key {
	uint32_t hash;
	uint8_t ver, proto, tunnel, pad;
	uint32_t id;
	uint32_t pad2;
	uint64_t ctx; /* hash of the layers in front of the IP header */
	uint8_t src[16], dst[16];
};

struct frag {
	uint32_t off, len;
	uint64_t frame; /* d->frame_n */
	uint64_t seq;   /* d->pkt_seq: which packet */
	uint32_t wire;  /* that packet's length on the wire */
	uint8_t *data;
};

struct dgram {
	struct frag_key key;
	struct dgram *prev, *next; /* in start order */
	int64_t first_sec;
	uint32_t end;     /* end of the last fragment, once have_last */
	uint32_t max_end; /* highest end held */
	bool have_last;
	bool dead;        /* IPv6 overlap: discarded, later fragments too (RFC 5722 §4) */
	uint32_t nfrags;
	uint32_t dup_pkts; /* exact duplicates: counted in flows with the datagram */
	uint64_t dup_wire;
	size_t bytes;
	struct frag *frags; /* lim.max_frags slots, sorted by off */
};

struct dec_ipfrag {
	struct dec_ipfrag_limits lim;
	GHashTable *table; /* struct frag_key * -> struct dgram * (key inside) */
	struct dgram *head, *tail;
	GPtrArray *graveyard; /* buffers of the datagrams the last packet completed */
	uint64_t pkt_seq;
	int64_t now;
	struct dec_ipfrag_stats st;
};

/* Capture time of the packet being decoded, in seconds: the one accessor for it, so a
 * change of how d carries time touches one line. */
static inline int64_t
frag_now(const struct dec *d)
{
	return d->ts_sec;
}

static guint
key_hash(gconstpointer k)
{
	return ((const struct frag_key *)k)->hash;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct frag_key)) == 0;
}

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001B3ull;
	return h;
}

/* The layers in front of the IP header at index ip: what tells two tunnels apart. */
static uint64_t
ctx_hash(const struct dec *d, unsigned ip)
{
	uint64_t h = 0xCBF29CE484222325ull;
	for (unsigned i = 0; i < ip; i++) {
		const struct dec_layer *l = &d->layers[i];
		h = mix(h, &l->proto, sizeof(l->proto));
		switch (l->proto) {
		case DEC_P_VLAN:
			h = mix(h, &l->u.vlan.vid, sizeof(l->u.vlan.vid));
			break;
		case DEC_P_IPV4:
			h = mix(h, l->u.ipv4.src, 4);
			h = mix(h, l->u.ipv4.dst, 4);
			break;
		case DEC_P_IPV6:
			h = mix(h, l->u.ipv6.src, 16);
			h = mix(h, l->u.ipv6.dst, 16);
			break;
		case DEC_P_UDP:
			h = mix(h, &l->u.udp.sport, 2);
			h = mix(h, &l->u.udp.dport, 2);
			break;
		case DEC_P_GENEVE:
			h = mix(h, &l->u.geneve.vni, 4);
			break;
		case DEC_P_VXLAN:
			h = mix(h, &l->u.vxlan.vni, 4);
			break;
		case DEC_P_GRE:
			h = mix(h, &l->u.gre.key, 4);
			break;
		case DEC_P_MPLS:
			for (unsigned k = 0; k < l->u.mpls.nlabels && k < DEC_MPLS_MAX_LABELS; k++)
				h = mix(h, &l->u.mpls.e[k].label, 4);
			break;
		default:
			break;
		}
	}
	return h;
}

struct dec_ipfrag *
dec_ipfrag_new(const struct dec_ipfrag_limits *lim)
{
	struct dec_ipfrag *f = g_new0(struct dec_ipfrag, 1);
	if (lim)
		f->lim = *lim;
	if (!f->lim.max_frags)
		f->lim.max_frags = IPFRAG_MAX_FRAGS;
	if (!f->lim.total_bytes)
		f->lim.total_bytes = IPFRAG_TOTAL_BYTES;
	if (!f->lim.max_dgrams)
		f->lim.max_dgrams = IPFRAG_MAX_DGRAMS;
	if (!f->lim.timeout)
		f->lim.timeout = IPFRAG_TIMEOUT;
	f->table = g_hash_table_new(key_hash, key_equal);
	f->graveyard = g_ptr_array_new_with_free_func(g_free);
	return f;
}

static void
frags_free(struct dec_ipfrag *f, struct dgram *dg)
{
	for (uint32_t i = 0; i < dg->nfrags; i++)
		g_free(dg->frags[i].data);
	f->st.bytes_held -= dg->bytes;
	dg->bytes = 0;
	dg->nfrags = 0;
}

/* Forgets dg; counter (may be NULL) counts it as given up, with its fragments and bytes. */
static void
dgram_drop(struct dec_ipfrag *f, struct dgram *dg, uint64_t *counter)
{
	if (counter && !dg->dead) {
		(*counter)++;
		f->st.frags_lost += dg->nfrags + dg->dup_pkts;
		f->st.bytes_lost += dg->bytes;
	}
	g_hash_table_remove(f->table, &dg->key);
	if (dg->prev)
		dg->prev->next = dg->next;
	else
		f->head = dg->next;
	if (dg->next)
		dg->next->prev = dg->prev;
	else
		f->tail = dg->prev;
	frags_free(f, dg);
	g_free(dg->frags);
	g_free(dg);
	f->st.dgrams_open--;
}

void
dec_ipfrag_free(struct dec_ipfrag *f)
{
	if (!f)
		return;
	while (f->head)
		dgram_drop(f, f->head, NULL);
	g_hash_table_destroy(f->table);
	g_ptr_array_free(f->graveyard, TRUE);
	g_free(f);
}

void
dec_ipfrag_finish(struct dec_ipfrag *f)
{
	if (!f)
		return;
	while (f->head)
		dgram_drop(f, f->head, &f->st.at_end);
}

void
dec_ipfrag_get_stats(const struct dec_ipfrag *f, struct dec_ipfrag_stats *s)
{
	*s = f->st;
}

/* Once per packet: the previous packet's buffers go; datagrams past the timeout too. */
static void
housekeeping(struct dec_ipfrag *f, const struct dec *d)
{
	if (f->pkt_seq != d->pkt_seq) {
		f->pkt_seq = d->pkt_seq;
		if (f->graveyard->len)
			g_ptr_array_set_size(f->graveyard, 0);
	}
	if (frag_now(d) > f->now)
		f->now = frag_now(d);
	while (f->head && f->now - f->head->first_sec > (int64_t)f->lim.timeout)
		dgram_drop(f, f->head, &f->st.timed_out);
}

/* Inserts the pieces of [off, off + len) no held fragment covers. Returns the bytes
 * inserted, or -1 when that would pass max_frags (nothing is inserted then). */
static long
dgram_insert(struct dec_ipfrag *f, struct dgram *dg, uint32_t off, uint32_t len,
	const uint8_t *data, const struct dec *d)
{
	/* count the pieces first, so a datagram over the cap is left as it was */
	uint32_t pieces = 0;
	for (int pass = 0; pass < 2; pass++) {
		uint32_t pos = off, end = off + len, i = 0;
		long inserted = 0;
		while (pos < end) {
			while (i < dg->nfrags && dg->frags[i].off + dg->frags[i].len <= pos)
				i++;
			if (i < dg->nfrags && dg->frags[i].off <= pos) {
				uint32_t e = dg->frags[i].off + dg->frags[i].len;
				pos = e < end ? e : end;
				i++;
				continue;
			}
			uint32_t stop = i < dg->nfrags && dg->frags[i].off < end ? dg->frags[i].off : end;
			if (pass == 0) {
				pieces++;
				pos = stop;
				continue;
			}
			memmove(&dg->frags[i + 1], &dg->frags[i],
				(dg->nfrags - i) * sizeof(dg->frags[0]));
			struct frag *fr = &dg->frags[i];
			fr->off = pos;
			fr->len = stop - pos;
			fr->frame = d->frame_n;
			fr->seq = d->pkt_seq;
			fr->wire = d->len;
			fr->data = g_memdup2(data + (pos - off), fr->len);
			dg->nfrags++;
			i++;
			inserted += fr->len;
			pos = stop;
		}
		if (pass == 0 && dg->nfrags + pieces > f->lim.max_frags)
			return -1;
		if (pass == 1)
			return inserted;
	}
	return 0;
}

static bool
is_exact_dup(const struct dgram *dg, uint32_t off, uint32_t len, const uint8_t *data)
{
	for (uint32_t i = 0; i < dg->nfrags; i++)
		if (dg->frags[i].off == off && dg->frags[i].len == len &&
			memcmp(dg->frags[i].data, data, len) == 0)
			return true;
	return false;
}

static bool
dgram_complete(const struct dgram *dg)
{
	if (!dg->have_last)
		return false;
	uint32_t at = 0;
	for (uint32_t i = 0; i < dg->nfrags; i++) {
		if (dg->frags[i].off > at)
			return false;
		uint32_t e = dg->frags[i].off + dg->frags[i].len;
		if (e > at)
			at = e;
	}
	return at >= dg->end;
}

static void
set_state(struct dec_layer *l, enum dec_frag_state s, const struct dec_frag_done *done)
{
	if (l->proto == DEC_P_IPV4) {
		l->u.ipv4.frag_state = (uint8_t)s;
		l->u.ipv4.reasm = done;
	} else {
		l->u.ipv6.frag_state = (uint8_t)s;
		l->u.ipv6.reasm = done;
	}
}

static enum dec_ipfrag_rc
frag_drop(struct dec_layer *l)
{
	set_state(l, DEC_FRAG_DROPPED, NULL);
	return DEC_IPFRAG_DROPPED;
}

enum dec_ipfrag_rc
dec_ipfrag_add(struct dec *d, struct dec_layer *l, uint32_t id, uint8_t proto, uint32_t frag_off,
	uint32_t frag_len, bool more, const struct cur *c, struct cur *out, uint32_t *total)
{
	struct dec_ipfrag *f = d->ipfrag;
	housekeeping(f, d);
	f->st.frags++;
	bool v6 = l->proto == DEC_P_IPV6;
	const char *rfc = v6 ? "RFC 8200 §4.5" : "RFC 791 §3.2";
	uint16_t saved = d->cur_proto;
	d->cur_proto = l->proto;
	enum dec_ipfrag_rc rc = DEC_IPFRAG_DROPPED;

	if (more && frag_len % 8) {
		dec_err(d, l->off, DEC_E_FRAG_LEN,
			"fragment of %u bytes with more to follow: not a multiple of 8 (%s)",
			frag_len, rfc);
		rc = frag_drop(l);
		goto out;
	}
	struct frag_key k;
	memset(&k, 0, sizeof(k));
	k.ver = v6 ? 6 : 4;
	k.proto = proto;
	k.tunnel = l->tunnel;
	k.id = id;
	k.ctx = ctx_hash(d, (unsigned)(l - d->layers));
	if (v6) {
		memcpy(k.src, l->u.ipv6.src, 16);
		memcpy(k.dst, l->u.ipv6.dst, 16);
	} else {
		memcpy(k.src, l->u.ipv4.src, 4);
		memcpy(k.dst, l->u.ipv4.dst, 4);
	}
	k.hash = (uint32_t)mix(0xCBF29CE484222325ull, (const uint8_t *)&k + sizeof(k.hash),
		sizeof(k) - sizeof(k.hash));
	struct dgram *dg = g_hash_table_lookup(f->table, &k);

	if ((uint64_t)frag_off + frag_len > IPFRAG_MAX_END) {
		dec_err(d, l->off, DEC_E_FRAG_TOO_BIG,
			"fragment at offset %u of %u bytes ends past 65535 (%s)", frag_off, frag_len,
			rfc);
		if (dg)
			dgram_drop(f, dg, &f->st.dropped);
		rc = frag_drop(l);
		goto out;
	}
	if (!dg) {
		if (f->st.dgrams_open >= f->lim.max_dgrams && f->head)
			dgram_drop(f, f->head, &f->st.evicted);
		dg = g_new0(struct dgram, 1);
		dg->key = k;
		dg->first_sec = frag_now(d);
		dg->frags = g_new(struct frag, f->lim.max_frags);
		dg->prev = f->tail;
		if (f->tail)
			f->tail->next = dg;
		else
			f->head = dg;
		f->tail = dg;
		g_hash_table_insert(f->table, &dg->key, dg);
		f->st.dgrams++;
		f->st.dgrams_open++;
	}
	if (dg->dead) {
		rc = frag_drop(l); /* RFC 5722 §4: the rest of a discarded datagram too */
		goto out;
	}
	uint32_t end = frag_off + frag_len;
	if ((!more && ((dg->have_last && dg->end != end) || dg->max_end > end)) ||
		(more && dg->have_last && end > dg->end)) {
		dec_err(d, l->off, DEC_E_FRAG_LEN,
			"fragment ending at %u contradicts the last fragment's end %u", end,
			dg->have_last ? dg->end : dg->max_end);
		dgram_drop(f, dg, &f->st.dropped);
		rc = frag_drop(l);
		goto out;
	}
	/* a snaplen may have cut the fragment: what is captured is held, the rest is a hole
	 * that only a retransmission can fill */
	uint32_t have = (uint32_t)(cur_left(c) < frag_len ? cur_left(c) : frag_len);
	const uint8_t *data = cur_here(c);
	while (f->st.bytes_held + have > f->lim.total_bytes && f->head && f->head != dg)
		dgram_drop(f, f->head, &f->st.evicted);
	if (f->st.bytes_held + have > f->lim.total_bytes) {
		dec_err(d, l->off, DEC_E_FRAG_LIMIT,
			"fragment of %u bytes passes the reassembly cap of %zu bytes", have,
			f->lim.total_bytes);
		dgram_drop(f, dg, &f->st.dropped);
		rc = frag_drop(l);
		goto out;
	}
	if (!more) {
		dg->have_last = true;
		dg->end = end;
	}
	if (have && is_exact_dup(dg, frag_off, have, data)) {
		f->st.dups++;
		dg->dup_pkts++;
		dg->dup_wire += d->len;
		rc = frag_drop(l);
		goto out;
	}
	long ins = dgram_insert(f, dg, frag_off, have, data, d);
	if (ins < 0) {
		dec_err(d, l->off, DEC_E_FRAG_LIMIT, "more than %u fragments in one datagram",
			f->lim.max_frags);
		dgram_drop(f, dg, &f->st.dropped);
		rc = frag_drop(l);
		goto out;
	}
	dg->bytes += (size_t)ins;
	f->st.bytes_held += (size_t)ins;
	if (end > dg->max_end)
		dg->max_end = end;
	if ((uint32_t)ins < have) {
		f->st.overlaps++;
		dec_err(d, l->off, DEC_E_FRAG_OVERLAP,
			"fragment [%u, %u) overlaps bytes held of its datagram%s", frag_off, end,
			v6 ? ": datagram discarded (RFC 5722 §4)" : "; the first copy is kept");
		if (v6) {
			f->st.dropped++;
			f->st.frags_lost += dg->nfrags + dg->dup_pkts + 1;
			f->st.bytes_lost += dg->bytes;
			frags_free(f, dg);
			dg->dead = true;
			rc = frag_drop(l);
			goto out;
		}
	}
	if (!dgram_complete(dg)) {
		set_state(l, DEC_FRAG_HELD, NULL);
		rc = DEC_IPFRAG_HELD;
		goto out;
	}

	/* complete: one buffer, the frames named, the datagram forgotten */
	uint8_t *buf = g_malloc(dg->end ? dg->end : 1);
	uint32_t nframes = 0;
	for (uint32_t i = 0; i < dg->nfrags; i++)
		memcpy(buf + dg->frags[i].off, dg->frags[i].data, dg->frags[i].len);
	g_ptr_array_add(f->graveyard, buf);
	uint64_t seen[IPFRAG_MAX_FRAGS * 4];
	uint64_t frames[IPFRAG_MAX_FRAGS * 4];
	uint64_t other = dg->dup_wire;
	for (uint32_t i = 0; i < dg->nfrags && nframes < G_N_ELEMENTS(seen); i++) {
		bool dup = false;
		for (uint32_t j = 0; j < nframes && !dup; j++)
			dup = seen[j] == dg->frags[i].seq;
		if (dup)
			continue;
		seen[nframes] = dg->frags[i].seq;
		frames[nframes++] = dg->frags[i].frame;
		if (dg->frags[i].seq != d->pkt_seq)
			other += dg->frags[i].wire;
	}
	struct dec_frag_done *done = dec_alloc(d, sizeof(*done) + nframes * sizeof(uint64_t));
	if (done) {
		done->total = dg->end;
		done->nframes = nframes;
		done->npkts = nframes - 1 + dg->dup_pkts;
		done->other_bytes = other;
		memcpy(done->frames, frames, nframes * sizeof(uint64_t));
	}
	set_state(l, DEC_FRAG_DONE, done);
	*out = cur_make(buf, dg->end, cur_off(c));
	*total = dg->end;
	f->st.completed++;
	dgram_drop(f, dg, NULL);
	rc = DEC_IPFRAG_COMPLETE;
out:
	d->cur_proto = saved;
	return rc;
}
