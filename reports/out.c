/* out.c - the buffered writer (see out.h): integer, address, time and JSON string
 * formatting without stdio or per-call allocation. */
#include "reports/out.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <glib.h>

#include "model/json.h"

struct out *
out_new(int fd)
{
	struct out *o = g_malloc(sizeof(*o));
	o->fd = fd;
	o->broken = false;
	o->err = 0;
	o->n = 0;
	return o;
}

void
out_flush(struct out *o)
{
	size_t done = 0;
	while (done < o->n && !o->broken) {
		ssize_t w = write(o->fd, o->buf + done, o->n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->broken = true;
			o->err = errno;
			break;
		}
		done += (size_t)w;
	}
	o->n = 0;
}

bool
out_free(struct out *o)
{
	if (!o)
		return true;
	out_flush(o);
	bool ok = !o->broken || o->err == EPIPE;
	g_free(o);
	return ok;
}

static bool write_failure_reported;

bool
out_failure_reported(void)
{
	return write_failure_reported;
}

static void
report_write_failure(int err)
{
	if (write_failure_reported)
		return;
	write_failure_reported = true;
	fprintf(stderr, "awstrace: writing output failed: %s\n",
		err ? g_strerror(err) : "unknown error");
}

bool
out_close_checked(struct out *o)
{
	if (!o)
		return true;
	out_flush(o);
	int err = o->broken ? o->err : 0;
	g_free(o);
	if (!err || err == EPIPE)
		return true;
	report_write_failure(err);
	return false;
}

bool
out_stdout_checked(void)
{
	errno = 0;
	int rc = fflush(stdout);
	int err = errno;
	if (rc == 0 && !ferror(stdout))
		return true;
	if (err == EPIPE)
		return true;
	/* an earlier write failed and this flush had nothing left to try: ask once more with
	 * an empty write, which reports the same condition on a full device */
	if (!err) {
		errno = 0;
		if (write(STDOUT_FILENO, "", 0) < 0)
			err = errno;
	}
	if (err == EPIPE)
		return true;
	report_write_failure(err);
	return false;
}

void
out_stdout_atexit(void)
{
	if (!out_stdout_checked())
		_exit(1);
	/* reported earlier by a command that then returned its own status: keep that */
}

static const char digit_pairs[201] = "00010203040506070809"
				     "10111213141516171819"
				     "20212223242526272829"
				     "30313233343536373839"
				     "40414243444546474849"
				     "50515253545556575859"
				     "60616263646566676869"
				     "70717273747576777879"
				     "80818283848586878889"
				     "90919293949596979899";

/* Digits are written straight into the buffer, right to left, once their count is known:
 * a variable-length memcpy per number was the largest cost of --json. */
static inline unsigned
dec_digits(uint64_t v)
{
	unsigned n = 1;
	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

static inline void
put_u64(char *end, uint64_t v)
{
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		end -= 2;
		end[0] = digit_pairs[2 * r];
		end[1] = digit_pairs[2 * r + 1];
	}
	if (v >= 10) {
		end -= 2;
		end[0] = digit_pairs[2 * v];
		end[1] = digit_pairs[2 * v + 1];
	} else {
		*--end = (char)('0' + v);
	}
}

void
out_u64(struct out *o, uint64_t v)
{
	unsigned n = dec_digits(v);
	char *w = out_reserve(o, 20);
	put_u64(w + n, v);
	o->n += n;
}

void
out_i64(struct out *o, int64_t v)
{
	if (v < 0) {
		out_ch(o, '-');
		out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		out_u64(o, (uint64_t)v);
	}
}

static const char hexd[] = "0123456789abcdef";

void
out_hex0x(struct out *o, uint64_t v, int digits)
{
	char tmp[18];
	int n = 0;
	for (uint64_t t = v; t; t >>= 4)
		n++;
	if (n < digits)
		n = digits;
	if (n == 0)
		n = 1;
	tmp[0] = '0';
	tmp[1] = 'x';
	for (int i = 0; i < n; i++)
		tmp[2 + n - 1 - i] = hexd[(v >> (4 * i)) & 0xF];
	out_mem(o, tmp, (size_t)n + 2);
}

void
out_hexbytes(struct out *o, const uint8_t *p, size_t n)
{
	while (n > 0) {
		size_t k = n > 1024 ? 1024 : n;
		char *w = out_reserve(o, 2 * k);
		for (size_t i = 0; i < k; i++) {
			w[2 * i] = hexd[p[i] >> 4];
			w[2 * i + 1] = hexd[p[i] & 0xF];
		}
		o->n += 2 * k;
		p += k;
		n -= k;
	}
}

void
out_mac(struct out *o, const uint8_t mac[6])
{
	char *w = out_reserve(o, 17);
	for (int i = 0; i < 6; i++) {
		w[3 * i] = hexd[mac[i] >> 4];
		w[3 * i + 1] = hexd[mac[i] & 0xF];
		if (i < 5)
			w[3 * i + 2] = ':';
	}
	o->n += 17;
}

void
out_ipv4(struct out *o, const uint8_t a[4])
{
	char *w = out_reserve(o, 15), *p = w;
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		unsigned v = a[i];
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			v %= 100;
			*p++ = digit_pairs[2 * v];
			*p++ = digit_pairs[2 * v + 1];
		} else if (v >= 10) {
			*p++ = digit_pairs[2 * v];
			*p++ = digit_pairs[2 * v + 1];
		} else {
			*p++ = (char)('0' + v);
		}
	}
	o->n += (size_t)(p - w);
}

/* RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups
 * (the first of equal runs) as "::"; §5: IPv4-mapped addresses end in dotted decimal. */
void
out_ipv6(struct out *o, const uint8_t a[16])
{
	uint16_t g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
	int best = -1, bestlen = 1;
	for (int i = 0; i < 8;) {
		if (g[i] != 0) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 &&
		g[5] == 0xFFFF;
	int last = mapped ? 5 : 8;
	if (mapped) {
		best = 0;
		bestlen = 5;
	}
	for (int i = 0; i < last; i++) {
		if (i == best) {
			out_str(o, "::");
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			out_ch(o, ':');
		char tmp[4];
		int n = 0;
		for (int s = 12; s >= 0; s -= 4)
			if (g[i] >> s || n || s == 0)
				tmp[n++] = hexd[(g[i] >> s) & 0xF];
		out_mem(o, tmp, (size_t)n);
	}
	if (mapped) {
		out_str(o, "ffff:");
		out_ipv4(o, a + 12);
	}
}

/* Valid UTF-8 passes; each byte that does not start a valid sequence becomes U+FFFD so
 * the output stays valid JSON whatever the packet held (RFC 8259 §8.1): model/json.c, the
 * escaper explain's JSON uses too. */
static void
out_put(void *ctx, const char *p, size_t n)
{
	out_mem(ctx, p, n);
}

void
out_json_str(struct out *o, const char *s, size_t n)
{
	out_ch(o, '"');
	model_json_escape(s, n, out_put, o);
	out_ch(o, '"');
}

/* Days since 1970-01-01 to a proleptic Gregorian date, by 400-year eras (the era holds
 * 146097 days; March-based years put the leap day last). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

/* The date and clock text of the last second printed is kept: captures are in time order,
 * so most packets reuse it and only the fraction is formatted. */
static int64_t cached_sec = INT64_MIN;
static char cached_text[32];
static size_t cached_len;

void
out_time(struct out *o, int64_t sec, uint32_t nsec, int prec)
{
	if (sec != cached_sec) {
		int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
		int64_t rem = sec - days * 86400;
		int64_t y;
		unsigned m, d;
		civil_from_days(days, &y, &m, &d);
		int n = snprintf(cached_text, sizeof(cached_text), "%04lld-%02u-%02uT%02u:%02u:%02u",
			(long long)y, m, d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
			(unsigned)(rem % 60));
		cached_len = n > 0 && (size_t)n < sizeof(cached_text) ? (size_t)n : 0;
		cached_sec = sec;
	}
	char *w = out_reserve(o, cached_len + 12);
	memcpy(w, cached_text, cached_len);
	w += cached_len;
	*w++ = '.';
	uint32_t f = prec == 9 ? nsec : nsec / 1000;
	for (int i = prec - 1; i >= 0; i--) {
		w[i] = (char)('0' + f % 10);
		f /= 10;
	}
	w += prec;
	*w++ = 'Z';
	o->n += cached_len + 1 + (size_t)prec + 1;
}

void
out_printf(struct out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		out_mem(o, tmp, (size_t)n);
		return;
	}
	char *big = g_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_mem(o, big, (size_t)n);
	g_free(big);
}

void
out_human_bytes(char *buf, size_t n, uint64_t b)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	if (b < 1024) {
		snprintf(buf, n, "%" PRIu64 " B", b);
		return;
	}
	double v = (double)b / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, "%.1f %s", v, units[u]);
}
