/* out.h - the buffered writer every renderer writes through.
 *
 * NDJSON and text are the hot path: no per-packet allocation, no stdio locking. The buffer
 * is flushed with write(2) when full and at the end. A write that fails (EPIPE when the
 * reader of a pipe has gone, as with `| head`) marks the writer broken; callers check
 * out_broken() once per packet and stop quietly.
 */
#ifndef AWSTRACE_REPORTS_OUT_H
#define AWSTRACE_REPORTS_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#define OUT_BUF_SIZE (256 * 1024)

struct out {
	int fd;
	bool broken; /* a write failed: later output is dropped */
	int err;     /* errno of that failure */
	size_t n;
	char buf[OUT_BUF_SIZE];
};

struct out *out_new(int fd);
/* Flushes and frees; returns false when a write failed (other than EPIPE). */
bool out_free(struct out *o);
void out_flush(struct out *o);

/* One checked end for every command's output (issue 17, item 3). Flushes and frees o;
 * true when everything was written or the reader went away (EPIPE, as with `| head`:
 * quiet). Otherwise prints "awstrace: writing output failed: REASON" (strerror, e.g. "No
 * space left on device") on stderr once and returns false: the command exits 1. */
bool out_close_checked(struct out *o) G_GNUC_WARN_UNUSED_RESULT;

/* The same for what a command printed through stdio's stdout (printf, fwrite, g_print):
 * fflush(stdout) and its error indicator. Safe to call more than once; says it once. */
bool out_stdout_checked(void) G_GNUC_WARN_UNUSED_RESULT;

/* For atexit() in main(): runs out_stdout_checked() and, when stdout could not be written,
 * ends the process with status 1 - also after GOption's --help, which calls exit(0). */
void out_stdout_atexit(void);

/* Whether a failed write has already been reported (then callers say nothing more). */
bool out_failure_reported(void);

/* Makes room for n bytes (n <= 4096): flushes when needed. */
static inline char *
out_reserve(struct out *o, size_t n)
{
	if (OUT_BUF_SIZE - o->n < n)
		out_flush(o);
	return o->buf + o->n;
}

static inline void
out_mem(struct out *o, const void *p, size_t n)
{
	if (n > 4096) {
		out_flush(o);
		while (n > OUT_BUF_SIZE) {
			memcpy(o->buf, p, OUT_BUF_SIZE);
			o->n = OUT_BUF_SIZE;
			out_flush(o);
			p = (const char *)p + OUT_BUF_SIZE;
			n -= OUT_BUF_SIZE;
		}
	}
	memcpy(out_reserve(o, n), p, n);
	o->n += n;
}

static inline void
out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static inline void
out_ch(struct out *o, char ch)
{
	*out_reserve(o, 1) = ch;
	o->n++;
}

void out_u64(struct out *o, uint64_t v);
void out_i64(struct out *o, int64_t v);
/* v as 0x followed by `digits` lowercase hex digits (at least) */
void out_hex0x(struct out *o, uint64_t v, int digits);
/* n bytes as lowercase hex, no separators */
void out_hexbytes(struct out *o, const uint8_t *p, size_t n);
void out_mac(struct out *o, const uint8_t mac[6]);
void out_ipv4(struct out *o, const uint8_t a[4]);
/* RFC 5952 text form */
void out_ipv6(struct out *o, const uint8_t a[16]);
/* An RFC 8259 string: quotes, escapes; bytes that are not valid UTF-8 become U+FFFD. */
void out_json_str(struct out *o, const char *s, size_t n);
/* ISO 8601 UTC with 6 or 9 fractional digits and Z, without localtime() or gmtime() */
void out_time(struct out *o, int64_t sec, uint32_t nsec, int prec);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "1023 B", "1.5 KiB", "12.0 MiB", "3.2 GiB" into buf (binary units, one decimal). */
void out_human_bytes(char *buf, size_t n, uint64_t b);

static inline bool
out_broken(const struct out *o)
{
	return o->broken;
}

#endif /* AWSTRACE_REPORTS_OUT_H */
