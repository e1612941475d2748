/* reader.c - one streaming reader for pcap, pcapng, and either of them gzip-compressed.
 *
 * pcap: draft-ietf-opsawg-pcap §4 (file header), §5 (packet record).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Magic Number                         |
 *   |          Major Version        |         Minor Version         |
 *   |                           Reserved1                           |
 *   |                           Reserved2                           |
 *   |                            SnapLen                            |
 *   | FCS |f|0 0 0 0 0 0 0 0 0 0 0 0|         LinkType              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   then per packet: seconds, microseconds (or nanoseconds), captured length,
 *   original length, captured bytes (no padding).
 *
 * pcapng: draft-ietf-opsawg-pcapng §3.1 (every block is type, total length, body padded
 * to 32 bits, total length again), §4.1 SHB, §4.2 IDB (options if_tsresol, if_tsoffset),
 * §4.3 EPB, §4.4 SPB, Appendix A (obsolete Packet Block). Everything else is skipped by its
 * length. gzip: RFC 1952, through zlib's inflate.
 *
 * DOC: design
 * One buffer holds the uncompressed stream from the start of the record being read
 * (r->pos) to what has been read so far (r->end). A record is parsed only once it is whole
 * in the buffer, so a packet handed out is a pointer into it (no copy). Refills move the
 * unconsumed tail (less than one record) to the front and read(2) or inflate as much as
 * fits: one syscall per megabyte, none per packet. The buffer grows only when one record is
 * bigger than it, up to MAX_RECORD; memory never grows with the file.
 *
 * gzip is recognised by its magic bytes, which have to be read first; since standard input
 * cannot be rewound, we run inflate ourselves on what we read rather than gzdopen(), which
 * would need those two bytes back. This also inflates straight into the record buffer.
 */
#include "capture/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <zlib.h>

/* clang-format would space the quark's name, which the macro turns into a string */
/* clang-format off */
G_DEFINE_QUARK(cap-error-quark, cap_error)
/* clang-format on */

#define BUF_SIZE   (1u << 20)   /* read granularity: 1 MiB */
#define ZIN_SIZE   (256u << 10) /* compressed input chunk */
#define MAX_RECORD (64u << 20)  /* largest record or block we accept */
#define MAX_IFS    65536u       /* interfaces per pcapng section */

/* libpcap's largest per-link-type snaplen (MAXIMUM_SNAPLEN): a pcap caplen up to
 * max(snaplen, this) is accepted, like libpcap; writers are known to record caplen above
 * a snaplen they mis-state, so we do not hold them to snaplen below this. */
#define PCAP_LENIENT_CAPLEN 262144u

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_HDR_LEN  24u
#define PCAP_REC_LEN  16u

#define NG_SHB     0x0a0d0d0au
#define NG_IDB     0x00000001u
#define NG_PB      0x00000002u /* obsolete Packet Block, Appendix A */
#define NG_SPB     0x00000003u
#define NG_EPB     0x00000006u
#define NG_BOM     0x1a2b3c4du
#define NG_SHB_MIN 28u
#define NG_IDB_MIN 20u
#define NG_EPB_MIN 32u /* same for the obsolete Packet Block */
#define NG_SPB_MIN 16u

#define OPT_ENDOFOPT    0
#define OPT_IF_TSRESOL  9
#define OPT_IF_TSOFFSET 14

enum ts_kind {
	TS_USEC,      /* 10^-6: the default, divided by a constant */
	TS_NSEC,      /* 10^-9 */
	TS_POW10_MUL, /* 10^-k, k < 9 (k != 6): remainder times 10^(9-k) */
	TS_POW10_DIV, /* 10^-k, 9 < k <= 19: remainder divided by 10^(k-9) */
	TS_POW2,      /* 2^-k, k <= 63: shifts */
};

struct cap_if {
	int linktype;
	uint32_t snaplen;
	enum ts_kind kind;
	uint8_t prec;
	uint8_t shift;    /* TS_POW2 */
	uint64_t units;   /* units per second (TS_POW10_*) */
	uint64_t scale;   /* TS_POW10_MUL: ns per unit; TS_POW10_DIV: units per ns */
	int64_t tsoffset; /* seconds added to every timestamp */
};

enum fill_rc { FILL_OK, FILL_SHORT, FILL_ERR };

struct cap_reader {
	/* the uncompressed stream: buf[pos..end) is unread; buf[0] is stream byte base */
	uint8_t *buf;
	size_t cap, pos, end;
	uint64_t base;
	bool eof; /* no more input at all */

	int fd;
	bool own_fd;
	char *name;
	enum cap_format fmt;

	bool gz;
	bool gz_between; /* a gzip member ended: another may follow (RFC 1952 §2.2) */
	bool gz_in_eof;
	bool gz_broken; /* zlib failed: io_msg says how */
	uint8_t *zin;
	z_stream z;
	uint64_t zin_total; /* compressed bytes read into zin so far (the magic included) */
	char *warning;      /* what was ignored (trailing garbage): cap_warning() */

	/* why the last fill failed */
	enum cap_error_code io_code;
	char io_msg[200];

	uint64_t n;   /* packets returned */
	GError *fail; /* sticky: the damage, repeated on every later call */

	/* pcap */
	bool swap;
	bool nano;
	int linktype;
	uint32_t snaplen;
	uint32_t caplen_max;

	/* pcapng, current section */
	struct cap_if *ifs;
	uint32_t nifs, ifs_cap;
	int first_linktype;

	struct cap_live *live; /* a live source (live.c): cap_next() asks it instead */
};

static inline uint16_t
rd16(const uint8_t *p, bool swap)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? GUINT16_SWAP_LE_BE(v) : v;
}

static inline uint32_t
rd32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static inline uint64_t
rd64(const uint8_t *p, bool swap)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? GUINT64_SWAP_LE_BE(v) : v;
}

/* clang-format does not know G_GNUC_PRINTF for an attribute */
/* clang-format off */
static void G_GNUC_PRINTF(3, 4)
io_fail(struct cap_reader *r, enum cap_error_code code, const char *fmt, ...)
/* clang-format on */
{
	va_list ap;

	r->io_code = code;
	va_start(ap, fmt);
	g_vsnprintf(r->io_msg, sizeof(r->io_msg), fmt, ap);
	va_end(ap);
}

static bool gz_probe_corrupt(struct cap_reader *r);

/* "FILE: frame N at byte OFF: what": N is the frame the record at r->pos would have been,
 * OFF its offset in the uncompressed stream. Remembered, so later calls repeat it. */
/* clang-format off */
static int G_GNUC_PRINTF(4, 5)
damage(struct cap_reader *r, GError **error, enum cap_error_code code, const char *fmt, ...)
/* clang-format on */
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* a corrupt deflate stream can inflate to garbage before zlib notices: a record that
	 * cannot be right in a gzip file is first checked against the rest of the stream, and
	 * the gzip error, when there is one, is what is reported (issue 17) */
	if (r->gz && (code == CAP_ERROR_CORRUPT || code == CAP_ERROR_TRUNCATED) &&
		(r->gz_broken ? r->io_code == CAP_ERROR_CORRUPT
			      : !(r->gz_in_eof && r->z.avail_in == 0) && gz_probe_corrupt(r))) {
		char *both = g_strdup_printf("%s; the record before it read as garbage: %s",
			r->io_msg, what);
		g_free(what);
		what = both;
		code = CAP_ERROR_CORRUPT;
	}
	r->fail = g_error_new(CAP_ERROR, code,
		"%s: frame %" G_GUINT64_FORMAT " at byte %" G_GUINT64_FORMAT ": %s", r->name,
		r->n + 1, r->base + r->pos, what);
	g_free(what);
	g_propagate_error(error, g_error_copy(r->fail));
	return -1;
}

static ssize_t
read_some(int fd, void *p, size_t n)
{
	ssize_t got;

	do
		got = read(fd, p, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/* Offset in the compressed file of the next byte zlib would read. */
static uint64_t
gz_in_off(const struct cap_reader *r)
{
	return r->zin_total - r->z.avail_in;
}

/* Reads the next chunk of compressed input once zlib has used the last; false with
 * io_msg set on a read error. */
static bool
gz_read_more(struct cap_reader *r)
{
	if (r->z.avail_in != 0 || r->gz_in_eof)
		return true;
	ssize_t got = read_some(r->fd, r->zin, ZIN_SIZE);
	if (got < 0) {
		io_fail(r, CAP_ERROR_OPEN, "read error: %s", g_strerror(errno));
		return false;
	}
	if (got == 0)
		r->gz_in_eof = true;
	r->z.next_in = r->zin;
	r->z.avail_in = (uInt)got;
	r->zin_total += (uint64_t)got;
	return true;
}

/* At the end of a member: another member, or the end. gzip(1) ignores trailing garbage
 * after the last member with a warning, and so do we (cap_warning()). Returns false when
 * the stream ends here. */
static bool
gz_next_member(struct cap_reader *r)
{
	if (r->z.next_in[0] != 0x1f) {
		if (!r->warning)
			r->warning = g_strdup_printf("%s: trailing garbage after the last gzip "
						     "member, from compressed byte %" G_GUINT64_FORMAT
						     ", ignored (as gzip -d does)",
				r->name, gz_in_off(r));
		return false;
	}
	inflateReset(&r->z);
	r->gz_between = false;
	return true;
}

/* Inflates into buf[end..cap) until want bytes are unread or the stream ends. */
static enum fill_rc
fill_gz(struct cap_reader *r, size_t want)
{
	if (r->gz_broken)
		return FILL_ERR;
	while (r->end - r->pos < want) {
		if (!gz_read_more(r))
			return FILL_ERR;
		if (r->gz_between) {
			if (r->z.avail_in == 0) {
				if (!r->gz_in_eof)
					continue;
				r->eof = true;
				return FILL_SHORT;
			}
			if (!gz_next_member(r)) {
				r->eof = true;
				return FILL_SHORT;
			}
		}

		size_t before = r->end;
		uInt in_before = r->z.avail_in;

		r->z.next_out = r->buf + r->end;
		r->z.avail_out = (uInt)(r->cap - r->end);
		int zrc = inflate(&r->z, Z_NO_FLUSH);

		r->end = r->cap - r->z.avail_out;
		switch (zrc) {
		case Z_STREAM_END:
			r->gz_between = true;
			break;
		case Z_OK:
		case Z_BUF_ERROR:
			/* no progress with all input consumed: the file ends inside a member */
			if (r->end == before && r->z.avail_in == in_before && r->z.avail_in == 0 &&
				r->gz_in_eof) {
				io_fail(r, CAP_ERROR_TRUNCATED,
					"gzip stream truncated before its end marker (%" G_GUINT64_FORMAT
					" compressed bytes)",
					gz_in_off(r));
				return FILL_ERR;
			}
			break;
		case Z_MEM_ERROR:
			io_fail(r, CAP_ERROR_OPEN, "gzip: out of memory");
			return FILL_ERR;
		default:
			/* what inflated before the damage is good: hand it out first, and
			 * report the damage when a record needs bytes beyond it */
			io_fail(r, CAP_ERROR_CORRUPT,
				"gzip data corrupt at compressed byte %" G_GUINT64_FORMAT
				" (zlib: %s)",
				gz_in_off(r), r->z.msg ? r->z.msg : zError(zrc));
			r->gz_broken = true;
			return r->end - r->pos >= want ? FILL_OK : FILL_ERR;
		}
	}
	return FILL_OK;
}

/* Whether the rest of the gzip stream (up to GZ_PROBE_MAX bytes inflated) is corrupt:
 * true with io_msg saying where and how. It consumes the stream: only for an error path
 * after which the reader returns nothing more. */
#define GZ_PROBE_MAX (64u << 20)
static bool
gz_probe_corrupt(struct cap_reader *r)
{
	uint8_t *scratch = g_malloc(64 * 1024);
	size_t total = 0;
	bool corrupt = false;
	while (total < GZ_PROBE_MAX) {
		if (!gz_read_more(r))
			break;
		if (r->gz_between) {
			if (r->z.avail_in == 0) {
				if (r->gz_in_eof)
					break;
				continue;
			}
			if (!gz_next_member(r))
				break;
		}
		uInt in_before = r->z.avail_in;
		r->z.next_out = scratch;
		r->z.avail_out = 64 * 1024;
		int zrc = inflate(&r->z, Z_NO_FLUSH);
		size_t made = 64 * 1024 - r->z.avail_out;
		total += made;
		if (zrc == Z_STREAM_END) {
			r->gz_between = true;
		} else if (zrc == Z_DATA_ERROR || zrc == Z_STREAM_ERROR || zrc == Z_NEED_DICT) {
			io_fail(r, CAP_ERROR_CORRUPT,
				"gzip data corrupt at compressed byte %" G_GUINT64_FORMAT " (zlib: %s)",
				gz_in_off(r), r->z.msg ? r->z.msg : zError(zrc));
			corrupt = true;
			break;
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			break;
		} else if (made == 0 && r->z.avail_in == in_before && r->gz_in_eof) {
			/* the member never ends: damage that decodes on (or a cut file, which
			 * the record's own error then explains as well) */
			io_fail(r, CAP_ERROR_CORRUPT,
				"gzip stream damaged or cut short: no end marker by compressed byte "
				"%" G_GUINT64_FORMAT,
				gz_in_off(r));
			corrupt = true;
			break;
		}
	}
	g_free(scratch);
	r->gz_broken = true;
	return corrupt;
}

/* The slow half of need(): makes room, then reads until want bytes are unread at r->pos.
 * FILL_SHORT: the stream ended first (end - pos < want); FILL_ERR: r->io_msg says why. */
static enum fill_rc
refill(struct cap_reader *r, size_t want)
{
	if (r->eof)
		return FILL_SHORT;
	/* compact even when want would fit after pos, so the read that follows is a big
	 * one: the tail moved is less than one record */
	if (r->pos > 0 || want > r->cap) {
		size_t have = r->end - r->pos;

		if (want > r->cap) {
			size_t ncap = r->cap;

			while (ncap < want)
				ncap *= 2;
			uint8_t *nbuf = g_malloc(ncap);

			memcpy(nbuf, r->buf + r->pos, have);
			g_free(r->buf);
			r->buf = nbuf;
			r->cap = ncap;
		} else {
			memmove(r->buf, r->buf + r->pos, have);
		}
		r->base += r->pos;
		r->pos = 0;
		r->end = have;
	}
	if (r->gz)
		return fill_gz(r, want);
	while (r->end - r->pos < want) {
		ssize_t got = read_some(r->fd, r->buf + r->end, r->cap - r->end);

		if (got < 0) {
			io_fail(r, CAP_ERROR_OPEN, "read error: %s", g_strerror(errno));
			return FILL_ERR;
		}
		if (got == 0) {
			r->eof = true;
			return FILL_SHORT;
		}
		r->end += (size_t)got;
	}
	return FILL_OK;
}

static inline enum fill_rc
need(struct cap_reader *r, size_t want)
{
	if (G_LIKELY(r->end - r->pos >= want))
		return FILL_OK;
	return refill(r, want);
}

/* Sets the interface's timestamp conversion from if_tsresol (§4.2: most significant bit
 * clear, a negative power of 10; set, a negative power of 2). False if we cannot represent
 * it in 64-bit arithmetic. */
static bool
if_set_tsresol(struct cap_if *ifc, uint8_t tsresol)
{
	unsigned k = tsresol & 0x7f;

	if (tsresol & 0x80) {
		if (k > 63)
			return false;
		ifc->kind = TS_POW2;
		ifc->shift = (uint8_t)k;
		ifc->prec = k >= 20 ? 9 : 6; /* 2^-20 s is just under a microsecond */
		return true;
	}
	if (k > 19)
		return false;
	ifc->units = 1;
	for (unsigned i = 0; i < k; i++)
		ifc->units *= 10;
	ifc->prec = k > 6 ? 9 : 6;
	if (k == 6) {
		ifc->kind = TS_USEC;
	} else if (k == 9) {
		ifc->kind = TS_NSEC;
	} else if (k < 9) {
		ifc->kind = TS_POW10_MUL;
		ifc->scale = 1000000000u / ifc->units;
	} else {
		ifc->kind = TS_POW10_DIV;
		ifc->scale = ifc->units / 1000000000u;
	}
	return true;
}

/* floor(rem * 10^9 / 2^s) for rem < 2^s without 128-bit arithmetic: 10^9 = 5^9 * 2^9, and
 * floor(floor(x / 2^a) / 2^b) = floor(x / 2^(a+b)). */
static uint32_t
pow2_frac_ns(uint64_t rem, unsigned s)
{
	const uint64_t five9 = 1953125;

	if (s <= 9)
		return (uint32_t)((rem * 1000000000u) >> s);
	if (s <= 43)
		return (uint32_t)((rem * five9) >> (s - 9));
	return (uint32_t)((((rem >> 32) * five9) + (((rem & 0xffffffffu) * five9) >> 32)) >>
			  (s - 41));
}

/* sec + off as the true (wider) sum, clamped to int64; cap_time_make() then clamps it to
 * the capture-time range (capture/captime.h). */
static int64_t
ts_add_offset(uint64_t sec, int64_t off)
{
	uint64_t mag;
	if (off >= 0) {
		if (sec > UINT64_MAX - (uint64_t)off)
			return INT64_MAX;
		mag = sec + (uint64_t)off;
		return mag > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mag;
	}
	uint64_t neg = (uint64_t)(-(off + 1)) + 1; /* |off|, also for INT64_MIN */
	if (sec >= neg) {
		mag = sec - neg;
		return mag > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mag;
	}
	mag = neg - sec;
	return mag > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)mag;
}

static inline void
if_ts(const struct cap_if *ifc, uint64_t ts, struct cap_pkt *pkt)
{
	uint64_t sec;

	switch (ifc->kind) {
	case TS_USEC:
		sec = ts / 1000000u;
		pkt->nsec = (uint32_t)(ts - sec * 1000000u) * 1000u;
		break;
	case TS_NSEC:
		sec = ts / 1000000000u;
		pkt->nsec = (uint32_t)(ts - sec * 1000000000u);
		break;
	case TS_POW10_MUL:
		sec = ts / ifc->units;
		pkt->nsec = (uint32_t)((ts - sec * ifc->units) * ifc->scale);
		break;
	case TS_POW10_DIV:
		sec = ts / ifc->units;
		pkt->nsec = (uint32_t)((ts - sec * ifc->units) / ifc->scale);
		break;
	default:
		sec = ifc->shift == 0 ? ts : ts >> ifc->shift;
		pkt->nsec = ifc->shift == 0 ? 0
					    : pow2_frac_ns(ts & ((UINT64_C(1) << ifc->shift) - 1),
						      ifc->shift);
		break;
	}
	/* a seconds resolution or a large if_tsoffset reaches far past 2262 (issue 17): the
	 * time stays seconds and nanoseconds, clamped only where int64 seconds end */
	pkt->ts = cap_time_make(ts_add_offset(sec, ifc->tsoffset), pkt->nsec);
	pkt->prec = ifc->prec;
}

/* Parses the IDB whose total length is tlen at r->pos (§4.2): link type, snaplen, and the
 * options that change timestamps. */
static int
ng_idb(struct cap_reader *r, uint32_t tlen, GError **error)
{
	const uint8_t *b = r->buf + r->pos;
	struct cap_if ifc = { 0 };

	if (tlen < NG_IDB_MIN)
		return damage(r, error, CAP_ERROR_CORRUPT,
			"interface description block of %u bytes, shorter than its %u-byte minimum",
			tlen, NG_IDB_MIN);
	if (r->nifs >= MAX_IFS)
		return damage(r, error, CAP_ERROR_CORRUPT,
			"more than %u interface description blocks in one section", MAX_IFS);
	ifc.linktype = rd16(b + 8, r->swap);
	ifc.snaplen = rd32(b + 12, r->swap);
	if_set_tsresol(&ifc, 6);

	/* options (§3.5): code, length, value padded to 32 bits, until opt_endofopt */
	uint32_t o = 16, oend = tlen - 4;

	while (oend - o >= 4) {
		uint16_t code = rd16(b + o, r->swap);
		uint16_t olen = rd16(b + o + 2, r->swap);
		uint32_t padded = ((uint32_t)olen + 3) & ~3u;

		if (code == OPT_ENDOFOPT)
			break;
		if (padded > oend - o - 4)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"IDB option %u of %u bytes runs past the block end", code, olen);
		if (code == OPT_IF_TSRESOL && olen == 1) {
			if (!if_set_tsresol(&ifc, b[o + 4]))
				return damage(r, error, CAP_ERROR_CORRUPT,
					"if_tsresol 0x%02x: finer than 64 bits can hold", b[o + 4]);
		} else if (code == OPT_IF_TSOFFSET && olen == 8) {
			ifc.tsoffset = (int64_t)rd64(b + o + 4, r->swap);
		}
		o += 4 + padded;
	}

	if (r->nifs == r->ifs_cap) {
		r->ifs_cap = r->ifs_cap ? r->ifs_cap * 2 : 4;
		r->ifs = g_renew(struct cap_if, r->ifs, r->ifs_cap);
	}
	r->ifs[r->nifs++] = ifc;
	if (r->first_linktype < 0)
		r->first_linktype = ifc.linktype;
	return 0;
}

/* The block at r->pos is whole in the buffer and its lengths agree. Returns 1 with a
 * packet, 0 for a block that carries none, -1 on damage. */
static int
ng_block(struct cap_reader *r, uint32_t type, uint32_t tlen, struct cap_pkt *pkt, GError **error)
{
	const uint8_t *b = r->buf + r->pos;
	const struct cap_if *ifc;
	uint32_t ifid, caplen, len, room;
	uint64_t ts;

	switch (type) {
	case NG_EPB:
	case NG_PB:
		if (tlen < NG_EPB_MIN)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"%s packet block of %u bytes, shorter than its %u-byte minimum",
				type == NG_EPB ? "enhanced" : "obsolete", tlen, NG_EPB_MIN);
		/* Appendix A: a 16-bit interface id and a 16-bit drops count where the EPB
		 * has its 32-bit interface id; the rest is laid out alike */
		ifid = type == NG_EPB ? rd32(b + 8, r->swap) : rd16(b + 8, r->swap);
		ts = (uint64_t)rd32(b + 12, r->swap) << 32 | rd32(b + 16, r->swap);
		caplen = rd32(b + 20, r->swap);
		len = rd32(b + 24, r->swap);
		room = tlen - NG_EPB_MIN;
		if (caplen > room)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"captured length %u past the block end (room for %u)", caplen,
				room);
		if (caplen > len)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"captured length %u greater than original length %u", caplen, len);
		if (ifid >= r->nifs)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"packet on interface %u, which has no IDB (%u in this section)",
				ifid, r->nifs);
		ifc = &r->ifs[ifid];
		pkt->data = b + 28;
		break;
	case NG_SPB:
		if (tlen < NG_SPB_MIN)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"simple packet block of %u bytes, shorter than its %u-byte minimum",
				tlen, NG_SPB_MIN);
		if (r->nifs == 0)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"simple packet block before any interface description block");
		/* §4.4: the interface is the first; the captured length is what fits in the
		 * block, no more than the snaplen (0: no limit) and the original length */
		ifid = 0;
		ifc = &r->ifs[0];
		len = rd32(b + 8, r->swap);
		caplen = MIN(len, tlen - NG_SPB_MIN);
		if (ifc->snaplen != 0)
			caplen = MIN(caplen, ifc->snaplen);
		ts = 0;
		pkt->data = b + 12;
		break;
	case NG_IDB:
		return ng_idb(r, tlen, error);
	default:
		/* NRB, ISB, DSB, custom and unknown blocks: §3.1 lets any reader skip a
		 * block it does not need by its total length */
		return 0;
	}
	pkt->caplen = caplen;
	pkt->len = len;
	pkt->linktype = ifc->linktype;
	pkt->ifindex = ifid;
	if (type == NG_SPB) {
		/* an SPB has no timestamp */
		pkt->sec = 0;
		pkt->nsec = 0;
		pkt->prec = ifc->prec;
	} else {
		if_ts(ifc, ts, pkt);
	}
	return 1;
}

static int
truncated(struct cap_reader *r, GError **error, const char *what, size_t wanted)
{
	return damage(r, error, CAP_ERROR_TRUNCATED, "%s: %zu bytes, but only %zu left in the file",
		what, wanted, r->end - r->pos);
}

static int
ng_next(struct cap_reader *r, struct cap_pkt *pkt, GError **error)
{
	for (;;) {
		enum fill_rc rc = need(r, 12);

		if (G_UNLIKELY(rc != FILL_OK)) {
			if (rc == FILL_ERR)
				return damage(r, error, r->io_code, "%s", r->io_msg);
			if (r->end == r->pos)
				return 0;
			if (r->end - r->pos < 8)
				return truncated(r, error, "block header cut short", 8);
			/* 8..11 bytes: the smallest block is 12, decided below */
		}

		const uint8_t *b = r->buf + r->pos;
		uint32_t type = rd32(b, r->swap);

		if (type == NG_SHB) {
			/* §4.1: a new section, with its own byte order and interfaces */
			if (r->end - r->pos < 12)
				return truncated(r, error, "section header block cut short", 12);
			uint32_t bom = rd32(b + 8, false);

			if (bom == NG_BOM)
				r->swap = false;
			else if (bom == GUINT32_SWAP_LE_BE(NG_BOM))
				r->swap = true;
			else
				return damage(r, error, CAP_ERROR_CORRUPT,
					"SHB with byte-order magic %02x %02x %02x %02x", b[8], b[9],
					b[10], b[11]);
		}
		uint32_t tlen = rd32(b + 4, r->swap);

		if (tlen < 12 || tlen % 4 != 0)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"block 0x%08x: total length %u (needs 12+, a multiple of 4)", type,
				tlen);
		if (tlen > MAX_RECORD)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"block type 0x%08x with total length %u, over our %u-byte limit",
				type, tlen, MAX_RECORD);
		rc = need(r, tlen);
		if (G_UNLIKELY(rc != FILL_OK)) {
			if (rc == FILL_ERR)
				return damage(r, error, r->io_code, "%s", r->io_msg);
			return truncated(r, error, "block cut short", tlen);
		}
		b = r->buf + r->pos;
		uint32_t tlen2 = rd32(b + tlen - 4, r->swap);

		if (tlen2 != tlen)
			return damage(r, error, CAP_ERROR_CORRUPT,
				"block type 0x%08x: total length %u at its start but %u at its end",
				type, tlen, tlen2);

		int got;

		if (type == NG_SHB) {
			if (tlen < NG_SHB_MIN)
				return damage(r, error, CAP_ERROR_CORRUPT,
					"SHB of %u bytes, under its %u-byte minimum", tlen,
					NG_SHB_MIN);
			uint16_t major = rd16(b + 12, r->swap);

			if (major != 1)
				return damage(r, error, CAP_ERROR_CORRUPT,
					"pcapng major version %u (only 1 exists)", major);
			r->nifs = 0;
			got = 0;
		} else {
			got = ng_block(r, type, tlen, pkt, error);
			if (got < 0)
				return -1;
		}
		if (got) {
			pkt->n = ++r->n;
			pkt->off = r->base + r->pos;
			r->pos += tlen;
			return 1;
		}
		r->pos += tlen;
	}
}

static int
pcap_next(struct cap_reader *r, struct cap_pkt *pkt, GError **error)
{
	enum fill_rc rc = need(r, PCAP_REC_LEN);

	if (G_UNLIKELY(rc != FILL_OK)) {
		if (rc == FILL_ERR)
			return damage(r, error, r->io_code, "%s", r->io_msg);
		if (r->end == r->pos)
			return 0;
		return truncated(r, error, "record header cut short", PCAP_REC_LEN);
	}

	const uint8_t *b = r->buf + r->pos;
	uint32_t sec = rd32(b, r->swap);
	uint32_t frac = rd32(b + 4, r->swap);
	uint32_t caplen = rd32(b + 8, r->swap);
	uint32_t len = rd32(b + 12, r->swap);

	if (G_UNLIKELY(caplen > r->caplen_max))
		return damage(r, error, CAP_ERROR_CORRUPT,
			"captured length %u over the limit of %u (snaplen %u)", caplen,
			r->caplen_max, r->snaplen);
	if (G_UNLIKELY(caplen > len))
		return damage(r, error, CAP_ERROR_CORRUPT,
			"captured length %u greater than original length %u", caplen, len);
	rc = need(r, PCAP_REC_LEN + caplen);
	if (G_UNLIKELY(rc != FILL_OK)) {
		if (rc == FILL_ERR)
			return damage(r, error, r->io_code, "%s", r->io_msg);
		return damage(r, error, CAP_ERROR_TRUNCATED,
			"captured length %u, but only %zu bytes of it left in the file", caplen,
			r->end - r->pos - PCAP_REC_LEN);
	}
	b = r->buf + r->pos;

	pkt->data = b + PCAP_REC_LEN;
	pkt->caplen = caplen;
	pkt->len = len;
	pkt->sec = sec; /* §5: unsigned seconds */
	if (r->nano) {
		pkt->nsec = frac;
		pkt->prec = 9;
	} else {
		pkt->nsec = frac * 1000u;
		pkt->prec = 6;
	}
	if (G_UNLIKELY(frac >= (r->nano ? 1000000000u : 1000000u))) {
		/* out of range but not fatal (libpcap passes it on): carry into seconds */
		uint32_t per = r->nano ? 1000000000u : 1000000u;

		pkt->sec += frac / per;
		pkt->nsec = r->nano ? frac % per : frac % per * 1000u;
	}
	pkt->linktype = r->linktype;
	pkt->ifindex = 0;
	pkt->n = ++r->n;
	pkt->off = r->base + r->pos;
	r->pos += PCAP_REC_LEN + caplen;
	return 1;
}

int
cap_next(struct cap_reader *r, struct cap_pkt *pkt, GError **error)
{
	g_return_val_if_fail(r != NULL && pkt != NULL, -1);
	if (G_UNLIKELY(r->fail != NULL)) {
		g_propagate_error(error, g_error_copy(r->fail));
		return -1;
	}
	if (r->live)
		return cap_live_next(r->live, pkt, error);
	if (r->fmt == CAP_FMT_PCAP)
		return pcap_next(r, pkt, error);
	return ng_next(r, pkt, error);
}

const char *
cap_warning(const struct cap_reader *r)
{
	return r->warning;
}

static bool
open_fail(struct cap_reader *r, GError **error, enum cap_error_code code, const char *what)
{
	g_set_error(error, CAP_ERROR, code, "%s: %s", r->name, what);
	return false;
}

static bool
not_capture(struct cap_reader *r, GError **error, const char *why)
{
	size_t have = r->end - r->pos;
	GString *s = g_string_new(NULL);

	g_string_append_printf(
		s, "%s: not a capture file (pcap, pcapng, or gzip of either): ", r->name);
	if (have == 0) {
		g_string_append(s, r->gz ? "empty once decompressed" : "empty");
	} else {
		g_string_append(s, r->gz ? "first bytes once decompressed" : "first bytes");
		for (size_t i = 0; i < MIN(have, 4u); i++)
			g_string_append_printf(s, " %02x", r->buf[r->pos + i]);
		if (why)
			g_string_append_printf(s, " (%s)", why);
	}
	g_set_error_literal(error, CAP_ERROR, CAP_ERROR_FORMAT, s->str);
	g_string_free(s, TRUE);
	return false;
}

/* So that cap_linktype() answers right after cap_open(): looks, consuming nothing and
 * reporting nothing, for the first IDB among the blocks of the first section already in
 * the buffer (they open the file, so nearly always are). ng_next() checks them later. */
static void
ng_peek_linktype(struct cap_reader *r)
{
	size_t o = r->pos;

	while (r->end - o >= 16) {
		uint32_t type = rd32(r->buf + o, r->swap);
		uint32_t tlen = rd32(r->buf + o + 4, r->swap);

		if (tlen < 12 || tlen % 4 != 0 || tlen > r->end - o ||
			(type == NG_SHB && o > r->pos))
			return;
		if (type == NG_IDB) {
			if (tlen >= NG_IDB_MIN)
				r->first_linktype = rd16(r->buf + o + 8, r->swap);
			return;
		}
		o += tlen;
	}
}

/* Reads the first bytes: gzip or not, then pcap or pcapng. Leaves r->pos at the first
 * record (pcap) or at the SHB, which ng_next() parses like any later one (pcapng). */
static bool
open_header(struct cap_reader *r, GError **error)
{
	uint8_t magic[2];
	size_t have = 0;

	while (have < sizeof(magic)) {
		ssize_t got = read_some(r->fd, magic + have, sizeof(magic) - have);

		if (got < 0)
			return open_fail(r, error, CAP_ERROR_OPEN, g_strerror(errno));
		if (got == 0)
			break;
		have += (size_t)got;
	}
	if (have == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		/* RFC 1952 §2.3.1: ID1 ID2; windowBits 16+15 expects the gzip wrapper */
		r->gz = true;
		r->zin = g_malloc(ZIN_SIZE);
		memcpy(r->zin, magic, have);
		r->z.next_in = r->zin;
		r->z.avail_in = (uInt)have;
		r->zin_total = have;
		if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK)
			return open_fail(r, error, CAP_ERROR_OPEN, "cannot initialise zlib");
	} else {
		memcpy(r->buf, magic, have);
		r->end = have;
	}

	if (need(r, 12) == FILL_ERR)
		return open_fail(r, error, r->io_code, r->io_msg);
	have = r->end - r->pos;
	if (have < 4)
		return not_capture(r, error, NULL);

	uint32_t m = rd32(r->buf, false);

	if (m == NG_SHB) {
		if (have < 12)
			return not_capture(r, error, "a pcapng section header needs 12 bytes");
		uint32_t bom = rd32(r->buf + 8, false);

		if (bom != NG_BOM && bom != GUINT32_SWAP_LE_BE(NG_BOM))
			return not_capture(r, error, "no pcapng byte-order magic");
		r->fmt = CAP_FMT_PCAPNG;
		r->swap = bom != NG_BOM;
		ng_peek_linktype(r);
		return true;
	}

	if (m == PCAP_MAGIC_US || m == PCAP_MAGIC_NS) {
		r->swap = false;
	} else if (m == GUINT32_SWAP_LE_BE(PCAP_MAGIC_US) ||
		   m == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NS)) {
		r->swap = true;
	} else {
		return not_capture(r, error, NULL);
	}
	r->nano = rd32(r->buf, r->swap) == PCAP_MAGIC_NS;
	if (need(r, PCAP_HDR_LEN) == FILL_ERR)
		return open_fail(r, error, r->io_code, r->io_msg);
	if (r->end - r->pos < PCAP_HDR_LEN)
		return not_capture(r, error, "a pcap file header needs 24 bytes");

	uint16_t major = rd16(r->buf + 4, r->swap);

	if (major != 2) {
		char *what =
			g_strdup_printf("pcap major version %u is not supported (only 2)", major);

		open_fail(r, error, CAP_ERROR_FORMAT, what);
		g_free(what);
		return false;
	}
	r->fmt = CAP_FMT_PCAP;
	r->snaplen = rd32(r->buf + 16, r->swap);
	/* §4: LinkType is the low 16 bits; above it sit reserved bits and the FCS length */
	r->linktype = (int)(rd32(r->buf + 20, r->swap) & 0xffffu);
	r->caplen_max = MIN(MAX(r->snaplen, PCAP_LENIENT_CAPLEN), MAX_RECORD - PCAP_REC_LEN);
	r->first_linktype = r->linktype;
	r->pos = PCAP_HDR_LEN;
	return true;
}

struct cap_reader *
cap_open(const char *path, GError **error)
{
	struct cap_reader *r;

	g_return_val_if_fail(path != NULL, NULL);
	r = g_new0(struct cap_reader, 1);
	r->first_linktype = -1;
	r->linktype = -1;
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
		r->name = g_strdup("<stdin>");
	} else {
		r->name = g_strdup(path);
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			open_fail(r, error, CAP_ERROR_OPEN, g_strerror(errno));
			goto out_free;
		}
		r->own_fd = true;
		/* a hint only: we read front to back, once */
		(void)posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	r->cap = BUF_SIZE;
	r->buf = g_malloc(r->cap);
	if (!open_header(r, error))
		goto out_free;
	return r;

out_free:
	cap_close(r);
	return NULL;
}

struct cap_reader *
cap_reader_new_live(struct cap_live *l, const char *name, int linktype)
{
	struct cap_reader *r = g_new0(struct cap_reader, 1);

	r->live = l;
	r->name = g_strdup(name);
	r->fmt = CAP_FMT_PCAP;
	r->fd = -1;
	r->linktype = linktype;
	r->first_linktype = linktype;
	return r;
}

struct cap_live *
cap_reader_live(const struct cap_reader *r)
{
	return r->live;
}

int
cap_linktype(const struct cap_reader *r)
{
	return r->first_linktype;
}

enum cap_format
cap_format(const struct cap_reader *r)
{
	return r->fmt;
}

bool
cap_gzipped(const struct cap_reader *r)
{
	return r->gz;
}

const char *
cap_name(const struct cap_reader *r)
{
	return r->name;
}

void
cap_close(struct cap_reader *r)
{
	if (r == NULL)
		return;
	cap_live_free(r->live);
	if (r->gz && r->zin != NULL)
		inflateEnd(&r->z);
	g_free(r->warning);
	if (r->own_fd)
		close(r->fd);
	g_free(r->zin);
	g_free(r->buf);
	g_free(r->ifs);
	g_free(r->name);
	if (r->fail)
		g_error_free(r->fail);
	g_free(r);
}
