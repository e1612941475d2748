/* http2.c - HTTP/2 (RFC 9113) in cleartext TCP (h2c), header blocks through libnghttp2's
 * HPACK (RFC 7541) inflater, and per-request timing.
 *
 * Connection preface (RFC 9113 §3.4), sent once by the client:
 *
 *   "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"            24 octets
 *
 * Frame header (RFC 9113 §4.1), then Length octets of payload:
 *
 *   |                 Length (24)                   |
 *   |   Type (8)    |   Flags (8)   |
 *   |R|                 Stream Identifier (31)                      |
 *   |                   Frame Payload (0...)                      ...
 *
 * Design. The reassembler (decode/stream.h) hands over one message at a time: the
 * preface, or one whole frame. All frames a packet completes go into one `http2` layer
 * (the first message appends it, the next ones find it as the view's last layer).
 *
 * Per connection (struct h2_conn, owned by the reassembler, freed in conn_free):
 * - one HPACK inflater per direction (dir 0 is the side that opened the connection), made
 *   at the first header block. A header block is fed to it fragment by fragment as the
 *   HEADERS/PUSH_PROMISE and CONTINUATION frames complete (the inflater keeps partial
 *   strings itself), so nothing is buffered here; the block's total is capped at
 *   H2_MAX_BLOCK. The dynamic table lives on across blocks, which is why one inflater per
 *   direction, never one per frame: a request may name a header by an index the previous
 *   request added. An HPACK error, a block over the cap or a block cut off by another frame
 *   leaves the table unknown for the rest of the connection: the direction is marked
 *   broken (one event) and its later header blocks are recorded as undecoded.
 *   SETTINGS_HEADER_TABLE_SIZE only ever raises what the inflater accepts (capped at
 *   H2_MAX_TABLE): a passive observer cannot tell when the peer applied a decrease.
 * - a table of open streams (GHashTable by id, at most H2_MAX_STREAMS) holding method,
 *   authority, path, status, DATA bytes each way and the time of the request's first
 *   HEADERS. A stream ends when the server sends END_STREAM or either side sends
 *   RST_STREAM: the packet that completes that frame gets the request summary, and the
 *   stream leaves the table. Streams are created only by ids above the highest seen for
 *   their initiator (RFC 9113 §5.1.1), so a late frame on a closed stream does not revive it.
 *
 * Without a reassembler (conn NULL) each frame stands alone: a header block that fits one
 * frame is inflated with a fresh inflater (static table and literals decode; a dynamic
 * index does not, which is then no event: the state is missing, not the input wrong).
 *
 * Events use decode.h's own HTTP/2 codes (DEC_E_HTTP2_*, stable names http2.* in
 * dispatch.c); the H2_E_ names below are short aliases for them.
 */
#include "decode/http2.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <nghttp2/nghttp2.h>

#include "decode/decoders.h"
#include "decode/stream.h"

#define H2_PREFACE	     "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define H2_PREFACE_LEN	     24
#define H2_HDR_LEN	     9
#define H2_MAX_LEN	     0xFFFFFFu      /* the 24-bit length field's maximum */
#define H2_DEFAULT_FRAME     16384u         /* SETTINGS_MAX_FRAME_SIZE's initial value */
#define H2_MAX_BLOCK	     (256 * 1024)   /* bytes of one header block */
#define H2_MAX_STREAMS	     1024           /* open streams followed per connection */
#define H2_DEFAULT_TABLE     4096u          /* SETTINGS_HEADER_TABLE_SIZE's initial value */
#define H2_MAX_TABLE	     (256 * 1024u)  /* largest HPACK dynamic table followed */
#define H2_MAX_FIELD	     256            /* bytes of method/authority/path kept */

#define H2_E_FRAME_LEN DEC_E_HTTP2_FRAME_LEN /* frame length wrong for its type, block too big */
#define H2_E_PADDING   DEC_E_HTTP2_PADDING /* pad length past the frame */
#define H2_E_SEQUENCE  DEC_E_HTTP2_SEQUENCE /* a frame where RFC 9113 forbids it, stream 0... */
#define H2_E_HPACK     DEC_E_HTTP2_HPACK /* the inflater failed */
#define H2_E_TOO_MANY  DEC_E_HTTP2_TOO_MANY /* more open streams than followed */

struct h2_stream {
	uint32_t id;
	char *method, *authority, *path; /* g_malloc'd, at most H2_MAX_FIELD bytes */
	bool has_authority;              /* :authority seen (host only fills in) */
	bool has_start;
	uint16_t status;
	uint64_t req_bytes, resp_bytes;
	int64_t start_sec;
	uint32_t start_nsec;
};

struct h2_dir {
	nghttp2_hd_inflater *inf; /* NULL until the first header block */
	bool broken;              /* the dynamic table is lost: no more inflating */
	bool in_block;            /* a header block waits for CONTINUATION */
	bool block_end_stream;    /* its HEADERS frame had END_STREAM */
	bool block_pushed;        /* it is a PUSH_PROMISE's */
	uint32_t block_stream;    /* the stream its frames are on */
	uint32_t block_target;    /* the stream it describes (the promised one for a push) */
	size_t block_bytes;
	uint32_t table_allowed;   /* table size the inflater accepts */
	uint32_t table_wanted;    /* announced but not applied yet (mid-block) */
	uint32_t max_frame;       /* SETTINGS_MAX_FRAME_SIZE this side announced, 0: none */
	bool settings_seen;
};

struct h2_conn {
	struct h2_dir dir[2];
	GHashTable *streams;      /* id -> struct h2_stream */
	uint32_t last_id[2];      /* highest stream id seen, by parity (1: client's) */
	uint8_t client;           /* dir of the client */
	bool role_known;
	bool preface_seen;
	bool streams_full;        /* the table overflowed once (one event) */
};

/* What one message's decoding works with. */
struct h2_ctx {
	struct dec *d;
	struct h2_conn *conn;               /* NULL without a reassembler */
	struct dec_http2_layer *L;          /* NULL when the view is full */
	struct dec_http2_frame *f;          /* NULL when not recorded */
	struct dec_http2_header *last_hdr;  /* f's last header */
	int dir;
	size_t at;                          /* frame offset of the frame header */
};

/* --- names ------------------------------------------------------------------------------ */

const char *
dec_http2_type_name(uint8_t type)
{
	static const char *const names[] = { "DATA", "HEADERS", "PRIORITY", "RST_STREAM",
		"SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION",
		"ALTSVC", NULL, "ORIGIN", NULL, NULL, NULL, "PRIORITY_UPDATE" };
	return type < G_N_ELEMENTS(names) ? names[type] : NULL;
}

const char *
dec_http2_error_name(uint32_t code)
{
	static const char *const names[] = { "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
		"FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR",
		"REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
		"ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED" };
	return code < G_N_ELEMENTS(names) ? names[code] : NULL;
}

const char *
dec_http2_setting_name(uint16_t id)
{
	static const char *const names[] = { NULL, "HEADER_TABLE_SIZE", "ENABLE_PUSH",
		"MAX_CONCURRENT_STREAMS", "INITIAL_WINDOW_SIZE", "MAX_FRAME_SIZE",
		"MAX_HEADER_LIST_SIZE", NULL, "ENABLE_CONNECT_PROTOCOL", "NO_RFC7540_PRIORITIES" };
	return id < G_N_ELEMENTS(names) ? names[id] : NULL;
}

/* Flags RFC 9113 defines for each known type: a resync candidate with others is garbage. */
static uint8_t
flags_valid(uint8_t type)
{
	switch (type) {
	case DEC_H2_DATA:
		return DEC_H2_F_END_STREAM | DEC_H2_F_PADDED;
	case DEC_H2_HEADERS:
		return DEC_H2_F_END_STREAM | DEC_H2_F_END_HEADERS | DEC_H2_F_PADDED |
		       DEC_H2_F_PRIORITY;
	case DEC_H2_SETTINGS:
	case DEC_H2_PING:
		return DEC_H2_F_ACK;
	case DEC_H2_PUSH_PROMISE:
		return DEC_H2_F_END_HEADERS | DEC_H2_F_PADDED;
	case DEC_H2_CONTINUATION:
		return DEC_H2_F_END_HEADERS;
	default:
		return 0;
	}
}

/* --- ports ------------------------------------------------------------------------------ */

static uint8_t port_bits[65536 / 8];
static bool port_any;

void
dec_http2_add_port(uint16_t port)
{
	port_bits[port >> 3] |= (uint8_t)(1u << (port & 7));
	port_any = true;
}

static bool
port_is_h2(uint32_t port)
{
	port &= 0xFFFF;
	return port_bits[port >> 3] & (1u << (port & 7));
}

/* AWSTRACE_HTTP2_PORTS: decimal ports separated by commas or spaces; a token that is not
 * a port in 1..65535 is skipped (decoders do not print). Read once. */
static void
ports_from_env(void)
{
	static gsize once;
	if (!g_once_init_enter(&once))
		return;
	const char *s = getenv("AWSTRACE_HTTP2_PORTS");
	while (s && *s) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		if (end != s && v >= 1 && v <= 65535)
			dec_http2_add_port((uint16_t)v);
		s = end != s ? end : s + 1;
		while (*s == ',' || *s == ' ')
			s++;
	}
	g_once_init_leave(&once, 1);
}

static bool
is_preface(const uint8_t *p, size_t n)
{
	return n >= H2_PREFACE_LEN && memcmp(p, H2_PREFACE, H2_PREFACE_LEN) == 0;
}

/* --- framing ---------------------------------------------------------------------------- */

/* The largest frame a connection may carry: what either side announced (16384 unless
 * more), once the start of the connection or both sides' SETTINGS were seen; before that
 * (a capture that starts mid-connection) anything the length field can say. */
static uint32_t
frame_limit(const struct h2_conn *conn)
{
	if (!conn || !(conn->preface_seen ||
			     (conn->dir[0].settings_seen && conn->dir[1].settings_seen)))
		return H2_MAX_LEN;
	uint32_t m = H2_DEFAULT_FRAME;
	for (int i = 0; i < 2; i++)
		if (conn->dir[i].max_frame > m)
			m = conn->dir[i].max_frame;
	return m;
}

static long
h2_frame(const uint8_t *p, size_t n, void *connp)
{
	if (n == 0)
		return 0;
	size_t k = n < H2_PREFACE_LEN ? n : H2_PREFACE_LEN;
	if (memcmp(p, H2_PREFACE, k) == 0)
		return n < H2_PREFACE_LEN ? 0 : H2_PREFACE_LEN;
	if (n < H2_HDR_LEN)
		return 0;
	uint32_t len = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	/* the reserved bit is ignored on receipt but never sent: set, it says garbage */
	if (p[5] & 0x80 || len > frame_limit(connp))
		return -1;
	return (long)(H2_HDR_LEN + len);
}

/* A frame header a sender following RFC 9113 could have written, at the default frame
 * size: known type, defined flags only, the stream id its type requires, the fixed
 * lengths. */
static bool
header_plausible(const uint8_t *p)
{
	uint32_t len = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	uint8_t type = p[3], flags = p[4];
	uint32_t sid = (uint32_t)p[5] << 24 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 8 | p[8];
	if (type > DEC_H2_CONTINUATION || sid & 0x80000000u || flags & ~flags_valid(type) ||
		len > H2_DEFAULT_FRAME)
		return false;
	bool conn_level = type == DEC_H2_SETTINGS || type == DEC_H2_PING || type == DEC_H2_GOAWAY;
	if (conn_level != (sid == 0) && type != DEC_H2_WINDOW_UPDATE)
		return false;
	switch (type) {
	case DEC_H2_PRIORITY:
		return len == 5;
	case DEC_H2_RST_STREAM:
	case DEC_H2_WINDOW_UPDATE:
		return len == 4;
	case DEC_H2_PING:
		return len == 8;
	case DEC_H2_SETTINGS:
		return len % 6 == 0 && (!(flags & DEC_H2_F_ACK) || len == 0);
	case DEC_H2_GOAWAY:
		return len >= 8;
	default:
		return true;
	}
}

/* After a gap: the preface, or a plausible frame header whose successor (when it is in
 * the bytes given) is plausible too. */
static long
h2_resync(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k + H2_HDR_LEN <= n; k++) {
		if (is_preface(p + k, n - k))
			return (long)k;
		if (!header_plausible(p + k))
			continue;
		size_t next = k + H2_HDR_LEN + ((size_t)p[k] << 16 | (size_t)p[k + 1] << 8 | p[k + 2]);
		if (next + H2_HDR_LEN <= n && !header_plausible(p + next))
			continue;
		return (long)k;
	}
	return -1;
}

/* --- connection state ------------------------------------------------------------------- */

static void
stream_free(gpointer p)
{
	struct h2_stream *st = p;
	g_free(st->method);
	g_free(st->authority);
	g_free(st->path);
	g_free(st);
}

static void
h2_conn_free(void *connp)
{
	struct h2_conn *conn = connp;
	for (int i = 0; i < 2; i++)
		if (conn->dir[i].inf)
			nghttp2_hd_inflate_del(conn->dir[i].inf);
	if (conn->streams)
		g_hash_table_destroy(conn->streams);
}

static int
client_dir(const struct h2_ctx *x)
{
	return x->conn ? x->conn->client : 0;
}

/* The stream with this id; a new one only when create and the id is above every id its
 * initiator used before (else it closed already). NULL when there is none (or, once, an
 * event when the table is full). */
static struct h2_stream *
stream_get(struct h2_ctx *x, uint32_t id, bool create)
{
	struct h2_conn *conn = x->conn;
	if (!conn || id == 0)
		return NULL;
	if (!conn->streams)
		conn->streams = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
			stream_free);
	struct h2_stream *st = g_hash_table_lookup(conn->streams, GUINT_TO_POINTER(id));
	if (st || !create || id <= conn->last_id[id & 1])
		return st;
	conn->last_id[id & 1] = id;
	if (g_hash_table_size(conn->streams) >= H2_MAX_STREAMS) {
		if (!conn->streams_full) {
			conn->streams_full = true;
			dec_err(x->d, x->at, H2_E_TOO_MANY,
				"more than %d open streams: stream %u and later not followed",
				H2_MAX_STREAMS, id);
		}
		return NULL;
	}
	st = g_new0(struct h2_stream, 1);
	st->id = id;
	g_hash_table_insert(conn->streams, GUINT_TO_POINTER(id), st);
	return st;
}

/* --- recording -------------------------------------------------------------------------- */

static void *
h2_alloc(struct h2_ctx *x, size_t n)
{
	if (!x->L || x->L->arena_full)
		return NULL;
	void *p = dec_alloc(x->d, n);
	if (!p)
		x->L->arena_full = true;
	return p;
}

static const char *
arena_strndup(struct h2_ctx *x, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = h2_alloc(x, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* The packet's http2 layer: the view's last layer when an earlier message of this packet
 * made it, else a new one. NULL when the view is full (an event says so). */
static struct dec_http2_layer *
layer_get(struct dec *d, const struct cur *c)
{
	if (d->nlayers && d->layers[d->nlayers - 1].proto == DEC_P_HTTP2)
		return &d->layers[d->nlayers - 1].u.http2;
	struct dec_layer *l = dec_layer_add(d, DEC_P_HTTP2, c);
	return l ? &l->u.http2 : NULL;
}

/* Counts n more bytes in the layer's length, never past the captured frame. */
static void
layer_grow(struct dec *d, size_t n)
{
	struct dec_layer *l = &d->layers[d->nlayers - 1];
	if (l->proto != DEC_P_HTTP2 || l->off > d->caplen)
		return;
	size_t room = d->caplen - l->off;
	size_t len = (size_t)l->len + n;
	l->len = (uint32_t)(len < room ? len : room);
}

/* A finished request goes into the view and leaves the table. */
static void
stream_done(struct h2_ctx *x, struct h2_stream *st, bool reset, uint32_t error)
{
	struct dec_http2_request *r = h2_alloc(x, sizeof(*r));
	if (r) {
		r->stream = st->id;
		r->method = st->method ? arena_strndup(x, st->method, strlen(st->method)) : NULL;
		r->authority =
			st->authority ? arena_strndup(x, st->authority, strlen(st->authority)) : NULL;
		r->path = st->path ? arena_strndup(x, st->path, strlen(st->path)) : NULL;
		r->status = st->status;
		r->reset = reset;
		r->error = error;
		r->req_bytes = st->req_bytes;
		r->resp_bytes = st->resp_bytes;
		r->has_start = st->has_start;
		r->start_sec = st->start_sec;
		r->start_nsec = st->start_nsec;
		r->end_sec = x->d->ts_sec;
		r->end_nsec = x->d->ts_nsec;
		if (x->L->requests_last)
			x->L->requests_last->next = r;
		else
			x->L->requests = r;
		x->L->requests_last = r;
		if (x->L->nrequests < UINT16_MAX)
			x->L->nrequests++;
	}
	g_hash_table_remove(x->conn->streams, GUINT_TO_POINTER(st->id));
}

/* END_STREAM from dir on stream id: the server's ends the request. */
static void
stream_end(struct h2_ctx *x, uint32_t id, int dir)
{
	if (dir == client_dir(x))
		return;
	struct h2_stream *st = stream_get(x, id, true);
	if (st)
		stream_done(x, st, false, 0);
}

static void
field_set(char **dst, const uint8_t *v, size_t n)
{
	g_free(*dst);
	*dst = g_strndup((const char *)v, n < H2_MAX_FIELD ? n : H2_MAX_FIELD);
}

static bool
name_is(const nghttp2_nv *nv, const char *s)
{
	size_t n = strlen(s);
	return nv->namelen == n && memcmp(nv->name, s, n) == 0;
}

/* One header the inflater emitted: into the frame (copied: nghttp2's buffers live only
 * until the next call) and, for the pseudo-headers, into the stream. */
static void
header_emit(struct h2_ctx *x, uint32_t target, const nghttp2_nv *nv)
{
	if (x->f && x->f->nheaders < UINT16_MAX) {
		struct dec_http2_header *h = h2_alloc(x, sizeof(*h));
		size_t nl = nv->namelen < DEC_H2_MAX_NAME ? nv->namelen : DEC_H2_MAX_NAME;
		size_t vl = nv->valuelen < DEC_H2_MAX_VALUE ? nv->valuelen : DEC_H2_MAX_VALUE;
		if (h) {
			h->name = arena_strndup(x, (const char *)nv->name, nl);
			h->value = arena_strndup(x, (const char *)nv->value, vl);
		}
		if (h && h->name && h->value) {
			h->namelen = (uint16_t)nl;
			h->valuelen = (uint16_t)vl;
			h->cut = vl < nv->valuelen;
			if (x->last_hdr)
				x->last_hdr->next = h;
			else
				x->f->headers = h;
			x->last_hdr = h;
			x->f->nheaders++;
		}
	}
	if (!x->conn || nv->namelen == 0)
		return;
	bool is_method = name_is(nv, ":method"), is_status = name_is(nv, ":status");
	if (!x->conn->role_known && (is_method || is_status)) {
		x->conn->role_known = true;
		x->conn->client = (uint8_t)(is_method ? x->dir : !x->dir);
	}
	struct h2_stream *st = stream_get(x, target, false);
	if (!st)
		return;
	if (is_method) {
		field_set(&st->method, nv->value, nv->valuelen);
	} else if (name_is(nv, ":path")) {
		field_set(&st->path, nv->value, nv->valuelen);
	} else if (name_is(nv, ":authority")) {
		field_set(&st->authority, nv->value, nv->valuelen);
		st->has_authority = true;
	} else if (name_is(nv, "host") && !st->has_authority) {
		field_set(&st->authority, nv->value, nv->valuelen);
	} else if (is_status && nv->valuelen == 3 && g_ascii_isdigit(nv->value[0]) &&
		   g_ascii_isdigit(nv->value[1]) && g_ascii_isdigit(nv->value[2])) {
		unsigned v = (unsigned)(nv->value[0] - '0') * 100 +
			     (unsigned)(nv->value[1] - '0') * 10 + (unsigned)(nv->value[2] - '0');
		/* an informational 1xx precedes the final status (RFC 9113 §8.1) */
		if (v >= 200 || st->status == 0)
			st->status = (uint16_t)v;
	}
}

/* --- HPACK ------------------------------------------------------------------------------ */

static void G_GNUC_PRINTF(4, 5)
dir_break(struct h2_ctx *x, struct h2_dir *hd, enum dec_ecode code, const char *fmt, ...)
{
	char what[80];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	hd->broken = true;
	dec_err(x->d, x->at, code, "%s; header decoding stops for this direction", what);
	if (x->f)
		x->f->undecoded = true;
}

/* Raises what the inflater accepts to the size announced (never lowers: see the top). */
static void
table_apply(struct h2_dir *hd)
{
	if (!hd->inf || hd->in_block || hd->table_wanted <= hd->table_allowed)
		return;
	if (nghttp2_hd_inflate_change_table_size(hd->inf, hd->table_wanted) == 0)
		hd->table_allowed = hd->table_wanted;
}

/* Inflates n bytes of header block; final: the block ends with them. Returns false when
 * the inflater failed (the caller records what that means). */
static bool
hpack_inflate(struct h2_ctx *x, nghttp2_hd_inflater *inf, uint32_t target, const uint8_t *p,
	size_t n, bool final, ssize_t *err)
{
	for (;;) {
		nghttp2_nv nv;
		int fl = 0;
		ssize_t rv = nghttp2_hd_inflate_hd2(inf, &nv, &fl, p, n, final);
		if (rv < 0) {
			*err = rv;
			return false;
		}
		p += rv;
		n -= (size_t)rv;
		if (fl & NGHTTP2_HD_INFLATE_EMIT)
			header_emit(x, target, &nv);
		if (fl & NGHTTP2_HD_INFLATE_FINAL) {
			nghttp2_hd_inflate_end_headers(inf);
			return true;
		}
		if (!(fl & NGHTTP2_HD_INFLATE_EMIT) && n == 0)
			return true;
	}
}

/* Without connection state: a whole block in one frame, fresh inflater, no events. */
static void
block_stateless(struct h2_ctx *x, uint32_t target, struct cur frag, bool end_headers)
{
	nghttp2_hd_inflater *inf = NULL;
	ssize_t err = 0;
	if (!end_headers || nghttp2_hd_inflate_new(&inf) != 0 ||
		!hpack_inflate(x, inf, target, cur_here(&frag), cur_left(&frag), true, &err)) {
		if (x->f)
			x->f->undecoded = true;
	}
	if (inf)
		nghttp2_hd_inflate_del(inf);
}

/* A fragment of the block open in x->dir. */
static void
block_feed(struct h2_ctx *x, struct cur frag, bool end_headers)
{
	struct h2_dir *hd = &x->conn->dir[x->dir];
	size_t n = cur_left(&frag);
	uint32_t target = hd->block_target;
	if (!hd->broken) {
		hd->block_bytes += n;
		if (hd->block_bytes > H2_MAX_BLOCK) {
			dir_break(x, hd, H2_E_FRAME_LEN, "header block on stream %u over %d bytes", hd->block_stream,
				H2_MAX_BLOCK);
		} else {
			if (!hd->inf) {
				if (nghttp2_hd_inflate_new(&hd->inf) != 0)
					hd->inf = NULL;
				hd->table_allowed = H2_DEFAULT_TABLE;
				/* fresh, so not inside a block yet whatever in_block says */
				if (hd->inf && hd->table_wanted > hd->table_allowed &&
					nghttp2_hd_inflate_change_table_size(hd->inf,
						hd->table_wanted) == 0)
					hd->table_allowed = hd->table_wanted;
			}
			ssize_t err = 0;
			if (!hd->inf)
				dir_break(x, hd, H2_E_HPACK, "hpack: no inflater");
			else if (!hpack_inflate(x, hd->inf, target, cur_here(&frag), n, end_headers, &err))
				dir_break(x, hd, H2_E_HPACK, "hpack: %s on stream %u", nghttp2_strerror((int)err),
					hd->block_stream);
		}
	} else if (x->f) {
		x->f->undecoded = true;
	}
	if (!end_headers)
		return;
	hd->in_block = false;
	table_apply(hd);
	if (hd->block_end_stream)
		stream_end(x, hd->block_stream, x->dir);
}

/* A HEADERS or PUSH_PROMISE frame opens a block (RFC 9113 §4.3). */
static void
block_open(struct h2_ctx *x, uint32_t stream, uint32_t target, bool pushed, uint8_t flags,
	struct cur frag)
{
	bool end_headers = flags & DEC_H2_F_END_HEADERS;
	if (!x->conn) {
		block_stateless(x, target, frag, end_headers);
		return;
	}
	struct h2_dir *hd = &x->conn->dir[x->dir];
	hd->in_block = true;
	hd->block_pushed = pushed;
	hd->block_stream = stream;
	hd->block_target = target;
	hd->block_end_stream = !pushed && (flags & DEC_H2_F_END_STREAM);
	hd->block_bytes = 0;
	block_feed(x, frag, end_headers);
}

/* --- frames ----------------------------------------------------------------------------- */

/* Strips Pad Length and padding (RFC 9113 §6.1): the payload cursor ends up at the data
 * and covers only it. False (and an event) when the padding does not fit. */
static bool
unpad(struct h2_ctx *x, struct cur *pl, uint8_t flags, size_t fixed)
{
	if (!(flags & DEC_H2_F_PADDED))
		return true;
	uint8_t pad = cur_u8(pl);
	if (x->f)
		x->f->pad = pad;
	if (pl->bad || (size_t)pad + fixed > cur_left(pl)) {
		dec_err(x->d, x->at, H2_E_PADDING, "pad length %u past the %zu-byte payload", pad,
			pl->bad ? 0 : cur_left(pl) + 1);
		return false;
	}
	pl->len -= pad;
	return true;
}

static bool G_GNUC_PRINTF(3, 4)
frame_bad(struct h2_ctx *x, enum dec_ecode code, const char *fmt, ...)
{
	char what[88];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	dec_err(x->d, x->at, code, "%s", what);
	if (x->f)
		x->f->bad = true;
	return false;
}

/* The length a fixed-size frame must have; false (and an event) otherwise. */
static bool
len_is(struct h2_ctx *x, uint8_t type, uint32_t len, uint32_t want)
{
	if (len == want)
		return true;
	return frame_bad(x, H2_E_FRAME_LEN, "%s length %u, must be %u", dec_http2_type_name(type),
		len, want);
}

static bool
stream_needed(struct h2_ctx *x, uint8_t type, uint32_t sid, bool want_nonzero)
{
	if ((sid != 0) == want_nonzero)
		return true;
	return frame_bad(x, H2_E_SEQUENCE, want_nonzero ? "%s on stream 0" : "%s on stream %u",
		dec_http2_type_name(type), sid);
}

static void
frame_data(struct h2_ctx *x, uint8_t flags, uint32_t sid, struct cur pl)
{
	if (!stream_needed(x, DEC_H2_DATA, sid, true) || !unpad(x, &pl, flags, 0)) {
		if (x->f)
			x->f->bad = true;
		return;
	}
	struct h2_stream *st = stream_get(x, sid, true);
	if (st) {
		if (x->dir == client_dir(x))
			st->req_bytes += cur_left(&pl);
		else
			st->resp_bytes += cur_left(&pl);
	}
	if (x->conn && (flags & DEC_H2_F_END_STREAM))
		stream_end(x, sid, x->dir);
}

static void
frame_headers(struct h2_ctx *x, uint8_t flags, uint32_t sid, struct cur pl)
{
	size_t fixed = flags & DEC_H2_F_PRIORITY ? 5 : 0;
	bool ok = stream_needed(x, DEC_H2_HEADERS, sid, true) && unpad(x, &pl, flags, fixed);
	if (ok && fixed) {
		if (cur_left(&pl) < 5) {
			ok = frame_bad(x, H2_E_FRAME_LEN, "HEADERS priority needs 5 bytes, %zu left",
				cur_left(&pl));
		} else if (x->f) {
			uint32_t dep = cur_be32(&pl);
			x->f->exclusive = dep >> 31;
			x->f->dependency = dep & 0x7FFFFFFF;
			x->f->weight = cur_u8(&pl);
		} else {
			cur_skip(&pl, 5);
		}
	}
	if (!ok) {
		if (x->f)
			x->f->bad = true;
		/* the block this frame carried is lost: the table may have changed with it */
		if (x->conn && !x->conn->dir[x->dir].broken)
			dir_break(x, &x->conn->dir[x->dir], H2_E_SEQUENCE,
				"header block of a malformed HEADERS lost");
		return;
	}
	if (x->conn && x->dir == client_dir(x)) {
		struct h2_stream *st = stream_get(x, sid, true);
		if (st && !st->has_start) {
			st->has_start = true;
			st->start_sec = x->d->ts_sec;
			st->start_nsec = x->d->ts_nsec;
		}
	} else {
		stream_get(x, sid, true);
	}
	block_open(x, sid, sid, false, flags, pl);
}

static void
frame_push_promise(struct h2_ctx *x, uint8_t flags, uint32_t sid, struct cur pl)
{
	bool ok = stream_needed(x, DEC_H2_PUSH_PROMISE, sid, true) && unpad(x, &pl, flags, 4);
	uint32_t promised = 0;
	if (ok) {
		promised = cur_be32(&pl) & 0x7FFFFFFF;
		if (pl.bad)
			ok = frame_bad(x, H2_E_FRAME_LEN, "PUSH_PROMISE shorter than 4 bytes");
	}
	if (!ok) {
		if (x->f)
			x->f->bad = true;
		if (x->conn && !x->conn->dir[x->dir].broken)
			dir_break(x, &x->conn->dir[x->dir], H2_E_SEQUENCE,
				"header block of a malformed PUSH_PROMISE lost");
		return;
	}
	if (x->f)
		x->f->value = promised;
	/* the pushed response answers the request the promise carries: timed from here */
	struct h2_stream *st = stream_get(x, promised, true);
	if (st && !st->has_start) {
		st->has_start = true;
		st->start_sec = x->d->ts_sec;
		st->start_nsec = x->d->ts_nsec;
	}
	block_open(x, sid, promised, true, flags, pl);
}

static void
frame_continuation(struct h2_ctx *x, uint8_t flags, uint32_t sid, struct cur pl)
{
	if (!stream_needed(x, DEC_H2_CONTINUATION, sid, true))
		return;
	if (!x->conn) {
		if (x->f)
			x->f->undecoded = true;
		return;
	}
	struct h2_dir *hd = &x->conn->dir[x->dir];
	if (!hd->in_block) {
		frame_bad(x, H2_E_SEQUENCE, "CONTINUATION on stream %u without HEADERS before it",
			sid);
		if (x->f)
			x->f->undecoded = true;
		return;
	}
	if (sid != hd->block_stream) {
		frame_bad(x, H2_E_SEQUENCE, "CONTINUATION on stream %u inside stream %u's block",
			sid, hd->block_stream);
		hd->in_block = false;
		if (!hd->broken)
			dir_break(x, hd, H2_E_SEQUENCE, "header block on stream %u cut off",
				hd->block_stream);
		return;
	}
	block_feed(x, pl, flags & DEC_H2_F_END_HEADERS);
}

static void
frame_settings(struct h2_ctx *x, uint8_t flags, uint32_t sid, uint32_t len, struct cur pl)
{
	if (!stream_needed(x, DEC_H2_SETTINGS, sid, false))
		return;
	if (flags & DEC_H2_F_ACK) {
		if (len != 0)
			frame_bad(x, H2_E_FRAME_LEN, "SETTINGS ACK with %u bytes", len);
		return;
	}
	if (len % 6 != 0) {
		frame_bad(x, H2_E_FRAME_LEN, "SETTINGS length %u not a multiple of 6", len);
		return;
	}
	size_t n = len / 6;
	if (x->f && n) {
		size_t keep = n < DEC_H2_MAX_SETTINGS ? n : DEC_H2_MAX_SETTINGS;
		x->f->settings = h2_alloc(x, keep * sizeof(*x->f->settings));
		if (x->f->settings)
			x->f->nsettings = (uint16_t)keep;
	}
	struct h2_dir *self = x->conn ? &x->conn->dir[x->dir] : NULL;
	if (self)
		self->settings_seen = true;
	for (size_t i = 0; i < n; i++) {
		uint16_t id = cur_be16(&pl);
		uint32_t v = cur_be32(&pl);
		if (x->f && i < x->f->nsettings) {
			x->f->settings[i].id = id;
			x->f->settings[i].value = v;
		}
		if (!self)
			continue;
		if (id == 1) {
			/* the sender's decoder: it inflates what the other side sends */
			struct h2_dir *peer = &x->conn->dir[!x->dir];
			uint32_t want = v < H2_MAX_TABLE ? v : H2_MAX_TABLE;
			if (want > peer->table_wanted)
				peer->table_wanted = want;
			table_apply(peer);
		} else if (id == 5 && v >= H2_DEFAULT_FRAME && v <= H2_MAX_LEN) {
			self->max_frame = v;
		}
	}
}

static void
frame_goaway(struct h2_ctx *x, uint32_t sid, uint32_t len, struct cur pl)
{
	if (!stream_needed(x, DEC_H2_GOAWAY, sid, false))
		return;
	if (len < 8) {
		frame_bad(x, H2_E_FRAME_LEN, "GOAWAY length %u below 8", len);
		return;
	}
	uint32_t last = cur_be32(&pl) & 0x7FFFFFFF;
	uint32_t err = cur_be32(&pl);
	if (!x->f)
		return;
	x->f->value = last;
	x->f->error = err;
	x->f->data_len = (uint32_t)cur_left(&pl);
	x->f->data = cur_here(&pl);
}

static void
frame_rst(struct h2_ctx *x, uint32_t sid, uint32_t len, struct cur pl)
{
	if (!stream_needed(x, DEC_H2_RST_STREAM, sid, true) ||
		!len_is(x, DEC_H2_RST_STREAM, len, 4))
		return;
	uint32_t err = cur_be32(&pl);
	if (x->f)
		x->f->error = err;
	struct h2_stream *st = stream_get(x, sid, true);
	if (st)
		stream_done(x, st, true, err);
}

/* Decodes one message: the preface or one whole frame. */
static void
h2_message(struct dec *d, struct cur *c, void *connp, int dir)
{
	struct h2_ctx x = { .d = d, .conn = connp, .dir = dir ? 1 : 0, .at = cur_off(c) };
	d->cur_proto = DEC_P_HTTP2;
	x.L = layer_get(d, c);
	size_t total = cur_left(c);
	if (x.L)
		layer_grow(d, total);
	if (is_preface(cur_here(c), total)) {
		if (x.L)
			x.L->preface = true;
		if (x.conn) {
			x.conn->preface_seen = true;
			x.conn->client = (uint8_t)x.dir;
			x.conn->role_known = true;
		}
		return;
	}
	uint32_t len = cur_be24(c);
	uint8_t type = cur_u8(c);
	uint8_t flags = cur_u8(c);
	uint32_t sid = cur_be32(c) & 0x7FFFFFFF;
	if (c->bad) {
		dec_err(d, x.at, DEC_E_TRUNCATED, "truncated: frame header needs 9 bytes, %zu there",
			total);
		return;
	}
	struct cur pl = cur_sub(c, len);
	if (c->bad) {
		dec_err(d, x.at, DEC_E_TRUNCATED, "truncated: %s frame of %u bytes, %zu there",
			dec_http2_type_name(type) ? dec_http2_type_name(type) : "unknown", len,
			cur_left(&pl));
		return;
	}
	if (x.L && x.L->nframes < DEC_H2_MAX_FRAMES) {
		x.f = h2_alloc(&x, sizeof(*x.f));
		if (x.f) {
			x.f->off = (uint32_t)x.at;
			x.f->len = len;
			x.f->type = type;
			x.f->flags = flags;
			x.f->stream = sid;
			if (x.L->frames_last)
				x.L->frames_last->next = x.f;
			else
				x.L->frames = x.f;
			x.L->frames_last = x.f;
			x.L->nframes++;
		}
	} else if (x.L && x.L->frames_lost < UINT16_MAX) {
		x.L->frames_lost++;
	}
	/* RFC 9113 §6.10: nothing may come between a block's frames */
	if (x.conn && x.conn->dir[x.dir].in_block && type != DEC_H2_CONTINUATION) {
		struct h2_dir *hd = &x.conn->dir[x.dir];
		hd->in_block = false;
		dec_err(d, x.at, H2_E_SEQUENCE, "%s frame inside stream %u's header block",
			dec_http2_type_name(type) ? dec_http2_type_name(type) : "unknown",
			hd->block_stream);
		if (!hd->broken)
			dir_break(&x, hd, H2_E_SEQUENCE, "header block on stream %u cut off",
				hd->block_stream);
	}
	switch (type) {
	case DEC_H2_DATA:
		frame_data(&x, flags, sid, pl);
		break;
	case DEC_H2_HEADERS:
		frame_headers(&x, flags, sid, pl);
		break;
	case DEC_H2_PRIORITY:
		if (stream_needed(&x, type, sid, true) && len_is(&x, type, len, 5) && x.f) {
			uint32_t dep = cur_be32(&pl);
			x.f->exclusive = dep >> 31;
			x.f->dependency = dep & 0x7FFFFFFF;
			x.f->weight = cur_u8(&pl);
		}
		break;
	case DEC_H2_RST_STREAM:
		frame_rst(&x, sid, len, pl);
		break;
	case DEC_H2_SETTINGS:
		frame_settings(&x, flags, sid, len, pl);
		break;
	case DEC_H2_PUSH_PROMISE:
		frame_push_promise(&x, flags, sid, pl);
		break;
	case DEC_H2_PING:
		if (stream_needed(&x, type, sid, false) && len_is(&x, type, len, 8) && x.f) {
			x.f->data = cur_here(&pl);
			x.f->data_len = 8;
		}
		break;
	case DEC_H2_GOAWAY:
		frame_goaway(&x, sid, len, pl);
		break;
	case DEC_H2_WINDOW_UPDATE:
		if (len_is(&x, type, len, 4) && x.f)
			x.f->value = cur_be32(&pl) & 0x7FFFFFFF;
		break;
	case DEC_H2_CONTINUATION:
		frame_continuation(&x, flags, sid, pl);
		break;
	default:
		/* RFC 9113 §4.1: frames of unknown types are ignored */
		break;
	}
}

/* Bytes of one direction were lost: a header block among them may have changed that
 * direction's dynamic table (RFC 7541 §2.3.2), so every later block could decode wrong.
 * Give that direction's headers up, once, rather than print wrong ones. */
static void
h2_gap(struct dec *d, void *connp, int dir)
{
	struct h2_conn *conn = connp;
	if (!conn || dir < 0 || dir > 1 || conn->dir[dir].broken)
		return;
	conn->dir[dir].broken = true;
	dec_err(d, 0, DEC_E_HTTP2_HPACK,
		"bytes lost in the stream: header decoding stops for this direction");
}

const struct dec_stream_proto dec_http2_stream = {
	.name = "http2",
	.proto = DEC_P_HTTP2,
	.conn_size = sizeof(struct h2_conn),
	.conn_free = h2_conn_free,
	.frame = h2_frame,
	.message = h2_message,
	.resync = h2_resync,
	.gap = h2_gap,
};

/* --- dispatch --------------------------------------------------------------------------- */

/* The connection preface opens the segment. When ports are configured (no dispatch entry
 * can name a port at run time), every TCP segment no port claims is taken, and
 * dec_http2_tcp() hands back what is not on one of those ports: keep this entry after
 * every other TCP probe. */
bool
dec_probe_http2(const struct cur *c)
{
	ports_from_env();
	return port_any || is_preface(cur_here(c), cur_left(c));
}

static bool
on_h2_port(const struct dec *d)
{
	if (!port_any || d->nlayers == 0)
		return false;
	const struct dec_layer *l = &d->layers[d->nlayers - 1];
	return l->proto == DEC_P_TCP && (port_is_h2(l->u.tcp.sport) || port_is_h2(l->u.tcp.dport));
}

enum dec_rc
dec_http2_tcp(struct dec *d, struct cur *c)
{
	if (!is_preface(cur_here(c), cur_left(c)) && !on_h2_port(d)) {
		/* what dispatch does when no probe claims a segment */
		d->cur_proto = DEC_P_NONE;
		return d->reasm ? dec_stream_known(d, c) : DEC_DONE;
	}
	return dec_stream_segment(d, c, &dec_http2_stream);
}
