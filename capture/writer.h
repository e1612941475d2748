/* writer.h - writes packets to pcap files (draft-ietf-opsawg-pcap §4, §5), optionally
 * gzip-compressed, rotated by size or time, keeping the last K files.
 *
 * Names: the first file is OUT itself, then OUT.1, OUT.2, ... (tcpdump -C appends a bare
 * number; a dot reads better). When OUT ends in ".gz" the number goes before it
 * (cap.pcap.gz, cap.pcap.1.gz, ...) so every file keeps the suffix gzip tools expect, and
 * every file is gzip. "-" is standard output: plain pcap, no rotation.
 *
 * Safety: records are buffered and pushed to the file at least every flush_ms (and by
 * cap_writer_flush()); a gzip file is flushed with Z_SYNC_FLUSH, which ends the deflate
 * output on a byte boundary. A process killed at any moment leaves a file whose every
 * packet up to the last flush reads back (gzip readers then report the missing trailer).
 */
#ifndef AWSTRACE_CAPTURE_WRITER_H
#define AWSTRACE_CAPTURE_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "capture/capture.h"

struct cap_writer_opts {
	int linktype;            /* LINKTYPE_ value written in every file's header */
	uint32_t snaplen;        /* written in the header; 0: 262144 */
	bool nano;               /* nanosecond timestamps (magic 0xa1b23c4d) */
	uint64_t rotate_bytes;   /* start a new file before one would exceed this many pcap
				  * bytes (before compression); 0: never */
	uint32_t rotate_seconds; /* start a new file with the first packet this many seconds
				  * (by packet timestamps) after the file's first; 0: never */
	uint32_t ring;           /* keep only the last ring files, deleting older; 0: all */
	uint32_t flush_ms;       /* push buffered records to the file this often; 0: 1000 */
};

struct cap_writer;

/* Creates OUT (truncating it) and writes its file header. Returns NULL with error set
 * (naming the file) when it cannot be created or the options contradict themselves
 * (rotation to standard output). */
struct cap_writer *cap_writer_open(const char *path, const struct cap_writer_opts *o,
	GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Appends one packet (its caplen bytes), rotating first when the options say so. Returns
 * false with error set when a write, a new file or a ring deletion fails; the writer is
 * then only good for cap_writer_close(). */
bool cap_writer_write(struct cap_writer *w, const struct cap_pkt *p, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

/* Pushes every buffered record to the file now (gzip: a sync flush). */
bool cap_writer_flush(struct cap_writer *w, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Flushes when flush_ms passed since the last flush and something is waiting: for a
 * caller's idle moments. */
bool cap_writer_tick(struct cap_writer *w, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Flushes, completes (gzip trailer) and closes the current file, and frees w, also when
 * it returns false with error set. NULL is a no-op returning true. */
bool cap_writer_close(struct cap_writer *w, GError **error);

/* Packets written in all files; files created so far (1 after open); the current file. */
uint64_t cap_writer_packets(const struct cap_writer *w);
unsigned cap_writer_files(const struct cap_writer *w);
const char *cap_writer_path(const struct cap_writer *w);

/* The name of file number i (0 is OUT itself) for OUT; g_free() it. */
char *cap_writer_file_name(const char *out, unsigned i);

#endif /* AWSTRACE_CAPTURE_WRITER_H */
