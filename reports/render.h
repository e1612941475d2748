/* render.h - per-packet renderers (text line, NDJSON object) over the decode view, and the
 * per-protocol hooks each layer's file in reports/ provides (reports/layer_<proto>.c). */
#ifndef AWSTRACE_REPORTS_RENDER_H
#define AWSTRACE_REPORTS_RENDER_H

#include <stdbool.h>

#include "capture/capture.h"
#include "decode/decode.h"
#include "reports/out.h"

/* One layer's renderers. text writes the layer's compact summary (no leading or trailing
 * space) and may write nothing to leave the layer out of the line; json writes the
 * layer's fields, each as `,"key":value` (the caller writes `{"p":"name"` before and `}`
 * after). i is the layer's index in d->layers. */
struct report_layer_ops {
	void (*text)(struct out *o, const struct dec *d, unsigned i);
	void (*json)(struct out *o, const struct dec *d, unsigned i);
	bool segment;  /* text: starts a new " | " segment (a new frame level) */
	bool partial;  /* call the renderers even when the layer is truncated */
	bool data_first; /* text begins with data (IP addresses), not the layer's name */
};

extern const struct report_layer_ops report_layer_ops[DEC_P_COUNT];

/* Text lines in colour (--color): the " | " between frame levels and each layer's name
 * (the first word of its text; the IP layers, which begin with their addresses, have none)
 * dimmed, events in red; -v/-vv dim the layer names that head their lines. Off unless a
 * command sets it from cmd_color(): no SGR byte is written otherwise. */
extern bool report_color;

/* SGR sequences (ECMA-48 §8.3.117): faint for what frames the data, red for what went
 * wrong, as tshark --color dims its tree lines */
#define REPORT_SGR_DIM "\033[2m"
#define REPORT_SGR_RED "\033[31m"
#define REPORT_SGR_OFF "\033[0m"

/* The hooks, one pair per layer file. */
#define REPORT_LAYER_DECL(name) \
	void report_##name##_text(struct out *o, const struct dec *d, unsigned i); \
	void report_##name##_json(struct out *o, const struct dec *d, unsigned i)

REPORT_LAYER_DECL(null);
REPORT_LAYER_DECL(sll);
REPORT_LAYER_DECL(juniper);
REPORT_LAYER_DECL(eth);
REPORT_LAYER_DECL(llc);
REPORT_LAYER_DECL(vlan);
REPORT_LAYER_DECL(arp);
REPORT_LAYER_DECL(ipv4);
REPORT_LAYER_DECL(ipv6);
REPORT_LAYER_DECL(icmp);
REPORT_LAYER_DECL(udp);
REPORT_LAYER_DECL(tcp);
REPORT_LAYER_DECL(macsec);
REPORT_LAYER_DECL(esp);
REPORT_LAYER_DECL(ike);
REPORT_LAYER_DECL(natt_keepalive);
REPORT_LAYER_DECL(geneve);
REPORT_LAYER_DECL(vxlan);
REPORT_LAYER_DECL(bgp);
REPORT_LAYER_DECL(dns);
REPORT_LAYER_DECL(http2);
REPORT_LAYER_DECL(bfd);
REPORT_LAYER_DECL(lacp);
/* TCP-MD5 / TCP-AO on a TCP layer (reports/layer_tcp_sig.c) */
void report_tcp_sig_text(struct out *o, const struct dec_tcp_layer *t);
void report_tcp_sig_json(struct out *o, const struct dec_tcp_layer *t);
/* What --esp-keys made of an ESP layer (reports/layer_esp_decrypt.c); never a key */
void report_esp_decrypt_text(struct out *o, const struct dec_esp_layer *e);
void report_esp_decrypt_json(struct out *o, const struct dec_esp_layer *e);
/* The DNSSEC verdicts on DNS layer i, when validation ran (reports/layer_dnssec.c) */
void report_dnssec_text(struct out *o, const struct dec *d, unsigned i);
void report_dnssec_json(struct out *o, const struct dec *d, unsigned i);
REPORT_LAYER_DECL(gre);
REPORT_LAYER_DECL(erspan);
REPORT_LAYER_DECL(mpls);
REPORT_LAYER_DECL(ppp);

/* A header cut short (l->truncated, l->len = its bytes captured): the fields that are
 * whole, in text then " [truncated]" (true), or nothing for a protocol without a table
 * (false); in JSON as `,"key":value` pairs (reports/layer_partial.c). */
bool report_partial_text(struct out *o, const struct dec *d, unsigned i);
void report_partial_json(struct out *o, const struct dec *d, unsigned i);

/* `,"key":` */
static inline void
json_key(struct out *o, const char *key)
{
	/* One reservation: keys are literals, so n is a constant once this is inlined. */
	size_t n = strlen(key);
	char *w = out_reserve(o, n + 4);
	w[0] = ',';
	w[1] = '"';
	memcpy(w + 2, key, n);
	w[n + 2] = '"';
	w[n + 3] = ':';
	o->n += n + 4;
}

static inline void
json_u64(struct out *o, const char *key, uint64_t v)
{
	json_key(o, key);
	out_u64(o, v);
}

static inline void
json_bool(struct out *o, const char *key, bool v)
{
	json_key(o, key);
	out_str(o, v ? "true" : "false");
}

/* key with a C string value (escaped) */
static inline void
json_str(struct out *o, const char *key, const char *s)
{
	json_key(o, key);
	out_json_str(o, s, strlen(s));
}

/* key with n bytes as a hex string */
static inline void
json_hex(struct out *o, const char *key, const uint8_t *p, size_t n)
{
	json_key(o, key);
	out_ch(o, '"');
	out_hexbytes(o, p, n);
	out_ch(o, '"');
}

static inline void
json_mac(struct out *o, const char *key, const uint8_t mac[6])
{
	json_key(o, key);
	out_ch(o, '"');
	out_mac(o, mac);
	out_ch(o, '"');
}

static inline void
json_ipv4(struct out *o, const char *key, const uint8_t a[4])
{
	json_key(o, key);
	out_ch(o, '"');
	out_ipv4(o, a);
	out_ch(o, '"');
}

static inline void
json_ipv6(struct out *o, const char *key, const uint8_t a[16])
{
	json_key(o, key);
	out_ch(o, '"');
	out_ipv6(o, a);
	out_ch(o, '"');
}

/* name, or else prefix and v written into buf ("TYPE65534"); returns one of the two. */
const char *report_name_or_num(
	const char *name, const char *prefix, unsigned v, char *buf, size_t n);

/* One text line: "N TIME summary\n". */
void report_text_packet(struct out *o, const struct cap_pkt *p, const struct dec *d);
/* One NDJSON object and "\n", DESIGN.md's schema. */
void report_json_packet(struct out *o, const struct cap_pkt *p, const struct dec *d);

#endif /* AWSTRACE_REPORTS_RENDER_H */
