/* testlib.h - helpers shared by the cmocka unit tests.
 *
 * Include after cmocka's four headers. test_decode() copies the input into a buffer of
 * exactly n bytes (so ASan sees any read past it), decodes it and keeps the copy alive
 * until the next call, since the view points into it.
 */
#ifndef AWSTRACE_TESTS_UNIT_TESTLIB_H
#define AWSTRACE_TESTS_UNIT_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

/* A heap copy of exactly n bytes (n may be 0); free() it. */
uint8_t *test_dup(const uint8_t *p, size_t n);

/* Decodes n bytes of p with link type lt in d; returns d. */
struct dec *test_decode(struct dec *d, const uint8_t *p, size_t n, int linktype);

/* Decodes the first caplen bytes of a len-byte frame p, as a capture whose snaplen cut it
 * (caplen < len: the rest was on the wire, not captured); the copy holds exactly caplen
 * bytes and is kept like test_decode()'s. Returns d. */
struct dec *test_decode_snaplen(
	struct dec *d, const uint8_t *p, size_t caplen, size_t len, int linktype);

/* The nth (from 0) layer of protocol proto, or NULL. */
const struct dec_layer *test_layer(const struct dec *d, unsigned proto, unsigned nth);

/* How many layers of protocol proto. */
unsigned test_count(const struct dec *d, unsigned proto);

/* True when an event with this code was recorded. */
bool test_has_event(const struct dec *d, unsigned code);

/* The packet rendered as NDJSON / text (no trailing newline); g_free() it. */
char *test_json(const struct dec *d);
char *test_text(const struct dec *d);

/* Decodes every prefix of p (lengths 0..n-1): none may crash (ASan watches), and each
 * must either record an event or stop at a layer boundary with fewer layers than the
 * whole packet. Returns the number of prefixes that recorded at least one event. */
size_t test_every_truncation(const uint8_t *p, size_t n, int linktype);

/* Cuts p (n bytes, decoded whole with no event of its own or only those it has by design)
 * at every length k = 0..n-1 and decodes each cut two ways, neither of which may crash or
 * read past the k bytes (ASan), nor give more layers than the whole packet:
 *  - as a whole frame of k bytes (caplen = len = k), a frame cut short: it must record
 *    at least one event, except at the lengths in except[0..nexcept), which must record
 *    none (the list is exact, so it cannot go stale);
 *  - as a snaplen cut (caplen = k, len = n): what was not captured is no error of the
 *    packet, so every event must be DEC_E_TRUNCATED (a header the capture cut) or one
 *    the whole packet records too. */
void test_every_cut(const uint8_t *p, size_t n, int linktype, const size_t *except, size_t nexcept);

/* Decodes p (a frame of n bytes) cut to k bytes as a whole frame of k bytes, then as a
 * snaplen cut (caplen k, len n), and asserts the frame's events are the snaplen cut's
 * with one in front: DEC_E_BAD_LENGTH by layer proto at frame offset off, the outermost
 * length field the cut contradicts (or none when off is TEST_NO_LENGTH_EVENT: the cut
 * comes before any length field). Leaves the snaplen decode in d. */
#define TEST_NO_LENGTH_EVENT UINT32_MAX
void test_cut_adds_length_event(struct dec *d, const uint8_t *p, size_t k, size_t n, int linktype,
	unsigned proto, uint32_t off);

/* Removes dir and everything below it (a test's temporary directory). */
void test_rm_tree(const char *dir);

/* Ethernet + IPv4 + 20-byte TCP header, what test_tcp4_segment() puts before the payload */
#define TEST_TCP4_HDR 54

/* A malloc'ed Ethernet/IPv4/TCP (PSH ACK) segment of n payload bytes from 10.0.0.1:sport to
 * 10.0.0.2:dport (dir 0) or back (dir 1: addresses swapped, ports as given), with seq and
 * ack; TEST_TCP4_HDR + n bytes. */
uint8_t *test_tcp4_segment(int dir, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	const uint8_t *payload, size_t n);

#endif /* AWSTRACE_TESTS_UNIT_TESTLIB_H */
