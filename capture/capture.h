/* capture.h - the capture module's public face: one streaming reader interface for pcap,
 * pcapng and either of them gzip-compressed, from a file or standard input.
 *
 * A reader holds one buffer that grows to the largest record it has seen (capped), never
 * with the file: memory does not grow with the capture's length. A packet returned by
 * cap_next() points into that buffer and is valid until the next call.
 */
#ifndef AWSTRACE_CAPTURE_CAPTURE_H
#define AWSTRACE_CAPTURE_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#define CAP_ERROR cap_error_quark()
GQuark cap_error_quark(void);

enum cap_error_code {
	CAP_ERROR_OPEN,      /* cannot open or read the file */
	CAP_ERROR_FORMAT,    /* not a capture file at all */
	CAP_ERROR_TRUNCATED, /* the file ends inside a record */
	CAP_ERROR_CORRUPT,   /* a record that cannot be right (length, block type...) */
};

enum cap_format {
	CAP_FMT_PCAP,
	CAP_FMT_PCAPNG,
};

struct cap_pkt {
	const uint8_t *data; /* caplen bytes, valid until the next cap_next() */
	uint32_t caplen;     /* bytes captured */
	uint32_t len;        /* bytes on the wire */
	int64_t sec;         /* UTC seconds since 1970 */
	uint32_t nsec;       /* nanoseconds within the second */
	uint8_t prec;        /* digits the capture's resolution warrants: 6 or 9 */
	int linktype;        /* LINKTYPE_ value of the interface it came from */
	uint32_t ifindex;    /* pcapng interface number; 0 in pcap */
	uint64_t n;          /* frame number, from 1 */
	uint64_t off;        /* byte offset of its record in the (uncompressed) stream */
};

struct cap_reader;

/* Opens path ("-" is standard input), reads and checks the file header (gzip detected by
 * its magic bytes). Returns NULL and sets error (naming the file) when the file cannot be
 * read or is not a capture. */
struct cap_reader *cap_open(const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the next packet. Returns 1 with *pkt filled, 0 at a clean end of file, -1 when
 * the file is damaged: error then says "FILE: frame N at byte OFFSET: what is wrong",
 * and every packet before the damage has been returned. */
int cap_next(struct cap_reader *r, struct cap_pkt *pkt, GError **error);

/* The link type of the first interface (pcap: the file's), -1 if none seen yet. */
int cap_linktype(const struct cap_reader *r);
enum cap_format cap_format(const struct cap_reader *r);
bool cap_gzipped(const struct cap_reader *r);
/* The name given to cap_open ("-" shown as "<stdin>"). */
const char *cap_name(const struct cap_reader *r);

void cap_close(struct cap_reader *r);


#endif /* AWSTRACE_CAPTURE_CAPTURE_H */
