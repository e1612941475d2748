/* writer.c - pcap files out: draft-ietf-opsawg-pcap §4 (file header), §5 (records), gzip
 * (RFC 1952) through zlib's gz* functions, rotation and a ring of files. See writer.h for
 * the names and the flushing guarantee.
 *
 * Plain files: records gather in one buffer that is written with write(2) whole, always
 * ending on a record boundary: a record (its 16-byte header and its data) goes into the
 * buffer as one unit or, when the buffer has no room for it, after the buffer is written;
 * one larger than the whole buffer is written by itself with one writev(2). So a process
 * killed between two writes (SIGKILL: issue 17 saw half a record at 47k packets/s when the
 * header and the data were buffered apart) leaves whole records only; what remains is a
 * write(2) the kernel cuts short (a full disk, or a fatal signal taken between two pages
 * of one large write).
 * gzip files: gzwrite() buffers and compresses; gzflush(Z_SYNC_FLUSH) makes everything
 * written so far decompressible without the trailer.
 */
#include "capture/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib.h>
#include <zlib.h>

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_HDR_LEN  24u
#define PCAP_REC_LEN  16u

/* room for the largest record a default snaplen makes (262144 + 16): one unit, one write */
#define BUF_SIZE         (512u << 10)
#define GZ_BUF_SIZE      (128u << 10)
#define DEFAULT_SNAPLEN  262144u
#define DEFAULT_FLUSH_MS 1000u

struct cap_writer {
	char *out;  /* the name given: files are named after it */
	char *path; /* the current file */
	struct cap_writer_opts o;
	bool gz;
	bool to_stdout;

	int fd;
	gzFile gzf;
	uint8_t *buf; /* plain: records not yet written */
	size_t fill;

	unsigned index; /* current file's number, from 0 */
	uint64_t file_bytes;
	uint64_t file_pkts;
	int64_t file_start; /* timestamp of the file's first packet */
	uint64_t pkts;
	bool dirty;         /* records buffered since the last flush */
	int64_t last_flush; /* g_get_monotonic_time() */
	bool broken;
	uint8_t rec[2048]; /* gzip: a record put together for one gzwrite() */
};

char *
cap_writer_file_name(const char *out, unsigned i)
{
	size_t n = strlen(out);

	if (i == 0)
		return g_strdup(out);
	if (n > 3 && strcmp(out + n - 3, ".gz") == 0)
		return g_strdup_printf("%.*s.%u.gz", (int)(n - 3), out, i);
	return g_strdup_printf("%s.%u", out, i);
}

static bool
fail_code(struct cap_writer *w, GError **error, int code, const char *what, const char *why)
{
	w->broken = true;
	g_set_error(error, CAP_ERROR, code, "%s: %s: %s",
		w->to_stdout ? "standard output" : w->path, what, why);
	return false;
}

static bool
fail(struct cap_writer *w, GError **error, const char *what, const char *why)
{
	return fail_code(w, error, CAP_ERROR_OPEN, what, why);
}

static bool
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t put = write(fd, p, n);

		if (put < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += put;
		n -= (size_t)put;
	}
	return true;
}

/* Both pieces with one writev(2) per attempt; the rest after a short write. */
static bool
writev_all(int fd, const void *a, size_t na, const void *b, size_t nb)
{
	struct iovec iov[2] = { { (void *)(uintptr_t)a, na }, { (void *)(uintptr_t)b, nb } };
	int i = 0;
	while (i < 2) {
		ssize_t put = writev(fd, iov + i, 2 - i);
		if (put < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		size_t left = (size_t)put;
		while (i < 2 && left >= iov[i].iov_len) {
			left -= iov[i].iov_len;
			i++;
		}
		if (i < 2) {
			iov[i].iov_base = (char *)iov[i].iov_base + left;
			iov[i].iov_len -= left;
		}
	}
	return true;
}

static const char *
gz_why(gzFile gzf)
{
	int zerr = Z_OK;
	const char *msg = gzerror(gzf, &zerr);

	return zerr == Z_ERRNO ? g_strerror(errno) : msg;
}

/* Appends n bytes of the current file: to the buffer (plain) or to zlib (gzip). */
static bool
put(struct cap_writer *w, const void *p, size_t n, GError **error)
{
	if (w->gz) {
		if (gzwrite(w->gzf, p, (unsigned)n) != (int)n)
			return fail(w, error, "write failed", gz_why(w->gzf));
	} else {
		if (w->fill + n > BUF_SIZE) {
			if (!write_all(w->fd, w->buf, w->fill))
				return fail(w, error, "write failed", g_strerror(errno));
			w->fill = 0;
		}
		if (n > BUF_SIZE) {
			if (!write_all(w->fd, p, n))
				return fail(w, error, "write failed", g_strerror(errno));
		} else {
			memcpy(w->buf + w->fill, p, n);
			w->fill += n;
		}
	}
	w->file_bytes += n;
	w->dirty = true;
	return true;
}

/* Appends one record, header and data as one unit (see the head of this file): plain
 * files never see a flush between them; zlib gets them in one gzwrite(). */
static bool
put_record(struct cap_writer *w, const uint8_t hdr[PCAP_REC_LEN], const uint8_t *data,
	uint32_t caplen, GError **error)
{
	size_t n = PCAP_REC_LEN + (size_t)caplen;
	if (w->gz) {
		uint8_t *rec = w->rec;
		if (n > sizeof(w->rec))
			rec = g_malloc(n);
		memcpy(rec, hdr, PCAP_REC_LEN);
		if (caplen)
			memcpy(rec + PCAP_REC_LEN, data, caplen);
		bool ok = gzwrite(w->gzf, rec, (unsigned)n) == (int)n;
		if (rec != w->rec)
			g_free(rec);
		if (!ok)
			return fail(w, error, "write failed", gz_why(w->gzf));
	} else {
		if (w->fill + n > BUF_SIZE) {
			if (!write_all(w->fd, w->buf, w->fill))
				return fail(w, error, "write failed", g_strerror(errno));
			w->fill = 0;
		}
		if (n > BUF_SIZE) {
			if (!writev_all(w->fd, hdr, PCAP_REC_LEN, data, caplen))
				return fail(w, error, "write failed", g_strerror(errno));
		} else {
			memcpy(w->buf + w->fill, hdr, PCAP_REC_LEN);
			if (caplen)
				memcpy(w->buf + w->fill + PCAP_REC_LEN, data, caplen);
			w->fill += n;
		}
	}
	w->file_bytes += n;
	w->dirty = true;
	return true;
}

static bool
open_file(struct cap_writer *w, GError **error)
{
	g_free(w->path);
	w->path = cap_writer_file_name(w->out, w->index);
	if (w->to_stdout) {
		w->fd = STDOUT_FILENO;
	} else {
		w->fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (w->fd < 0) {
			int e = errno;

			/* told apart: after a privilege drop, the capture explains the refusal */
			return fail_code(w, error,
				e == EACCES || e == EPERM ? CAP_ERROR_DENIED : CAP_ERROR_OPEN,
				"cannot create", g_strerror(e));
		}
	}
	if (w->gz) {
		/* level 1: a capture must keep up with the wire; pcap compresses well anyway */
		w->gzf = gzdopen(w->fd, "wb1");
		if (w->gzf == NULL) {
			close(w->fd);
			w->fd = -1;
			return fail(w, error, "cannot start gzip", "out of memory");
		}
		gzbuffer(w->gzf, GZ_BUF_SIZE);
	}
	w->file_bytes = 0;
	w->file_pkts = 0;

	/* §4: written in our byte order, as libpcap does; readers check the magic */
	uint8_t b[PCAP_HDR_LEN] = { 0 };
	uint32_t magic = w->o.nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US;
	uint16_t major = 2, minor = 4;
	uint32_t linktype = (uint32_t)w->o.linktype & 0xffffu;

	memcpy(b, &magic, 4);
	memcpy(b + 4, &major, 2);
	memcpy(b + 6, &minor, 2);
	/* 8..15: reserved, zero */
	memcpy(b + 16, &w->o.snaplen, 4);
	memcpy(b + 20, &linktype, 4);
	if (!put(w, b, sizeof(b), error))
		return false;

	/* the ring: file index - ring has just left it */
	if (w->o.ring && w->index >= w->o.ring) {
		char *old = cap_writer_file_name(w->out, w->index - w->o.ring);
		bool ok = unlink(old) == 0 || errno == ENOENT;

		if (!ok) {
			w->broken = true;
			g_set_error(error, CAP_ERROR, CAP_ERROR_OPEN,
				"%s: cannot delete it to keep the last %u files: %s", old,
				w->o.ring, g_strerror(errno));
		}
		g_free(old);
		if (!ok)
			return false;
	}
	return true;
}

/* Pushes what is buffered to the current file. */
static bool
flush_now(struct cap_writer *w, GError **error)
{
	if (w->gz) {
		if (gzflush(w->gzf, Z_SYNC_FLUSH) != Z_OK)
			return fail(w, error, "write failed", gz_why(w->gzf));
	} else if (w->fill) {
		if (!write_all(w->fd, w->buf, w->fill))
			return fail(w, error, "write failed", g_strerror(errno));
		w->fill = 0;
	}
	w->dirty = false;
	w->last_flush = g_get_monotonic_time();
	return true;
}

static bool
close_file(struct cap_writer *w, GError **error)
{
	bool ok = true;

	if (w->gz) {
		int zrc = gzclose(w->gzf); /* closes fd too */

		w->gzf = NULL;
		if (zrc != Z_OK && ok) {
			ok = false;
			fail(w, error, "closing failed",
				zrc == Z_ERRNO ? g_strerror(errno) : zError(zrc));
		}
	} else {
		ok = flush_now(w, error);
		if (!w->to_stdout && close(w->fd) != 0 && ok) {
			ok = fail(w, error, "closing failed", g_strerror(errno));
		}
	}
	w->fd = -1;
	return ok;
}

struct cap_writer *
cap_writer_open(const char *path, const struct cap_writer_opts *o, GError **error)
{
	g_return_val_if_fail(path != NULL && o != NULL, NULL);
	struct cap_writer *w = g_new0(struct cap_writer, 1);
	size_t n = strlen(path);

	w->o = *o;
	if (w->o.snaplen == 0)
		w->o.snaplen = DEFAULT_SNAPLEN;
	if (w->o.flush_ms == 0)
		w->o.flush_ms = DEFAULT_FLUSH_MS;
	w->out = g_strdup(path);
	w->fd = -1;
	w->to_stdout = strcmp(path, "-") == 0;
	w->gz = !w->to_stdout && n > 3 && strcmp(path + n - 3, ".gz") == 0;
	if (w->to_stdout && (o->rotate_bytes || o->rotate_seconds || o->ring)) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_OPEN,
			"standard output cannot be rotated: give a file name");
		goto out_free;
	}
	if (!w->gz)
		w->buf = g_malloc(BUF_SIZE);
	w->last_flush = g_get_monotonic_time();
	if (!open_file(w, error))
		goto out_free;
	/* the header now, so even a capture that sees nothing leaves a valid file */
	if (!flush_now(w, error))
		goto out_free;
	return w;

out_free:
	cap_writer_close(w, NULL);
	return NULL;
}

static bool
rotate(struct cap_writer *w, GError **error)
{
	if (!close_file(w, error))
		return false;
	w->index++;
	return open_file(w, error);
}

bool
cap_writer_write(struct cap_writer *w, const struct cap_pkt *p, GError **error)
{
	g_return_val_if_fail(w != NULL && p != NULL, false);
	if (w->broken) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_OPEN, "%s: an earlier write failed",
			w->path);
		return false;
	}
	uint64_t rec = PCAP_REC_LEN + (uint64_t)p->caplen;

	if (w->file_pkts > 0) {
		bool by_size = w->o.rotate_bytes && w->file_bytes + rec > w->o.rotate_bytes;
		bool by_time = w->o.rotate_seconds &&
			       p->sec - w->file_start >= (int64_t)w->o.rotate_seconds;

		if ((by_size || by_time) && !rotate(w, error))
			return false;
	}
	if (w->file_pkts == 0)
		w->file_start = p->sec;

	/* §5: seconds, then micro- or nanoseconds, captured and original length */
	uint32_t h[4] = {
		(uint32_t)p->sec,
		w->o.nano ? p->nsec : p->nsec / 1000u,
		p->caplen,
		p->len,
	};
	uint8_t hb[PCAP_REC_LEN];
	memcpy(hb, h, sizeof(hb));

	if (!put_record(w, hb, p->data, p->caplen, error))
		return false;
	w->file_pkts++;
	w->pkts++;
	return cap_writer_tick(w, error);
}

bool
cap_writer_flush(struct cap_writer *w, GError **error)
{
	if (w->broken) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_OPEN, "%s: an earlier write failed",
			w->path);
		return false;
	}
	return flush_now(w, error);
}

bool
cap_writer_tick(struct cap_writer *w, GError **error)
{
	if (!w->dirty)
		return true;
	if (g_get_monotonic_time() - w->last_flush < (int64_t)w->o.flush_ms * 1000)
		return true;
	return cap_writer_flush(w, error);
}

bool
cap_writer_close(struct cap_writer *w, GError **error)
{
	bool ok = true;

	if (w == NULL)
		return true;
	if (w->fd >= 0 || w->gzf != NULL)
		ok = close_file(w, error);
	g_free(w->buf);
	g_free(w->path);
	g_free(w->out);
	g_free(w);
	return ok;
}

uint64_t
cap_writer_packets(const struct cap_writer *w)
{
	return w->pkts;
}

unsigned
cap_writer_files(const struct cap_writer *w)
{
	return w->index + 1;
}

const char *
cap_writer_path(const struct cap_writer *w)
{
	return w->path;
}
