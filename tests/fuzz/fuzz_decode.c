/* fuzz_decode.c - libFuzzer targets over the decoders, the renderers and the capture reader.
 *
 * One source, compiled once per target with -DFUZZ_ENTRY='"name"' (tests/fuzz/fuzz.mk):
 *   eth raw sll sll2 null  the input is a whole frame of that link type; so for
 *   loop raw12 raw14       LINKTYPE_LOOP (108), DLT_RAW as BSDs (12) and OpenBSD (14)
 *   raw_ipv4 raw_ipv6      number it, LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229) and
 *   juniper                LINKTYPE_JUNIPER_ETHER (178);
 *   ipv4 ipv6 macsec vlan  the input follows an Ethernet header with that ethertype;
 *   tcp udp esp            the input follows Ethernet + IPv4 with protocol 6, 17, 50;
 *   geneve vxlan esp_natt ike dns
 *                          the input follows Ethernet + IPv4 + UDP to 6081, 4789, 4500, 500,
 *                          53;
 *   bgp dns_tcp http2      the input follows Ethernet + IPv4 + TCP to 179, 53, 8080 (one
 *                          segment, without reassembly);
 *   bfd lacp               the input follows Ethernet + IPv4 + UDP to 3784, or an Ethernet
 *                          header with the Slow Protocols type 0x8809;
 *   gre                    the input follows Ethernet + IPv4 with protocol 47 (GRE, ERSPAN);
 *   mpls                   the input follows an Ethernet header with ethertype 0x8847;
 *   ppp                    the input is a whole frame of LINKTYPE_PPP (9);
 *   reader                 the input is a capture file (pcap, pcapng, gzip of either), read
 *                          through cap_open()/cap_next() and every packet decoded.
 * The frame is copied into a buffer of exactly its size, so ASan sees a read past caplen.
 * Every decoded packet is rendered as text and as JSON; besides the sanitizers, the output
 * is checked: the text is one line, the JSON one line of RFC 8259 JSON in valid UTF-8, and
 * the view's counts, protocols, codes and layer offsets stay in range. Every decoded
 * packet also goes into one flow table kept across inputs (small, so eviction and the ESP
 * SA pairing's side map are exercised), and each finished flow is checked. A failed check
 * aborts, which libFuzzer reports as a crash.
 */
#define _GNU_SOURCE /* memfd_create() */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "capture/capture.h"
#include "decode/decode.h"
#include "decode/flow.h"
#include "reports/out.h"
#include "reports/render.h"

#ifndef FUZZ_ENTRY
#error "FUZZ_ENTRY must name the entry point, e.g. -DFUZZ_ENTRY='\"eth\"'"
#endif

/* Renderer output is checked only when it cannot have been flushed part-way. */
#define FUZZ_CHECK_MAX_CAPLEN (32 * 1024)
/* A small gzip file can inflate to very many packets: enough to reach every reader state. */
#define FUZZ_READER_MAX_PKTS 4096
#define FUZZ_JSON_MAX_DEPTH 64

struct fuzz_entry {
	const char *name;
	int linktype;       /* -1: the input is a capture file */
	uint16_t ethertype; /* set: an Ethernet header with this type comes first */
	uint8_t ipproto;    /* set: then an IPv4 header with this protocol */
	uint16_t sport, dport; /* set: then a UDP (ipproto 17) or TCP (6) header with these ports */
};

static const struct fuzz_entry entries[] = {
	{ "eth", DEC_LINK_EN10MB, 0, 0, 0, 0 },
	{ "raw", DEC_LINK_RAW, 0, 0, 0, 0 },
	{ "sll", DEC_LINK_SLL, 0, 0, 0, 0 },
	{ "sll2", DEC_LINK_SLL2, 0, 0, 0, 0 },
	{ "null", DEC_LINK_NULL, 0, 0, 0, 0 },
	{ "loop", DEC_LINK_LOOP, 0, 0, 0, 0 },
	{ "raw12", DEC_LINK_RAW_12, 0, 0, 0, 0 },
	{ "raw14", DEC_LINK_RAW_14, 0, 0, 0, 0 },
	{ "raw_ipv4", DEC_LINK_IPV4, 0, 0, 0, 0 },
	{ "raw_ipv6", DEC_LINK_IPV6, 0, 0, 0, 0 },
	{ "juniper", DEC_LINK_JUNIPER_ETHER, 0, 0, 0, 0 },
	{ "ipv4", DEC_LINK_EN10MB, 0x0800, 0, 0, 0 },
	{ "ipv6", DEC_LINK_EN10MB, 0x86DD, 0, 0, 0 },
	{ "macsec", DEC_LINK_EN10MB, 0x88E5, 0, 0, 0 },
	{ "vlan", DEC_LINK_EN10MB, 0x8100, 0, 0, 0 },
	{ "tcp", DEC_LINK_EN10MB, 0x0800, 6, 0, 0 },
	{ "udp", DEC_LINK_EN10MB, 0x0800, 17, 0, 0 },
	{ "esp", DEC_LINK_EN10MB, 0x0800, 50, 0, 0 },
	/* source ports above the destination's, which dispatch tries first */
	{ "geneve", DEC_LINK_EN10MB, 0x0800, 17, 60000, 6081 },
	{ "vxlan", DEC_LINK_EN10MB, 0x0800, 17, 60000, 4789 },
	{ "esp_natt", DEC_LINK_EN10MB, 0x0800, 17, 4500, 4500 },
	{ "ike", DEC_LINK_EN10MB, 0x0800, 17, 500, 500 },
	{ "bgp", DEC_LINK_EN10MB, 0x0800, 6, 40000, 179 },
	{ "dns", DEC_LINK_EN10MB, 0x0800, 17, 40000, 53 },
	{ "dns_tcp", DEC_LINK_EN10MB, 0x0800, 6, 40000, 53 },
	{ "http2", DEC_LINK_EN10MB, 0x0800, 6, 40000, 8080 },
	{ "reader", -1, 0, 0, 0, 0 },
	{ "bfd", DEC_LINK_EN10MB, 0x0800, 17, 60000, 3784 },
	{ "lacp", DEC_LINK_EN10MB, 0x8809, 0, 0, 0 },
	{ "gre", DEC_LINK_EN10MB, 0x0800, 47, 0, 0 },
	{ "mpls", DEC_LINK_EN10MB, 0x8847, 0, 0, 0 },
	{ "ppp", DEC_LINK_PPP, 0, 0, 0, 0 },
};

struct fuzz_state {
	const struct fuzz_entry *e;
	struct dec *d;
	struct out *o;
	struct flow_table *flows;
	int memfd; /* reader: the input as a file */
	int linefd; /* check_colour(): one line as written, flushes included */
	struct out *line;
	char path[64];
};

static struct fuzz_state st;

static void G_GNUC_NORETURN G_GNUC_PRINTF(1, 2)
fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "fuzz_%s: ", st.e->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* A finished flow: counts add up, a carrier names a label, the Community ID computes. */
static void
on_flow_done(const struct flow *f, void *user)
{
	(void)user;
	if (f->pkts[0] + f->pkts[1] == 0)
		fail("flow %" G_GUINT64_FORMAT " finished without packets", (guint64)f->id);
	if (cap_time_cmp(f->last, f->first) < 0)
		fail("flow %" G_GUINT64_FORMAT " ends before it starts", (guint64)f->id);
	if (f->carrier && !flow_table_label(st.flows, f->carrier))
		fail("flow %" G_GUINT64_FORMAT ": carrier %u has no label", (guint64)f->id, f->carrier);
	char cid[32];
	flow_community_id_of(f, cid);
	if (strlen(cid) >= sizeof(cid))
		fail("community id overflow");
}

static void
init(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(entries); i++)
		if (strcmp(entries[i].name, FUZZ_ENTRY) == 0)
			st.e = &entries[i];
	if (!st.e) {
		fprintf(stderr, "fuzz: no entry point named %s\n", FUZZ_ENTRY);
		abort();
	}
	st.d = dec_new();
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		perror("fuzz: /dev/null");
		abort();
	}
	st.o = out_new(fd);
	st.linefd = memfd_create("awstrace-fuzz-line", MFD_CLOEXEC);
	if (st.linefd < 0) {
		perror("fuzz: memfd_create");
		abort();
	}
	st.line = out_new(st.linefd);
	struct flow_limits lim = { .idle_timeout = 60, .max_flows = 256 };
	st.flows = flow_table_new(&lim, on_flow_done, NULL);
	st.memfd = -1;
	if (st.e->linktype < 0) {
		st.memfd = memfd_create("awstrace-fuzz", MFD_CLOEXEC);
		if (st.memfd < 0) {
			perror("fuzz: memfd_create");
			abort();
		}
		/* cap_open() opens the path anew: the copy reads from offset 0 */
		snprintf(st.path, sizeof(st.path), "/proc/self/fd/%d", st.memfd);
	}
}

/* A strict RFC 8259 checker over [p, end): structure, strings, numbers. UTF-8 validity of
 * the whole text is checked apart, with g_utf8_validate(). */
struct jv {
	const char *p, *end;
	int depth;
};

static bool jv_value(struct jv *v);

static void
jv_ws(struct jv *v)
{
	while (v->p < v->end && (*v->p == ' ' || *v->p == '\t' || *v->p == '\n' || *v->p == '\r'))
		v->p++;
}

static bool
jv_eat(struct jv *v, char ch)
{
	if (v->p < v->end && *v->p == ch) {
		v->p++;
		return true;
	}
	return false;
}

static bool
jv_literal(struct jv *v, const char *s)
{
	size_t n = strlen(s);
	if ((size_t)(v->end - v->p) < n || memcmp(v->p, s, n) != 0)
		return false;
	v->p += n;
	return true;
}

static bool
jv_digits(struct jv *v)
{
	const char *start = v->p;
	while (v->p < v->end && g_ascii_isdigit(*v->p))
		v->p++;
	return v->p > start;
}

static bool
jv_number(struct jv *v)
{
	jv_eat(v, '-');
	if (!jv_eat(v, '0') && !jv_digits(v))
		return false;
	if (jv_eat(v, '.') && !jv_digits(v))
		return false;
	if (jv_eat(v, 'e') || jv_eat(v, 'E')) {
		if (!jv_eat(v, '+'))
			jv_eat(v, '-');
		if (!jv_digits(v))
			return false;
	}
	return true;
}

static bool
jv_string(struct jv *v)
{
	if (!jv_eat(v, '"'))
		return false;
	while (v->p < v->end) {
		unsigned char ch = (unsigned char)*v->p++;
		if (ch == '"')
			return true;
		if (ch < 0x20)
			return false;
		if (ch != '\\')
			continue;
		if (v->p == v->end)
			return false;
		ch = (unsigned char)*v->p++;
		if (ch == 'u') {
			for (int i = 0; i < 4; i++)
				if (v->p == v->end || !g_ascii_isxdigit(*v->p++))
					return false;
		} else if (!strchr("\"\\/bfnrt", ch) || ch == '\0') {
			return false;
		}
	}
	return false;
}

static bool
jv_container(struct jv *v, char close, bool object)
{
	if (++v->depth > FUZZ_JSON_MAX_DEPTH)
		return false;
	jv_ws(v);
	if (jv_eat(v, close)) {
		v->depth--;
		return true;
	}
	for (;;) {
		if (object) {
			jv_ws(v);
			if (!jv_string(v))
				return false;
			jv_ws(v);
			if (!jv_eat(v, ':'))
				return false;
		}
		if (!jv_value(v))
			return false;
		jv_ws(v);
		if (jv_eat(v, close))
			break;
		if (!jv_eat(v, ','))
			return false;
	}
	v->depth--;
	return true;
}

static bool
jv_value(struct jv *v)
{
	jv_ws(v);
	if (v->p == v->end)
		return false;
	switch (*v->p) {
	case '{':
		v->p++;
		return jv_container(v, '}', true);
	case '[':
		v->p++;
		return jv_container(v, ']', false);
	case '"':
		return jv_string(v);
	case 't':
		return jv_literal(v, "true");
	case 'f':
		return jv_literal(v, "false");
	case 'n':
		return jv_literal(v, "null");
	default:
		return jv_number(v);
	}
}

/* The n bytes at s are one line: a '\n' at the end and nowhere else, no NUL. */
static void
check_line(const char *what, const char *s, size_t n)
{
	if (n == 0 || s[n - 1] != '\n')
		fail("%s output does not end with a newline: %.*s", what, (int)n, s);
	const char *nl = memchr(s, '\n', n - 1);
	if (nl)
		fail("%s output has a newline inside, at byte %zu: %.*s", what, (size_t)(nl - s),
			(int)n, s);
	if (memchr(s, '\0', n))
		fail("%s output has a NUL byte: %.*s", what, (int)n, s);
}

static void
check_json(const char *s, size_t n)
{
	check_line("JSON", s, n);
	const char *bad = NULL;
	if (!g_utf8_validate(s, (gssize)n, &bad))
		fail("JSON output is not UTF-8 at byte %zu: %.*s", (size_t)(bad - s), (int)n, s);
	struct jv v = { s, s + n - 1, 0 };
	if (!jv_eat(&v, '{') || !jv_container(&v, '}', true) || (jv_ws(&v), v.p != v.end))
		fail("JSON output is not valid JSON at byte %zu: %.*s", (size_t)(v.p - s),
			(int)n, s);
}

static void
check_view(const struct dec *d)
{
	if (d->nlayers > DEC_MAX_LAYERS || d->nerrors > DEC_MAX_ERRORS)
		fail("view counts out of range: %u layers, %u errors", d->nlayers, d->nerrors);
	if (d->arena_used > DEC_ARENA_SIZE)
		fail("arena used %zu > %d", d->arena_used, DEC_ARENA_SIZE);
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		if (l->proto == DEC_P_NONE || l->proto >= DEC_P_COUNT)
			fail("layer %u: protocol %u out of range", i, l->proto);
		if (l->off > d->caplen)
			fail("layer %u (%s): offset %u past caplen %u", i, dec_proto_name(l->proto),
				l->off, d->caplen);
	}
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == 0 || d->errors[i].code >= DEC_E_COUNT)
			fail("event %u: code %u out of range", i, d->errors[i].code);
}

/* One text line of p into the scratch file (whole: a layer's text of more than 4 KiB is
 * flushed to the file before the rest, as to any output), read back; g_free() it. */
static char *
text_line(const struct cap_pkt *p, bool colour, size_t *n)
{
	if (ftruncate(st.linefd, 0) != 0 || lseek(st.linefd, 0, SEEK_SET) != 0)
		fail("colour: the scratch file: %s", strerror(errno));
	report_color = colour;
	report_text_packet(st.line, p, st.d);
	report_color = false;
	out_flush(st.line);
	off_t end = lseek(st.linefd, 0, SEEK_END);
	char *b = g_malloc((size_t)end + 1);
	if (end < 0 || pread(st.linefd, b, (size_t)end, 0) != (ssize_t)end)
		fail("colour: reading the scratch file back");
	*n = (size_t)end;
	return b;
}

/* --color (issue 16): the line with colour is the plain line with SGR sequences added and
 * nothing else. */
static void
check_colour(const struct cap_pkt *p)
{
	size_t n, m, k = 0;
	g_autofree char *want = text_line(p, false, &n);
	g_autofree char *c = text_line(p, true, &m);
	for (size_t i = 0; i < m; i++) {
		if (c[i] == '\033') {
			size_t j = i + 1;
			if (j < m && c[j] == '[')
				j++;
			while (j < m && c[j] >= '0' && c[j] <= '9')
				j++;
			if (j >= m || c[j] != 'm')
				fail("colour: an escape that is no SGR sequence at byte %zu", i);
			i = j;
			continue;
		}
		if (k >= n || c[i] != want[k])
			fail("colour: the line differs from the plain one at byte %zu", k);
		k++;
	}
	if (k != n)
		fail("colour: %zu bytes, the plain line has %zu", k, n);
}

/* Decodes one packet, renders it both ways and checks what came out. */
static void
decode_render(const struct cap_pkt *p)
{
	dec_packet(st.d, p->data, p->caplen, p->len, p->linktype);
	check_view(st.d);
	flow_table_add(st.flows, st.d, p->sec, p->nsec, p->prec, p->len);
	bool check = p->caplen <= FUZZ_CHECK_MAX_CAPLEN;

	out_flush(st.o);
	report_text_packet(st.o, p, st.d);
	if (check)
		check_line("text", st.o->buf, st.o->n);
	if (check)
		check_colour(p);
	out_flush(st.o);
	report_json_packet(st.o, p, st.d);
	if (check)
		check_json(st.o->buf, st.o->n);
	out_flush(st.o);
}

static void
put_be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Builds the headers in front of the input in buf; returns their length. IP and UDP
 * lengths say what follows them (capped at 65535), so the input is their whole payload. */
static size_t
build_prefix(uint8_t *buf, size_t size)
{
	const struct fuzz_entry *e = st.e;
	size_t n = 0;
	if (!e->ethertype)
		return 0;
	static const uint8_t macs[12] = { 0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02 };
	memcpy(buf, macs, sizeof(macs));
	put_be16(buf + 12, e->ethertype);
	n = 14;
	if (!e->ipproto)
		return n;
	uint8_t *ip = buf + n;
	/* a TCP header without options, or a UDP header */
	size_t udp = e->dport ? (e->ipproto == 6 ? 20 : 8) : 0;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint32_t)MIN(20 + udp + size, 65535));
	put_be16(ip + 4, 0x1234);
	ip[6] = 0x40; /* DF */
	ip[8] = 64;
	ip[9] = e->ipproto;
	static const uint8_t addrs[8] = { 10, 0, 0, 1, 10, 0, 0, 2 };
	memcpy(ip + 12, addrs, sizeof(addrs));
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	put_be16(ip + 10, ~sum & 0xFFFF);
	n += 20;
	if (!udp)
		return n;
	put_be16(buf + n, e->sport);
	put_be16(buf + n + 2, e->dport);
	if (e->ipproto == 6) {
		memset(buf + n + 4, 0, 16);
		buf[n + 7] = 1;    /* seq 1 */
		buf[n + 11] = 1;   /* ack 1 */
		buf[n + 12] = 0x50; /* data offset 5 */
		buf[n + 13] = 0x18; /* PSH ACK */
		put_be16(buf + n + 14, 65535);
		return n + 20;
	}
	put_be16(buf + n + 4, (uint32_t)MIN(8 + size, 65535));
	put_be16(buf + n + 6, 0);
	return n + 8;
}

static void
fuzz_frame(const uint8_t *data, size_t size)
{
	uint8_t prefix[64];
	size_t np = build_prefix(prefix, size);
	if (size > UINT32_MAX - np)
		return;
	size_t total = np + size;
	uint8_t *frame = g_malloc(total ? total : 1);
	memcpy(frame, prefix, np);
	if (size)
		memcpy(frame + np, data, size);
	struct cap_pkt p = {
		.data = frame,
		.caplen = (uint32_t)total,
		.len = (uint32_t)total,
		.sec = 1714564800,
		.nsec = 1000,
		.prec = 6,
		.linktype = st.e->linktype,
		.n = 1,
	};
	decode_render(&p);
	g_free(frame);
}

static void
fuzz_reader(const uint8_t *data, size_t size)
{
	if (ftruncate(st.memfd, 0) != 0 ||
		(size && pwrite(st.memfd, data, size, 0) != (ssize_t)size)) {
		perror("fuzz: memfd");
		abort();
	}
	GError *err = NULL;
	struct cap_reader *r = cap_open(st.path, &err);
	if (!r) {
		if (!err)
			fail("cap_open failed without an error");
		g_error_free(err);
		return;
	}
	struct cap_pkt p;
	int got = 0;
	for (unsigned i = 0; i < FUZZ_READER_MAX_PKTS; i++) {
		got = cap_next(r, &p, &err);
		if (got != 1)
			break;
		if (p.caplen && !p.data)
			fail("frame %" G_GUINT64_FORMAT ": caplen %u and no data", p.n, p.caplen);
		decode_render(&p);
	}
	if (got < 0 && !err)
		fail("cap_next returned -1 without an error");
	if (got >= 0 && err)
		fail("cap_next returned %d and set an error", got);
	g_clear_error(&err);
	cap_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st.e)
		init();
	if (st.e->linktype < 0)
		fuzz_reader(data, size);
	else
		fuzz_frame(data, size);
	return 0;
}
