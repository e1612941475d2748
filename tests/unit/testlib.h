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

#endif /* AWSTRACE_TESTS_UNIT_TESTLIB_H */
