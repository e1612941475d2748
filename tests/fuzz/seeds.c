/* seeds.c - cuts real captures into seeds for every fuzz target (issue 17: the reader
 * target found the far-future timestamp overflow within seconds once given real captures).
 *
 *   fuzz_seeds OUTDIR CAPTURE|DIR...
 *
 * Every packet of every capture (pcap, pcapng, gzip; directories are walked, other files
 * skipped) is decoded without reassembly, and the bytes each target expects are written to
 * OUTDIR/<target>/<hash>: a whole frame for the link-type targets (eth, raw, sll ... when
 * the packet has that link type), the bytes from a layer's first byte for the layer
 * targets (ipv4 from the IPv4 header, geneve from the GENEVE header, bgp from the TCP
 * payload on port 179 ...), the capture file itself for `reader`, and for `reasm` the TCP
 * segments of the capture's first connections in fuzz_reasm.c's record format. Identical
 * seeds are written once (the name is their hash); at most SEEDS_MAX per target, so the
 * fuzzer starts from variety, not volume. Prints "fuzz-seeds: N seeds for T targets".
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "capture/capture.h"
#include "decode/decode.h"

#define SEEDS_MAX 400
#define SEED_MAX_BYTES (64 * 1024)
#define REASM_MAX_CONNS 3
#define REASM_MAX_RECORDS 256

enum sel { SEL_LINK, SEL_IP_AS, SEL_LAYER, SEL_TCP_PAYLOAD, SEL_FILE, SEL_REASM };

struct target {
	const char *name;
	enum sel sel;
	int v;           /* link type, layer proto, or TCP port (0: any with an HTTP/2 layer) */
	int below;       /* SEL_LAYER: the layer before must be this one (0: any) */
	int port;        /* SEL_LAYER over UDP: one of the ports must be this (0: any) */
	unsigned count;
};

static struct target targets[] = {
	{ "eth", SEL_LINK, DEC_LINK_EN10MB, 0, 0, 0 },
	{ "raw", SEL_LINK, DEC_LINK_RAW, 0, 0, 0 },
	{ "sll", SEL_LINK, DEC_LINK_SLL, 0, 0, 0 },
	{ "sll2", SEL_LINK, DEC_LINK_SLL2, 0, 0, 0 },
	{ "null", SEL_LINK, DEC_LINK_NULL, 0, 0, 0 },
	/* no sample has these link types: the outermost IP packet of any frame, behind a
	 * 4-byte big-endian address family for LOOP */
	{ "loop", SEL_IP_AS, DEC_LINK_LOOP, 0, 0, 0 },
	{ "raw12", SEL_IP_AS, DEC_LINK_RAW_12, 0, 0, 0 },
	{ "raw14", SEL_IP_AS, DEC_LINK_RAW_14, 0, 0, 0 },
	{ "raw_ipv4", SEL_LINK, DEC_LINK_IPV4, 0, 0, 0 },
	{ "raw_ipv6", SEL_LINK, DEC_LINK_IPV6, 0, 0, 0 },
	{ "juniper", SEL_LINK, DEC_LINK_JUNIPER_ETHER, 0, 0, 0 },
	{ "ipv4", SEL_LAYER, DEC_P_IPV4, 0, 0, 0 },
	{ "ipv6", SEL_LAYER, DEC_P_IPV6, 0, 0, 0 },
	{ "macsec", SEL_LAYER, DEC_P_MACSEC, 0, 0, 0 },
	{ "vlan", SEL_LAYER, DEC_P_VLAN, 0, 0, 0 },
	{ "tcp", SEL_LAYER, DEC_P_TCP, 0, 0, 0 },
	{ "udp", SEL_LAYER, DEC_P_UDP, 0, 0, 0 },
	{ "esp", SEL_LAYER, DEC_P_ESP, DEC_P_IPV4, 0, 0 },
	{ "geneve", SEL_LAYER, DEC_P_GENEVE, 0, 0, 0 },
	{ "vxlan", SEL_LAYER, DEC_P_VXLAN, 0, 0, 0 },
	{ "esp_natt", SEL_LAYER, DEC_P_UDP, 0, 4500, 0 },
	{ "ike", SEL_LAYER, DEC_P_IKE, 0, 0, 0 },
	{ "dns", SEL_LAYER, DEC_P_DNS, DEC_P_UDP, 0, 0 },
	{ "bgp", SEL_TCP_PAYLOAD, 179, 0, 0, 0 },
	{ "dns_tcp", SEL_TCP_PAYLOAD, 53, 0, 0, 0 },
	{ "http2", SEL_TCP_PAYLOAD, 0, 0, 0, 0 },
	{ "reader", SEL_FILE, 0, 0, 0, 0 },
	{ "reasm", SEL_REASM, 0, 0, 0, 0 },
	/* the decoders added after issue 17 (issues 14 and 18): the bytes from their layer */
	{ "bfd", SEL_LAYER, DEC_P_BFD, 0, 0, 0 },
	{ "lacp", SEL_LAYER, DEC_P_LACP, 0, 0, 0 },
	{ "gre", SEL_LAYER, DEC_P_GRE, DEC_P_IPV4, 0, 0 },
	{ "mpls", SEL_LAYER, DEC_P_MPLS, 0, 0, 0 },
	{ "ppp", SEL_LINK, DEC_LINK_PPP, 0, 0, 0 },
};

static const char *outdir;
static unsigned total;

static void
put_seed(struct target *t, const uint8_t *p, size_t n)
{
	if (t->count >= SEEDS_MAX || n == 0)
		return;
	if (n > SEED_MAX_BYTES)
		n = SEED_MAX_BYTES;
	g_autofree char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA1, p, n);
	g_autofree char *dir = g_build_filename(outdir, t->name, NULL);
	g_autofree char *path = g_build_filename(dir, sum, NULL);
	if (g_file_test(path, G_FILE_TEST_EXISTS))
		return;
	g_mkdir_with_parents(dir, 0755);
	GError *err = NULL;
	if (!g_file_set_contents(path, (const char *)p, (gssize)n, &err)) {
		fprintf(stderr, "fuzz-seeds: %s\n", err->message);
		g_error_free(err);
		exit(1);
	}
	t->count++;
	total++;
}

static const struct dec_layer *
find_layer(const struct dec *d, int proto, int below)
{
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == proto &&
			(!below || (i > 0 && d->layers[i - 1].proto == below)))
			return &d->layers[i];
	return NULL;
}

static bool
has_layer(const struct dec *d, int proto)
{
	return find_layer(d, proto, 0) != NULL;
}

static const struct dec_layer *
first_ip(const struct dec *d)
{
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == DEC_P_IPV4 || d->layers[i].proto == DEC_P_IPV6)
			return &d->layers[i];
	return NULL;
}

/* The TCP segment of the outermost TCP layer: ports, seq, flags, payload offset. */
struct seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t off; /* payload's first byte in the frame */
};

static bool
tcp_seg(const struct dec *d, struct seg *s)
{
	const struct dec_layer *l = find_layer(d, DEC_P_TCP, 0);
	if (!l || l->truncated || l->off + 20 > d->caplen)
		return false;
	const uint8_t *p = d->data + l->off;
	s->sport = (uint16_t)(p[0] << 8 | p[1]);
	s->dport = (uint16_t)(p[2] << 8 | p[3]);
	s->seq = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	s->ack = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
	s->flags = p[13];
	s->off = l->off + (uint32_t)(p[12] >> 4) * 4;
	return s->off <= d->caplen;
}

/* fuzz_reasm.c's records for the first REASM_MAX_CONNS TCP connections of one capture. */
struct reasm_conn {
	uint16_t cport, sport;
	uint32_t isn[2];
	bool have[2];
};

struct reasm_seed {
	GByteArray *buf;
	struct reasm_conn conns[REASM_MAX_CONNS];
	unsigned nconns, nrec;
};

static void
reasm_add(struct reasm_seed *rs, const struct dec *d, const struct seg *s)
{
	if (rs->nrec >= REASM_MAX_RECORDS)
		return;
	int c = -1, dir = 0;
	for (unsigned i = 0; i < rs->nconns; i++) {
		if (rs->conns[i].cport == s->sport && rs->conns[i].sport == s->dport)
			c = (int)i;
		else if (rs->conns[i].cport == s->dport && rs->conns[i].sport == s->sport)
			c = (int)i, dir = 1;
	}
	if (c < 0) {
		if (rs->nconns >= REASM_MAX_CONNS)
			return;
		c = (int)rs->nconns++;
		rs->conns[c] = (struct reasm_conn){ .cport = s->sport, .sport = s->dport };
	}
	struct reasm_conn *rc = &rs->conns[c];
	if (!rc->have[dir]) {
		rc->isn[dir] = s->seq;
		rc->have[dir] = true;
	}
	uint32_t seq = s->seq - rc->isn[dir];
	uint32_t ack = rc->have[!dir] ? s->ack - rc->isn[!dir] : 0;
	size_t len = MIN(d->caplen - s->off, 255);
	uint8_t hdr[7] = {
		(uint8_t)(dir | c << 1),
		(uint8_t)(s->flags & 0x1f),
		(uint8_t)(seq >> 8), (uint8_t)seq,
		(uint8_t)(ack >> 8), (uint8_t)ack,
		(uint8_t)len,
	};
	g_byte_array_append(rs->buf, hdr, sizeof(hdr));
	g_byte_array_append(rs->buf, d->data + s->off, (guint)len);
	rs->nrec++;
}

static void
packet_seeds(const struct dec *d, const struct cap_pkt *p, struct reasm_seed *rs)
{
	struct seg s = { 0 };
	bool tcp = tcp_seg(d, &s);
	for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
		struct target *t = &targets[i];
		const struct dec_layer *l;
		switch (t->sel) {
		case SEL_LINK:
			if (p->linktype == t->v)
				put_seed(t, p->data, p->caplen);
			break;
		case SEL_IP_AS:
			if (p->linktype == t->v) {
				put_seed(t, p->data, p->caplen);
				break;
			}
			l = first_ip(d);
			if (!l)
				break;
			if (t->v == DEC_LINK_LOOP) {
				/* AF_INET 2; AF_INET6 as OpenBSD numbers it, 24 */
				size_t n = MIN(d->caplen - l->off, SEED_MAX_BYTES - 4);
				uint8_t *buf = g_malloc(n + 4);
				memset(buf, 0, 4);
				buf[3] = l->proto == DEC_P_IPV4 ? 2 : 24;
				memcpy(buf + 4, d->data + l->off, n);
				put_seed(t, buf, n + 4);
				g_free(buf);
			} else {
				put_seed(t, d->data + l->off, d->caplen - l->off);
			}
			break;
		case SEL_LAYER:
			l = find_layer(d, t->v, t->below);
			if (!l)
				break;
			if (t->port) {
				/* ESP in UDP 4500: the UDP payload */
				const uint8_t *u = d->data + l->off;
				if (l->off + 8 > d->caplen ||
					((u[0] << 8 | u[1]) != t->port && (u[2] << 8 | u[3]) != t->port))
					break;
				put_seed(t, u + 8, d->caplen - l->off - 8);
			} else {
				put_seed(t, d->data + l->off, d->caplen - l->off);
			}
			break;
		case SEL_TCP_PAYLOAD:
			if (!tcp || s.off >= d->caplen)
				break;
			if (t->v ? (s.sport == t->v || s.dport == t->v) : has_layer(d, DEC_P_HTTP2))
				put_seed(t, d->data + s.off, d->caplen - s.off);
			break;
		case SEL_REASM:
			if (tcp)
				reasm_add(rs, d, &s);
			break;
		case SEL_FILE:
			break;
		}
	}
}

static void
capture_seeds(const char *path, struct dec *d)
{
	GError *err = NULL;
	struct cap_reader *r = cap_open(path, &err);
	if (!r) {
		g_error_free(err);
		return;
	}
	gchar *file = NULL;
	gsize n = 0;
	if (g_file_get_contents(path, &file, &n, NULL))
		put_seed(&targets[G_N_ELEMENTS(targets) - 2], (const uint8_t *)file, n);
	g_free(file);
	struct reasm_seed rs = { .buf = g_byte_array_new() };
	struct cap_pkt p;
	while (cap_next(r, &p, &err) == 1) {
		dec_packet(d, p.data, p.caplen, p.len, p.linktype);
		packet_seeds(d, &p, &rs);
	}
	g_clear_error(&err);
	put_seed(&targets[G_N_ELEMENTS(targets) - 1], rs.buf->data, rs.buf->len);
	g_byte_array_unref(rs.buf);
	cap_close(r);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk(const char *path, struct dec *d)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return;
	if (S_ISREG(sb.st_mode)) {
		if (g_str_has_suffix(path, ".pcap") || g_str_has_suffix(path, ".pcapng") ||
			g_str_has_suffix(path, ".gz") || g_str_has_suffix(path, ".cap"))
			capture_seeds(path, d);
		return;
	}
	if (!S_ISDIR(sb.st_mode))
		return;
	DIR *dp = opendir(path);
	if (!dp)
		return;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct dirent *de;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			g_ptr_array_add(names, g_build_filename(path, de->d_name, NULL));
	closedir(dp);
	/* name order: the same seeds every run */
	qsort(names->pdata, names->len, sizeof(gpointer), cmp_str);
	for (guint i = 0; i < names->len; i++)
		walk(g_ptr_array_index(names, i), d);
	g_ptr_array_unref(names);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fuzz_seeds OUTDIR CAPTURE|DIR...\n");
		return 2;
	}
	outdir = argv[1];
	struct dec *d = dec_new();
	for (int i = 2; i < argc; i++)
		walk(argv[i], d);
	dec_free(d);
	unsigned nt = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(targets); i++)
		nt += targets[i].count > 0;
	printf("fuzz-seeds: %u seeds for %u targets in %s\n", total, nt, outdir);
	return 0;
}
