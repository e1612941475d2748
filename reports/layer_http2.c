/* layer_http2.c - HTTP/2 frames and finished requests in text and NDJSON (DESIGN.md's
 * `http2` fields: `frames` with type, stream, flags, len and headers; plus `preface`,
 * per-type fields and `requests` on the packet where a stream ends).
 *
 * Text: `HTTP/2 HEADERS s=1 GET api.example.com/v1/items; DATA s=1 512B END_STREAM
 * [done s=1 200 12.3ms]`. Types without a name print as their number, so nothing is
 * dropped from the line.
 */
#include "reports/render.h"

#include <stdio.h>

#include "decode/http2.h"

static const char *
type_name(uint8_t type, char *buf, size_t n)
{
	return report_name_or_num(dec_http2_type_name(type), "", type, buf, n);
}

static const char *
error_name(uint32_t code, char *buf, size_t n)
{
	const char *s = dec_http2_error_name(code);
	if (s)
		return s;
	snprintf(buf, n, "0x%x", code);
	return buf;
}

/* The first header of this name in the frame, or NULL. */
static const struct dec_http2_header *
header_find(const struct dec_http2_frame *f, const char *name)
{
	size_t n = strlen(name);
	for (const struct dec_http2_header *h = f->headers; h; h = h->next)
		if (h->namelen == n && memcmp(h->name, name, n) == 0)
			return h;
	return NULL;
}

/* Header bytes in the text line: printable ASCII only, so the line stays one line. */
static void
text_bytes(struct out *o, const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char ch = (unsigned char)s[k];
		out_ch(o, ch >= 0x20 && ch < 0x7F ? (char)ch : '?');
	}
}

static void
text_headers(struct out *o, const struct dec_http2_frame *f)
{
	const struct dec_http2_header *m = header_find(f, ":method");
	const struct dec_http2_header *st = header_find(f, ":status");
	if (m) {
		const struct dec_http2_header *a = header_find(f, ":authority");
		const struct dec_http2_header *p = header_find(f, ":path");
		out_ch(o, ' ');
		text_bytes(o, m->value, m->valuelen);
		if (a || p)
			out_ch(o, ' ');
		if (a)
			text_bytes(o, a->value, a->valuelen);
		if (p)
			text_bytes(o, p->value, p->valuelen);
	} else if (st) {
		out_ch(o, ' ');
		text_bytes(o, st->value, st->valuelen);
	} else if (f->nheaders) {
		out_printf(o, " %u headers", f->nheaders);
	}
	if (f->undecoded)
		out_str(o, " (undecoded)");
}

static void
text_frame(struct out *o, const struct dec_http2_frame *f)
{
	char buf[16];
	out_str(o, type_name(f->type, buf, sizeof(buf)));
	if (f->type != DEC_H2_SETTINGS && f->type != DEC_H2_PING && f->type != DEC_H2_GOAWAY)
		out_printf(o, " s=%u", f->stream);
	if (f->bad) {
		out_str(o, " malformed");
		return;
	}
	bool end_stream = false;
	switch (f->type) {
	case DEC_H2_DATA:
		out_printf(o, " %uB", f->len);
		end_stream = f->flags & DEC_H2_F_END_STREAM;
		break;
	case DEC_H2_HEADERS:
		text_headers(o, f);
		end_stream = f->flags & DEC_H2_F_END_STREAM;
		break;
	case DEC_H2_PUSH_PROMISE:
		out_printf(o, " promised=%u", f->value);
		text_headers(o, f);
		break;
	case DEC_H2_CONTINUATION:
		text_headers(o, f);
		break;
	case DEC_H2_RST_STREAM:
		out_ch(o, ' ');
		out_str(o, error_name(f->error, buf, sizeof(buf)));
		break;
	case DEC_H2_GOAWAY:
		out_printf(o, " last=%u ", f->value);
		out_str(o, error_name(f->error, buf, sizeof(buf)));
		break;
	case DEC_H2_SETTINGS:
		if (f->flags & DEC_H2_F_ACK)
			out_str(o, " ACK");
		else
			out_printf(o, " n=%u", f->nsettings);
		break;
	case DEC_H2_PING:
		if (f->flags & DEC_H2_F_ACK)
			out_str(o, " ACK");
		break;
	case DEC_H2_WINDOW_UPDATE:
		out_printf(o, " +%u", f->value);
		break;
	default:
		break;
	}
	if (end_stream)
		out_str(o, " END_STREAM");
}

static double
latency_ms(const struct dec_http2_request *r)
{
	double s = (double)(r->end_sec - r->start_sec);
	double ns = (double)r->end_nsec - (double)r->start_nsec;
	return s * 1e3 + ns / 1e6;
}

void
report_http2_text(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_http2_layer *h = &d->layers[i].u.http2;
	out_str(o, "HTTP/2");
	const char *sep = " ";
	if (h->preface) {
		out_str(o, " preface");
		sep = "; ";
	}
	for (const struct dec_http2_frame *f = h->frames; f; f = f->next) {
		out_str(o, sep);
		text_frame(o, f);
		sep = "; ";
	}
	if (h->frames_lost)
		out_printf(o, "%s+%u more", sep, h->frames_lost);
	char buf[16];
	for (const struct dec_http2_request *r = h->requests; r; r = r->next) {
		out_printf(o, " [done s=%u", r->stream);
		if (r->status)
			out_printf(o, " %u", r->status);
		if (r->reset) {
			out_ch(o, ' ');
			out_str(o, error_name(r->error, buf, sizeof(buf)));
		}
		if (r->has_start)
			out_printf(o, " %.1fms", latency_ms(r));
		out_ch(o, ']');
	}
}

/* ISO 8601 with microseconds, nanoseconds when the capture had them */
static void
json_time(struct out *o, const char *key, int64_t sec, uint32_t nsec)
{
	json_key(o, key);
	out_ch(o, '"');
	out_time(o, sec, nsec, nsec % 1000 ? 9 : 6);
	out_ch(o, '"');
}

static void
json_priority(struct out *o, const struct dec_http2_frame *f)
{
	json_bool(o, "exclusive", f->exclusive);
	json_u64(o, "dependency", f->dependency);
	json_u64(o, "weight", (uint64_t)f->weight + 1);
}

static void
json_headers(struct out *o, const struct dec_http2_frame *f)
{
	json_key(o, "headers");
	out_ch(o, '[');
	for (const struct dec_http2_header *h = f->headers; h; h = h->next) {
		if (h != f->headers)
			out_ch(o, ',');
		out_ch(o, '[');
		out_json_str(o, h->name, h->namelen);
		out_ch(o, ',');
		out_json_str(o, h->value, h->valuelen);
		out_ch(o, ']');
	}
	out_ch(o, ']');
	if (f->undecoded)
		json_bool(o, "undecoded", true);
}

static void
json_error(struct out *o, uint32_t code)
{
	char buf[16];
	json_str(o, "error", error_name(code, buf, sizeof(buf)));
	json_u64(o, "error_code", code);
}

static void
json_frame(struct out *o, const struct dec_http2_frame *f)
{
	char buf[16];
	const char *tn = type_name(f->type, buf, sizeof(buf));
	out_str(o, "{\"type\":");
	out_json_str(o, tn, strlen(tn));
	json_u64(o, "stream", f->stream);
	json_u64(o, "flags", f->flags);
	json_u64(o, "len", f->len);
	json_u64(o, "off", f->off);
	if (f->bad) {
		json_bool(o, "malformed", true);
		out_ch(o, '}');
		return;
	}
	if (f->flags & DEC_H2_F_PADDED &&
		(f->type == DEC_H2_DATA || f->type == DEC_H2_HEADERS || f->type == DEC_H2_PUSH_PROMISE))
		json_u64(o, "pad", f->pad);
	switch (f->type) {
	case DEC_H2_DATA:
		json_bool(o, "end_stream", f->flags & DEC_H2_F_END_STREAM);
		break;
	case DEC_H2_HEADERS:
		json_bool(o, "end_stream", f->flags & DEC_H2_F_END_STREAM);
		json_bool(o, "end_headers", f->flags & DEC_H2_F_END_HEADERS);
		if (f->flags & DEC_H2_F_PRIORITY)
			json_priority(o, f);
		json_headers(o, f);
		break;
	case DEC_H2_CONTINUATION:
		json_bool(o, "end_headers", f->flags & DEC_H2_F_END_HEADERS);
		json_headers(o, f);
		break;
	case DEC_H2_PUSH_PROMISE:
		json_u64(o, "promised_stream", f->value);
		json_bool(o, "end_headers", f->flags & DEC_H2_F_END_HEADERS);
		json_headers(o, f);
		break;
	case DEC_H2_PRIORITY:
		json_priority(o, f);
		break;
	case DEC_H2_RST_STREAM:
		json_error(o, f->error);
		break;
	case DEC_H2_SETTINGS:
		json_bool(o, "ack", f->flags & DEC_H2_F_ACK);
		if (f->flags & DEC_H2_F_ACK)
			break;
		json_key(o, "settings");
		out_ch(o, '{');
		for (unsigned k = 0; k < f->nsettings; k++) {
			const struct dec_http2_setting *s = &f->settings[k];
			const char *name = dec_http2_setting_name(s->id);
			if (k)
				out_ch(o, ',');
			if (!name) {
				snprintf(buf, sizeof(buf), "%u", s->id);
				name = buf;
			}
			out_json_str(o, name, strlen(name));
			out_ch(o, ':');
			out_u64(o, s->value);
		}
		out_ch(o, '}');
		break;
	case DEC_H2_PING:
		json_bool(o, "ack", f->flags & DEC_H2_F_ACK);
		if (f->data)
			json_hex(o, "opaque", f->data, f->data_len);
		break;
	case DEC_H2_GOAWAY:
		json_u64(o, "last_stream", f->value);
		json_error(o, f->error);
		if (f->data_len) {
			json_key(o, "debug");
			out_json_str(o, (const char *)f->data, f->data_len);
		}
		break;
	case DEC_H2_WINDOW_UPDATE:
		json_u64(o, "increment", f->value);
		break;
	default:
		break;
	}
	out_ch(o, '}');
}

static void
json_request(struct out *o, const struct dec_http2_request *r)
{
	out_str(o, "{\"stream\":");
	out_u64(o, r->stream);
	if (r->method)
		json_str(o, "method", r->method);
	if (r->authority)
		json_str(o, "authority", r->authority);
	if (r->path)
		json_str(o, "path", r->path);
	if (r->status)
		json_u64(o, "status", r->status);
	if (r->reset) {
		char buf[16];
		json_str(o, "reset", error_name(r->error, buf, sizeof(buf)));
	}
	json_u64(o, "req_bytes", r->req_bytes);
	json_u64(o, "resp_bytes", r->resp_bytes);
	if (r->has_start) {
		json_time(o, "start", r->start_sec, r->start_nsec);
		json_time(o, "end", r->end_sec, r->end_nsec);
		json_key(o, "latency_ms");
		out_printf(o, "%.3f", latency_ms(r));
	} else {
		json_time(o, "end", r->end_sec, r->end_nsec);
	}
	out_ch(o, '}');
}

void
report_http2_json(struct out *o, const struct dec *d, unsigned i)
{
	const struct dec_http2_layer *h = &d->layers[i].u.http2;
	if (h->preface)
		json_bool(o, "preface", true);
	json_key(o, "frames");
	out_ch(o, '[');
	for (const struct dec_http2_frame *f = h->frames; f; f = f->next) {
		if (f != h->frames)
			out_ch(o, ',');
		json_frame(o, f);
	}
	out_ch(o, ']');
	if (h->frames_lost)
		json_u64(o, "frames_lost", h->frames_lost);
	if (h->requests) {
		json_key(o, "requests");
		out_ch(o, '[');
		for (const struct dec_http2_request *r = h->requests; r; r = r->next) {
			if (r != h->requests)
				out_ch(o, ',');
			json_request(o, r);
		}
		out_ch(o, ']');
	}
}
