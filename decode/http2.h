/* http2.h - HTTP/2 (RFC 9113) over cleartext TCP (h2c): the layer the view records, the
 * stream protocol the reassembler drives, and the names the renderers print.
 *
 * The layer stays small (it sits in the view's union): the frames a packet completes and
 * the requests it finishes are lists in the per-packet arena. Header names and values are
 * copied into the arena as libnghttp2's HPACK inflater emits them (its buffers live only
 * until the next inflate call); GOAWAY debug data points into the message bytes, which
 * stay valid until the next packet (decode/stream.h).
 */
#ifndef AWSTRACE_DECODE_HTTP2_H
#define AWSTRACE_DECODE_HTTP2_H

#include <stdbool.h>
#include <stdint.h>

/* Frame types (RFC 9113 §6; 10, 12 and 16 are extensions we name but do not parse) */
enum {
	DEC_H2_DATA = 0,
	DEC_H2_HEADERS = 1,
	DEC_H2_PRIORITY = 2,
	DEC_H2_RST_STREAM = 3,
	DEC_H2_SETTINGS = 4,
	DEC_H2_PUSH_PROMISE = 5,
	DEC_H2_PING = 6,
	DEC_H2_GOAWAY = 7,
	DEC_H2_WINDOW_UPDATE = 8,
	DEC_H2_CONTINUATION = 9,
};

/* Frame flags (RFC 9113 §6); ACK shares END_STREAM's bit on SETTINGS and PING */
enum {
	DEC_H2_F_END_STREAM = 0x01,
	DEC_H2_F_ACK = 0x01,
	DEC_H2_F_END_HEADERS = 0x04,
	DEC_H2_F_PADDED = 0x08,
	DEC_H2_F_PRIORITY = 0x20,
};

/* Frames recorded per packet (more are still decoded, and counted); settings recorded
 * per SETTINGS frame; bytes of a header name or value kept in the view. */
#define DEC_H2_MAX_FRAMES	 256
#define DEC_H2_MAX_SETTINGS	 32
#define DEC_H2_MAX_NAME		 256
#define DEC_H2_MAX_VALUE	 2048

struct dec_http2_header {
	struct dec_http2_header *next;
	const char *name, *value; /* arena, not NUL-terminated */
	uint16_t namelen, valuelen;
	bool cut;                 /* the value was longer than DEC_H2_MAX_VALUE */
};

struct dec_http2_setting {
	uint16_t id;
	uint32_t value;
};

struct dec_http2_frame {
	struct dec_http2_frame *next;
	uint32_t off;      /* frame offset of the 9-byte header */
	uint32_t len;      /* the length field */
	uint32_t stream;   /* stream identifier, reserved bit cleared */
	uint8_t type, flags;
	uint8_t pad;       /* pad length when PADDED */
	bool bad;          /* the payload was malformed (an event says how): fields are zero */
	/* HEADERS, PUSH_PROMISE, CONTINUATION */
	bool undecoded;    /* the header block fragment was not inflated (no or broken state) */
	uint16_t nheaders;
	struct dec_http2_header *headers; /* arena list, wire order */
	/* HEADERS with PRIORITY, PRIORITY */
	bool exclusive;
	uint8_t weight;    /* as sent (weight - 1) */
	uint32_t dependency;
	/* PUSH_PROMISE: promised stream; GOAWAY: last stream; WINDOW_UPDATE: increment */
	uint32_t value;
	/* RST_STREAM, GOAWAY */
	uint32_t error;
	/* GOAWAY debug data (into the message bytes); PING opaque data (8 bytes) */
	const uint8_t *data;
	uint32_t data_len;
	/* SETTINGS */
	uint16_t nsettings;
	struct dec_http2_setting *settings; /* arena */
};

/* One finished request: a stream the server ended (END_STREAM) or either side reset. */
struct dec_http2_request {
	struct dec_http2_request *next;
	uint32_t stream;
	const char *method, *authority, *path; /* arena, NUL-terminated; NULL when unseen */
	uint16_t status;                       /* 0 when no :status was seen */
	bool reset;                            /* ended by RST_STREAM */
	bool has_start;                        /* the request's first HEADERS was seen */
	uint32_t error;                        /* RST_STREAM's error code when reset */
	uint64_t req_bytes, resp_bytes;        /* DATA payload, padding excluded */
	int64_t start_sec, end_sec;
	uint32_t start_nsec, end_nsec;
};

struct dec_http2_layer {
	bool preface;              /* the 24-byte client connection preface (RFC 9113 §3.4) */
	uint16_t nframes;          /* frames recorded */
	uint16_t frames_lost;      /* frames decoded but not recorded (DEC_H2_MAX_FRAMES) */
	uint16_t nrequests;
	bool arena_full;           /* an allocation failed (one event): later items are lost */
	struct dec_http2_frame *frames, *frames_last;       /* arena list */
	struct dec_http2_request *requests, *requests_last; /* arena list */
};

struct dec_stream_proto;
/* The framing, per-connection state and message decoder the reassembler drives. */
extern const struct dec_stream_proto dec_http2_stream;

/* Treats TCP connections with this port on either side as HTTP/2 with prior knowledge
 * (h2c without the preface in the capture, e.g. one that starts mid-connection). The
 * environment variable AWSTRACE_HTTP2_PORTS="8080,50051" adds ports the same way; it is
 * read once, at the first TCP segment no port claims. Not thread-safe against a decode
 * running at the same time: configure before decoding. */
void dec_http2_add_port(uint16_t port);

/* "HEADERS", "DATA"...; NULL for a type RFC 9113 and its extensions do not name. */
const char *dec_http2_type_name(uint8_t type);
/* "NO_ERROR", "CANCEL"... (RFC 9113 §7); NULL when unassigned. */
const char *dec_http2_error_name(uint32_t code);
/* "HEADER_TABLE_SIZE"... (RFC 9113 §6.5.2, RFC 8441, RFC 9218); NULL when unassigned. */
const char *dec_http2_setting_name(uint16_t id);

#endif /* AWSTRACE_DECODE_HTTP2_H */
